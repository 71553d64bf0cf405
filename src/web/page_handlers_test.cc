#include "web/page_handlers.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "core/text.h"
#include "store/store.h"
#include "store/testing/temp_dir.h"
#include "web/metrics.h"
#include "web/page_cache.h"
#include "web/views.h"

namespace wiredesk::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const core::TimePoint kNow = *core::ParseRfc3339("2026-11-30T20:00:00Z");

core::SectionPath Path(std::string_view text) { return *core::SectionPath::Parse(text); }

// A decider like ingest's, reduced to what these tests need: create, supersede, kill.
store::VersionDecider Decide(store::VersionAction action, core::VersionChange change) {
  return [action, change](const std::optional<store::CurrentVersion>&) {
    return store::VersionDecision{action, change, ""};
  };
}

struct Story {
  Story(std::string guid, std::string headline, std::string section = "news/world",
        std::chrono::minutes age = std::chrono::minutes(60),
        std::optional<int> urgency = std::nullopt)
      : guid(std::move(guid)),
        headline(std::move(headline)),
        section(std::move(section)),
        age(age),
        urgency(urgency) {}

  std::string guid;
  std::string headline;
  std::string section;
  std::chrono::minutes age;  // How long before kNow it was published.
  std::optional<int> urgency;
  int64_t rank = 1;
  std::string source = "test-wire";
};

store::IncomingVersion VersionOf(const Story& story) {
  store::IncomingVersion v;
  v.source = story.source;
  v.source_kind = core::SourceKind::kWire;
  v.item.guid = story.guid;
  v.item.version = story.rank;
  v.item.headline = story.headline;
  v.item.byline = "By Test Reporter";
  v.item.summary = "<p>Summary of " + story.headline + ".</p>";
  v.item.body_html = "<p>Body of <em>" + story.headline + "</em>.</p>";
  v.item.body_text_sha256 = core::Sha256Hex(story.headline);
  v.item.urgency = story.urgency;
  v.item.published = kNow - story.age;
  v.rank = story.rank;
  v.section = Path(story.section);
  v.received_at = kNow - story.age + std::chrono::minutes(story.rank);
  v.stored_body_text_sha256 = core::Sha256Hex(story.headline);
  return v;
}

class PageHandlersTest : public ::testing::Test {
 protected:
  PageHandlersTest() : clock_(kNow), cache_(64), metrics_(std::vector<std::string>{"page"}) {}

  void SetUp() override {
    ASSERT_TRUE(LoadTemplates());
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = std::move(*config);
    auto store = store::OpenStore("sqlite:" + dir_.File("wiredesk.db"));
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    context_ = std::make_unique<SiteContext>(
        SiteContext{*store_, config_, clock_, cache_, metrics_, nullptr});
  }

  core::ArticleId Publish(const Story& story) {
    auto outcome = store_->WriteVersion(
        VersionOf(story), Decide(store::VersionAction::kCreate, core::VersionChange::kPublish));
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  void Write(const Story& story, store::VersionAction action, core::VersionChange change) {
    auto outcome = store_->WriteVersion(VersionOf(story), Decide(action, change));
    ASSERT_TRUE(outcome) << outcome.error().ToString();
  }

  core::Article Load(core::ArticleId id) {
    auto article = store_->GetArticle(id);
    EXPECT_TRUE(article) << article.error().ToString();
    return article ? *article : core::Article{};
  }

  static Request Get(std::string path) {
    Request request;
    request.path = path;
    request.target = std::move(path);
    return request;
  }

  Response Article(core::ArticleId id) {
    core::Article a = Load(id);
    return HandleArticle(Get(a.Url()), *context_, id, a.slug, a.section);
  }

  static std::string Body(const Response& response) { return *response.body; }

  static std::optional<std::string> Header(const Response& response, std::string_view name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name)
        return value;
    }
    return std::nullopt;
  }

  // The part of `html` between `from` and the next `to`.
  static std::string Between(const std::string& html, std::string_view from, std::string_view to) {
    size_t start = html.find(from);
    if (start == std::string::npos)
      return "";
    size_t end = html.find(to, start);
    return html.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_;
  PageCache cache_;
  Metrics metrics_;
  core::Config config_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<SiteContext> context_;
};

