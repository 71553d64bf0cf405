// libFuzzer target: arbitrary bytes through the Reuters-21578 SGML reader must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/feed_parser.h"

namespace wiredesk::formats {
const FeedFormat& Reuters21578Format();  // Defined in reuters21578.cc.
}  // namespace wiredesk::formats

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const wiredesk::formats::FeedFormat& format = wiredesk::formats::Reuters21578Format();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  format.Detect(bytes);
  auto parsed = format.Parse(bytes, {});
  (void)parsed;
  return 0;
}
