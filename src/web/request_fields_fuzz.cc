// libFuzzer target: arbitrary bytes as a form body, a Cookie header, an Authorization header and
// a Content-Type must never crash the readers of web/request_fields.h.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "web/request_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto form = wiredesk::web::ParseForm(bytes);
  (void)wiredesk::web::FormValue(form, "csrf_token");
  wiredesk::web::Request request;
  request.headers["cookie"] = std::string(bytes);
  request.headers["authorization"] = std::string(bytes);
  (void)wiredesk::web::CookieValue(request, "wd_session");
  (void)wiredesk::web::BearerToken(request);
  (void)wiredesk::web::IsPushMediaType(bytes);
  return 0;
}