TEST_F(PageHandlersTest, HomeShowsTopStoryLatestAndSectionBlocks) {
  Publish({"g-old-flash", "Old flash", "news/world", std::chrono::hours(30), 1});
  core::ArticleId urgent =
      Publish({"g-urgent", "Urgent harbour closure", "news/world", std::chrono::hours(3), 2});
  Publish({"g-less", "Less urgent", "markets", std::chrono::hours(2), 4});
  Publish({"g-plain", "Plain latest story", "companies", std::chrono::minutes(10)});

  Response response = HandleHome(Get("/"), *context_);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.cacheable);
  std::string html = Body(response);

  // The lowest urgency number of the last day wins over newer stories; the older flash is
  // outside the window.
  std::string top = Between(html, "class=\"top-story\"", "</section>");
  EXPECT_THAT(top, HasSubstr("href=\"" + Load(urgent).Url() + "\">Urgent harbour closure</a>"));

  std::string latest = Between(html, "id=\"latest-heading\"", "</section>");
  EXPECT_THAT(latest, HasSubstr("Plain latest story"));
  EXPECT_THAT(latest, HasSubstr("Less urgent"));
  EXPECT_THAT(latest, HasSubstr("Old flash"));
  EXPECT_THAT(latest, Not(HasSubstr("Urgent harbour closure")));
  EXPECT_LT(latest.find("Plain latest story"), latest.find("Less urgent"));

  // Blocks for configured sections that have stories, in config order; none for empty ones.
  size_t world = html.find("id=\"section-news-world\"");
  size_t markets = html.find("id=\"section-markets\"");
  size_t companies = html.find("id=\"section-companies\"");
  ASSERT_NE(world, std::string::npos);
  ASSERT_NE(markets, std::string::npos);
  ASSERT_NE(companies, std::string::npos);
  EXPECT_LT(world, markets);
  EXPECT_LT(markets, companies);
  EXPECT_THAT(html, Not(HasSubstr("id=\"section-technology\"")));
  EXPECT_THAT(html, Not(HasSubstr("id=\"section-news-india\"")));
}

TEST_F(PageHandlersTest, HomeTopStoryIsTheLatestWhenNoneIsUrgent) {
  Publish({"g-1", "Older story", "news/world", std::chrono::hours(2)});
  Publish({"g-2", "Newest story", "markets", std::chrono::minutes(5)});
  std::string html = Body(HandleHome(Get("/"), *context_));
  EXPECT_THAT(Between(html, "class=\"top-story\"", "</section>"), HasSubstr("Newest story"));
}

TEST_F(PageHandlersTest, HomeLimitsLatestAndSectionBlocks) {
  for (int i = 0; i < 14; ++i) {
    Publish({"g-" + std::to_string(i), "World story " + std::to_string(i), "news/world",
             std::chrono::minutes(10 + i)});
  }
  std::string html = Body(HandleHome(Get("/"), *context_));
  std::string latest = Between(html, "id=\"latest-heading\"", "</section>");
  size_t count = 0;
  for (size_t pos = latest.find("class=\"story\""); pos != std::string::npos;
       pos = latest.find("class=\"story\"", pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, static_cast<size_t>(kHomeLatestCount));
  std::string block = Between(html, "id=\"section-news-world\"", "</section>");
  count = 0;
  for (size_t pos = block.find("class=\"story\""); pos != std::string::npos;
       pos = block.find("class=\"story\"", pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, static_cast<size_t>(kHomeSectionCount));
}

TEST_F(PageHandlersTest, EmptyHomeRendersAndSaysSo) {
  Response response = HandleHome(Get("/"), *context_);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(Body(response), HasSubstr("No stories yet"));
}

TEST_F(PageHandlersTest, SectionListsItsStoriesWithBreadcrumbs) {
  core::ArticleId world = Publish({"g-w", "Veloria opens its harbour", "news/world"});
  Publish({"g-c", "Northwind Mills lifts forecast", "companies"});
  Response response = HandleSection(Get("/news/world/"), *context_, Path("news/world"));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.cacheable);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("href=\"" + Load(world).Url() + "\">Veloria opens its harbour</a>"));
  EXPECT_THAT(html, Not(HasSubstr("Northwind Mills")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/news/world/\" aria-current=\"page\">World</a></li>"));
  EXPECT_THAT(html, HasSubstr("<li><a href=\"/news/\">News</a></li>"));

  // A parent section lists the stories below it, labelled with their section.
  std::string news = Body(HandleSection(Get("/news/"), *context_, Path("news")));
  EXPECT_THAT(news, HasSubstr("Veloria opens its harbour"));
  EXPECT_THAT(news, HasSubstr("class=\"story__section\" href=\"/news/world/\">World</a>"));
}

