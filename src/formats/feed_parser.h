// ParseFeed: bytes in any supported feed or wire format -> ParsedFeed.
//
// The format is detected from the content, never from a file name. Each format is one file in
// formats/ implementing FeedFormat, registered by one line in registry.cc.
//
// Thread-safe: parsers hold no state between calls.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "formats/parsed_feed.h"

namespace wiredesk::formats {

struct ParseOptions {
  // Documents larger than this are refused with kResourceExhausted. Default 32 MiB.
  size_t max_bytes = 32 * 1024 * 1024;
  // XML nested deeper than this many elements is refused with kResourceExhausted: real feeds
  // and wire items stay under 50, and deep trees are a denial-of-service shape. Default 256.
  size_t max_depth = 256;
  // XML with an attribute value longer than this is refused with kResourceExhausted.
  // Default 1 MiB (room for an inline data: image in XHTML content).
  size_t max_attribute_bytes = 1024 * 1024;
  // Where the document came from, for resolving relative URLs. Default empty.
  std::string base_url;
  // The charset of the HTTP Content-Type header, when the document came over HTTP. Used when
  // the document has no byte-order mark and no XML declaration naming one. Default empty.
  std::string charset;
  // The HTTP Content-Language header: the language of the feed and its items where the
  // document names none. Applied by ParseFeed. Default empty.
  std::string content_language;
};

// One supported format.
class FeedFormat {
 public:
  virtual ~FeedFormat() = default;
  // A short stable name, e.g. "rss".
  virtual std::string_view name() const = 0;
  // How sure this format is that it can read `bytes` (0 = not at all, 100 = certain).
  virtual int Detect(std::string_view bytes) const = 0;
  virtual core::Result<ParsedFeed> Parse(std::string_view bytes,
                                         const ParseOptions& options) const = 0;
};

// Every registered format, in registration order.
const std::vector<const FeedFormat*>& RegisteredFormats();

// The registered format whose name() is `name`, or nullptr.
const FeedFormat* FindFormat(std::string_view name);

// Detects the format and parses. Fails with kInvalidArgument and a one-line reason when no
// format can read the bytes; malformed items inside a readable document become warnings.
core::Result<ParsedFeed> ParseFeed(std::string_view bytes, const ParseOptions& options = {});

}  // namespace wiredesk::formats
