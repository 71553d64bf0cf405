#include "sanitize/internal/simple_html.h"

#include <array>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sanitize/internal/escape.h"

// Why the canonical form equals the parse (HTML Standard, "in body" insertion mode, which is
// where a fragment parse with a <div> context starts and stays for this language):
//
// - Text. A character token is inserted after reconstructing the active formatting elements;
//   every formatting element here is closed by its own end tag while it is the current node, so
//   every entry of that list is on the stack and reconstruction does nothing. Text carries no
//   character the input stream preprocessor or the tokenizer rewrites (NUL, CR, controls,
//   noncharacters, invalid UTF-8, a BOM), and the only "&" sequences accepted are references
//   whose name no longer entity name extends, or a lone "&" before white space, "<", "&" or the
//   end, which the tokenizer emits as itself. "<" not followed by a letter, "/", "!" or "?" is
//   emitted as itself too.
// - Start tags. p, div, blockquote, figure, figcaption, ul, ol and hr would close an open p
//   ("close a p element if in button scope"): refused when a p is open. Headings also pop a
//   current heading: refused inside one. li walks the stack for an open li: accepted only as a
//   child of ul or ol, which is special and stops the walk at once. A formatting element
//   already open could meet the Noah's Ark clause: refused. The rest ("any other start tag", br)
//   only reconstruct the formatting elements (a no-op, as above) and insert.
// - End tags are accepted only for the current node. For every kind here that pops exactly the
//   current node: "generate implied end tags" has nothing to pop when the current node is the
//   element itself, and the adoption agency with the formatting element as the current node has
//   no furthest block and just pops it.
// - No element here is a scope boundary, so the scope checks all see the whole stack.
//
// The tree rebuilder writes every element here by its name (h1 as h2) with no attributes, every
// text node through AppendEscapedForReparse, and end tags for the elements the input leaves
// open; this file writes the same. Unit tests and the fuzz target compare both paths.

