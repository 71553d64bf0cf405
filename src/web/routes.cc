// Every URL of the site, in one place. A route's label names it in metrics; keep labels
// stable, dashboards depend on them.
#include <string>

#include "web/account_api.h"
#include "web/account_pages.h"
#include "web/api_handlers.h"
#include "web/assets.h"
#include "web/errors.h"
#include "web/ingest_handlers.h"
#include "web/metrics.h"
#include "web/page_handlers.h"
#include "web/router.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

// 200 "ok" when the store answers; 503 otherwise, so a load balancer takes the node out.
Response HandleHealthz(const SiteContext& context, const Request& /*request*/,
                       const RouteParams& /*params*/) {
  auto stats = context.store.Stats();
  Response response =
      stats ? PlainTextResponse(200, "ok") : PlainTextResponse(503, "store unavailable");
  return response;
}

Response HandleMetrics(const SiteContext& context, const Request& /*request*/,
                       const RouteParams& /*params*/) {
  auto stats = context.store.Stats();
  Response response;
  response.content_type = std::string(kPrometheusContentType);
  // Without the store's figures the other series are still worth scraping.
  response.body = std::make_shared<const std::string>(
      context.metrics.Render(stats ? std::optional(*stats) : std::nullopt));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response HandleStatic(const SiteContext& /*context*/, const Request& request,
                      const RouteParams& params) {
  if (auto response = ServeStaticFile(params.rest, request))
    return std::move(*response);
  return PlainTextResponse(404, "no such file");
}

// The Web Push service worker. It lives at the root, not under /static/, because a worker
// controls only URLs under its own path; and browsers must see a new version promptly, so it
// is revalidated on every check rather than kept.
Response HandleServiceWorker(const SiteContext& /*context*/, const Request& request,
                             const RouteParams& /*params*/) {
  auto response = ServeStaticFile("sw.js", request);
  if (!response)
    return PlainTextResponse(404, "no such file");
  std::erase_if(response->headers,
                [](const auto& header) { return header.first == "Cache-Control"; });
  response->headers.emplace_back("Cache-Control", "no-cache");
  return std::move(*response);
}

}  // namespace

