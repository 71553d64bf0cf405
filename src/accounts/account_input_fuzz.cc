// libFuzzer target: arbitrary bytes through every parser of reader input in accounts/
// (preferences JSON, gift codes, emails, watchlist entries) must never crash, and whatever
// preferences parse must serialise and parse back to the same JSON.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "accounts/account_service.h"
#include "accounts/gift_code.h"
#include "accounts/preferences.h"
#include "accounts/watchlist.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto prefs = wiredesk::accounts::ParsePreferences(bytes)) {
    std::string json = wiredesk::accounts::PreferencesToJson(*prefs);
    auto again = wiredesk::accounts::ParsePreferences(json);
    if (!again || wiredesk::accounts::PreferencesToJson(*again) != json)
      std::abort();
  }
  (void)wiredesk::accounts::NormalizeGiftCode(bytes);
  (void)wiredesk::accounts::NormalizeEmail(bytes);
  size_t cut = bytes.find('\n');
  if (cut != std::string_view::npos)
    (void)wiredesk::accounts::CheckWatchEntry(bytes.substr(0, cut), bytes.substr(cut + 1));
  return 0;
}
