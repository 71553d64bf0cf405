#include "web/page_handlers.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "accounts/account_service.h"
#include "recommend/story_clusters.h"
#include "search/searcher.h"
#include "store/store.h"
#include "web/account_pages.h"
#include "web/errors.h"
#include "web/recommend_blocks.h"
#include "web/views.h"

namespace wiredesk::web {
namespace {

// The home page's top story is chosen among stories at most this old.
constexpr std::chrono::hours kTopStoryWindow{24};
// Related stories under an article.
constexpr int kRelatedOnPage = 5;
// Other reports of the same event under an article ("Full coverage").
constexpr int kCoverageOnPage = 30;

Response HtmlResponse(int status, std::string body, bool cacheable) {
  Response response;
  response.status = status;
  response.body = std::make_shared<const std::string>(std::move(body));
  response.cacheable = cacheable;
  return response;
}

Response RedirectTo(const std::string& location) {
  Response response;
  response.status = 301;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  response.body = std::make_shared<const std::string>("Moved permanently to " + location + "\n");
  // The canonical URL of a story never changes while it lives; a kill or a re-routing comes
  // through the outbox, which empties the page cache.
  response.cacheable = true;
  return response;
}

bool IsConfigured(const core::Config& config, const core::SectionPath& section) {
  return std::any_of(config.sections.begin(), config.sections.end(),
                     [&](const core::SectionConfig& s) { return s.path == section; });
}

// The article if readers may see it: kNotFound for unknown, withheld and embargoed stories
// (their existence is not to be revealed), kGone for killed ones.
core::Result<core::Article> VisibleArticle(const SiteContext& context, core::ArticleId id) {
  if (id <= 0)
    return core::MakeError(core::ErrorCode::kNotFound, "no article with that id");
  WD_ASSIGN_OR_RETURN(core::Article article, context.store.GetArticle(id));
  switch (article.state) {
    case core::ArticleState::kPublished:
      return article;
    case core::ArticleState::kKilled:
      return core::MakeError(core::ErrorCode::kGone,
                             fmt::format("article {} was withdrawn by its source", id));
    case core::ArticleState::kWithheld:
    case core::ArticleState::kEmbargoed:
      break;
  }
  return core::MakeError(core::ErrorCode::kNotFound, fmt::format("article {} is not public", id));
}

// Index of the top story in `articles` (newest first), or nullopt when there are none: the
// lowest urgency number among stories of the last kTopStoryWindow, the newest on a tie; the
// newest story when none of them has an urgency.
std::optional<size_t> PickTopStory(const std::vector<core::Article>& articles,
                                   core::TimePoint now) {
  if (articles.empty())
    return std::nullopt;
  std::optional<size_t> best;
  for (size_t i = 0; i < articles.size(); ++i) {
    const core::Article& a = articles[i];
    if (a.published < now - kTopStoryWindow)
      break;  // Newest first: the rest are older.
    if (!a.urgency)
      continue;
    if (!best || *a.urgency < *articles[*best].urgency)
      best = i;
  }
  return best ? best : std::optional<size_t>(0);
}

std::string AnchorFor(const core::SectionPath& section) {
  std::string anchor = "section";
  for (const std::string& segment : section.segments()) anchor += "-" + segment;
  return anchor;
}

PageChrome ErrorChrome(const SiteContext& context) {
  return MakeChrome(context.config, "", core::SectionPath(), CrumbMode::kNone);
}

// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
std::string EncodeQueryValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : value) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0f];
    }
  }
  return out;
}

// A search page's URL: the default order and the first page leave their parameters out.
std::string SearchPageUrl(std::string_view query, search::SortOrder sort, std::string_view cursor) {
  std::string url = "/search?q=" + EncodeQueryValue(query);
  if (sort != search::SortOrder::kRelevance)
    url += "&sort=" + std::string(search::SortOrderName(sort));
  if (!cursor.empty())
    url += "&cursor=" + EncodeQueryValue(cursor);
  return url;
}

std::string_view TrimSpace(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  return text;
}

}  // namespace

