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

void AppendEscapedForReparse(std::string& out, std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    uint32_t cp = lead;
    if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      cp = lead & 0x07u;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      cp = lead & 0x0fu;
    } else if (lead >= 0xc2 && lead < 0xe0) {
      length = 2;
      cp = lead & 0x1fu;
    }
    if (length > 1) {
      bool well_formed = i + length <= text.size();
      for (size_t k = 1; well_formed && k < length; ++k) {
        const auto next = static_cast<unsigned char>(text[i + k]);
        well_formed = (next & 0xc0) == 0x80;
        cp = (cp << 6) | (next & 0x3fu);
      }
      if (!well_formed) {
        length = 1;
        cp = lead;
      }
    }
    if ((length > 1 || lead < 0x80) && ChangesWhenReparsed(cp)) {
      out += "&#";
      out += std::to_string(cp);
      out += ';';
    } else {
      AppendEscaped(out, text.substr(i, length));
    }
    i += length;
  }
}

}  // namespace wiredesk::sanitize::internal
