#include "formats/internal/xml.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "formats/encoding.h"
#include "formats/internal/fields.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats::internal {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;
// How many malformed records one document may have cut out before the rest is given up.
constexpr int kMaxRecordRepairs = 16;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

bool IsNameChar(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '_' || c == ':' || c == '-' || c == '.' || u >= 0x80;
}

bool IsNameStart(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalpha(u) || c == '_' || u >= 0x80;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size())
    return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) !=
        std::tolower(static_cast<unsigned char>(prefix[i]))) {
      return false;
    }
  }
  return true;
}

struct Prolog {
  std::string root;          // Qualified name of the first element; empty when none found.
  std::string_view doctype;  // The whole <!DOCTYPE ...> declaration, when there is one.
};

// Walks the prolog (declaration, comments, processing instructions, DOCTYPE) up to the first
// element. Stops at anything else: such a document is not XML we can read.
Prolog ScanProlog(std::string_view text) {
  Prolog prolog;
  size_t pos = 0;
  if (text.substr(0, 3) == "\xEF\xBB\xBF")
    pos = 3;
  while (pos < text.size()) {
    if (IsSpace(text[pos])) {
      ++pos;
      continue;
    }
    if (text[pos] != '<')
      return prolog;
    std::string_view rest = text.substr(pos);
    size_t end;
    if (rest.substr(0, 2) == "<?") {
      end = rest.find("?>");
      if (end == std::string_view::npos)
        return prolog;
      pos += end + 2;
    } else if (rest.substr(0, 4) == "<!--") {
      end = rest.find("-->");
      if (end == std::string_view::npos)
        return prolog;
      pos += end + 3;
    } else if (StartsWithNoCase(rest, "<!DOCTYPE")) {
      // Skip to the '>' that closes the declaration, past an internal subset in [...].
      size_t i = 9;
      int bracket = 0;
      char quote = 0;
      for (; i < rest.size(); ++i) {
        char c = rest[i];
        if (quote) {
          if (c == quote)
            quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          ++bracket;
        } else if (c == ']') {
          --bracket;
        } else if (c == '>' && bracket <= 0) {
          break;
        }
      }
      prolog.doctype = rest.substr(0, std::min(i + 1, rest.size()));
      if (i >= rest.size())
        return prolog;
      pos += i + 1;
    } else if (rest.size() > 1 && IsNameStart(rest[1])) {
      size_t i = 1;
      while (i < rest.size() && IsNameChar(rest[i])) ++i;
      prolog.root = std::string(rest.substr(1, i - 1));
      return prolog;
    } else {
      return prolog;
    }
  }
  return prolog;
}

// Does a tag whose qualified name has local part `local` start at text[pos] (just after '<'
// or "</")? Returns the length of the qualified name, or 0.
size_t MatchTagName(std::string_view text, size_t pos, std::string_view local) {
  size_t end = pos;
  while (end < text.size() && IsNameChar(text[end])) ++end;
  if (end == pos || end >= text.size())
    return 0;
  if (LocalName(text.substr(pos, end - pos)) != local)
    return 0;
  char next = text[end];
  if (!IsSpace(next) && next != '>' && next != '/')
    return 0;
  return end - pos;
}

// Offset of the last start tag of a `local` element at or before `limit`, or npos.
size_t FindStartTagBefore(std::string_view text, size_t limit, std::string_view local) {
  size_t pos = std::min(limit, text.size() - 1);
  while (true) {
    pos = text.rfind('<', pos);
    if (pos == std::string_view::npos)
      return pos;
    if (MatchTagName(text, pos + 1, local) > 0)
      return pos;
    if (pos == 0)
      return std::string_view::npos;
    --pos;
  }
}

