#include "core/words.h"

namespace wiredesk::core {

std::vector<std::string> Words(std::string_view text, TextKind kind) {
  std::vector<std::string> words;
  ForEachWord(text, kind, [&words](std::string_view word) { words.emplace_back(word); });
  return words;
}

}  // namespace wiredesk::core
