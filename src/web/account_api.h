// The accounts part of the JSON API (/api/v1/, documented in docs/api.md). Every endpoint
// under /me, /auth/logout, /feedback and /me/giftcards needs "Authorization: Bearer <token>"
// from /auth/login or /auth/signup and answers 401 {"error": {"code": "unauthenticated"}}
// without a valid one. Bodies are JSON objects; a malformed body is 400.
//
//   POST   /api/v1/auth/signup          {email, password} -> 201 {token, user}
//   POST   /api/v1/auth/login           {email, password} -> {token, user}
//   POST   /api/v1/auth/logout          the token stops working -> 204
//   GET    /api/v1/me                   {id, email, role, created, premium, premium_until}
//   GET    /api/v1/me/preferences       the preferences object (accounts/preferences.h)
//   PUT    /api/v1/me/preferences       keys to change -> the whole preferences object
//   GET    /api/v1/me/reads             {"articles": [... + read_at]}, newest first
//   DELETE /api/v1/me/reads             clears the history -> 204
//   GET    /api/v1/me/saved             {"articles": [... + saved_at]}, newest first
//   POST   /api/v1/me/saved             {article_id} -> 201 {"article_id"}
//   DELETE /api/v1/me/saved/{id}        -> 204
//   GET    /api/v1/me/watchlist         {"entries": [{id, kind, value, created}]}
//   POST   /api/v1/me/watchlist         {kind, value} -> 201 the entry
//   DELETE /api/v1/me/watchlist/{id}    -> 204
//   GET    /api/v1/me/watchlist/{id}/articles  {"results": [...]} (search, best first)
//   POST   /api/v1/feedback             {article_id?, category, message} -> 201 {"id"}
//   POST   /api/v1/me/giftcards/redeem  {code} -> {days, premium_until}
//   GET    /api/v1/push/vapid-public-key       {public_key} (no token needed; 503 when off)
//   GET    /api/v1/me/push-subscriptions       {"subscriptions": [{endpoint, created}]}
//   POST   /api/v1/me/push-subscriptions       a browser's PushSubscription JSON -> 201
//   DELETE /api/v1/me/push-subscriptions       {endpoint} -> 204
//
// Thread safety: stateless functions.
#pragma once

#include "web/http_types.h"
#include "web/router.h"

namespace wiredesk::web {

Response HandleApiSignup(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiLogin(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiLogout(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiMe(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiGetPreferences(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiPutPreferences(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiAlerts(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiReads(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiClearReads(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiSaved(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiSave(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiUnsave(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiWatchlist(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiAddWatch(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiDeleteWatch(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiWatchArticles(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiFeedback(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiRedeem(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiVapidPublicKey(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiPushSubscriptions(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiAddPushSubscription(const SiteContext& c, const Request& r, const RouteParams& p);
Response HandleApiRenewPushSubscription(const SiteContext& c, const Request& r,
                                        const RouteParams& p);
Response HandleApiDeletePushSubscription(const SiteContext& c, const Request& r,
                                         const RouteParams& p);

}  // namespace wiredesk::web