// Offset just past the first end tag of a `local` element at or after `from`, or npos.
size_t FindEndTagAfter(std::string_view text, size_t from, std::string_view local) {
  size_t pos = from;
  while (true) {
    pos = text.find("</", pos);
    if (pos == std::string_view::npos)
      return pos;
    size_t name_length = MatchTagName(text, pos + 2, local);
    if (name_length > 0) {
      size_t end = pos + 2 + name_length;
      while (end < text.size() && IsSpace(text[end])) ++end;
      if (end < text.size() && text[end] == '>')
        return end + 1;
    }
    pos += 2;
  }
}

// True when an end tag of `qualified_name` occurs in text[from, to).
bool HasEndTagBetween(std::string_view text, size_t from, size_t to,
                      std::string_view qualified_name) {
  std::string needle = "</" + std::string(qualified_name);
  size_t pos = from;
  while (true) {
    pos = text.find(needle, pos);
    if (pos == std::string_view::npos || pos >= to)
      return false;
    size_t after = pos + needle.size();
    if (after < text.size() && (IsSpace(text[after]) || text[after] == '>'))
      return true;
    pos = after;
  }
}

bool IsVoidElement(std::string_view name) {
  static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                               "hr",    "img",    "input", "link", "meta",
                                               "param", "source", "track", "wbr"};
  return std::find(std::begin(kVoid), std::end(kVoid), name) != std::end(kVoid);
}

// Escapes text for HTML. An '&' that starts a named reference pugixml left alone (XML knows
// only five names, so "&nbsp;" arrives verbatim) stays a reference rather than "&amp;nbsp;".
// `text` is a node's NUL-terminated value: strcspn finds the next special byte with vector
// instructions and no strlen, and the bytes between go into `out` in one piece.
void AppendEscaped(std::string& out, const char* text, bool attribute) {
  const char* special = attribute ? "&<>\"" : "&<>";
  while (true) {
    size_t run = std::strcspn(text, special);
    out.append(text, run);
    text += run;
    switch (*text) {
      case '\0':
        return;
      case '&': {
        size_t j = 1;
        while (j <= 32 && std::isalnum(static_cast<unsigned char>(text[j]))) ++j;
        bool reference =
            j > 1 && text[j] == ';' && std::isalpha(static_cast<unsigned char>(text[1]));
        out += reference ? "&" : "&amp;";
        break;
      }
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += "&quot;";
    }
    ++text;
  }
}

// `name` is the element's local name.
void AppendStartTag(std::string& out, pugi::xml_node element, std::string_view name) {
  out += '<';
  out += name;
  for (pugi::xml_attribute attr = element.first_attribute(); attr; attr = attr.next_attribute()) {
    std::string_view attr_name = attr.name();
    if (attr_name == "xmlns" || Prefix(attr_name) == "xmlns")
      continue;
    out += ' ';
    out += LocalName(attr_name);
    out += "=\"";
    AppendEscaped(out, attr.value(), true);
    out += '"';
  }
  out += '>';
}

bool IsText(pugi::xml_node node) {
  pugi::xml_node_type type = node.type();
  return type == pugi::node_pcdata || type == pugi::node_cdata;
}

// The longest HTML5 character reference name, "CounterClockwiseContourIntegral", has 31.
constexpr size_t kMaxReferenceName = 32;
// Distinct names looked up per document; past this, further names are left as they are, so a
// document made of millions of made-up names costs no more than this many lookups.
constexpr size_t kMaxReferenceLookups = 4096;

bool IsXmlPredefined(std::string_view name) {
  return name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos";
}