Response HandleSearch(const Request& request, const SiteContext& context) {
  SearchView view;
  view.query = std::string(TrimSpace(request.Query("q").value_or("")));
  view.chrome = MakeChrome(context.config, view.query.empty() ? "Search" : "Search: " + view.query,
                           core::SectionPath(), CrumbMode::kNone);
  view.chrome.search_query = view.query;
  view.chrome.noindex = true;  // Result pages are not content of their own.
  AddAccountMenu(view.chrome, context, request);
  if (view.query.empty())
    return HtmlResponse(200, RenderSearch(view), false);

  auto sort = search::ParseSortOrder(request.Query("sort").value_or(""));
  if (!sort) {
    view.error = "Results can be sorted by relevance or by date.";
    return HtmlResponse(400, RenderSearch(view), false);
  }
  view.sort = std::string(search::SortOrderName(*sort));
  std::string cursor = request.Query("cursor").value_or("");
  view.first_page = cursor.empty();
  auto results = search::Search(context.store, view.query,
                                {.limit = kSearchPageSize,
                                 .sort = *sort,
                                 .cursor = cursor,
                                 .now = context.clock.Now(),
                                 .language = context.config.site.language});
  if (!results) {
    if (results.error().code() != core::ErrorCode::kInvalidArgument)
      return ErrorPageFor(context, results.error());
    view.error = results.error().message();  // The parser's messages are written for readers.
    return HtmlResponse(400, RenderSearch(view), false);
  }
  // One report per event: the best placed; the others are under its Full coverage.
  recommend::KeepOnePerCluster(
      results->hits,
      [](const store::SearchHit& hit) -> const core::Article& { return hit.article; });
  for (const store::SearchHit& hit : results->hits) {
    view.results.push_back(SearchResultCard{MakeStoryCard(hit.article, context.config),
                                            SnippetHtml{hit.snippet_html}});
  }
  view.relevance_url = SearchPageUrl(view.query, search::SortOrder::kRelevance, "");
  view.date_url = SearchPageUrl(view.query, search::SortOrder::kDate, "");
  if (!view.first_page)
    view.previous_url = SearchPageUrl(view.query, *sort, "");
  if (!results->next_cursor.empty())
    view.next_url = SearchPageUrl(view.query, *sort, results->next_cursor);
  if (!results->suggestion.empty()) {
    view.suggestion = results->suggestion;
    view.suggestion_url = SearchPageUrl(results->suggestion, *sort, "");
  }
  return HtmlResponse(200, RenderSearch(view), false);
}

Response HandleErrorPage(const SiteContext& context, const Request& /*request*/, int status) {
  // A withdrawn story stays withdrawn; other errors are cheap to render and must not let
  // arbitrary URLs fill the page cache.
  return HtmlResponse(status, RenderError(status, ErrorChrome(context)), status == 410);
}

Response HandleNotFoundPage(const SiteContext& context, const Request& request) {
  return HandleErrorPage(context, request, 404);
}

Response ErrorPageFor(const SiteContext& context, const core::Error& error) {
  int status = HttpStatusFor(error.code());
  if (status >= 500)
    spdlog::error("page failed: {}", error.ToString());
  return HtmlResponse(status, RenderError(status, ErrorChrome(context)), status == 410);
}

namespace {

// What personalises the home page of a signed-in reader: preferred sections first (the
// others hidden), stories on their topics first among the latest, watchlist matches marked.
struct HomePersonalisation {
  std::vector<core::SectionPath> sections;
  std::vector<accounts::WatchEntry> topics;
  std::vector<accounts::WatchEntry> watches;

  bool Watched(const core::Article& a) const {
    return std::any_of(watches.begin(), watches.end(),
                       [&](const auto& w) { return accounts::MatchesWatch(a, w); });
  }
  bool OnTopic(const core::Article& a) const {
    return std::any_of(topics.begin(), topics.end(),
                       [&](const auto& t) { return accounts::MatchesWatch(a, t); });
  }
};

std::optional<HomePersonalisation> PersonalisationFor(const SiteContext& context,
                                                      const Request& request) {
  if (request.viewer == nullptr || context.accounts == nullptr)
    return std::nullopt;
  HomePersonalisation p;
  accounts::Preferences prefs = context.accounts->GetPreferences(*request.viewer);
  p.sections = prefs.sections;
  for (const std::string& topic : prefs.topics) p.topics.push_back({"topic", topic});
  if (auto watches = context.accounts->Watches(*request.viewer)) {
    for (const store::WatchRecord& w : *watches) p.watches.push_back({w.kind, w.value});
  }
  return p;
}

}  // namespace

