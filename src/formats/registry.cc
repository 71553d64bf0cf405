#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/internal/xml.h"

namespace wiredesk::formats {

// Every format, one line each: X(<function returning const FeedFormat&>), defined in the
// format's own file. Order breaks ties between equal Detect() scores. Adding a format is its
// file plus one line here.
#define WIREDESK_FORMATS(X) \
  X(RssFormat)              \
  X(AtomFormat)             \
  X(NewsmlG2Format)         \
  X(JsonFeedFormat)         \
  X(NinjsFormat)            \
  X(NitfFormat)             \
  X(Reuters21578Format)

#define WIREDESK_DECLARE_FORMAT(factory) const FeedFormat& factory();
WIREDESK_FORMATS(WIREDESK_DECLARE_FORMAT)
#undef WIREDESK_DECLARE_FORMAT

const std::vector<const FeedFormat*>& RegisteredFormats() {
#define WIREDESK_LIST_FORMAT(factory) &factory(),
  static const std::vector<const FeedFormat*> formats = {WIREDESK_FORMATS(WIREDESK_LIST_FORMAT)};
#undef WIREDESK_LIST_FORMAT
  return formats;
}

const FeedFormat* FindFormat(std::string_view name) {
  for (const FeedFormat* format : RegisteredFormats()) {
    if (format->name() == name)
      return format;
  }
  return nullptr;
}

namespace {

// A printable hint of what the bytes start with, for the one-line error.
std::string DescribeStart(std::string_view bytes) {
  std::string shown;
  for (char c : bytes.substr(0, 40)) {
    if (c == '\n' || c == '\r' || c == '\t') {
      shown += ' ';
    } else if (static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f) {
      shown += c;
    } else {
      shown += '?';
    }
  }
  if (bytes.size() > 40)
    shown += "...";
  internal::XmlSniff sniff = internal::SniffXml(bytes);
  if (sniff.is_xml)
    return "XML with root element <" + sniff.root + ">";
  return shown.empty() ? "empty input" : "starts with \"" + shown + "\"";
}

}  // namespace

core::Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseOptions& options) {
  if (bytes.size() > options.max_bytes) {
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           "document is " + std::to_string(bytes.size()) +
                               " bytes, over the limit of " + std::to_string(options.max_bytes));
  }
  const FeedFormat* best = nullptr;
  int best_score = 0;
  for (const FeedFormat* format : RegisteredFormats()) {
    int score = format->Detect(bytes);
    if (score > best_score) {
      best = format;
      best_score = score;
    }
  }
  if (best == nullptr) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "not a recognised feed format: " + DescribeStart(bytes));
  }
  core::Result<ParsedFeed> parsed = best->Parse(bytes, options);
  // The HTTP header speaks for the whole response: it fills what the document left empty.
  // "da, en-gb" lists the audiences' languages; the first is the one to show.
  std::string language = core::CollapseWhitespace(
      std::string_view(options.content_language).substr(0, options.content_language.find(',')));
  if (parsed && !language.empty()) {
    if (parsed->feed.language.empty())
      parsed->feed.language = language;
    for (core::Item& item : parsed->items) {
      if (item.language.empty())
        item.language = language;
    }
  }
  return parsed;
}

}  // namespace wiredesk::formats