// Decodes one UTF-8 sequence at text[pos]; returns its length (0 when invalid).
size_t DecodeUtf8At(std::string_view text, size_t pos, uint32_t& cp) {
  auto b = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char c = b(pos);
  size_t extra;
  if (c < 0x80) {
    cp = c;
    return 1;
  }
  if ((c & 0xE0) == 0xC0) {
    extra = 1, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, cp = c & 0x07;
  } else {
    return 0;
  }
  if (pos + extra >= text.size())
    return 0;
  for (size_t i = 1; i <= extra; ++i) {
    if ((b(pos + i) & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (b(pos + i) & 0x3F);
  }
  return extra + 1;
}

// The numeric references for the characters HTML's `&name;` stands for, or "" when HTML knows
// no such name. Gumbo holds the whole HTML5 table; asking it keeps one list of names.
std::string ResolveHtmlReference(std::string_view name) {
  std::string reference = "&" + std::string(name) + ";";
  std::string decoded = sanitize::ExtractText(reference);
  if (decoded.empty() || decoded == reference)
    return "";
  std::string numeric;
  for (size_t pos = 0; pos < decoded.size();) {
    uint32_t cp = 0;
    size_t length = DecodeUtf8At(decoded, pos, cp);
    if (length == 0)
      return "";
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "&#x%X;", static_cast<unsigned>(cp));
    numeric += buffer;
    pos += length;
  }
  return numeric;
}

// False when `text` has at most `max_depth` '<': every element starts with one, so the tree
// cannot nest deeper. Stops counting past the limit; a one-item wire document has a few dozen.
bool MayNestDeeperThan(std::string_view text, size_t max_depth) {
  size_t tags = 0;
  for (size_t pos = text.find('<'); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
    if (++tags > max_depth)
      return true;
  }
  return false;
}

// An upper bound on how deep the elements pugixml builds from `text` nest, read from the text
// alone, or npos when it holds a DOCTYPE (whose internal subset this does not follow). A feed
// of fifty items has too many tags for MayNestDeeperThan, and walking its tree through
// pugixml's calls was a twentieth of reading it; this is one pass with memchr.
//
// It follows pugixml's reading of the markup: an element node exists from its start tag's
// name on, so the count goes up there and down again at the "/>" of an empty-element tag or at
// an end tag, which pugixml accepts only for the element opened last. Comments, CDATA
// sections, processing instructions and quoted attribute values are skipped as pugixml skips
// them, so no "</" or "<" inside them counts. Up to the first error the count is at least
// pugixml's depth; after it pugixml builds nothing, and the maximum can only grow.
size_t NestingBound(std::string_view text) {
  size_t depth = 0;
  size_t deepest = 0;
  size_t pos = 0;
  // Skips to just past `close`, searched from `from`; false when it never comes.
  auto skip_past = [&](size_t from, std::string_view close) {
    size_t end = text.find(close, from);
    if (end == std::string_view::npos)
      return false;
    pos = end + close.size();
    return true;
  };
  while ((pos = text.find('<', pos)) != std::string_view::npos) {
    std::string_view rest = text.substr(pos);
    if (rest.starts_with("<!--")) {
      if (!skip_past(pos + 4, "-->"))
        break;
    } else if (rest.starts_with("<![CDATA[")) {
      if (!skip_past(pos + 9, "]]>"))
        break;
    } else if (rest.starts_with("<!")) {
      if (rest.size() < 9 || !StartsWithNoCase(rest, "<!DOCTYPE"))
        break;  // pugixml stops at anything else that starts "<!".
      return std::string_view::npos;
    } else if (rest.starts_with("<?")) {
      if (!skip_past(pos + 2, "?>"))
        break;
    } else if (rest.starts_with("</")) {
      depth = depth > 0 ? depth - 1 : 0;
      pos += 2;
    } else {
      // A start tag (or an error, after which nothing counts): its element exists from here.
      deepest = std::max(deepest, ++depth);
      size_t i = pos + 1;
      while (i < text.size() && text[i] != '>' && text[i] != '<') {
        if (text[i] == '"' || text[i] == '\'') {
          size_t quote_end = text.find(text[i], i + 1);
          if (quote_end == std::string_view::npos)
            return deepest;
          i = quote_end;
        }
        ++i;
      }
      if (i >= text.size() || text[i] == '<')
        break;  // Not a tag pugixml accepts: it stops here.
      if (text[i - 1] == '/')
        --depth;
      pos = i + 1;
    }
  }
  return deepest;
}

// Checks the limits that bound the cost of what follows: nesting depth and attribute size.
// `text` is what was parsed: no attribute value is longer than it, so within the limit the
// attributes need no look, and with few enough tags, or a bound on their nesting within the
// limit, neither does the depth.
core::Status CheckLimits(const pugi::xml_document& doc, std::string_view text,
                         const ParseOptions& options) {
  const bool check_attributes = text.size() > options.max_attribute_bytes;
  if (!check_attributes &&
      (!MayNestDeeperThan(text, options.max_depth) || NestingBound(text) <= options.max_depth)) {
    return core::Ok();
  }
  size_t depth = 0;
  pugi::xml_node cur = doc.first_child();
  while (cur) {
    if (cur.type() == pugi::node_element) {
      if (depth + 1 > options.max_depth) {
        return core::MakeError(
            core::ErrorCode::kResourceExhausted,
            "XML elements nest deeper than the limit of " + std::to_string(options.max_depth));
      }
      for (pugi::xml_attribute attr = check_attributes ? cur.first_attribute()
                                                       : pugi::xml_attribute();
           attr; attr = attr.next_attribute()) {
        size_t size = std::char_traits<char>::length(attr.value());
        if (size > options.max_attribute_bytes) {
          return core::MakeError(core::ErrorCode::kResourceExhausted,
                                 "XML attribute " + std::string(attr.name()).substr(0, 64) +
                                     " is " + std::to_string(size) + " bytes, over the limit of " +
                                     std::to_string(options.max_attribute_bytes));
        }
      }
    }
    // Each step asks pugixml once (the calls cross into its shared library).
    if (pugi::xml_node child = cur.first_child()) {
      cur = child;
      ++depth;
      continue;
    }
    pugi::xml_node next = cur.next_sibling();
    while (cur && !next) {
      cur = cur.parent();
      if (depth == 0)
        break;
      --depth;
      next = cur.next_sibling();
    }
    if (!cur || cur.type() == pugi::node_document)
      break;
    cur = next;
  }
  return core::Ok();
}

// text.find_first_of("&<", pos), as one pass: libstdc++ implements find_first_of with a
// memchr over the needle set for every byte of the text, which costs a call per byte.
size_t FindReferenceOrMarkup(std::string_view text, size_t pos) {
  for (; pos < text.size(); ++pos) {
    if (text[pos] == '&' || text[pos] == '<')
      return pos;
  }
  return std::string_view::npos;
}

}  // namespace