Response HandleHome(const Request& request, const SiteContext& context) {
  const core::Config& config = context.config;
  store::ArticleQuery recent_query;
  recent_query.limit = kTopStoryCandidates;
  auto recent = context.store.ListArticles(recent_query);
  if (!recent)
    return ErrorPageFor(context, recent.error());

  HomeView view;
  view.chrome = MakeChrome(config, "", core::SectionPath(), CrumbMode::kSectionIsPage);
  view.chrome.canonical_url = "/";
  view.chrome.description =
      fmt::format("{}: the latest stories from the wire agencies.", config.site.name);
  AddAccountMenu(view.chrome, context, request);
  std::optional<HomePersonalisation> personal = PersonalisationFor(context, request);
  auto card = [&](const core::Article& article) {
    StoryCard c = MakeStoryCard(article, config);
    c.watched = personal && personal->Watched(article);
    return c;
  };

  std::vector<core::Article> articles = recent->articles;
  // One report per event in each list, the newest; the others are under its Full coverage.
  recommend::KeepOnePerCluster(articles);
  if (personal && !personal->topics.empty()) {
    std::stable_partition(articles.begin(), articles.end(),
                          [&](const core::Article& a) { return personal->OnTopic(a); });
  }
  std::optional<size_t> top = PickTopStory(articles, context.clock.Now());
  if (top)
    view.top_story = card(articles[*top]);
  for (size_t i = 0; i < articles.size() && view.latest.size() < kHomeLatestCount; ++i) {
    if (top && i == *top)
      continue;
    view.latest.push_back(card(articles[i]));
  }

  std::vector<core::SectionConfig> sections = config.sections;
  if (personal && !personal->sections.empty()) {
    std::vector<core::SectionConfig> chosen;
    for (const core::SectionPath& path : personal->sections) {
      auto it = std::find_if(sections.begin(), sections.end(),
                             [&](const core::SectionConfig& s) { return s.path == path; });
      chosen.push_back(it != sections.end() ? *it : core::SectionConfig{path, ""});
    }
    sections = std::move(chosen);
  }
  for (const core::SectionConfig& section : sections) {
    store::ArticleQuery query;
    query.section = section.path;
    query.limit = kHomeSectionCount;
    auto page = context.store.ListArticles(query);
    if (!page)
      return ErrorPageFor(context, page.error());
    recommend::KeepOnePerCluster(page->articles);
    if (page->articles.empty())
      continue;
    SectionBlock block;
    block.title = config.SectionTitle(section.path);
    block.url = section.path.Url();
    block.anchor = AnchorFor(section.path);
    for (const core::Article& article : page->articles) {
      block.stories.push_back(card(article));
    }
    view.sections.push_back(std::move(block));
  }
  view.most_read = MostReadCards(context, core::SectionPath(), kMostReadOnPage);
  view.recommended = RecommendedCards(context, request, kRecommendedOnHome, std::nullopt);
  return HtmlResponse(200, RenderHome(view), /*cacheable=*/true);
}

Response HandleSection(const Request& request, const SiteContext& context,
                       const core::SectionPath& section) {
  const core::Config& config = context.config;
  if (section.empty())
    return HandleNotFoundPage(context, request);
  std::string cursor = request.Query("cursor").value_or("");

  store::ArticleQuery query;
  query.section = section;
  query.limit = kSectionPageSize;
  query.cursor = cursor;
  auto page = context.store.ListArticles(query);
  if (!page)
    return ErrorPageFor(context, page.error());  // A malformed cursor is 400.

  if (page->articles.empty() && !IsConfigured(config, section)) {
    // Past the last page of a real section is an empty page, not a missing one.
    bool exists = false;
    if (!cursor.empty()) {
      query.cursor.clear();
      query.limit = 1;
      auto first = context.store.ListArticles(query);
      if (!first)
        return ErrorPageFor(context, first.error());
      exists = !first->articles.empty();
    }
    if (!exists)
      return HandleNotFoundPage(context, request);
  }

  recommend::KeepOnePerCluster(page->articles);
  SectionView view;
  view.title = config.SectionTitle(section);
  view.url = section.Url();
  view.chrome = MakeChrome(config, view.title, section, CrumbMode::kSectionIsPage);
  view.chrome.canonical_url = view.url;
  view.chrome.description = fmt::format("The latest {} stories.", view.title);
  AddAccountMenu(view.chrome, context, request);
  for (const core::SectionConfig& s : config.sections) {
    if (!s.path.empty() && s.path.Parent() == section) {
      view.subsections.push_back(Crumb{config.SectionTitle(s.path), s.path.Url(), false});
    }
  }
  for (const core::Article& article : page->articles) {
    StoryCard card = MakeStoryCard(article, config);
    card.show_section = article.section != section;
    view.stories.push_back(std::move(card));
  }
  view.first_page = cursor.empty();
  view.next_cursor = page->next_cursor;
  view.most_read = MostReadCards(context, section, kMostReadOnPage);
  return HtmlResponse(200, RenderSection(view), /*cacheable=*/true);
}

