// libFuzzer target: arbitrary bytes as a form body, a Cookie header and an Authorization
// header must never crash the decoders of web/account_support.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/account_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto form = wiredesk::web::ParseForm(bytes);
  (void)wiredesk::web::FormValue(form, "csrf_token");
  wiredesk::web::Request request;
  request.headers["cookie"] = std::string(bytes);
  request.headers["authorization"] = std::string(bytes);
  (void)wiredesk::web::CookieValue(request, wiredesk::web::kSessionCookie);
  (void)wiredesk::web::BearerToken(request);
  return 0;
}