Router MakeRoutes() {
  Router r;
  // Operations.
  r.Get("/healthz", "healthz", RouteKind::kPlain, HandleHealthz);
  r.Get("/metrics", "metrics", RouteKind::kPlain, HandleMetrics);
  r.Get("/static/{path...}", "static", RouteKind::kPlain, HandleStatic);
  r.Get("/sw.js", "service_worker", RouteKind::kPlain, HandleServiceWorker);

  // The JSON API (docs/api.md).
  r.Get("/api/v1/articles", "api_articles", RouteKind::kApi, HandleApiArticles);
  r.Get("/api/v1/articles/{id}", "api_article", RouteKind::kApi, HandleApiArticle);
  r.Get("/api/v1/articles/{id}/related", "api_related", RouteKind::kApi, HandleApiRelated);
  r.Get("/api/v1/articles/{id}/coverage", "api_coverage", RouteKind::kApi, HandleApiCoverage);
  r.Get("/api/v1/sections", "api_sections", RouteKind::kApi, HandleApiSections);
  r.Get("/api/v1/trending", "api_trending", RouteKind::kApi, HandleApiTrending);
  r.Get("/api/v1/search", "api_search", RouteKind::kApi, HandleApiSearch);

  // Readers' accounts in the JSON API (account_api.h).
  r.Add(Method::kPost, "/api/v1/auth/signup", "api_signup", RouteKind::kApi, HandleApiSignup);
  r.Add(Method::kPost, "/api/v1/auth/login", "api_login", RouteKind::kApi, HandleApiLogin);
  r.Add(Method::kPost, "/api/v1/auth/logout", "api_logout", RouteKind::kApi, HandleApiLogout);
  r.Get("/api/v1/me", "api_me", RouteKind::kApi, HandleApiMe);
  r.Get("/api/v1/me/preferences", "api_preferences", RouteKind::kApi, HandleApiGetPreferences);
  r.Add(Method::kPut, "/api/v1/me/preferences", "api_preferences_put", RouteKind::kApi,
        HandleApiPutPreferences);
  r.Get("/api/v1/me/reads", "api_reads", RouteKind::kApi, HandleApiReads);
  r.Get("/api/v1/me/alerts", "api_alerts", RouteKind::kApi, HandleApiAlerts);
  r.Get("/api/v1/me/recommendations", "api_recommendations", RouteKind::kApi,
        HandleApiRecommendations);
  r.Add(Method::kDelete, "/api/v1/me/reads", "api_reads_clear", RouteKind::kApi,
        HandleApiClearReads);
  r.Get("/api/v1/me/saved", "api_saved", RouteKind::kApi, HandleApiSaved);
  r.Add(Method::kPost, "/api/v1/me/saved", "api_save", RouteKind::kApi, HandleApiSave);
  r.Add(Method::kDelete, "/api/v1/me/saved/{id}", "api_unsave", RouteKind::kApi, HandleApiUnsave);
  r.Get("/api/v1/me/watchlist", "api_watchlist", RouteKind::kApi, HandleApiWatchlist);
  r.Add(Method::kPost, "/api/v1/me/watchlist", "api_watch_add", RouteKind::kApi, HandleApiAddWatch);
  r.Add(Method::kDelete, "/api/v1/me/watchlist/{id}", "api_watch_delete", RouteKind::kApi,
        HandleApiDeleteWatch);
  r.Get("/api/v1/me/watchlist/{id}/articles", "api_watch_articles", RouteKind::kApi,
        HandleApiWatchArticles);
  r.Add(Method::kPost, "/api/v1/feedback", "api_feedback", RouteKind::kApi, HandleApiFeedback);
  r.Add(Method::kPost, "/api/v1/me/giftcards/redeem", "api_redeem", RouteKind::kApi,
        HandleApiRedeem);
  r.Get("/api/v1/push/vapid-public-key", "api_vapid_key", RouteKind::kApi, HandleApiVapidPublicKey);
  r.Get("/api/v1/me/push-subscriptions", "api_push_subscriptions", RouteKind::kApi,
        HandleApiPushSubscriptions);
  r.Add(Method::kPost, "/api/v1/me/push-subscriptions", "api_push_subscribe", RouteKind::kApi,
        HandleApiAddPushSubscription);
  r.Add(Method::kPost, "/api/v1/push/renew", "api_push_renew", RouteKind::kApi,
        HandleApiRenewPushSubscription);
  r.Add(Method::kDelete, "/api/v1/me/push-subscriptions", "api_push_unsubscribe", RouteKind::kApi,
        HandleApiDeletePushSubscription);

  // Account and editors' pages (account_pages.h).
  AddAccountPageRoutes(r);
  // Wires pushing stories (ingest_handlers.h).
  r.Add(Method::kPost, "/ingest/{path...}", "ingest_push", RouteKind::kApi, HandlePushIngest);

  // Reader pages (page_handlers.h). Sections may not start with a reserved segment (router.h),
  // so these never shadow the routes above.
  r.Get(
      "/", "home", RouteKind::kPage,
      [](const SiteContext& c, const Request& q, const RouteParams&) { return HandleHome(q, c); });
  r.Get("/search", "search", RouteKind::kPage,
        [](const SiteContext& c, const Request& q, const RouteParams&) {
          return HandleSearch(q, c);
        });
  r.Get("/{section}/", "section", RouteKind::kPage,
        [](const SiteContext& c, const Request& q, const RouteParams& p) {
          return HandleSection(q, c, p.section);
        });
  r.Get("/{section}/{slug}-{id}", "article", RouteKind::kPage,
        [](const SiteContext& c, const Request& q, const RouteParams& p) {
          return HandleArticle(q, c, p.id, p.slug, p.section);
        });
  r.Get("/{section}/{slug}-{id}/provenance", "provenance", RouteKind::kPage,
        [](const SiteContext& c, const Request& q, const RouteParams& p) {
          return HandleProvenance(q, c, p.id, p.slug, p.section);
        });
  r.Get("/{section}/{slug}-{id}/coverage", "coverage", RouteKind::kPage,
        [](const SiteContext& c, const Request& q, const RouteParams& p) {
          return HandleCoverage(q, c, p.id, p.slug, p.section);
        });
  return r;
}

}  // namespace wiredesk::web