TEST_F(PageHandlersTest, SectionPagesFollowTheCursor) {
  for (int i = 0; i < kSectionPageSize + 5; ++i) {
    Publish({"g-" + std::to_string(i), "Story number " + std::to_string(i), "news/world",
             std::chrono::minutes(5 + i)});
  }
  std::string first = Body(HandleSection(Get("/news/world/"), *context_, Path("news/world")));
  EXPECT_THAT(first, HasSubstr("Story number 0<"));
  EXPECT_THAT(first, Not(HasSubstr("Story number 24<")));
  const std::string marker = "href=\"?cursor=";
  size_t at = first.find(marker);
  ASSERT_NE(at, std::string::npos);
  size_t end = first.find('"', at + marker.size());
  std::string cursor = first.substr(at + marker.size(), end - at - marker.size());
  ASSERT_FALSE(cursor.empty());
  // The store's cursors are base64url, which the page leaves as it is (no decoding needed).
  ASSERT_EQ(cursor.find('%'), std::string::npos) << cursor;

  Request next = Get("/news/world/?cursor=" + cursor);
  next.query.emplace("cursor", cursor);
  Response second = HandleSection(next, *context_, Path("news/world"));
  EXPECT_EQ(second.status, 200);
  std::string html = Body(second);
  EXPECT_THAT(html, HasSubstr("Story number 24<"));
  EXPECT_THAT(html, Not(HasSubstr("Story number 0<")));
  EXPECT_THAT(html, HasSubstr("Newest stories"));
  EXPECT_THAT(html, Not(HasSubstr("Older stories")));
}

TEST_F(PageHandlersTest, SearchPagesFollowNextPageLinksInEitherOrder) {
  for (int i = 0; i < kSearchPageSize + 5; ++i) {
    Publish({"s-" + std::to_string(i), "Storm report " + std::to_string(i), "news/world",
             std::chrono::minutes(5 + i)});
  }
  auto search = [this](std::string target, std::string q, std::string sort, std::string cursor) {
    Request request = Get(std::move(target));
    request.query.emplace("q", std::move(q));
    if (!sort.empty())
      request.query.emplace("sort", std::move(sort));
    if (!cursor.empty())
      request.query.emplace("cursor", std::move(cursor));
    return HandleSearch(request, *context_);
  };
  // The link a page carries after `marker` up to the closing quote, &amp; undone.
  auto link = [](const std::string& html, std::string_view marker) {
    size_t at = html.find(marker);
    if (at == std::string::npos)
      return std::string();
    size_t end = html.find('"', at + marker.size());
    std::string href = html.substr(at + marker.size(), end - at - marker.size());
    for (size_t amp; (amp = href.find("&amp;")) != std::string::npos;) href.replace(amp, 5, "&");
    return href;
  };
  for (std::string sort : {"", "date"}) {
    Response first = search("/search", "storm", sort, "");
    ASSERT_EQ(first.status, 200);
    std::string html = Body(first);
    EXPECT_THAT(html, HasSubstr(sort.empty() ? "sort by date" : "sort by relevance"));
    std::string next = link(html, "<a class=\"pagination__link pagination__link--older\" href=\"");
    ASSERT_FALSE(next.empty()) << sort;
    const std::string prefix =
        "/search?q=storm" + (sort.empty() ? "" : "&sort=" + sort) + "&cursor=";
    ASSERT_EQ(next.rfind(prefix, 0), 0u) << next;
    if (sort == "date") {
      EXPECT_THAT(html, HasSubstr("Storm report 0<"));  // The newest.
      EXPECT_THAT(html, Not(HasSubstr("Storm report 24<")));
    }
    Response second = search(next, "storm", sort, next.substr(prefix.size()));
    ASSERT_EQ(second.status, 200) << Body(second);
    std::string later = Body(second);
    EXPECT_THAT(later, HasSubstr("First results"));
    EXPECT_THAT(later, Not(HasSubstr("Next page")));
    int shown = 0;
    for (int i = 0; i < kSearchPageSize + 5; ++i) {
      std::string headline = "Storm report " + std::to_string(i) + "<";
      shown +=
          (html.find(headline) != std::string::npos) + (later.find(headline) != std::string::npos);
      EXPECT_NE(html.find(headline) == std::string::npos, later.find(headline) == std::string::npos)
          << headline << " on exactly one page (" << sort << ")";
    }
    EXPECT_EQ(shown, kSearchPageSize + 5);
  }
}

