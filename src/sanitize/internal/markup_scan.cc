#include "sanitize/internal/markup_scan.h"

#include <algorithm>
#include <array>
#include <vector>

namespace wiredesk::sanitize::internal {
namespace {

// How far down the simulated stack an end tag looks for its element. An end tag that would
// match deeper is treated as ignored, which only makes the estimate deeper.
constexpr size_t kEndTagSearchDepth = 64;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool IsVoid(std::string_view name) {
  return OneOf(name,
               {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
                "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// Elements whose content the tokenizer reads as text up to the matching end tag.
bool IsRawText(std::string_view name) {
  return OneOf(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes", "noscript"});
}

// Elements that close an open element of their own group when they start.
int AutoCloseGroup(std::string_view name) {
  if (name == "p")
    return 1;
  if (name == "li")
    return 2;
  if (name == "dd" || name == "dt")
    return 3;
  if (name == "option" || name == "optgroup")
    return 4;
  if (name == "tr" || name == "td" || name == "th")
    return 5;
  if (name == "tbody" || name == "thead" || name == "tfoot")
    return 6;
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6')
    return 7;
  if (name == "rb" || name == "rt" || name == "rp" || name == "rtc")
    return 8;
  return 0;
}

// The boundaries of "has an element in scope".
bool IsScopeBoundary(std::string_view name) {
  return OneOf(name, {"applet", "caption", "html", "table", "td", "th", "marquee", "object",
                      "template", "svg", "math"});
}

// The HTML "special" category, which stops the search of an end tag for an ordinary element.
bool IsSpecial(std::string_view name) {
  return IsScopeBoundary(name) || AutoCloseGroup(name) != 0 ||
         OneOf(name,
               {"address",  "article", "aside",   "blockquote", "body", "button",   "center",
                "colgroup", "details", "dir",     "div",        "dl",   "fieldset", "figcaption",
                "figure",   "footer",  "form",    "frameset",   "head", "header",   "hgroup",
                "listing",  "main",    "menu",    "nav",        "ol",   "pre",      "search",
                "section",  "select",  "summary", "ul"});
}

// One token of the scan.
struct Tag {
  enum class Kind { kText, kStart, kEnd, kComment } kind = Kind::kText;
  std::string name;  // Lower case, for start and end tags.
  size_t end = 0;    // Offset just past the token.
};

// Reads the token at html[pos] == '<'.
Tag ReadTag(std::string_view html, size_t pos) {
  Tag tag;
  const size_t n = html.size();
  if (pos + 1 >= n) {
    tag.end = pos + 1;
    return tag;
  }
  const char next = html[pos + 1];
  if (next == '!' || next == '?' || (next == '/' && pos + 2 < n && !IsAlpha(html[pos + 2]))) {
    tag.kind = Tag::Kind::kComment;
    if (html.substr(pos, 4) == "<!--") {
      const size_t close = html.find("-->", pos + 4);
      tag.end = close == std::string_view::npos ? n : close + 3;
    } else {
      const size_t close = html.find('>', pos + 2);
      tag.end = close == std::string_view::npos ? n : close + 1;
    }
    return tag;
  }
  const bool is_end = next == '/';
  size_t i = pos + (is_end ? 2 : 1);
  if (i >= n || !IsAlpha(html[i])) {
    tag.end = pos + 1;  // A literal "<".
    return tag;
  }
  tag.kind = is_end ? Tag::Kind::kEnd : Tag::Kind::kStart;
  while (i < n && !IsSpace(html[i]) && html[i] != '/' && html[i] != '>') {
    tag.name += Lower(html[i]);
    ++i;
  }
  // Attributes: a quoted value may hold ">".
  while (i < n && html[i] != '>') {
    if (html[i] == '=') {
      ++i;
      while (i < n && IsSpace(html[i])) ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const size_t close = html.find(html[i], i + 1);
        i = close == std::string_view::npos ? n : close + 1;
        continue;
      }
      continue;
    }
    ++i;
  }
  tag.end = i < n ? i + 1 : n;
  // A tag cut off by the end of the input is dropped by the tokenizer.
  if (i >= n)
    tag.kind = Tag::Kind::kComment;
  return tag;
}

// The offset of the end tag "</name" that closes raw text starting at `from`, or npos.
size_t FindRawTextEnd(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size())
      return std::string_view::npos;
    bool match = true;
    for (size_t k = 0; k < name.size() && match; ++k) match = Lower(html[i + 2 + k]) == name[k];
    if (!match)
      continue;
    const size_t after = i + 2 + name.size();
    if (after == html.size() || IsSpace(html[after]) || html[after] == '/' || html[after] == '>') {
      return i;
    }
  }
  return std::string_view::npos;
}

}  // namespace

size_t EstimateNestingDepth(std::string_view html, size_t limit) {
  std::vector<std::string> stack;
  size_t max_depth = 0;
  size_t pos = html.find('<');
  while (pos != std::string_view::npos && pos < html.size()) {
    Tag tag = ReadTag(html, pos);
    pos = tag.end;
    if (tag.kind == Tag::Kind::kStart) {
      if (tag.name == "plaintext") {
        max_depth = std::max(max_depth, stack.size() + 1);
        break;
      }
      if (IsRawText(tag.name)) {
        max_depth = std::max(max_depth, stack.size() + 1);
        pos = FindRawTextEnd(html, pos, tag.name);
        continue;
      }
      if (IsVoid(tag.name))
        continue;
      const int group = AutoCloseGroup(tag.name);
      if (group != 0 && !stack.empty() && AutoCloseGroup(stack.back()) == group)
        stack.pop_back();
      stack.push_back(std::move(tag.name));
      max_depth = std::max(max_depth, stack.size());
      if (max_depth > limit)
        return max_depth;
    } else if (tag.kind == Tag::Kind::kEnd) {
      const bool special = IsSpecial(tag.name);
      const size_t floor =
          stack.size() > kEndTagSearchDepth ? stack.size() - kEndTagSearchDepth : 0;
      for (size_t i = stack.size(); i > floor; --i) {
        const std::string& open = stack[i - 1];
        if (open == tag.name) {
          stack.resize(i - 1);
          break;
        }
        if (special ? IsScopeBoundary(open) : IsSpecial(open))
          break;
      }
    }
    if (pos != std::string_view::npos)
      pos = html.find('<', pos);
  }
  return max_depth;
}

std::string StripMarkup(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    out.append(html.substr(pos, lt == std::string_view::npos ? std::string_view::npos : lt - pos));
    if (lt == std::string_view::npos)
      break;
    const Tag tag = ReadTag(html, lt);
    pos = tag.end;
    if (tag.kind == Tag::Kind::kText) {
      out += "&lt;";
    } else if (tag.kind == Tag::Kind::kStart) {
      if (tag.name == "plaintext")
        break;
      if (tag.name == "script" || tag.name == "style") {
        const size_t end = FindRawTextEnd(html, pos, tag.name);
        pos = end == std::string_view::npos ? html.size() : end;
      }
    }
  }
  return out;
}

}  // namespace wiredesk::sanitize::internal
