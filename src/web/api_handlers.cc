#include "web/api_handlers.h"

#include <charconv>
#include <optional>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "accounts/account_service.h"
#include "core/time.h"
#include "recommend/for_you.h"
#include "recommend/trending.h"
#include "search/searcher.h"
#include "web/errors.h"
#include "web/recommend_blocks.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

namespace json = boost::json;

constexpr int kDefaultLimit = 20;
constexpr int kMaxLimit = 100;
constexpr int kDefaultRelated = 5;
constexpr int kMaxRelated = 20;
// Other reports of one event listed by the coverage endpoint, at most.
constexpr int kMaxCoverage = 100;
constexpr int kDefaultTrending = 10;
constexpr int kDefaultRecommendations = 10;
// Cursors are opaque tokens made by the store; anything longer is not one of them.
constexpr size_t kMaxCursorBytes = 512;
constexpr size_t kMaxGuidBytes = 2048;

Response JsonResponse(const json::value& value, bool cacheable) {
  Response response;
  response.content_type = "application/json";
  response.body = std::make_shared<const std::string>(json::serialize(value));
  response.cacheable = cacheable;
  if (!cacheable)
    response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response InvalidArgument(std::string message) {
  return JsonErrorResponse(core::Error(core::ErrorCode::kInvalidArgument, std::move(message)));
}

// The integer query parameter `name`: `fallback` when absent, nullopt when it is not an
// integer in 1..max.
std::optional<int> IntParam(const Request& request, std::string_view name, int fallback, int max) {
  auto text = request.Query(name);
  if (!text)
    return fallback;
  int value = 0;
  auto [end, err] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (text->empty() || err != std::errc() || end != text->data() + text->size() || value < 1 ||
      value > max) {
    return std::nullopt;
  }
  return value;
}

// The `limit` query parameter: `fallback` when absent, nullopt when it is not an integer in
// 1..max.
std::optional<int> LimitParam(const Request& request, int fallback, int max) {
  return IntParam(request, "limit", fallback, max);
}

// The error response for an article readers may not see, or nullopt when it is published.
// The published article `id`, or the response that tells the client why it cannot have it:
// 410 for a killed story, 404 for one unknown, withheld or under embargo.
tl::expected<core::Article, Response> ReadableArticle(const SiteContext& context,
                                                      core::ArticleId id) {
  auto article = context.store.GetArticle(id);
  if (!article)
    return tl::unexpected(JsonErrorResponse(article.error()));
  switch (article->state) {
    case core::ArticleState::kPublished:
      return std::move(*article);
    case core::ArticleState::kKilled: {
      // A 410 is as stable as a page: cache it like one, so a kill is served cheaply.
      Response gone = JsonErrorResponse(
          core::Error(core::ErrorCode::kGone,
                      "article " + std::to_string(id) + " was withdrawn by its source"));
      gone.cacheable = true;
      gone.headers.clear();
      return tl::unexpected(std::move(gone));
    }
    case core::ArticleState::kWithheld:
    case core::ArticleState::kEmbargoed:
      break;
  }
  // Not yet (or no longer) public; to a reader it does not exist.
  return tl::unexpected(JsonErrorResponse(
      core::Error(core::ErrorCode::kNotFound, "no article " + std::to_string(id))));
}

void SetIfNotEmpty(json::object& object, std::string_view key, const std::string& value) {
  if (!value.empty())
    object[key] = value;
}

}  // namespace

