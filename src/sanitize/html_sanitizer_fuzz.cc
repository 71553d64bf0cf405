// libFuzzer target for the HTML sanitiser. For every input it checks the sanitiser's promises:
// the text is unchanged, sanitising is idempotent, and nothing off the allowlist survives when
// the output is parsed again the way a browser would parse it. It also checks that the fast paths
// (internal/simple_html.h) give exactly what the full parse-and-reparse path gives. Any broken
// promise aborts.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sanitize/html_sanitizer.h"
#include "sanitize/internal/output_check.h"
#include "sanitize/internal/reference.h"

namespace {

[[noreturn]] void Fail(const char* what, std::string_view input, std::string_view output) {
  std::fprintf(stderr, "sanitize fuzz: %s\ninput:  %.*s\noutput: %.*s\n", what,
               static_cast<int>(input.size()), input.data(), static_cast<int>(output.size()),
               output.data());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  wiredesk::sanitize::SanitizeOptions options;
  // Half the inputs run with a base URL and an own host, to exercise resolution.
  if (size > 0 && (data[0] & 1) != 0) {
    options.base_url = "https://wire.example.com/a/b.html";
    options.own_host = "wire.example.com";
  }
  const std::string out = wiredesk::sanitize::SanitizeHtml(input, options);
  if (wiredesk::sanitize::ExtractText(out) != wiredesk::sanitize::ExtractText(input)) {
    Fail("text changed", input, out);
  }
  if (wiredesk::sanitize::SanitizeHtml(out, options) != out)
    Fail("not idempotent", input, out);
  if (out != wiredesk::sanitize::internal::SanitizeHtmlByReparsing(input, options))
    Fail("fast path differs from the parse path", input, out);
  if (wiredesk::sanitize::ExtractText(input) !=
      wiredesk::sanitize::internal::ExtractTextByParsing(input)) {
    Fail("fast text differs from the parsed text", input, out);
  }
  if (auto violation = wiredesk::sanitize::internal::FindPolicyViolation(out)) {
    Fail(violation->c_str(), input, out);
  }
  return 0;
}
