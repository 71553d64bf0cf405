// What the account pages and API share in web/: the session and CSRF cookies, the Viewer of a
// request and browser subscriptions; reading cookies, bearer tokens and form bodies is in
// web/request_fields.h.
//
// Session cookie: "wd_session", HttpOnly (scripts cannot read it), SameSite=Lax (not sent on
// cross-site POSTs), Path=/, Max-Age of the session lifetime, and Secure when the config's
// [web] secure_cookies is on (behind TLS). Forms of anonymous pages (log in, sign up) use a
// double-submit token: cookie "wd_csrf" (HttpOnly, SameSite=Strict) equal to the form's
// hidden field; forms of signed-in pages use the session's synchronizer token.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "accounts/account_service.h"
#include "alerts/web_push.h"
#include "store/account_store.h"
#include "web/http_types.h"
#include "web/request_fields.h"

namespace wiredesk::web {

inline constexpr std::string_view kSessionCookie = "wd_session";
inline constexpr std::string_view kCsrfCookie = "wd_csrf";
// The hidden form field that carries the CSRF token.
inline constexpr std::string_view kCsrfField = "csrf_token";

// A Set-Cookie value for the session token; an empty token clears the cookie.
std::string SessionCookie(std::string_view token, bool secure, std::chrono::seconds max_age);
std::string CsrfCookie(std::string_view token, bool secure);

// A reader keeps at most this many browsers subscribed to Web Push.
inline constexpr size_t kMaxPushSubscriptions = 20;

// Stores a browser's Web Push subscription for the reader (the API, the alerts page and a
// renewal from the service worker share it): kUnavailable when Web Push is off on this server (no
// VAPID key), kInvalidArgument per alerts::CheckPushSubscription under the server's address policy,
// kResourceExhausted past kMaxPushSubscriptions browsers. A browser that subscribes again replaces
// its entry.
struct SiteContext;
core::Result<store::PushSubscriptionRecord> SubscribeBrowser(
    const SiteContext& context, store::UserId reader, const alerts::PushSubscription& subscription);

// The signed-in reader of the request, or null.
inline const accounts::Viewer* ViewerOf(const Request& request) { return request.viewer.get(); }

}  // namespace wiredesk::web
