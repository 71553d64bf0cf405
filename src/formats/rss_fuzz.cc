// libFuzzer target: arbitrary bytes through the rss parser must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const wiredesk::formats::FeedFormat* format = wiredesk::formats::FindFormat("rss");
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  format->Detect(bytes);
  auto parsed = format->Parse(bytes, {});
  (void)parsed;
  return 0;
}
