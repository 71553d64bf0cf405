#include "sanitize/internal/escape.h"

namespace wiredesk::sanitize::internal {

void AppendEscaped(std::string& out, std::string_view text) {
  size_t plain_start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    std::string_view replacement;
    switch (text[i]) {
      case '&':
        replacement = "&amp;";
        break;
      case '<':
        replacement = "&lt;";
        break;
      case '>':
        replacement = "&gt;";
        break;
      case '"':
        replacement = "&quot;";
        break;
      case '\'':
        replacement = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text.data() + plain_start, i - plain_start);
    out += replacement;
    plain_start = i + 1;
  }
  out.append(text.data() + plain_start, text.size() - plain_start);
}

bool ChangesWhenReparsed(uint32_t cp) {
  return (cp >= 0x1 && cp <= 0x8) || cp == 0xB || cp == 0xD || (cp >= 0xE && cp <= 0x1F) ||
         (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFF) == 0xFFFE ||
         (cp & 0xFFFF) == 0xFFFF;
}

size_t ReadUtf8Sequence(std::string_view text, size_t i, uint32_t& cp) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length;
  if (lead < 0x80) {
    cp = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
  } else {
    return 0;
  }
  if (i + length > text.size())
    return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return length;
}

namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";

}  // namespace

void AppendValidUtf8(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    uint32_t cp;
    size_t length;
    while (i < text.size() && (length = ReadUtf8Sequence(text, i, cp)) != 0) i += length;
    out.append(text.data() + start, i - start);
    if (i < text.size()) {
      out += kReplacementCharacter;
      ++i;
    }
  }
}

void AppendEscapedForReparse(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    uint32_t cp;
    const size_t length = ReadUtf8Sequence(text, i, cp);
    if (length == 0) {
      out += kReplacementCharacter;
      ++i;
    } else if (ChangesWhenReparsed(cp)) {
      out += "&#";
      out += std::to_string(cp);
      out += ';';
      i += length;
    } else {
      AppendEscaped(out, text.substr(i, length));
      i += length;
    }
  }
}

}  // namespace wiredesk::sanitize::internal
