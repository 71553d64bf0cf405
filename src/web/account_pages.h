// The account pages of the site: every item of the header's account menu, working without
// JavaScript (plain forms, POST-redirect-GET), in the site's layout.
//
//   GET|POST /account/login, /account/signup      anonymous forms (double-submit CSRF cookie)
//   POST     /account/logout
//   GET      /account/                            overview; POST /account/password, /delete
//   GET|POST /account/preferences                 Set Preferences
//   GET      /account/reads, /account/saved       My Reads; POST /account/reads/clear,
//                                                 POST /account/saved (save or remove)
//   GET      /account/alerts                      recent alerts and the browser-notifications
//                                                 button; POST /account/push-subscriptions
//   GET|POST /account/watchlist                   GET /account/watchlist/{id} (its stories),
//                                                 POST /account/watchlist/{id}/delete
//   GET|POST /account/feedback                    ?article=ID for "report an error"
//   GET|POST /account/giftcard                    Redeem a Gift Card
//   GET      /admin/feedback                      editors: inbox; POST /admin/feedback/{id}/resolve
//   GET|POST /admin/giftcards                     editors: mint codes
//   GET      /admin/alerts                        editors: failed alerts; POST .../{id}/retry
//   GET|POST /account/unsubscribe?t=TOKEN         the link in alert e-mails (no session: the
//                                                 signed token is the credential)
//
// Signed-in pages need the session cookie (anonymous GETs redirect to the login page, 303);
// every POST checks the session's CSRF token in constant time and answers 403 without it.
// Personal pages carry Cache-Control: private, no-store and never enter the page cache.
//
// Thread safety: stateless functions.
#pragma once

#include "web/http_types.h"
#include "web/router.h"
#include "web/views.h"

namespace wiredesk::web {

// Adds the account menu of a signed-in request to `chrome` (nothing for anonymous requests).
void AddAccountMenu(PageChrome& chrome, const SiteContext& context, const Request& request);

// Adds every account and admin page route to `router`.
void AddAccountPageRoutes(Router& router);

}  // namespace wiredesk::web
