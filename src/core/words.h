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

// Calls `visit(word)` for each word of `text`, in order. `word` points into `text` when the word
// needed no case folding, otherwise into a buffer; either way it is only valid during the call.
template <typename Visit>
void ForEachWord(std::string_view text, TextKind kind, Visit&& visit);

// The words of `text`, in order.
std::vector<std::string> Words(std::string_view text, TextKind kind = TextKind::kPlain);

namespace words_internal {
// Per byte: 0 separates words, 1 is part of one, 2 is an upper-case ASCII letter (part of one,
// folded). A table, because this runs on every byte of every story a matcher reads.
struct ByteClasses {
  unsigned char of[256] = {};
  constexpr ByteClasses() {
    for (int c = 0; c < 256; ++c) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
        of[c] = 1;
      else if (c >= 'A' && c <= 'Z')
        of[c] = 2;
    }
  }
};
inline constexpr ByteClasses kByteClasses;
inline bool IsWordByte(unsigned char c) { return kByteClasses.of[c] != 0; }
}  // namespace words_internal

template <typename Visit>
void ForEachWord(std::string_view text, TextKind kind, Visit&& visit) {
  const unsigned char* classes = words_internal::kByteClasses.of;
  std::string folded;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (classes[c] == 0) {
      if (kind == TextKind::kHtml && c == '<') {
        size_t end = text.find('>', i);
        i = end == std::string_view::npos ? n : end + 1;
        continue;
      }
      if (kind == TextKind::kHtml && c == '&') {
        size_t end = text.find(';', i);
        if (end != std::string_view::npos && end - i <= 32) {
          i = end + 1;
          continue;
        }
      }
      ++i;
      continue;
    }
    size_t start = i;
    unsigned char seen = 0;
    while (i < n) {
      unsigned char cls = classes[static_cast<unsigned char>(text[i])];
      if (cls == 0)
        break;
      seen |= cls;
      ++i;
    }
    if (!(seen & 2)) {
      visit(text.substr(start, i - start));
      continue;
    }
    folded.assign(text.data() + start, i - start);
    for (char& ch : folded) {
      if (ch >= 'A' && ch <= 'Z')
        ch = static_cast<char>(ch - 'A' + 'a');
    }
    visit(std::string_view(folded));
  }
}

}  // namespace wiredesk::core