bool MayHaveHtmlReferences(std::string_view text) {
  // ASCII tests inline: what std::isalnum and std::isalpha answer for the bytes of UTF-8 text,
  // without a call per byte (escaped HTML has an '&' every few words).
  auto is_alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto is_alnum = [&](char c) { return is_alpha(c) || (c >= '0' && c <= '9'); };
  for (size_t pos = text.find('&'); pos != std::string_view::npos; pos = text.find('&', pos + 1)) {
    if (pos + 1 >= text.size() || !is_alpha(text[pos + 1]))
      continue;
    size_t name_end = pos + 1;
    while (name_end < text.size() && name_end - pos <= kMaxReferenceName &&
           is_alnum(text[name_end])) {
      ++name_end;
    }
    std::string_view name = text.substr(pos + 1, name_end - pos - 1);
    if (name_end < text.size() && text[name_end] == ';' && !IsXmlPredefined(name))
      return true;
  }
  return false;
}

std::string NumericHtmlReferences(std::string_view text) {
  std::string out;
  std::unordered_map<std::string, std::string> resolved;
  size_t copied = 0;  // text[0, copied) is in out already.
  size_t pos = 0;
  while (true) {
    pos = FindReferenceOrMarkup(text, pos);
    if (pos == std::string_view::npos)
      break;
    if (text[pos] == '<') {
      std::string_view rest = text.substr(pos);
      std::string_view close;
      if (rest.substr(0, 9) == "<![CDATA[") {
        close = "]]>";
      } else if (rest.substr(0, 4) == "<!--") {
        close = "-->";
      } else if (rest.substr(0, 2) == "<?") {
        close = "?>";
      } else if (rest.substr(0, 2) == "<!") {
        close = ">";
      } else {
        ++pos;
        continue;
      }
      size_t end = text.find(close, pos + 2);
      if (end == std::string_view::npos)
        break;
      pos = end + close.size();
      continue;
    }
    size_t name_end = pos + 1;
    while (name_end < text.size() && name_end - pos <= kMaxReferenceName &&
           std::isalnum(static_cast<unsigned char>(text[name_end]))) {
      ++name_end;
    }
    std::string_view name = text.substr(pos + 1, name_end - pos - 1);
    if (name.empty() || name_end >= text.size() || text[name_end] != ';' ||
        !std::isalpha(static_cast<unsigned char>(name[0])) || IsXmlPredefined(name)) {
      ++pos;
      continue;
    }
    auto it = resolved.find(std::string(name));
    if (it == resolved.end()) {
      if (resolved.size() >= kMaxReferenceLookups) {
        pos = name_end + 1;
        continue;
      }
      it = resolved.emplace(std::string(name), ResolveHtmlReference(name)).first;
    }
    if (!it->second.empty()) {
      out.append(text.substr(copied, pos - copied));
      out += it->second;
      copied = name_end + 1;
    }
    pos = name_end + 1;
  }
  if (copied == 0)
    return std::string(text);
  out.append(text.substr(copied));
  return out;
}

