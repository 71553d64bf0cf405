#include "store/internal/search_text.h"

#include <cctype>
#include <cstdint>
#include <string>

#include <sqlite3.h>

#include "core/html_escape.h"
#include "core/search_tokenizer.h"
#include "core/text.h"

namespace wiredesk::store::internal {
namespace {

// Decodes the entity starting at html[i] == '&'; returns how many bytes it took (0 if none).
size_t DecodeEntity(std::string_view html, size_t i, std::string& out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10)
    return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  if (name.size() >= 2 && name[0] == '#') {
    uint32_t cp = 0;
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty())
      return 0;
    for (char c : digits) {
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      else if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0)
        return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF)
        cp = 0x110000;  // Stays out of range; AppendUtf8 replaces it.
    }
    core::AppendUtf8(out, cp);
    return semi - i + 1;
  }
  struct Named {
    std::string_view name;
    std::string_view text;
  };
  static constexpr Named kNamed[] = {{"amp", "&"},
                                     {"lt", "<"},
                                     {"gt", ">"},
                                     {"quot", "\""},
                                     {"apos", "'"},
                                     {"nbsp", " "},
                                     {"mdash", "\xE2\x80\x94"},
                                     {"ndash", "\xE2\x80\x93"}};
  for (const Named& n : kNamed) {
    if (name == n.name) {
      out += n.text;
      return semi - i + 1;
    }
  }
  return 0;
}

// The white space of the "C" locale's isspace, whatever the process's locale.
bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool StartsWithTag(std::string_view html, size_t i, std::string_view tag) {
  if (html.size() - i < tag.size() + 1)
    return false;
  for (size_t k = 0; k < tag.size(); ++k) {
    if (std::tolower(static_cast<unsigned char>(html[i + 1 + k])) != tag[k])
      return false;
  }
  size_t after = i + 1 + tag.size();
  return after == html.size() || html[after] == '>' || IsAsciiSpace(html[after]);
}

void WdHtmlText(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
  int size = sqlite3_value_bytes(argv[0]);
  std::string result =
      HtmlToSearchText(std::string_view(text == nullptr ? "" : text, static_cast<size_t>(size)));
  sqlite3_result_text64(ctx, result.data(), result.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

std::string HtmlToSearchText(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  bool pending_space = false;
  auto emit_space = [&] { pending_space = !out.empty(); };
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      if (html.compare(i, 4, "<!--") == 0) {
        size_t end = html.find("-->", i + 4);
        i = end == std::string_view::npos ? html.size() : end + 3;
        continue;
      }
      for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
        if (StartsWithTag(html, i, raw)) {
          // Their content is code, not words a reader would search for.
          std::string close = "</" + std::string(raw);
          size_t k = i;
          size_t end = std::string_view::npos;
          while ((k = html.find("</", k + 1)) != std::string_view::npos) {
            if (StartsWithTag(html, k + 1, raw) || html.compare(k, close.size(), close) == 0) {
              end = k;
              break;
            }
          }
          i = end == std::string_view::npos ? html.size() : end;
          break;
        }
      }
      if (i >= html.size())
        break;
      size_t end = html.find('>', i);
      i = end == std::string_view::npos ? html.size() : end + 1;
      emit_space();  // Block tags separate words; a space too many is harmless.
      continue;
    }
    if (IsAsciiSpace(c)) {
      emit_space();
      ++i;
      continue;
    }
    if (c == '&') {
      std::string piece;
      size_t used = DecodeEntity(html, i, piece);
      if (used == 0) {
        piece = "&";
        used = 1;
      }
      i += used;
      if (piece.size() == 1 && IsAsciiSpace(piece[0])) {
        emit_space();
        continue;
      }
      if (piece == kMarkOpen || piece == kMarkClose)
        continue;
      if (pending_space) {
        out += ' ';
        pending_space = false;
      }
      out += piece;
      continue;
    }
    // A run of text up to the next tag, reference or space, copied whole: this runs over every
    // story's body as it is indexed, and a byte at a time it was 8 % of the index upkeep.
    size_t end = i + 1;
    while (end < html.size() && !IsAsciiSpace(html[end]) && html[end] != '<' && html[end] != '&')
      ++end;
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out.append(html.substr(i, end - i));
    i = end;
  }
  // Raw markers may also arrive as literal bytes split over pieces; drop them all.
  for (std::string_view marker : {kMarkOpen, kMarkClose}) {
    size_t at = 0;
    while ((at = out.find(marker, at)) != std::string::npos) out.erase(at, marker.size());
  }
  return out;
}

int RegisterSearchFunctions(sqlite3* db) {
  return sqlite3_create_function_v2(db, "wd_html_text", 1,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    &WdHtmlText, nullptr, nullptr, nullptr);
}

std::string SnippetToHtml(std::string_view snippet) {
  // A snippet that starts at the column's first word starts with the column's language mark.
  snippet = core::StripLanguageMark(snippet);
  std::string out;
  out.reserve(snippet.size() + 32);
  for (size_t i = 0; i < snippet.size(); ++i) {
    if (snippet.compare(i, kMarkOpen.size(), kMarkOpen) == 0) {
      out += "<mark>";
      i += kMarkOpen.size() - 1;
      continue;
    }
    if (snippet.compare(i, kMarkClose.size(), kMarkClose) == 0) {
      out += "</mark>";
      i += kMarkClose.size() - 1;
      continue;
    }
    core::AppendEscapedHtml(out, std::string_view(&snippet[i], 1));
  }
  return out;
}

}  // namespace wiredesk::store::internal