namespace wiredesk::sanitize::internal {
namespace {

enum class Kind : uint8_t {
  kParagraph,   // p
  kBlock,       // closes an open p: refused inside one
  kList,        // ul, ol: blocks that may hold li
  kListItem,    // li
  kHeading,     // h1-h6
  kFormatting,  // on the list of active formatting elements
  kPhrasing,    // "any other start tag"
  kBreak,       // br: void
  kRule,        // hr: void, closes an open p
};

struct Element {
  std::string_view name;
  std::string_view written;
  Kind kind;
};

constexpr Element kElements[] = {
    {"p", "p", Kind::kParagraph},
    {"b", "b", Kind::kFormatting},
    {"i", "i", Kind::kFormatting},
    {"em", "em", Kind::kFormatting},
    {"strong", "strong", Kind::kFormatting},
    {"s", "s", Kind::kFormatting},
    {"u", "u", Kind::kFormatting},
    {"small", "small", Kind::kFormatting},
    {"code", "code", Kind::kFormatting},
    {"br", "br", Kind::kBreak},
    {"hr", "hr", Kind::kRule},
    {"div", "div", Kind::kBlock},
    {"blockquote", "blockquote", Kind::kBlock},
    {"figure", "figure", Kind::kBlock},
    {"figcaption", "figcaption", Kind::kBlock},
    {"ul", "ul", Kind::kList},
    {"ol", "ol", Kind::kList},
    {"li", "li", Kind::kListItem},
    {"h1", "h2", Kind::kHeading},
    {"h2", "h2", Kind::kHeading},
    {"h3", "h3", Kind::kHeading},
    {"h4", "h4", Kind::kHeading},
    {"h5", "h5", Kind::kHeading},
    {"h6", "h6", Kind::kHeading},
    {"span", "span", Kind::kPhrasing},
    {"abbr", "abbr", Kind::kPhrasing},
    {"cite", "cite", Kind::kPhrasing},
    {"q", "q", Kind::kPhrasing},
    {"sub", "sub", Kind::kPhrasing},
    {"sup", "sup", Kind::kPhrasing},
    {"mark", "mark", Kind::kPhrasing},
    {"time", "time", Kind::kPhrasing},
};

// Deeper input is left to the parser, which has its own depth guard.
constexpr size_t kMaxDepth = 64;

// Bytes copied to the output as they are: tab, newline, form feed and printable ASCII other than
// the five characters the output escapes.
constexpr std::array<bool, 256> kPlainBytes = [] {
  std::array<bool, 256> plain{};
  plain['\t'] = true;
  plain['\n'] = true;
  plain['\f'] = true;
  for (int c = 0x20; c < 0x7f; ++c) plain[c] = true;
  for (char c : {'<', '>', '&', '"', '\''}) plain[static_cast<unsigned char>(c)] = false;
  return plain;
}();

// The end of the run of plain bytes (kPlainBytes) that starts at html[i]. Wire copy is mostly
// such runs, and scanning them was half the sanitiser's time: with SSE2, sixteen bytes are
// tested at once for anything outside printable ASCII or one of <>&"', and the byte table
// decides only where a block holds one (a tab, newline or form feed is plain and is stepped
// over).
size_t SkipPlainBytes(std::string_view html, size_t i) {
  const size_t n = html.size();
#if defined(__SSE2__)
  const __m128i space = _mm_set1_epi8(0x20);
  const __m128i del = _mm_set1_epi8(0x7f);
  const __m128i lt = _mm_set1_epi8('<');
  const __m128i gt = _mm_set1_epi8('>');
  const __m128i amp = _mm_set1_epi8('&');
  const __m128i quot = _mm_set1_epi8('"');
  const __m128i apos = _mm_set1_epi8('\'');
  while (i + 16 <= n) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(html.data() + i));
    // Signed: bytes from 0x80 up are negative, so below ' ' too.
    __m128i flagged = _mm_or_si128(_mm_cmplt_epi8(bytes, space), _mm_cmpeq_epi8(bytes, del));
    flagged = _mm_or_si128(flagged, _mm_cmpeq_epi8(bytes, lt));
    flagged = _mm_or_si128(flagged, _mm_cmpeq_epi8(bytes, gt));
    flagged = _mm_or_si128(flagged, _mm_cmpeq_epi8(bytes, amp));
    flagged = _mm_or_si128(flagged, _mm_cmpeq_epi8(bytes, quot));
    flagged = _mm_or_si128(flagged, _mm_cmpeq_epi8(bytes, apos));
    const int mask = _mm_movemask_epi8(flagged);
    if (mask == 0) {
      i += 16;
      continue;
    }
    i += static_cast<size_t>(__builtin_ctz(static_cast<unsigned>(mask)));
    if (!kPlainBytes[static_cast<unsigned char>(html[i])])
      return i;
    ++i;
  }
#endif
  while (i < n && kPlainBytes[static_cast<unsigned char>(html[i])]) ++i;
  return i;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlnum(char c) { return IsAsciiAlpha(c) || IsAsciiDigit(c); }

const Element* Lookup(std::string_view name) {
  if (name.empty() || name.size() > 10)
    return nullptr;
  char lower[10];
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    lower[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  const std::string_view key(lower, name.size());
  for (const Element& element : kElements) {
    if (element.name == key)
      return &element;
  }
  return nullptr;
}

// A code point a character reference may produce here: one the parser keeps as it is. ASCII
// controls from references are kept (the output writes them as references again); NUL, C1
// controls (remapped to Windows-1252), surrogates, noncharacters and the BOM are left to the
// parser.
bool AcceptedReference(uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF)
    return false;
  if (cp < 0x80)
    return true;
  if (cp < 0xA0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0xFEFF)
    return false;
  return !ChangesWhenReparsed(cp);
}

// ReadReference()'s answer for a reference this language does not accept.
constexpr uint32_t kRefused = 0xFFFFFFFF;

// Reads the character reference at html[i] == '&'. Returns its code point and advances `i` past
// it, or returns kRefused.
uint32_t ReadReference(std::string_view html, size_t& i) {
  const size_t n = html.size();
  if (i + 1 >= n) {
    ++i;
    return '&';
  }
  const char next = html[i + 1];
  if (next == ' ' || next == '\t' || next == '\n' || next == '<' || next == '&') {
    ++i;
    return '&';
  }
  if (next == '#') {
    size_t j = i + 2;
    const bool hex = j < n && (html[j] == 'x' || html[j] == 'X');
    if (hex)
      ++j;
    const size_t digits_start = j;
    uint32_t cp = 0;
    while (j < n && j - digits_start < 8) {
      const char c = html[j];
      uint32_t digit;
      if (IsAsciiDigit(c)) {
        digit = static_cast<uint32_t>(c - '0');
      } else if (hex && c >= 'a' && c <= 'f') {
        digit = static_cast<uint32_t>(c - 'a' + 10);
      } else if (hex && c >= 'A' && c <= 'F') {
        digit = static_cast<uint32_t>(c - 'A' + 10);
      } else {
        break;
      }
      cp = cp * (hex ? 16 : 10) + digit;
      ++j;
    }
    if (j == digits_start || j >= n || html[j] != ';' || !AcceptedReference(cp))
      return kRefused;
    i = j + 1;
    return cp;
  }
  struct Named {
    std::string_view text;
    uint32_t cp;
  };
  // Each name with its semicolon is a whole entity name that no other entity name extends.
  static constexpr Named kNamed[] = {{"&amp;", '&'},  {"&lt;", '<'},    {"&gt;", '>'},
                                     {"&quot;", '"'}, {"&apos;", '\''}, {"&nbsp;", 0xA0}};
  const std::string_view rest = html.substr(i);
  for (const Named& named : kNamed) {
    if (rest.starts_with(named.text)) {
      i += named.text.size();
      return named.cp;
    }
  }
  return kRefused;
}

// Reads the UTF-8 sequence at html[i] (a byte >= 0x80). Returns its length, or 0 when it is
// invalid or encodes a code point the parser would not keep as it is.
size_t ReadUtf8(std::string_view html, size_t i) {
  const auto lead = static_cast<unsigned char>(html[i]);
  size_t length;
  uint32_t cp;
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
  if (i + length > html.size())
    return 0;
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(html[i + k]);
    if ((next & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  if (cp < 0xA0 || cp == 0xFEFF || ChangesWhenReparsed(cp))
    return 0;
  return length;
}

class Canonicalizer {
 public:
  Canonicalizer(std::string& out, std::string* text) : out_(out), text_(text) {}

  bool Run(std::string_view html) {
    const size_t n = html.size();
    size_t i = 0;
    while (i < n) {
      const size_t start = i;
      i = SkipPlainBytes(html, i);
      AppendText(html.substr(start, i - start));
      if (i == n)
        break;
      const char c = html[i];
      switch (c) {
        case '>':
        case '"':
        case '\'':
          AppendCodePoint(static_cast<unsigned char>(c));
          ++i;
          break;
        case '&': {
          const uint32_t cp = ReadReference(html, i);
          if (cp == kRefused)
            return false;
          AppendCodePoint(cp);
          break;
        }
        case '<':
          if (!ReadMarkup(html, i))
            return false;
          break;
        default: {
          if (static_cast<unsigned char>(c) < 0x80)
            return false;  // NUL, CR and other controls.
          const size_t length = ReadUtf8(html, i);
          if (length == 0)
            return false;
          AppendText(html.substr(i, length));
          i += length;
        }
      }
    }
    while (depth_ > 0) Close();
    return true;
  }

 private:
  // Text that needs no escaping.
  void AppendText(std::string_view text) {
    out_.append(text);
    if (text_ != nullptr)
      text_->append(text);
  }

  // A code point from a reference or a character the output escapes; AcceptedReference().
  void AppendCodePoint(uint32_t cp) {
    char utf8[4];
    size_t length;
    if (cp < 0x80) {
      utf8[0] = static_cast<char>(cp);
      length = 1;
    } else if (cp < 0x800) {
      utf8[0] = static_cast<char>(0xC0 | (cp >> 6));
      utf8[1] = static_cast<char>(0x80 | (cp & 0x3F));
      length = 2;
    } else if (cp < 0x10000) {
      utf8[0] = static_cast<char>(0xE0 | (cp >> 12));
      utf8[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      utf8[2] = static_cast<char>(0x80 | (cp & 0x3F));
      length = 3;
    } else {
      utf8[0] = static_cast<char>(0xF0 | (cp >> 18));
      utf8[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      utf8[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      utf8[3] = static_cast<char>(0x80 | (cp & 0x3F));
      length = 4;
    }
    const std::string_view encoded(utf8, length);
    AppendEscapedForReparse(out_, encoded);
    if (text_ != nullptr)
      text_->append(encoded);
  }

  // Reads the markup at html[i] == '<' and advances `i` past it.
  bool ReadMarkup(std::string_view html, size_t& i) {
    const size_t n = html.size();
    if (i + 1 >= n || !(IsAsciiAlpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!' ||
                        html[i + 1] == '?')) {
      AppendCodePoint('<');  // Not a tag: the tokenizer emits the "<" as text.
      ++i;
      return true;
    }
    const bool end_tag = html[i + 1] == '/';
    size_t j = i + (end_tag ? 2 : 1);
    if (j >= n || !IsAsciiAlpha(html[j]))
      return false;  // Comments, doctypes, processing instructions, "</>", "</" at the end.
    const size_t name_start = j;
    while (j < n && IsAsciiAlnum(html[j])) ++j;
    const Element* element = Lookup(html.substr(name_start, j - name_start));
    if (element == nullptr)
      return false;
    const bool is_void = element->kind == Kind::kBreak || element->kind == Kind::kRule;
    const std::string_view rest = html.substr(j);
    if (rest.starts_with(">")) {
      i = j + 1;
    } else if (is_void && !end_tag && rest.starts_with("/>")) {
      i = j + 2;
    } else if (is_void && !end_tag && rest.starts_with(" />")) {
      i = j + 3;
    } else {
      return false;  // Attributes, white space, or the end of the input inside the tag.
    }
    return end_tag ? EndTag(*element) : StartTag(*element);
  }

  bool StartTag(const Element& element) {
    switch (element.kind) {
      case Kind::kParagraph:
      case Kind::kBlock:
      case Kind::kList:
        if (open_paragraphs_ > 0)
          return false;
        break;
      case Kind::kHeading:
        if (open_paragraphs_ > 0 || open_headings_ > 0)
          return false;
        break;
      case Kind::kListItem:
        if (depth_ == 0 || stack_[depth_ - 1]->kind != Kind::kList || open_paragraphs_ > 0)
          return false;
        break;
      case Kind::kFormatting:
        for (size_t k = 0; k < depth_; ++k) {
          if (stack_[k] == &element)
            return false;
        }
        break;
      case Kind::kPhrasing:
        break;
      case Kind::kBreak:
        out_ += "<br>";
        return true;
      case Kind::kRule:
        if (open_paragraphs_ > 0)
          return false;
        out_ += "<hr>";
        return true;
    }
    if (depth_ == kMaxDepth)
      return false;
    stack_[depth_++] = &element;
    if (element.kind == Kind::kParagraph)
      ++open_paragraphs_;
    if (element.kind == Kind::kHeading)
      ++open_headings_;
    out_ += '<';
    out_ += element.written;
    out_ += '>';
    return true;
  }

  bool EndTag(const Element& element) {
    if (depth_ == 0 || stack_[depth_ - 1] != &element)
      return false;  // Includes </br> and </hr>, which the parser treats specially.
    Close();
    return true;
  }

  void Close() {
    const Element& element = *stack_[--depth_];
    if (element.kind == Kind::kParagraph)
      --open_paragraphs_;
    if (element.kind == Kind::kHeading)
      --open_headings_;
    out_ += "</";
    out_ += element.written;
    out_ += '>';
  }

  std::string& out_;
  std::string* text_;
  std::array<const Element*, kMaxDepth> stack_{};
  size_t depth_ = 0;
  int open_paragraphs_ = 0;
  int open_headings_ = 0;
};

}  // namespace

bool CanonicalizeSimpleHtml(std::string_view html, std::string& out, std::string* text) {
  return Canonicalizer(out, text).Run(html);
}

}  // namespace wiredesk::sanitize::internal