json::object ArticleToJson(const core::Article& article, ArticleBody body) {
  json::object object;
  object["id"] = article.id;
  object["guid"] = article.guid;
  object["url"] = article.Url();
  object["headline"] = article.headline;
  object["section"] = article.section.ToString();
  object["published"] = core::FormatRfc3339(article.published);
  object["updated"] = core::FormatRfc3339(article.updated);
  object["summary"] = article.summary_html;
  SetIfNotEmpty(object, "byline", article.byline);
  SetIfNotEmpty(object, "dateline", article.dateline);
  SetIfNotEmpty(object, "language", article.language);
  object["source"] = article.source;
  // The number of versions received: 1 for a story never updated. (version_rank is an
  // ingest-internal ordering key, sometimes a timestamp, and means nothing to a client.)
  object["version"] = article.version_count;
  // Whether the current text is a correction the wire marked as such.
  object["corrected"] = article.last_change == core::VersionChange::kCorrection;
  json::object provenance;
  provenance["wire_unmodified"] = article.ShowsWireNotice();
  provenance["body_text_sha256"] = article.body_text_sha256_received;
  object["provenance"] = std::move(provenance);
  // The story cluster (recommend/story_clusters.h): equal for every report of one event.
  object["cluster"] = article.ClusterKey();
  json::array subjects;
  for (const core::Subject& subject : article.subjects) {
    json::object s;
    s["name"] = subject.name;
    SetIfNotEmpty(s, "code", subject.code);
    SetIfNotEmpty(s, "scheme", subject.scheme);
    subjects.push_back(std::move(s));
  }
  object["subjects"] = std::move(subjects);
  if (body == ArticleBody::kInclude) {
    object["body_html"] = article.body_html;
    SetIfNotEmpty(object, "link", article.link);
    SetIfNotEmpty(object, "rights", article.rights);
    json::array authors;
    for (const core::Person& person : article.authors) {
      json::object a;
      a["name"] = person.name;
      SetIfNotEmpty(a, "email", person.email);
      SetIfNotEmpty(a, "uri", person.uri);
      authors.push_back(std::move(a));
    }
    object["authors"] = std::move(authors);
  }
  return object;
}

Response HandleApiArticles(const SiteContext& context, const Request& request,
                           const RouteParams& /*params*/) {
  store::ArticleQuery query;
  std::optional<int> limit = LimitParam(request, kDefaultLimit, kMaxLimit);
  if (!limit)
    return InvalidArgument("limit must be an integer from 1 to " + std::to_string(kMaxLimit));
  query.limit = *limit;
  if (auto section = request.Query("section"); section && !section->empty()) {
    auto path = core::SectionPath::Parse(*section);
    if (!path)
      return InvalidArgument("section: " + path.error().message());
    query.section = std::move(*path);
  }
  if (auto cursor = request.Query("cursor")) {
    if (cursor->size() > kMaxCursorBytes)
      return InvalidArgument("cursor is malformed");
    query.cursor = *cursor;
  }
  if (auto guid = request.Query("guid")) {
    if (guid->size() > kMaxGuidBytes)
      return InvalidArgument("guid is too long");
    query.guid = *guid;
  }
  auto page = context.store.ListArticles(query);
  if (!page)
    return JsonErrorResponse(page.error());

  json::array articles;
  for (const core::Article& article : page->articles) {
    articles.push_back(ArticleToJson(article, ArticleBody::kOmit));
  }
  json::object root;
  root["articles"] = std::move(articles);
  if (!page->next_cursor.empty())
    root["next_cursor"] = page->next_cursor;
  return JsonResponse(root, /*cacheable=*/true);
}

Response HandleApiArticle(const SiteContext& context, const Request& request,
                          const RouteParams& params) {
  auto article = ReadableArticle(context, params.id);
  if (!article)
    return std::move(article).error();
  std::string id = std::to_string(params.id);
  if (context.accounts != nullptr) {
    const accounts::Viewer* viewer = request.viewer.get();
    auto access = context.accounts->DecideAccess(viewer, *article);
    if (!access)
      return JsonErrorResponse(access.error());
    if (access->access == accounts::Access::kPaywalled) {
      return JsonErrorResponse(core::Error(
          core::ErrorCode::kPermissionDenied,
          viewer == nullptr ? "article " + id + " is premium: log in to read it"
                            : "article " + id +
                                  " is premium and this month's free premium articles are used "
                                  "up; redeem a gift card for premium"));
    }
    if (viewer != nullptr) {
      // A read is worth recording but not worth failing the article for.
      (void)context.accounts->RecordRead(*viewer, article->id);
    }
  }
  return JsonResponse(ArticleToJson(*article, ArticleBody::kInclude), /*cacheable=*/true);
}

