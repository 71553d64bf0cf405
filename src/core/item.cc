#include "core/item.h"

#include <algorithm>

namespace wiredesk::core {

std::string_view ItemStatusName(ItemStatus status) {
  switch (status) {
    case ItemStatus::kUsable:
      return "usable";
    case ItemStatus::kWithheld:
      return "withheld";
    case ItemStatus::kCanceled:
      return "canceled";
  }
  return "usable";
}

bool Item::HasSignal(std::string_view signal) const {
  return std::find(signals.begin(), signals.end(), signal) != signals.end();
}

}  // namespace wiredesk::core