TEST_F(PageHandlersTest, SearchWithoutResultsSuggestsASpelling) {
  Publish({"s-1", "Storm report", "news/world"});
  Request request = Get("/search");
  request.query.emplace("q", "strom");
  Response response = HandleSearch(request, *context_);
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(Body(response), HasSubstr("No stories match"));
  EXPECT_THAT(Body(response), HasSubstr("Did you mean <a href=\"/search?q=storm\">storm</a>?"));
  request.query.erase("q");
  request.query.emplace("q", "storm");
  EXPECT_THAT(Body(HandleSearch(request, *context_)), Not(HasSubstr("Did you mean")));
}

TEST_F(PageHandlersTest, QueriesAreStemmedInTheSiteLanguage) {
  store::IncomingVersion german = VersionOf({"de-1", "Neue H\u00e4user am Hafen"});
  german.item.language = "de";
  ASSERT_TRUE(store_->WriteVersion(
      german, Decide(store::VersionAction::kCreate, core::VersionChange::kPublish)));
  auto search = [this](std::string q) {
    Request request = Get("/search");
    request.query.emplace("q", std::move(q));
    return Body(HandleSearch(request, *context_));
  };
  // "Häusern" shares its German stem with "Häuser"; as English it is a word of its own.
  EXPECT_THAT(search("H\u00e4usern"), HasSubstr("No stories match"));
  EXPECT_THAT(search("H\u00e4usern"), HasSubstr("<html lang=\"en\""));
  config_.site.language = "de";
  EXPECT_THAT(search("H\u00e4usern"), HasSubstr("am Hafen"));
  EXPECT_THAT(search("H\u00e4usern"), HasSubstr("<html lang=\"de\""));
  // A reader's lang: still wins.
  EXPECT_THAT(search("H\u00e4usern lang:en"), HasSubstr("No stories match"));
}

TEST_F(PageHandlersTest, SearchShowsWhyAFilterOrSortIsWrong) {
  Publish({"s-1", "Storm report", "news/world"});
  auto search = [this](std::string q, std::string sort, std::string cursor) {
    Request request = Get("/search");
    request.query.emplace("q", std::move(q));
    if (!sort.empty())
      request.query.emplace("sort", std::move(sort));
    if (!cursor.empty())
      request.query.emplace("cursor", std::move(cursor));
    return HandleSearch(request, *context_);
  };
  Response bad_date = search("storm after:2026-02-30", "", "");
  EXPECT_EQ(bad_date.status, 400);
  EXPECT_FALSE(bad_date.cacheable);
  EXPECT_THAT(Body(bad_date), HasSubstr("after: needs a date written YYYY-MM-DD"));
  EXPECT_THAT(Body(search("storm lang:english", "", "")), HasSubstr("lang: needs a language"));
  EXPECT_EQ(search("storm", "newest", "").status, 400);
  EXPECT_THAT(Body(search("storm", "newest", "")), HasSubstr("by relevance or by date"));
  EXPECT_EQ(search("storm", "", "zz").status, 400);
  Response filtered =
      search("storm source:test-wire author:reporter before:2026-12-01", "date", "");
  EXPECT_EQ(filtered.status, 200);
  EXPECT_THAT(Body(filtered), HasSubstr("Storm report<"));
  EXPECT_THAT(Body(search("storm after:2026-12-01", "", "")), HasSubstr("No stories match"));
}

TEST_F(PageHandlersTest, SectionWithMalformedCursorIs400) {
  Publish({"g-1", "A story", "news/world"});
  Request request = Get("/news/world/?cursor=%21%21");
  request.query.emplace("cursor", "!!not a cursor");
  Response response = HandleSection(request, *context_, Path("news/world"));
  EXPECT_EQ(response.status, 400);
  EXPECT_FALSE(response.cacheable);
  EXPECT_THAT(Body(response), HasSubstr("Bad request"));
}

