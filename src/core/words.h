// Words: a fast splitter of text into lower-cased words, for matching rather than display.
//
// A word is a run of ASCII letters and digits or non-ASCII bytes (so "Zürich" and "東京" stay
// whole); everything else separates words. ASCII letters are lower-cased; other scripts are kept
// as they are. In HTML mode, tags ("<...>") and character references ("&amp;") separate words
// and are never part of one. Full-text search has its own Unicode-aware tokeniser; this one
// serves matchers that must run in microseconds (related stories, alert subscriptions).
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace wiredesk::core {

enum class TextKind { kPlain, kHtml };

// Calls `visit(word)` for each word of `text`, in order. `word` is only valid during the call.
template <typename Visit>
void ForEachWord(std::string_view text, TextKind kind, Visit&& visit);

// The words of `text`, in order.
std::vector<std::string> Words(std::string_view text, TextKind kind = TextKind::kPlain);

namespace words_internal {
inline bool IsWordByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}
}  // namespace words_internal

template <typename Visit>
void ForEachWord(std::string_view text, TextKind kind, Visit&& visit) {
  std::string word;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (kind == TextKind::kHtml && c == '<') {
      size_t end = text.find('>', i);
      i = end == std::string_view::npos ? text.size() : end + 1;
      continue;
    }
    if (kind == TextKind::kHtml && c == '&') {
      size_t end = text.find(';', i);
      if (end != std::string_view::npos && end - i <= 32) {
        i = end + 1;
        continue;
      }
    }
    if (!words_internal::IsWordByte(c)) {
      ++i;
      continue;
    }
    // Find the run first and fold it in one pass: appending byte by byte costs a capacity
    // check per byte, and this runs on every word of every story.
    size_t start = i;
    while (i < text.size() && words_internal::IsWordByte(static_cast<unsigned char>(text[i]))) ++i;
    word.assign(text.data() + start, i - start);
    for (char& ch : word) {
      if (ch >= 'A' && ch <= 'Z')
        ch = static_cast<char>(ch - 'A' + 'a');
    }
    visit(std::string_view(word));
  }
}

}  // namespace wiredesk::core