Response HandleApiRelated(const SiteContext& context, const Request& request,
                          const RouteParams& params) {
  std::optional<int> limit = LimitParam(request, kDefaultRelated, kMaxRelated);
  if (!limit)
    return InvalidArgument("limit must be an integer from 1 to " + std::to_string(kMaxRelated));
  auto article = ReadableArticle(context, params.id);
  if (!article)
    return std::move(article).error();
  auto related = RelatedTo(context, *article, *limit);
  if (!related)
    return JsonErrorResponse(related.error());
  json::array articles;
  for (const core::Article& other : *related) {
    articles.push_back(ArticleToJson(other, ArticleBody::kOmit));
  }
  json::object root;
  root["articles"] = std::move(articles);
  return JsonResponse(root, /*cacheable=*/true);
}

Response HandleApiCoverage(const SiteContext& context, const Request& /*request*/,
                           const RouteParams& params) {
  auto article = ReadableArticle(context, params.id);
  if (!article)
    return std::move(article).error();
  json::array articles;
  if (article->cluster_id != 0) {
    auto members = context.store.ClusterMembers(article->cluster_id, kMaxCoverage);
    if (!members)
      return JsonErrorResponse(members.error());
    for (const core::Article& member : *members) {
      if (member.id != article->id)
        articles.push_back(ArticleToJson(member, ArticleBody::kOmit));
    }
  }
  json::object root;
  root["cluster"] = article->ClusterKey();
  root["articles"] = std::move(articles);
  return JsonResponse(root, /*cacheable=*/true);
}

Response HandleApiTrending(const SiteContext& context, const Request& request,
                           const RouteParams& /*params*/) {
  if (context.trending == nullptr) {
    return JsonErrorResponse(
        core::Error(core::ErrorCode::kUnavailable, "trending is not available on this store"));
  }
  std::optional<int> limit = LimitParam(request, kDefaultTrending, recommend::kMaxTrendingLimit);
  if (!limit) {
    return InvalidArgument("limit must be an integer from 1 to " +
                           std::to_string(recommend::kMaxTrendingLimit));
  }
  core::SectionPath section;
  if (auto text = request.Query("section"); text && !text->empty()) {
    auto path = core::SectionPath::Parse(*text);
    if (!path)
      return InvalidArgument("section: " + path.error().message());
    section = std::move(*path);
  }
  std::optional<int> hours;
  if (request.Query("hours")) {
    hours = IntParam(request, "hours", 0, recommend::kMaxTrendingHours);
    if (!hours) {
      return InvalidArgument("hours must be an integer from 1 to " +
                             std::to_string(recommend::kMaxTrendingHours));
    }
  }
  auto entries = context.trending->MostRead(section, *limit, hours);
  if (!entries)
    return JsonErrorResponse(entries.error());
  json::array articles;
  for (const store::MostReadEntry& e : *entries) {
    json::object o = ArticleToJson(e.article, ArticleBody::kOmit);
    o["readers"] = e.readers;
    o["visitors"] = e.visitors;
    articles.push_back(std::move(o));
  }
  json::object root;
  root["articles"] = std::move(articles);
  root["hours"] = hours.value_or(context.trending->options().hours);
  // Counts move without outbox events, so the page cache must not keep this answer.
  return JsonResponse(root, /*cacheable=*/false);
}

