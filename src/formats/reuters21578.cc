// Reuters-21578 SGML (the 1987 Reuters newswire collection, "lewis.dtd"): many stories per file.
//
// It is SGML, not XML: there is no root element, C0 control characters arrive as numeric
// references (&#2; &#3; ...), "&lt;" escapes a '<' whose '>' stays bare, and one file holds a
// Latin-1 byte. So this reader scans the markup itself rather than through an XML parser.
//
// Each <REUTERS NEWID="n"> becomes one item: guid "reuters-21578:n"; <DATE> (its
// "26-FEB-1987 15:01:01.79" form, trailing noise ignored, read as UTC) the publication time;
// <TITLE> the headline; <AUTHOR> the byline; <DATELINE> the dateline (less its trailing " - ");
// <BODY> the body, one paragraph per indented line as the wire laid them out. TYPE="UNPROC"
// stories are unstructured tables: their text becomes a <pre> block and their first line the
// headline. The TOPICS, PLACES, PEOPLE, ORGS, EXCHANGES and COMPANIES <D> lists become subjects
// under the scheme "reuters-21578:<list>", e.g. {name "grain", code "grain", scheme
// "reuters-21578:topics"}. Control characters are dropped: they are transmission codes, not text.
#include <array>
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

constexpr std::string_view kStoryOpen = "<REUTERS";
constexpr std::string_view kStoryClose = "</REUTERS>";

// Text between `open` and `close` inside `block`, searched from `from`; nullopt when either tag
// is missing. `open` ends at its '>', so attributes are allowed.
std::optional<std::string_view> Element(std::string_view block, std::string_view name,
                                        size_t from = 0) {
  std::string open = "<" + std::string(name);
  size_t start = block.find(open, from);
  while (start != std::string_view::npos) {
    char next = start + open.size() < block.size() ? block[start + open.size()] : '\0';
    if (next == '>' || next == ' ' || next == '\t' || next == '\n' || next == '\r')
      break;
    start = block.find(open, start + open.size());
  }
  if (start == std::string_view::npos)
    return std::nullopt;
  size_t content = block.find('>', start);
  if (content == std::string_view::npos)
    return std::nullopt;
  ++content;
  size_t end = block.find("</" + std::string(name) + ">", content);
  if (end == std::string_view::npos)
    return std::nullopt;
  return block.substr(content, end - content);
}

// The value of attribute `name` in the start tag `tag` ("<REUTERS TOPICS=\"YES\" NEWID=\"1\">").
std::string Attribute(std::string_view tag, std::string_view name) {
  std::string key = " " + std::string(name) + "=\"";
  size_t at = tag.find(key);
  if (at == std::string_view::npos)
    return {};
  size_t begin = at + key.size();
  size_t end = tag.find('"', begin);
  if (end == std::string_view::npos)
    return {};
  return std::string(tag.substr(begin, end - begin));
}

// Appends one byte of the document as a character: ASCII as is, and the rest as Latin-1 unless
// the whole document is UTF-8.
void AppendByte(std::string& out, unsigned char byte, bool latin1) {
  if (byte < 0x80 || !latin1) {
    out += static_cast<char>(byte);
  } else {
    core::AppendUtf8(out, byte);
  }
}

bool IsDroppedControl(uint32_t code) {
  return (code < 0x20 && code != '\t' && code != '\n' && code != '\r') || code == 0x7f;
}

// SGML character data to plain UTF-8 text: numeric references and &lt; &gt; &amp; decoded,
// control characters dropped, other text kept byte for byte (unknown entities included).
std::string DecodeText(std::string_view raw, bool latin1) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == '&') {
      size_t semi = raw.find(';', i + 1);
      if (semi != std::string_view::npos && semi - i <= 8) {
        std::string_view name = raw.substr(i + 1, semi - i - 1);
        std::optional<uint32_t> code;
        if (name.size() > 1 && name[0] == '#') {
          if (auto number = internal::ParseInteger(name.substr(1));
              number && *number >= 0 && *number <= 0x10FFFF) {
            code = static_cast<uint32_t>(*number);
          }
        } else if (name == "lt") {
          code = '<';
        } else if (name == "gt") {
          code = '>';
        } else if (name == "amp") {
          code = '&';
        }
        if (code) {
          bool surrogate = *code >= 0xD800 && *code <= 0xDFFF;
          if (!IsDroppedControl(*code) && !surrogate && *code != 0)
            core::AppendUtf8(out, *code);
          i = semi;
          continue;
        }
      }
    }
    if (c != '\r' && IsDroppedControl(c))
      continue;
    if (c == '\r')
      continue;  // The files use LF; a stray CR is line noise.
    AppendByte(out, c, latin1);
  }
  return out;
}