TEST_F(PageHandlersTest, SectionExistsIfConfiguredOrPublished) {
  Publish({"g-s", "Cup final tonight", "sport/football"});
  Response unknown = HandleSection(Get("/nowhere/"), *context_, Path("nowhere"));
  EXPECT_EQ(unknown.status, 404);
  EXPECT_FALSE(unknown.cacheable);
  EXPECT_THAT(Body(unknown), HasSubstr("Page not found"));

  Response configured_empty = HandleSection(Get("/technology/"), *context_, Path("technology"));
  EXPECT_EQ(configured_empty.status, 200);
  EXPECT_THAT(Body(configured_empty), HasSubstr("No stories have been published in Technology"));

  Response unconfigured = HandleSection(Get("/sport/"), *context_, Path("sport"));
  EXPECT_EQ(unconfigured.status, 200);
  EXPECT_THAT(Body(unconfigured), HasSubstr("Cup final tonight"));
  EXPECT_THAT(Body(unconfigured), HasSubstr("<h1 class=\"page-header__title\">Sport</h1>"));
}

TEST_F(PageHandlersTest, ArticlePageRendersTheStory) {
  core::ArticleId id = Publish({"g-a", "Ministers meet in Geneva", "news/world"});
  Response response = Article(id);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.cacheable);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("<h1 class=\"article__headline\">Ministers meet in Geneva</h1>"));
  EXPECT_THAT(html, HasSubstr("<p>Body of <em>Ministers meet in Geneva</em>.</p>"));
  EXPECT_THAT(html,
              HasSubstr("Published from a wire agency feed without modifications to the text."));
  EXPECT_THAT(html, HasSubstr("href=\"" + Load(id).Url() + "/provenance\">Provenance</a>"));
}

TEST_F(PageHandlersTest, ArticlePageListsRelatedStoriesOnlyWhenThereAreSome) {
  core::ArticleId id = Publish({"g-a", "Ministers meet in Geneva", "news/world"});
  EXPECT_THAT(Body(Article(id)), Not(HasSubstr("Related stories")));
  core::ArticleId other = Publish({"g-b", "Geneva ministers agree on talks", "news/world"});
  Publish({"g-c", "Harvest forecast cut", "business"});
  // An archive of other news, so that words have their usual rarity.
  for (std::string topic : {"Rail strike", "Oil prices", "Chess final", "Flood warning"}) {
    Publish({"g-" + topic, topic + " today", "news"});
  }
  std::string related = Between(Body(Article(id)), "<aside class=\"related\"", "</aside>");
  EXPECT_THAT(related, HasSubstr("Related stories"));
  EXPECT_THAT(related, HasSubstr("href=\"" + Load(other).Url() + "\">Geneva ministers agree"));
  EXPECT_THAT(related, Not(HasSubstr("Harvest")));
}

TEST_F(PageHandlersTest, UpdatedArticleSaysSo) {
  Story story{"g-u", "Talks resume", "news/world"};
  core::ArticleId id = Publish(story);
  story.rank = 2;
  Write(story, store::VersionAction::kSupersede, core::VersionChange::kCorrection);
  std::string html = Body(Article(id));
  EXPECT_THAT(html, HasSubstr("<strong>Corrected</strong>"));
}

TEST_F(PageHandlersTest, UpdatedArticleShowsItsVersionHistory) {
  Story story{"g-h", "Talks resume", "news/world"};
  core::ArticleId id = Publish(story);
  EXPECT_THAT(Body(Article(id)), Not(HasSubstr("Version history")));  // Never changed.

  story.rank = 2;
  story.headline = "Talks resume in Geneva";
  Write(story, store::VersionAction::kSupersede, core::VersionChange::kUpdate);
  story.rank = 3;
  story.headline = "Talks resume in Geneva, minister says";
  store::IncomingVersion correction = VersionOf(story);
  correction.item.ednote = "Corrects the minister's name in paragraph 2.";
  ASSERT_TRUE(store_->WriteVersion(
      correction, Decide(store::VersionAction::kSupersede, core::VersionChange::kCorrection)));

  std::string html = Body(Article(id));
  std::string history = Between(html, "<section class=\"version-history\"", "</section>");
  ASSERT_FALSE(history.empty()) << html;
  EXPECT_THAT(history, HasSubstr("<h2 id=\"version-history-heading\""));
  // Newest first: the correction with its note, the update, then the first publication.
  size_t corrected = history.find("<strong class=\"version-history__change\">Corrected</strong>");
  size_t updated = history.find("<strong class=\"version-history__change\">Updated</strong>");
  size_t published = history.find("<strong class=\"version-history__change\">Published</strong>");
  ASSERT_NE(corrected, std::string::npos);
  ASSERT_NE(updated, std::string::npos);
  ASSERT_NE(published, std::string::npos);
  EXPECT_LT(corrected, updated);
  EXPECT_LT(updated, published);
  EXPECT_THAT(history, HasSubstr("version-history__entry--correction"));
  EXPECT_THAT(history, HasSubstr("Talks resume in Geneva, minister says</span>"));
  EXPECT_THAT(history, HasSubstr("<span class=\"version-history__headline\">Talks resume</span>"));
  EXPECT_THAT(history, HasSubstr("Note: Corrects the minister&#39;s name in paragraph 2."));
  // Each entry carries the time its version arrived.
  const std::string first_time = core::FormatRfc3339(VersionOf({"g-h", "x"}).received_at);
  EXPECT_THAT(history, HasSubstr("datetime=\"" + first_time + "\""));
}

