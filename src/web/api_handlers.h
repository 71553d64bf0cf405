// The articles part of the JSON API (/api/v1/, documented in docs/api.md).
//
//   GET /api/v1/articles?guid=&section=&limit=&cursor=  {"articles": [...], "next_cursor"?}
//   GET /api/v1/articles/{id}                           the article object, with body_html
//   GET /api/v1/articles/{id}/related?limit=           {"articles": [...]}, best first
//   GET /api/v1/articles/{id}/coverage                 {"cluster", "articles": [...]}, oldest first
//   GET /api/v1/sections                                {"sections": [...]}
//   GET /api/v1/search?q=&sort=&limit=&cursor=          {"results": [...], "next_cursor"?}
//   GET /api/v1/trending?section=&limit=&hours=         {"articles": [...], "hours"}, most read
//   GET /api/v1/me/recommendations?limit=               {"articles": [...]}, bearer token only
//
// Errors are {"error": {"code", "message"}} with the status errors.h gives: a killed article is
// 410 "gone"; withheld, embargoed and unknown ones are 404 "not_found"; a bad limit, cursor,
// section or id is 400 "invalid_argument".
//
// Handlers are stateless functions; thread-safe as the store they read.
#pragma once

#include <boost/json/object.hpp>

#include "core/article.h"
#include "web/http_types.h"
#include "web/router.h"

namespace wiredesk::web {

Response HandleApiArticles(const SiteContext& context, const Request& request,
                           const RouteParams& params);
Response HandleApiArticle(const SiteContext& context, const Request& request,
                          const RouteParams& params);
// Related stories (recommend/related.h): limit 1..20, default 5. The article's own state
// decides the status as for HandleApiArticle.
Response HandleApiRelated(const SiteContext& context, const Request& request,
                          const RouteParams& params);
// Full coverage (recommend/story_clusters.h): the other published reports of the article's
// event, oldest first, at most 100, each with its source and provenance, and the cluster id
// every article object carries as "cluster". The article's own state decides the status as for
// HandleApiArticle.
Response HandleApiCoverage(const SiteContext& context, const Request& request,
                           const RouteParams& params);
Response HandleApiSections(const SiteContext& context, const Request& request,
                           const RouteParams& params);
// Most read stories (recommend/trending.h) of the last `hours` (1..72, default [recommend]
// trending_hours) in `section` and below (default everywhere), limit 1..50 (default 10); each
// article object also carries "readers" and "visitors". Not cacheable: counts move without
// outbox events. 503 "unavailable" on a store without read events.
Response HandleApiTrending(const SiteContext& context, const Request& request,
                           const RouteParams& params);
// Recommended For You (recommend/for_you.h) for the bearer token's reader, limit 1..50
// (default 10); each article object also carries "reason". 401 without a valid token.
Response HandleApiRecommendations(const SiteContext& context, const Request& request,
                                  const RouteParams& params);

// Search results (search/query.h has the language of q): {"results": [{id, guid, url, headline,
// section, published, snippet}], "next_cursor"?}, snippet being escaped text with <mark> around
// matches. sort is relevance (default) or date (search/searcher.h has the ranking); limit
// 1..50 (default 20); cursor is a previous page's next_cursor for the same q and sort. A
// missing, empty or unsearchable q, a bad filter value, sort, limit or cursor is 400
// "invalid_argument" with a message fit for readers.
// Not cacheable, like the search page (page_handlers.h says why).
Response HandleApiSearch(const SiteContext& context, const Request& request,
                         const RouteParams& params);

// 404 {"error": {"code": "not_found", ...}} for /api/ paths no route knows.
Response ApiNotFound(const Request& request);

// The JSON object of an article: id, guid, url, headline, section, published, updated, summary
// (sanitised HTML), byline, dateline, language, source, version, corrected, provenance
// {wire_unmodified, body_text_sha256}, subjects; with `with_body`, body_html too. Times are
// RFC 3339 UTC; empty optional text fields are omitted.
enum class ArticleBody { kOmit, kInclude };
boost::json::object ArticleToJson(const core::Article& article, ArticleBody body);

}  // namespace wiredesk::web