Response HandleArticle(const Request& request, const SiteContext& context, core::ArticleId id,
                       std::string_view slug, const core::SectionPath& section) {
  auto article = VisibleArticle(context, id);
  if (!article)
    return ErrorPageFor(context, article.error());
  if (article->slug != slug || article->section != section)
    return RedirectTo(article->Url());
  ArticleView view = MakeArticleView(*article, context.config);
  // The Updated/Corrected line stands on the article row alone; the history beside it is read
  // from the versions, and a failure to read them costs the reader the list, not the story.
  if (article->version_count > 1) {
    if (auto versions = context.store.GetVersions(id)) {
      view.history = MakeVersionHistory(*versions);
    } else {
      spdlog::warn("version history of article {}: {}", id, versions.error().ToString());
    }
  }
  // Full coverage and related stories are a courtesy: a failure to find them must not cost the
  // reader the story.
  if (article->cluster_id != 0) {
    if (auto members = context.store.ClusterMembers(article->cluster_id, kCoverageOnPage)) {
      for (const core::Article& member : *members) {
        if (member.id != article->id)
          view.coverage.push_back(MakeCoverageEntry(member));
      }
      view.coverage_url = article->Url() + "/coverage";
    } else {
      spdlog::warn("full coverage for article {}: {}", id, members.error().ToString());
    }
  }
  if (context.config.recommend.page_blocks) {
    if (auto related = RelatedTo(context, *article, kRelatedOnPage)) {
      for (const core::Article& other : *related)
        view.related.push_back(MakeStoryCard(other, context.config));
    } else {
      spdlog::warn("related stories for article {}: {}", id, related.error().ToString());
    }
  }
  AddAccountMenu(view.chrome, context, request);
  const accounts::Viewer* viewer = request.viewer.get();
  if (context.accounts != nullptr) {
    auto access = context.accounts->DecideAccess(viewer, *article);
    if (!access)
      return ErrorPageFor(context, access.error());
    view.paywalled = access->access == accounts::Access::kPaywalled;
    if (access->access == accounts::Access::kMetered) {
      int left = std::max(0, access->meter_limit - access->meter_used);
      view.meter_note = fmt::format("Premium story. You have {} free premium {} left this month.",
                                    left, left == 1 ? "story" : "stories");
    }
    if (viewer != nullptr) {
      view.id = article->id;
      view.signed_in = true;
      view.csrf_token = viewer->session.csrf_token;
      view.saved = context.accounts->IsSaved(*viewer, article->id).value_or(false);
      if (!view.paywalled) {
        // A read is worth recording, not worth failing the page for.
        if (auto recorded = context.accounts->RecordRead(*viewer, article->id); !recorded)
          spdlog::warn("recording a read failed: {}", recorded.error().ToString());
      }
      view.recommended = RecommendedCards(context, request, kRecommendedOnArticle, article->id);
    }
  }
  // Anonymous pages (the paywall of a premium story included) are the same for everyone.
  return HtmlResponse(200, RenderArticle(view), /*cacheable=*/viewer == nullptr);
}

Response HandleProvenance(const Request& request, const SiteContext& context, core::ArticleId id,
                          std::string_view slug, const core::SectionPath& section) {
  auto article = VisibleArticle(context, id);
  if (!article)
    return ErrorPageFor(context, article.error());
  if (article->slug != slug || article->section != section) {
    return RedirectTo(article->Url() + "/provenance");
  }
  auto versions = context.store.GetVersions(id);
  if (!versions)
    return ErrorPageFor(context, versions.error());
  ProvenanceView view = MakeProvenanceView(*article, std::move(*versions), context.config);
  AddAccountMenu(view.chrome, context, request);
  return HtmlResponse(200, RenderProvenance(view), /*cacheable=*/true);
}

Response HandleCoverage(const Request& request, const SiteContext& context, core::ArticleId id,
                        std::string_view slug, const core::SectionPath& section) {
  auto article = VisibleArticle(context, id);
  if (!article)
    return ErrorPageFor(context, article.error());
  if (article->slug != slug || article->section != section)
    return RedirectTo(article->Url() + "/coverage");
  std::vector<core::Article> members;
  if (article->cluster_id != 0) {
    auto found = context.store.ClusterMembers(article->cluster_id, kCoverageOnPage);
    if (!found)
      return ErrorPageFor(context, found.error());
    members = std::move(*found);
  }
  if (std::none_of(members.begin(), members.end(),
                   [&](const core::Article& m) { return m.id == article->id; })) {
    members.insert(members.begin(), *article);  // A story alone is its own coverage.
  }
  std::map<core::ArticleId, std::vector<HistoryEntry>> histories;
  for (const core::Article& member : members) {
    if (member.version_count < 2)
      continue;
    auto versions = context.store.GetVersions(member.id);
    if (!versions)
      return ErrorPageFor(context, versions.error());
    histories[member.id] = MakeVersionHistory(*versions);
  }
  CoverageView view = MakeCoverageView(*article, members, histories, context.config);
  AddAccountMenu(view.chrome, context, request);
  return HtmlResponse(200, RenderCoverage(view), /*cacheable=*/true);
}

}  // namespace wiredesk::web