TEST_F(PageHandlersTest, UnknownArticleIs404) {
  Response response =
      HandleArticle(Get("/news/world/nothing-999"), *context_, 999, "nothing", Path("news/world"));
  EXPECT_EQ(response.status, 404);
  EXPECT_FALSE(response.cacheable);
  EXPECT_THAT(Body(response), HasSubstr("Page not found"));

  EXPECT_EQ(HandleArticle(Get("/news/x-0"), *context_, 0, "x", Path("news")).status, 404);
  EXPECT_EQ(HandleArticle(Get("/news/x--5"), *context_, -5, "x", Path("news")).status, 404);
}

TEST_F(PageHandlersTest, KilledArticleIs410AndLeavesTheLists) {
  Story story{"g-k", "Ministers meet in Port Amber", "news/world"};
  core::ArticleId id = Publish(story);
  story.rank = 2;
  Write(story, store::VersionAction::kKill, core::VersionChange::kKill);

  core::Article killed = Load(id);
  Response response = HandleArticle(Get(killed.Url()), *context_, id, killed.slug, killed.section);
  EXPECT_EQ(response.status, 410);
  EXPECT_TRUE(response.cacheable);
  EXPECT_THAT(Body(response), HasSubstr("This story has been withdrawn"));
  EXPECT_THAT(Body(response), HasSubstr("The wire agency that supplied this story withdrew it."));
  EXPECT_THAT(Body(response), Not(HasSubstr("Ministers meet in Port Amber")));

  EXPECT_EQ(HandleProvenance(Get(killed.Url() + "/provenance"), *context_, id, killed.slug,
                             killed.section)
                .status,
            410);
  EXPECT_THAT(Body(HandleHome(Get("/"), *context_)), Not(HasSubstr("Port Amber")));
  EXPECT_THAT(Body(HandleSection(Get("/news/world/"), *context_, Path("news/world"))),
              Not(HasSubstr("Port Amber")));
}

TEST_F(PageHandlersTest, WithheldAndEmbargoedArticlesAre404) {
  core::ArticleId withheld = 0;
  {
    auto outcome = store_->WriteVersion(
        VersionOf({"g-w", "Withheld story"}),
        Decide(store::VersionAction::kCreateWithheld, core::VersionChange::kWithhold));
    ASSERT_TRUE(outcome) << outcome.error().ToString();
    withheld = outcome->article_id;
  }
  store::IncomingVersion embargoed_version = VersionOf({"g-e", "Embargoed story"});
  embargoed_version.item.embargo = kNow + std::chrono::hours(2);
  auto outcome = store_->WriteVersion(
      embargoed_version, Decide(store::VersionAction::kCreate, core::VersionChange::kPublish));
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  core::ArticleId embargoed = outcome->article_id;

  for (core::ArticleId id : {withheld, embargoed}) {
    core::Article a = Load(id);
    ASSERT_NE(a.state, core::ArticleState::kPublished);
    Response response = HandleArticle(Get(a.Url()), *context_, id, a.slug, a.section);
    EXPECT_EQ(response.status, 404);
    EXPECT_THAT(Body(response), Not(HasSubstr(a.headline)));
    EXPECT_EQ(HandleProvenance(Get(a.Url()), *context_, id, a.slug, a.section).status, 404);
  }
}

TEST_F(PageHandlersTest, WrongSlugOrSectionRedirectsToTheCanonicalUrl) {
  core::ArticleId id = Publish({"g-r", "Harbour reopens", "news/world"});
  core::Article a = Load(id);

  Response slug =
      HandleArticle(Get("/news/world/old-slug-1"), *context_, id, "old-slug", a.section);
  EXPECT_EQ(slug.status, 301);
  EXPECT_EQ(Header(slug, "Location"), a.Url());

  Response section = HandleArticle(Get("/markets/x"), *context_, id, a.slug, Path("markets"));
  EXPECT_EQ(section.status, 301);
  EXPECT_EQ(Header(section, "Location"), a.Url());

  Response provenance = HandleProvenance(Get("/news/wrong"), *context_, id, "wrong", Path("news"));
  EXPECT_EQ(provenance.status, 301);
  EXPECT_EQ(Header(provenance, "Location"), a.Url() + "/provenance");
}

