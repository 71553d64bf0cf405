// libFuzzer target: the small parsers every format leans on, on arbitrary bytes: dates,
// people, URLs, charset detection and transcoding, and the HTML-entity rewrite done before
// XML parsing. None may crash, and the entity rewrite must leave text without '&' alone.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/encoding.h"
#include "formats/internal/fields.h"
#include "formats/internal/xml.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace internal = wiredesk::formats::internal;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)internal::ParseAnyDate(bytes);
  (void)internal::ParseIso8601(bytes);
  (void)internal::ParseRfc822(bytes);
  (void)internal::ParsePerson(bytes);
  (void)internal::WebUrl("https://example.com/a/b", bytes);
  (void)internal::PlainText(bytes);
  std::string rewritten = internal::NumericHtmlReferences(bytes);
  if (bytes.find('&') == std::string_view::npos && rewritten != bytes)
    std::abort();
  // The first bytes, up to a newline, name an HTTP charset for the rest.
  size_t newline = bytes.find('\n');
  std::string_view charset = newline == std::string_view::npos ? "" : bytes.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? bytes : bytes.substr(newline + 1);
  auto decoded = wiredesk::formats::DecodeToUtf8(body, charset.substr(0, 40));
  if (decoded && wiredesk::formats::RepairUtf8(decoded->utf8) != decoded->utf8)
    std::abort();  // Whatever came in, UTF-8 comes out.
  return 0;
}