std::string BaseOf(pugi::xml_node node, const std::string& document_base) {
  std::vector<std::string_view> bases;
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element)
      continue;
    if (pugi::xml_attribute attr = n.attribute("xml:base"))
      bases.push_back(attr.value());
  }
  std::string base = document_base;
  for (auto it = bases.rbegin(); it != bases.rend(); ++it) base = ResolveUrl(base, *it);
  return base;
}

XmlSniff SniffXml(std::string_view bytes) {
  XmlSniff sniff;
  std::string_view prefix = bytes.substr(0, kSniffBytes);
  // Detection sniffs each document once per XML format. One that starts with '<' and a byte
  // other than NUL has neither a byte-order mark nor the UTF-16/32 shape of "<?", which is all
  // that makes SniffEncoding answer UTF-16 or UTF-32 (a declaration readable as ASCII counts
  // as UTF-8), so it needs no asking.
  const bool ascii_compatible = prefix.size() >= 2 && prefix[0] == '<' && prefix[1] != '\0';
  std::string encoding = ascii_compatible ? "" : SniffEncoding(prefix);
  if (encoding.rfind("utf-16", 0) == 0 || encoding.rfind("utf-32", 0) == 0) {
    // Whole code units only, so that the cut cannot split one.
    auto decoded = DecodeToUtf8(prefix.substr(0, prefix.size() & ~size_t{3}));
    if (decoded)
      sniff.decoded_head = std::move(decoded->utf8);
    sniff.root = ScanProlog(sniff.decoded_head).root;
  } else {
    sniff.raw_head = prefix;
    // The prolog is scanned whole: a DOCTYPE longer than the head (an entity attack, say)
    // must still reach a parser, which refuses it with a clear reason.
    sniff.root = ScanProlog(bytes).root;
  }
  sniff.is_xml = !sniff.root.empty();
  return sniff;
}

bool XmlDocument::IsComplete(pugi::xml_node node) const {
  if (!open_nodes_.count(node.hash_value()))
    return true;
  // On the open path, but its end tag may still precede the error.
  auto start = node.offset_debug();
  if (start < 0)
    return false;
  return HasEndTagBetween(text_, static_cast<size_t>(start), error_offset_, node.name());
}