TEST_F(PageHandlersTest, ProvenanceListsEveryVersion) {
  Story story{"urn:test:prov", "Ministers meet", "news/world"};
  core::ArticleId id = Publish(story);
  story.rank = 2;
  story.headline = "Ministers meet again";
  Write(story, store::VersionAction::kSupersede, core::VersionChange::kUpdate);
  core::Article a = Load(id);

  Response response =
      HandleProvenance(Get(a.Url() + "/provenance"), *context_, id, a.slug, a.section);
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.cacheable);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("urn:test:prov"));
  EXPECT_THAT(html, HasSubstr("test-wire"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td>Publish</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">2</td><td>Update</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Ministers meet</td>"));
  EXPECT_THAT(html, HasSubstr("<td>Ministers meet again</td>"));
  EXPECT_THAT(html, HasSubstr("verdict--match\">Yes</strong>"));
}

TEST_F(PageHandlersTest, NotFoundAndErrorPages) {
  Response missing = HandleNotFoundPage(*context_, Get("/no/such/page"));
  EXPECT_EQ(missing.status, 404);
  EXPECT_FALSE(missing.cacheable);
  EXPECT_THAT(Body(missing), HasSubstr("Page not found"));
  EXPECT_EQ(missing.content_type, "text/html; charset=utf-8");

  Response method = HandleErrorPage(*context_, Get("/"), 405);
  EXPECT_EQ(method.status, 405);
  EXPECT_THAT(Body(method), HasSubstr("Method not allowed"));

  Response internal =
      ErrorPageFor(*context_, core::Error(core::ErrorCode::kInternal, "secret sql detail"));
  EXPECT_EQ(internal.status, 500);
  EXPECT_FALSE(internal.cacheable);
  EXPECT_THAT(Body(internal), Not(HasSubstr("secret sql detail")));
}

// Story clusters are made at ingest (recommend/story_clusters.h); pages only read them, so
// these tests put stories in one cluster by hand.
TEST_F(PageHandlersTest, ArticlePageShowsFullCoverageWithTheOtherSources) {
  core::ArticleId first =
      Publish({"g-a", "Harbour closed at Port Amber", "news/world", std::chrono::hours(3)});
  Story other{"g-b", "Storm shuts Port Amber harbour", "news/world", std::chrono::hours(2)};
  other.source = "other-agency";
  const core::ArticleId second = Publish(other);
  Story killed_story{"g-c", "Port Amber storm kills power", "news/world", std::chrono::hours(1)};
  core::ArticleId killed = Publish(killed_story);
  core::ArticleId alone = Publish({"g-d", "Unrelated market story", "markets"});
  for (core::ArticleId id : {first, second, killed})
    ASSERT_TRUE(store_->SetArticleCluster(id, first));
  killed_story.rank = 2;
  Write(killed_story, store::VersionAction::kKill, core::VersionChange::kKill);

  std::string coverage = Between(Body(Article(first)), "id=\"coverage-heading\"", "</aside>");
  const core::Article b = Load(second);
  EXPECT_THAT(coverage, HasSubstr("href=\"" + b.Url() + "\">Storm shuts Port Amber harbour</a>"));
  EXPECT_THAT(coverage, HasSubstr("other-agency"));
  EXPECT_THAT(coverage, HasSubstr("href=\"" + b.Url() + "/provenance\">Provenance</a>"));
  EXPECT_THAT(coverage, HasSubstr("Published from a wire agency feed without modifications"));
  EXPECT_THAT(coverage, Not(HasSubstr("Harbour closed at Port Amber")));  // Itself.
  EXPECT_THAT(coverage, Not(HasSubstr("kills power")));                   // Killed.

  // The other member links back; a story alone in its cluster has no block.
  EXPECT_THAT(Between(Body(Article(second)), "id=\"coverage-heading\"", "</aside>"),
              HasSubstr("Harbour closed at Port Amber"));
  EXPECT_THAT(Body(Article(alone)), Not(HasSubstr("Full coverage")));
}