// "26-FEB-1987 15:01:01.79", possibly with one fractional digit or trailing noise.
std::optional<core::TimePoint> ParseReutersDate(std::string_view raw) {
  std::string text = core::CollapseWhitespace(raw);
  static constexpr std::array<std::string_view, 12> kMonths = {
      "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  size_t dash = text.find('-');
  if (dash == std::string::npos || dash == 0 || dash > 2 || text.size() < dash + 18)
    return std::nullopt;
  auto digits = [&](size_t at, size_t count) -> std::optional<int> {
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
        return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto day = digits(0, dash);
  std::string month_name = text.substr(dash + 1, 3);
  for (char& c : month_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  int month = 0;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == month_name)
      month = static_cast<int>(m) + 1;
  }
  size_t year_at = dash + 5;
  if (month == 0 || text[dash + 4] != '-' || text[year_at + 4] != ' ')
    return std::nullopt;
  auto year = digits(year_at, 4);
  size_t time_at = year_at + 5;
  auto hour = digits(time_at, 2);
  auto minute = digits(time_at + 3, 2);
  auto second = digits(time_at + 6, 2);
  if (!day || !year || !hour || !minute || !second || text[time_at + 2] != ':' ||
      text[time_at + 5] != ':') {
    return std::nullopt;
  }
  std::string rfc3339(64, '\0');
  int written = std::snprintf(rfc3339.data(), rfc3339.size(), "%04d-%02d-%02dT%02d:%02d:%02dZ",
                              *year, month, *day, *hour, *minute, *second);
  rfc3339.resize(written > 0 ? static_cast<size_t>(written) : 0);
  return core::ParseRfc3339(rfc3339);
}

// The story's text as HTML: a new paragraph at each line that starts with white space (the
// wire's indent), lines of one paragraph kept together.
std::string BodyParagraphs(std::string_view text) {
  std::string html;
  std::string paragraph;
  auto flush = [&] {
    std::string trimmed = core::CollapseWhitespace(paragraph);
    if (!trimmed.empty())
      html += "<p>" + sanitize::EscapeHtml(trimmed) + "</p>\n";
    paragraph.clear();
  };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view line = text.substr(start, end - start);
    bool indented = !line.empty() && (line[0] == ' ' || line[0] == '\t');
    bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    if (indented || blank)
      flush();
    if (!blank) {
      paragraph += line;
      paragraph += '\n';
    }
    start = end + 1;
  }
  flush();
  return html;
}

// The first non-blank line of `text`, collapsed and cut at a word boundary near 120 characters.
std::string FirstLine(std::string_view text) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos)
      end = text.size();
    std::string line = core::CollapseWhitespace(text.substr(start, end - start));
    if (!line.empty()) {
      if (line.size() > 120) {
        size_t cut = line.rfind(' ', 120);
        line = line.substr(0, cut == std::string::npos ? 120 : cut);
      }
      return line;
    }
    start = end + 1;
  }
  return {};
}

void ReadSubjects(std::string_view block, std::string_view list, core::Item& item, bool latin1) {
  std::string tag(list);
  for (char& c : tag) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::optional<std::string_view> content = Element(block, tag);
  if (!content)
    return;
  std::string scheme = "reuters-21578:" + std::string(list);
  size_t from = 0;
  while (auto value = Element(*content, "D", from)) {
    std::string name = core::CollapseWhitespace(DecodeText(*value, latin1));
    if (!name.empty())
      item.subjects.push_back({.name = name, .code = name, .scheme = scheme});
    from = static_cast<size_t>(value->data() - content->data()) + value->size() + 4;
  }
}

