// libFuzzer target: the Content-Type of a push is the sender's; reading it must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/ingest_handlers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  (void)wiredesk::web::IsPushMediaType(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