TEST_F(PageHandlersTest, CoveragePageListsEveryReportWithItsVersions) {
  core::ArticleId first =
      Publish({"g-a", "Harbour closed at Port Amber", "news/world", std::chrono::hours(3)});
  Story other{"g-b", "Storm shuts Port Amber harbour", "news/world", std::chrono::hours(2)};
  other.source = "other-agency";
  const core::ArticleId second = Publish(other);
  other.rank = 2;
  other.headline = "Storm shuts Port Amber harbour for a second day";
  Write(other, store::VersionAction::kSupersede, core::VersionChange::kUpdate);
  core::ArticleId alone = Publish({"g-d", "Unrelated market story", "markets"});
  ASSERT_TRUE(store_->SetArticleCluster(first, first));
  ASSERT_TRUE(store_->SetArticleCluster(second, first));

  const core::Article a = Load(first);
  EXPECT_THAT(Body(Article(first)), HasSubstr("href=\"" + a.Url() + "/coverage\""));
  Response response =
      HandleCoverage(Get(a.Url() + "/coverage"), *context_, first, a.slug, a.section);
  EXPECT_EQ(response.status, 200);
  std::string html = Body(response);
  EXPECT_THAT(html, HasSubstr("2 reports of this story"));
  size_t own = html.find("Harbour closed at Port Amber</a> <span class=\"coverage__current\">");
  size_t later = html.find("Storm shuts Port Amber harbour for a second day</a>");
  ASSERT_NE(own, std::string::npos);
  ASSERT_NE(later, std::string::npos);
  EXPECT_LT(own, later);  // Oldest first.
  EXPECT_THAT(html, HasSubstr("other-agency"));
  EXPECT_THAT(html, HasSubstr("href=\"" + Load(second).Url() + "/provenance\""));
  // The updated report's versions, newest first.
  std::string history = Between(html, "version-history__list", "</ol>");
  EXPECT_LT(history.find("Storm shuts Port Amber harbour for a second day"),
            history.find("Storm shuts Port Amber harbour</span>"));

  // A story alone is its own coverage; a wrong slug redirects.
  const core::Article b = Load(alone);
  EXPECT_THAT(Body(HandleCoverage(Get(b.Url() + "/coverage"), *context_, alone, b.slug, b.section)),
              HasSubstr("One report of this story"));
  EXPECT_EQ(HandleCoverage(Get("/x"), *context_, first, "wrong", a.section).status, 301);
}

TEST_F(PageHandlersTest, ListsShowOneStoryPerCluster) {
  core::ArticleId first =
      Publish({"g-a", "Harbour closed at Port Amber", "news/world", std::chrono::hours(3)});
  core::ArticleId second =
      Publish({"g-b", "Storm shuts Port Amber harbour", "news/world", std::chrono::hours(2)});
  Publish({"g-c", "Ministers meet in Veloria", "news/world", std::chrono::hours(1)});
  ASSERT_TRUE(store_->SetArticleCluster(first, first));
  ASSERT_TRUE(store_->SetArticleCluster(second, first));

  // The newest report of the cluster stands for it.
  std::string section = Body(HandleSection(Get("/news/world/"), *context_, Path("news/world")));
  EXPECT_THAT(section, HasSubstr("Storm shuts Port Amber harbour"));
  EXPECT_THAT(section, HasSubstr("Ministers meet in Veloria"));
  EXPECT_THAT(section, Not(HasSubstr("Harbour closed at Port Amber")));

  std::string home = Body(HandleHome(Get("/"), *context_));
  std::string latest = Between(home, "class=\"top-story\"", "id=\"section-");
  EXPECT_THAT(latest, HasSubstr("Storm shuts Port Amber harbour"));
  EXPECT_THAT(latest, Not(HasSubstr("Harbour closed at Port Amber")));
  std::string block = Between(home, "id=\"section-news-world\"", "</section>");
  EXPECT_THAT(block, HasSubstr("Storm shuts Port Amber harbour"));
  EXPECT_THAT(block, Not(HasSubstr("Harbour closed at Port Amber")));

  Request request = Get("/search");
  request.query.emplace("q", "amber harbour");
  std::string search = Body(HandleSearch(request, *context_));
  const bool shows_first = search.find("Harbour closed at Port Amber") != std::string::npos;
  const bool shows_second = search.find("Storm shuts Port Amber harbour") != std::string::npos;
  EXPECT_TRUE(shows_first || shows_second);
  EXPECT_FALSE(shows_first && shows_second);
}

}  // namespace
}  // namespace wiredesk::web