// One <REUTERS> element to an item; false (with a warning) when it cannot be one.
bool ReadStory(std::string_view block, const std::string& where, bool latin1,
               const ParseOptions& options, core::Item& item, std::vector<std::string>& warnings) {
  std::string_view start_tag = block.substr(0, block.find('>') + 1);
  std::string new_id = Attribute(start_tag, "NEWID");
  if (new_id.empty() || new_id.find_first_not_of("0123456789") != std::string::npos) {
    warnings.push_back(where + ": no numeric NEWID; skipped");
    return false;
  }
  item.guid = "reuters-21578:" + new_id;
  item.language = "en";
  if (auto date = Element(block, "DATE")) {
    item.published = ParseReutersDate(DecodeText(*date, latin1));
    if (!item.published) {
      warnings.push_back(where + ": unreadable date '" + core::CollapseWhitespace(*date) + "'");
    }
  }
  for (std::string_view list : {"topics", "places", "people", "orgs", "exchanges", "companies"}) {
    ReadSubjects(block, list, item, latin1);
  }
  std::optional<std::string_view> text = Element(block, "TEXT");
  if (!text) {
    warnings.push_back(where + ": no <TEXT>; skipped");
    return false;
  }
  size_t text_tag = block.find("<TEXT");
  std::string_view text_start = block.substr(text_tag, block.find('>', text_tag) - text_tag + 1);
  if (Attribute(text_start, "TYPE") == "UNPROC") {
    std::string content = DecodeText(*text, latin1);
    item.headline = FirstLine(content);
    size_t first = content.find_first_not_of("\n");
    std::string table = first == std::string::npos ? "" : content.substr(first);
    while (!table.empty() && (table.back() == '\n' || table.back() == ' ')) table.pop_back();
    internal::SetBody(item, table.empty() ? "" : "<pre>" + sanitize::EscapeHtml(table) + "</pre>",
                      options.base_url);
  } else {
    if (auto title = Element(*text, "TITLE"))
      item.headline = core::CollapseWhitespace(DecodeText(*title, latin1));
    if (auto author = Element(*text, "AUTHOR"))
      item.byline = core::CollapseWhitespace(DecodeText(*author, latin1));
    if (auto dateline = Element(*text, "DATELINE")) {
      std::string line = core::CollapseWhitespace(DecodeText(*dateline, latin1));
      while (!line.empty() && (line.back() == '-' || line.back() == ' ')) line.pop_back();
      item.dateline = line;
    }
    if (auto body = Element(*text, "BODY"))
      internal::SetBody(item, BodyParagraphs(DecodeText(*body, latin1)), options.base_url);
  }
  if (item.headline.empty() && item.body_html.empty()) {
    warnings.push_back(where + ": no title or body; skipped");
    return false;
  }
  return true;
}

size_t SkipSpace(std::string_view bytes) {
  size_t at = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
    at = 3;
  while (at < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[at]))) ++at;
  return at;
}

class Reuters21578FormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "reuters-21578"; }

  int Detect(std::string_view bytes) const override {
    std::string_view head = bytes.substr(SkipSpace(bytes), 256);
    if (head.starts_with("<!DOCTYPE lewis"))
      return 100;
    if (head.starts_with(kStoryOpen) && head.size() > kStoryOpen.size() &&
        (head[kStoryOpen.size()] == ' ' || head[kStoryOpen.size()] == '>')) {
      return 90;
    }
    return 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    if (bytes.size() > options.max_bytes) {
      return core::MakeError(
          core::ErrorCode::kResourceExhausted,
          "document is over the limit of " + std::to_string(options.max_bytes) + " bytes");
    }
    if (Detect(bytes) == 0) {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument,
          "not a Reuters-21578 file: no <!DOCTYPE lewis> or <REUTERS> at the start");
    }
    ParsedFeed feed;
    feed.format = "reuters-21578";
    bool ascii = true;
    for (char c : bytes) {
      if (static_cast<unsigned char>(c) >= 0x80) {
        ascii = false;
        break;
      }
    }
    // The collection predates UTF-8: non-ASCII bytes are Latin-1 unless the file is valid UTF-8
    // (a re-encoded copy).
    bool latin1 = !ascii && !core::IsValidUtf8(bytes);
    feed.encoding = ascii ? "us-ascii" : (latin1 ? "iso-8859-1" : "utf-8");
    feed.feed.title = "Reuters-21578";

    size_t at = 0;
    int story = 0;
    while ((at = bytes.find(kStoryOpen, at)) != std::string_view::npos) {
      ++story;
      std::string where = "story " + std::to_string(story);
      size_t end = bytes.find(kStoryClose, at);
      size_t next = bytes.find(kStoryOpen, at + kStoryOpen.size());
      if (end == std::string_view::npos || (next != std::string_view::npos && next < end)) {
        feed.warnings.push_back(where + ": no </REUTERS>; skipped");
        if (next == std::string_view::npos)
          break;
        at = next;
        continue;
      }
      std::string_view block = bytes.substr(at, end - at);
      core::Item item;
      if (ReadStory(block, where, latin1, options, item, feed.warnings))
        feed.items.push_back(std::move(item));
      at = end + kStoryClose.size();
    }
    if (story == 0)
      feed.warnings.push_back("no <REUTERS> stories in the file");
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& Reuters21578Format();
const FeedFormat& Reuters21578Format() {
  static const Reuters21578FormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
