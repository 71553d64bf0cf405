// libFuzzer target: arbitrary bytes through detection, every parser and the JSON printer must
// never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/feed_json.h"
#include "formats/feed_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto parsed = wiredesk::formats::ParseFeed(bytes, {});
  if (parsed) {
    std::string json = wiredesk::formats::ParsedFeedToJson(*parsed);
    (void)json;
  }
  return 0;
}
