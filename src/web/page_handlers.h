// Page handlers: the reader-facing HTML pages. Each is a function from the request and the
// site's context to a Response value (see http_types.h); routes.cc binds them to URLs:
//
//   GET /                                   HandleHome
//   GET /<section>/                         HandleSection       (?cursor= for older stories)
//   GET /<section>/<slug>-<id>              HandleArticle
//   GET /<section>/<slug>-<id>/provenance   HandleProvenance
//   GET /<section>/<slug>-<id>/coverage     HandleCoverage
//   GET /search?q=&sort=&cursor=            HandleSearch
//   any other page path                     HandleNotFoundPage
//
// Status rules: an unknown, withheld or embargoed article is 404; a killed one is 410 with the
// "withdrawn" page; a wrong slug or section redirects 301 to the canonical URL; a section
// answers 404 only when it has no published stories and is not configured; a malformed
// cursor is 400. Store failures become the error page HttpStatusFor() (errors.h) picks.
//
// Page responses for anonymous readers are marked cacheable (the page cache follows the
// outbox, so a publish, correction or kill reaches them). 404s are not cached, so arbitrary
// URLs cannot fill the cache; 410s and redirects are, as they only change through the outbox.
//
// Thread safety: the handlers are stateless; they may run on any number of threads at once,
// as the store, config and clock in SiteContext allow.
#pragma once

#include <string_view>

#include "core/article.h"
#include "core/result.h"
#include "core/section_path.h"
#include "web/http_types.h"
#include "web/site.h"

namespace wiredesk::web {

// How many stories each part of a page shows.
inline constexpr int kHomeLatestCount = 10;
inline constexpr int kHomeSectionCount = 5;
inline constexpr int kSectionPageSize = 20;
// The home page looks for its top story among this many newest stories of the last day.
inline constexpr int kTopStoryCandidates = 100;

// The front page. Top story: among the stories published in the last 24 hours (per the
// context's clock), the one with the lowest IPTC urgency number (the most urgent), the most
// recent of those on a tie; when none of them carries an urgency, the latest story. Then the
// latest kHomeLatestCount other stories, then a block per configured section (in config
// order) with its latest kHomeSectionCount stories; sections without stories are left out.
// "Most read" (recommend/trending.h) for everyone and "Recommended For You" for a signed-in
// reader (recommend_blocks.h).
Response HandleHome(const Request& request, const SiteContext& context);

// A section's stories, newest first, kSectionPageSize a page. The "cursor" query parameter
// (from the previous page's "Older stories" link) selects later pages. "Most read in <title>"
// lists the section's most read stories, its subsections' included.
Response HandleSection(const Request& request, const SiteContext& context,
                       const core::SectionPath& section);

// One story. `slug` and `section` are what the URL said; when they differ from the story's
// own, the answer is a 301 to its canonical URL (Article::Url()). A signed-in reader's page
// also carries "Recommended For You" (the story itself and everything read left out).
Response HandleArticle(const Request& request, const SiteContext& context, core::ArticleId id,
                       std::string_view slug, const core::SectionPath& section);

// The provenance page of a story: source, wire id, every version and the text hashes. The
// same 404/410/301 rules as HandleArticle; the canonical URL is Article::Url() + "/provenance".
Response HandleProvenance(const Request& request, const SiteContext& context, core::ArticleId id,
                          std::string_view slug, const core::SectionPath& section);

// The Full coverage page of a story: every published report of its event (its story cluster,
// recommend/story_clusters.h), from every source, oldest first, each with its provenance link
// and version history. The same 404/410/301 rules as HandleArticle; the canonical URL is
// Article::Url() + "/coverage".
Response HandleCoverage(const Request& request, const SiteContext& context, core::ArticleId id,
                        std::string_view slug, const core::SectionPath& section);

// Search results for the "q" parameter (search/query.h has the language), kSearchPageSize a
// page, in "sort" order (relevance, the default, or date), from "cursor" (the next_cursor of
// the page before, carried by its "Next page" link). An empty query shows how to search (200);
// a query with nothing to search for, a bad filter value, sort or cursor is 400 with the
// reason on the search page. Never cacheable:
// queries are unbounded (any URL would add a cache entry) and results depend on every article,
// which the outbox's per-section invalidation does not track; a search is one indexed query.
inline constexpr int kSearchPageSize = 20;
Response HandleSearch(const Request& request, const SiteContext& context);

// The 404 page, for page paths no route knows (site.cc calls it).
Response HandleNotFoundPage(const SiteContext& context, const Request& request);

// The HTML error page for `status` (400, 404, 405, 410, 500, ...), for the router and site to
// answer page routes with; the caller adds headers such as Allow. Cacheable only for 410.
Response HandleErrorPage(const SiteContext& context, const Request& request, int status);

// The error page for a failed store call: the status HttpStatusFor(error.code()) gives (404,
// 410, 400, 500, ...). 5xx causes are logged; the reader sees a generic page.
Response ErrorPageFor(const SiteContext& context, const core::Error& error);

}  // namespace wiredesk::web