Response HandleApiRecommendations(const SiteContext& context, const Request& request,
                                  const RouteParams& /*params*/) {
  if (context.accounts == nullptr || context.recommender == nullptr) {
    return JsonErrorResponse(
        core::Error(core::ErrorCode::kUnavailable, "recommendations are not available"));
  }
  if (request.viewer == nullptr) {
    return JsonErrorResponse(
        core::Error(core::ErrorCode::kUnauthenticated, "missing or invalid bearer token"));
  }
  std::optional<int> limit =
      LimitParam(request, kDefaultRecommendations, recommend::kMaxRecommendations);
  if (!limit) {
    return InvalidArgument("limit must be an integer from 1 to " +
                           std::to_string(recommend::kMaxRecommendations));
  }
  const accounts::Viewer& viewer = *request.viewer;
  auto recs = context.recommender->ForReader(
      viewer.user.id, [&] { return InterestsOf(context, viewer); },
      ForYouOptionsFor(context, *limit, std::nullopt));
  if (!recs)
    return JsonErrorResponse(recs.error());
  json::array articles;
  for (const recommend::Recommendation& r : *recs) {
    json::object o = ArticleToJson(r.article, ArticleBody::kOmit);
    o["reason"] = r.reason;
    articles.push_back(std::move(o));
  }
  json::object root;
  root["articles"] = std::move(articles);
  return JsonResponse(root, /*cacheable=*/false);
}

Response HandleApiSections(const SiteContext& context, const Request& /*request*/,
                           const RouteParams& /*params*/) {
  auto sections = context.store.ListSections();
  if (!sections)
    return JsonErrorResponse(sections.error());
  json::array list;
  for (const store::SectionCount& count : *sections) {
    json::object s;
    s["path"] = count.section.ToString();
    s["title"] = context.config.SectionTitle(count.section);
    s["url"] = count.section.Url();
    s["published_count"] = count.published_count;
    list.push_back(std::move(s));
  }
  json::object root;
  root["sections"] = std::move(list);
  return JsonResponse(root, /*cacheable=*/true);
}

Response HandleApiSearch(const SiteContext& context, const Request& request,
                         const RouteParams& /*params*/) {
  int limit = kDefaultLimit;
  if (auto text = request.Query("limit")) {
    auto [end, err] = std::from_chars(text->data(), text->data() + text->size(), limit);
    if (text->empty() || err != std::errc() || end != text->data() + text->size() || limit < 1 ||
        limit > search::kMaxResultsPerPage) {
      return InvalidArgument("limit must be an integer from 1 to " +
                             std::to_string(search::kMaxResultsPerPage));
    }
  }
  auto sort = search::ParseSortOrder(request.Query("sort").value_or(""));
  if (!sort)
    return JsonErrorResponse(sort.error());
  std::string cursor = request.Query("cursor").value_or("");
  if (cursor.size() > kMaxCursorBytes)
    return InvalidArgument("invalid cursor");
  auto results = search::Search(context.store, request.Query("q").value_or(""),
                                {.limit = limit,
                                 .sort = *sort,
                                 .cursor = std::move(cursor),
                                 .now = context.clock.Now(),
                                 .language = context.config.site.language});
  if (!results)
    return JsonErrorResponse(results.error());  // kInvalidArgument -> 400.
  json::array list;
  for (const store::SearchHit& hit : results->hits) {
    json::object o;
    o["id"] = hit.article.id;
    o["guid"] = hit.article.guid;
    o["url"] = hit.article.Url();
    o["headline"] = hit.article.headline;
    o["section"] = hit.article.section.ToString();
    o["published"] = core::FormatRfc3339(hit.article.published);
    o["snippet"] = hit.snippet_html;
    list.push_back(std::move(o));
  }
  json::object root;
  root["results"] = std::move(list);
  if (!results->next_cursor.empty())
    root["next_cursor"] = results->next_cursor;
  if (!results->suggestion.empty())
    root["suggestion"] = results->suggestion;  // "Did you mean": only when nothing matched.
  return JsonResponse(root, /*cacheable=*/false);
}

Response ApiNotFound(const Request& request) {
  return JsonErrorResponse(
      core::Error(core::ErrorCode::kNotFound, "no API endpoint at " + request.path));
}

}  // namespace wiredesk::web
