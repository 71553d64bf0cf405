// libFuzzer target: what a remote source controls outside the feed itself — a Retry-After
// header and address text — must never crash the parsers that read it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/address_policy.h"
#include "ingest/http_fetcher.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)wiredesk::ingest::ParseRetryAfter(text, wiredesk::core::FromUnixSeconds(1'800'000'000));
  (void)wiredesk::core::ClassifyAddressText(text);
  (void)wiredesk::ingest::IsHttpUrl(text);
  return 0;
}