core::Status LoadXml(std::string_view bytes, const ParseOptions& options,
                     std::string_view record_name, XmlDocument& out,
                     std::vector<std::string>& warnings) {
  if (bytes.size() > options.max_bytes) {
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           "document is " + std::to_string(bytes.size()) +
                               " bytes, over the limit of " + std::to_string(options.max_bytes));
  }
  // The text is copied only where it must change: decoding, HTML references, repairs. A valid
  // UTF-8 document without HTML's names goes to pugixml as the caller's bytes.
  std::string decoded_storage;
  WD_ASSIGN_OR_RETURN(DecodedView decoded,
                      DecodeToUtf8View(bytes, options.charset, decoded_storage));
  out.encoding_ = std::move(decoded.encoding);
  warnings.insert(warnings.end(), decoded.warnings.begin(), decoded.warnings.end());

  Prolog prolog = ScanProlog(decoded.utf8);
  if (prolog.doctype.find("<!ENTITY") != std::string_view::npos ||
      prolog.doctype.find("<!entity") != std::string_view::npos) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "the DOCTYPE declares entities, which are refused");
  }
  std::string_view text = decoded.utf8;
  // Owns the text once it has been rewritten; `text` then views it.
  std::string rewritten;
  if (MayHaveHtmlReferences(text)) {
    rewritten = NumericHtmlReferences(text);
    text = rewritten;
  }

  // Whitespace-only text is kept: between inline XHTML elements it separates words.
  constexpr unsigned kOptions = pugi::parse_default | pugi::parse_ws_pcdata;
  pugi::xml_parse_result result;
  size_t removed_before = 0;
  for (int attempt = 0;; ++attempt) {
    result = out.doc_.load_buffer(text.data(), text.size(), kOptions, pugi::encoding_utf8);
    if (result || attempt >= kMaxRecordRepairs || record_name.empty())
      break;
    if (text.data() != rewritten.data()) {
      rewritten = std::string(text);
      text = rewritten;
    }
    // Cut out the record the error is in, if it is one record still open at the error.
    auto error = static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0));
    size_t start = FindStartTagBefore(text, error, record_name);
    if (start == std::string_view::npos || start == 0)
      break;
    size_t name_end = start + 1;
    while (name_end < text.size() && IsNameChar(text[name_end])) ++name_end;
    if (HasEndTagBetween(text, start, error,
                         std::string_view(text).substr(start + 1, name_end - start - 1))) {
      break;
    }
    size_t end = FindEndTagAfter(text, error, record_name);
    if (end == std::string_view::npos)
      break;
    warnings.push_back("skipped a <" + std::string(record_name) + "> at byte " +
                       std::to_string(start + removed_before) + " that is not well-formed XML (" +
                       result.description() + ")");
    rewritten.erase(start, end - start);
    text = rewritten;
    removed_before += end - start;
  }
  WD_RETURN_IF_ERROR(CheckLimits(out.doc_, text, options));
  if (!result) {
    // Nothing inside the root parsed: there is nothing to recover.
    pugi::xml_node root = out.doc_.document_element();
    if (!root ||
        !root.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; })) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             std::string("not well-formed XML: ") + result.description() +
                                 " at byte " + std::to_string(result.offset + removed_before));
    }
    warnings.push_back(std::string("XML error at byte ") +
                       std::to_string(result.offset + removed_before) + " (" +
                       result.description() + "); kept what precedes it");
    out.error_offset_ = static_cast<size_t>(std::max<ptrdiff_t>(result.offset, 0));
    for (pugi::xml_node node = out.doc_.last_child(); node; node = node.last_child()) {
      out.open_nodes_.insert(node.hash_value());
    }
    out.text_ = std::string(text);
  }
  return core::Ok();
}

std::string_view LocalName(std::string_view qualified_name) {
  size_t colon = qualified_name.rfind(':');
  return colon == std::string_view::npos ? qualified_name : qualified_name.substr(colon + 1);
}

std::string_view Prefix(std::string_view qualified_name) {
  size_t colon = qualified_name.rfind(':');
  return colon == std::string_view::npos ? std::string_view() : qualified_name.substr(0, colon);
}

// These helpers run for most nodes a parser reads, and every pugixml accessor is a call into
// its shared library: they walk with first_child/next_sibling (one call a step, where range-for
// iterators make three) and test the name before the type (text nodes have the empty name).

bool IsElement(pugi::xml_node node, std::string_view local) {
  return LocalName(node.name()) == local && node.type() == pugi::node_element;
}

pugi::xml_node Child(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (IsElement(child, local))
      return child;
  }
  return {};
}

std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view local) {
  std::vector<pugi::xml_node> found;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (IsElement(child, local))
      found.push_back(child);
  }
  return found;
}

ChildElements::ChildElements(pugi::xml_node parent) {
  for (pugi::xml_node child = parent.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element)
      entries_.push_back({LocalName(child.name()), child});
  }
}

pugi::xml_node ChildElements::First(std::string_view local) const {
  for (const Entry& entry : entries_) {
    if (entry.local == local)
      return entry.node;
  }
  return {};
}

std::vector<pugi::xml_node> ChildElements::All(std::string_view local) const {
  std::vector<pugi::xml_node> found;
  for (const Entry& entry : entries_) {
    if (entry.local == local)
      found.push_back(entry.node);
  }
  return found;
}

std::string_view Attr(pugi::xml_node node, std::string_view local) {
  for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
    if (LocalName(attr.name()) == local)
      return attr.value();
  }
  return {};
}

std::string_view NamespaceOf(pugi::xml_node node) {
  std::string_view prefix = Prefix(node.name());
  if (prefix == "xml")
    return "http://www.w3.org/XML/1998/namespace";
  std::string attr_name = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element)
      continue;
    if (pugi::xml_attribute attr = n.attribute(attr_name.c_str()))
      return attr.value();
  }
  return "";
}

std::string DirectText(pugi::xml_node node) {
  std::string text;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (IsText(child))
      text += child.value();
  }
  return text;
}

std::string DeepText(pugi::xml_node node) {
  pugi::xml_node cur = node.first_child();
  // Most fields are one text node: its value is the answer, without the walk.
  if (cur && IsText(cur) && !cur.next_sibling())
    return cur.value();
  std::string text;
  while (cur) {
    if (IsText(cur))
      text += cur.value();
    if (pugi::xml_node child = cur.first_child()) {
      cur = child;
      continue;
    }
    pugi::xml_node next = cur.next_sibling();
    while (cur != node && !next) {
      cur = cur.parent();
      next = cur.next_sibling();
    }
    if (cur == node)
      break;
    cur = next;
  }
  return text;
}

bool HasElementChildren(pugi::xml_node node) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element)
      return true;
  }
  return false;
}

std::string InnerXmlAsHtml(pugi::xml_node node) {
  std::string out;
  pugi::xml_node cur = node.first_child();
  while (cur) {
    pugi::xml_node_type type = cur.type();
    pugi::xml_node first_child;
    if (type == pugi::node_pcdata || type == pugi::node_cdata) {
      AppendEscaped(out, cur.value(), false);
    } else if (type == pugi::node_element) {
      std::string_view name = LocalName(cur.name());
      AppendStartTag(out, cur, name);
      if (!IsVoidElement(name)) {
        first_child = cur.first_child();
        if (!first_child) {
          out += "</";
          out += name;
          out += '>';
        }
      }
    }
    if (first_child) {
      cur = first_child;
      continue;
    }
    // Climb out of every element that has no further child, closing each.
    pugi::xml_node next = cur.next_sibling();
    while (cur != node && !next) {
      cur = cur.parent();
      if (cur != node) {
        out += "</";
        out += LocalName(cur.name());
        out += '>';
      }
      next = cur.next_sibling();
    }
    if (cur == node)
      break;
    cur = next;
  }
  return out;
}

std::string HtmlOf(pugi::xml_node node) {
  return HasElementChildren(node) ? InnerXmlAsHtml(node) : DirectText(node);
}

}  // namespace wiredesk::formats::internal
