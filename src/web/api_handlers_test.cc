#include "web/api_handlers.h"

#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "web/metrics.h"
#include "web/page_cache.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

namespace json = boost::json;
using store::VersionAction;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);  // 2023-11-14T22:13:20Z

store::VersionDecider Decide(VersionAction action,
                             core::VersionChange change = core::VersionChange::kPublish) {
  return [action, change](const std::optional<store::CurrentVersion>&) {
    return store::VersionDecision{action, change, ""};
  };
}

class ApiHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    context_ = std::make_unique<SiteContext>(
        SiteContext{*store_, config_, clock_, cache_, metrics_, nullptr});
  }

  store::IncomingVersion Version(const std::string& guid, int64_t rank, const std::string& headline,
                                 std::string_view section = "news") {
    store::IncomingVersion v;
    v.source = "sample-wire";
    v.item.guid = guid;
    v.item.version = rank;
    v.item.headline = headline;
    v.item.byline = "By A. Reporter";
    v.item.summary = "<p>Summary of " + headline + "</p>";
    v.item.body_html = "<p>" + headline + " body</p>";
    v.item.body_text_sha256 = "hash-" + headline;
    v.item.language = "en";
    v.item.published = kT0 + std::chrono::seconds(rank);
    v.item.subjects = {{"World", "medtop:11000000", "http://cv.iptc.org/newscodes/mediatopic/"}};
    v.rank = rank;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = kT0 + std::chrono::hours(1);
    v.stored_body_text_sha256 = "hash-" + headline;
    return v;
  }

  core::ArticleId Create(const std::string& guid, const std::string& headline,
                         std::string_view section = "news", int64_t rank = 1) {
    auto outcome = store_->WriteVersion(Version(guid, rank, headline, section),
                                        Decide(VersionAction::kCreate));
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  Request Get(std::string target) {
    Request request;
    request.target = target;
    size_t q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string query = target.substr(q + 1);
      size_t start = 0;
      while (start <= query.size()) {
        size_t amp = query.find('&', start);
        std::string pair = query.substr(start, amp - start);
        size_t eq = pair.find('=');
        request.query.emplace(pair.substr(0, eq),
                              eq == std::string::npos ? "" : pair.substr(eq + 1));
        if (amp == std::string::npos)
          break;
        start = amp + 1;
      }
    }
    return request;
  }

  Response List(std::string target) {
    return HandleApiArticles(*context_, Get(std::move(target)), RouteParams{});
  }
  Response One(core::ArticleId id) {
    RouteParams params;
    params.id = id;
    return HandleApiArticle(*context_, Get("/api/v1/articles/" + std::to_string(id)), params);
  }

  static json::value Parse(const Response& response) {
    boost::system::error_code ec;
    json::value value = json::parse(*response.body, ec);
    EXPECT_FALSE(ec) << *response.body;
    return value;
  }

  static std::string ErrorCode(const Response& response) {
    json::value value = Parse(response);
    if (!value.is_object() || !value.as_object().contains("error"))
      return "";
    const json::object& error = value.at("error").as_object();
    EXPECT_TRUE(error.contains("message"));
    return std::string(error.at("code").as_string());
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  core::Config config_;
  core::FakeClock clock_{kT0};
  PageCache cache_{16};
  Metrics metrics_{{}};
  std::unique_ptr<SiteContext> context_;
};

TEST_F(ApiHandlersTest, ListsArticlesWithTheDocumentedFields) {
  core::ArticleId id = Create("urn:wire:1", "Ministers meet in Geneva", "news/world");
  Response response = List("/api/v1/articles");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_TRUE(response.cacheable);
  json::value root = Parse(response);
  ASSERT_TRUE(root.is_object());
  const json::array& articles = root.at("articles").as_array();
  ASSERT_EQ(articles.size(), 1u);
  const json::object& a = articles[0].as_object();
  EXPECT_EQ(a.at("id").as_int64(), id);
  EXPECT_EQ(a.at("guid").as_string(), "urn:wire:1");
  EXPECT_EQ(a.at("url").as_string(), "/news/world/ministers-meet-in-geneva-" + std::to_string(id));
  EXPECT_EQ(a.at("headline").as_string(), "Ministers meet in Geneva");
  EXPECT_EQ(a.at("section").as_string(), "news/world");
  EXPECT_EQ(a.at("published").as_string(), "2023-11-14T22:13:21Z");
  EXPECT_TRUE(a.at("updated").is_string());
  EXPECT_EQ(a.at("summary").as_string(), "<p>Summary of Ministers meet in Geneva</p>");
  EXPECT_EQ(a.at("byline").as_string(), "By A. Reporter");
  EXPECT_EQ(a.at("language").as_string(), "en");
  EXPECT_EQ(a.at("source").as_string(), "sample-wire");
  EXPECT_EQ(a.at("version").as_int64(), 1);
  EXPECT_FALSE(a.at("corrected").as_bool());
  EXPECT_TRUE(a.at("provenance").at("wire_unmodified").as_bool());
  EXPECT_EQ(a.at("provenance").at("body_text_sha256").as_string(), "hash-Ministers meet in Geneva");
  ASSERT_EQ(a.at("subjects").as_array().size(), 1u);
  EXPECT_EQ(a.at("subjects").as_array()[0].at("code").as_string(), "medtop:11000000");
  EXPECT_FALSE(a.contains("body_html"));  // Lists leave bodies out.
  EXPECT_FALSE(a.contains("dateline"));   // Empty fields are omitted.
  EXPECT_FALSE(root.as_object().contains("next_cursor"));
}

TEST_F(ApiHandlersTest, PagesWithLimitAndCursor) {
  Create("g1", "First", "news", 1);
  Create("g2", "Second", "news", 2);
  Create("g3", "Third", "news", 3);
  json::value page1 = Parse(List("/api/v1/articles?limit=2"));
  ASSERT_EQ(page1.at("articles").as_array().size(), 2u);
  EXPECT_EQ(page1.at("articles").as_array()[0].at("headline").as_string(), "Third");
  ASSERT_TRUE(page1.as_object().contains("next_cursor"));
  std::string cursor(page1.at("next_cursor").as_string());
  json::value page2 = Parse(List("/api/v1/articles?limit=2&cursor=" + cursor));
  ASSERT_EQ(page2.at("articles").as_array().size(), 1u);
  EXPECT_EQ(page2.at("articles").as_array()[0].at("headline").as_string(), "First");
  EXPECT_FALSE(page2.as_object().contains("next_cursor"));
}

TEST_F(ApiHandlersTest, FiltersBySectionAndGuid) {
  Create("g1", "World story", "news/world", 1);
  Create("g2", "Market story", "markets", 2);
  json::value news = Parse(List("/api/v1/articles?section=news"));
  ASSERT_EQ(news.at("articles").as_array().size(), 1u);
  EXPECT_EQ(news.at("articles").as_array()[0].at("headline").as_string(), "World story");
  json::value by_guid = Parse(List("/api/v1/articles?guid=g2"));
  ASSERT_EQ(by_guid.at("articles").as_array().size(), 1u);
  EXPECT_EQ(by_guid.at("articles").as_array()[0].at("guid").as_string(), "g2");
  EXPECT_TRUE(Parse(List("/api/v1/articles?guid=nope")).at("articles").as_array().empty());
}

TEST_F(ApiHandlersTest, RejectsBadArgumentsWith400) {
  Create("g1", "Story");
  for (const char* target :
       {"/api/v1/articles?limit=0", "/api/v1/articles?limit=101", "/api/v1/articles?limit=abc",
        "/api/v1/articles?limit=", "/api/v1/articles?limit=5x", "/api/v1/articles?section=Bad!",
        "/api/v1/articles?cursor=not-a-cursor"}) {
    Response response = List(target);
    EXPECT_EQ(response.status, 400) << target;
    EXPECT_EQ(ErrorCode(response), "invalid_argument") << target;
    EXPECT_FALSE(response.cacheable);
  }
}

TEST_F(ApiHandlersTest, SearchWithoutResultsCarriesASuggestion) {
  Create("g1", "Harbour alpha", "news", 1);
  auto search = [this](std::string target) {
    return Parse(HandleApiSearch(*context_, Get(std::move(target)), RouteParams{}));
  };
  json::value missed = search("/api/v1/search?q=harbuor");
  EXPECT_TRUE(missed.at("results").as_array().empty());
  EXPECT_EQ(missed.at("suggestion").as_string(), "harbour");
  EXPECT_FALSE(search("/api/v1/search?q=harbour").as_object().contains("suggestion"));
  EXPECT_FALSE(search("/api/v1/search?q=zzzzzzzz").as_object().contains("suggestion"));
}

TEST_F(ApiHandlersTest, SearchFiltersSortsAndPagesWithACursor) {
  // Create() gives every story the words "body" and "Summary", and rank r publishes at kT0 + r.
  core::ArticleId oldest = Create("g1", "Harbour alpha", "news", 1);
  Create("g2", "Harbour beta", "news/world", 2);
  core::ArticleId newest = Create("g3", "Harbour gamma", "sport", 3);
  auto search = [this](std::string target) {
    return HandleApiSearch(*context_, Get(std::move(target)), RouteParams{});
  };
  auto headlines = [](const json::value& root) {
    std::vector<std::string> out;
    for (const json::value& hit : root.at("results").as_array())
      out.emplace_back(hit.at("headline").as_string());
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(headlines(Parse(search("/api/v1/search?q=harbour section:news&sort=date"))),
            (V{"Harbour beta", "Harbour alpha"}));
  EXPECT_EQ(headlines(Parse(search("/api/v1/search?q=harbour source:sample-wire lang:en "
                                   "author:reporter after:2023-11-14 before:2023-11-15")))
                .size(),
            3u);
  EXPECT_TRUE(
      Parse(search("/api/v1/search?q=harbour source:other")).at("results").as_array().empty());

  // Date order, one a page, following next_cursor to the end.
  V seen;
  std::string target = "/api/v1/search?q=harbour&sort=date&limit=1";
  for (int page = 0; page < 5; ++page) {
    Response response = search(target);
    ASSERT_EQ(response.status, 200) << *response.body;
    EXPECT_FALSE(response.cacheable);
    json::value root = Parse(response);
    ASSERT_EQ(root.at("results").as_array().size(), 1u);
    const json::object& hit = root.at("results").as_array()[0].as_object();
    for (const char* key : {"id", "guid", "url", "headline", "section", "published", "snippet"})
      EXPECT_TRUE(hit.contains(key)) << key;
    if (page == 0) {
      EXPECT_EQ(hit.at("id").as_int64(), newest);
    }
    seen.emplace_back(hit.at("headline").as_string());
    if (!root.as_object().contains("next_cursor")) {
      EXPECT_EQ(hit.at("id").as_int64(), oldest);
      break;
    }
    target = "/api/v1/search?q=harbour&sort=date&limit=1&cursor=" +
             std::string(root.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (V{"Harbour gamma", "Harbour beta", "Harbour alpha"}));

  // A cursor answers only for the search it was made for.
  json::value first = Parse(search("/api/v1/search?q=harbour&limit=1"));
  std::string cursor(first.at("next_cursor").as_string());
  EXPECT_EQ(search("/api/v1/search?q=harbour&limit=1&cursor=" + cursor).status, 200);
  for (std::string bad :
       {"/api/v1/search?q=harbour&sort=date&cursor=" + cursor,
        "/api/v1/search?q=alpha&cursor=" + cursor, std::string("/api/v1/search?q=x&cursor=zz"),
        std::string("/api/v1/search?q=x&sort=newest"),
        std::string("/api/v1/search?q=x after:2023-02-30"),
        std::string("/api/v1/search?q=x lang:english"),
        std::string("/api/v1/search?q=source:sample-wire"),
        "/api/v1/search?q=x&cursor=" + std::string(600, 'a')}) {
    Response response = search(bad);
    EXPECT_EQ(response.status, 400) << bad;
    EXPECT_EQ(ErrorCode(response), "invalid_argument") << bad;
  }
  Response bad_date = search("/api/v1/search?q=x before:2023-13-01");
  EXPECT_NE(Parse(bad_date).at("error").at("message").as_string().find("YYYY-MM-DD"),
            std::string::npos);
}

TEST_F(ApiHandlersTest, ReturnsOneArticleWithItsBody) {
  core::ArticleId id = Create("g1", "Story", "markets");
  Response response = One(id);
  EXPECT_EQ(response.status, 200);
  json::value a = Parse(response);
  EXPECT_EQ(a.at("id").as_int64(), id);
  EXPECT_EQ(a.at("body_html").as_string(), "<p>Story body</p>");
  EXPECT_EQ(a.at("section").as_string(), "markets");
}

TEST_F(ApiHandlersTest, MarksCorrections) {
  Create("g1", "Story");
  auto corrected =
      store_->WriteVersion(Version("g1", 2, "Story, corrected"),
                           Decide(VersionAction::kSupersede, core::VersionChange::kCorrection));
  ASSERT_TRUE(corrected);
  json::value a = Parse(One(corrected->article_id));
  EXPECT_TRUE(a.at("corrected").as_bool());
  EXPECT_EQ(a.at("version").as_int64(), 2);
}

TEST_F(ApiHandlersTest, KilledIs410WithheldAndUnknownAre404) {
  core::ArticleId killed = Create("g1", "Doomed");
  ASSERT_TRUE(store_->WriteVersion(Version("g1", 2, "Doomed"),
                                   Decide(VersionAction::kKill, core::VersionChange::kKill)));
  core::ArticleId held = Create("g2", "Held");
  ASSERT_TRUE(store_->WriteVersion(
      Version("g2", 2, "Held"), Decide(VersionAction::kWithhold, core::VersionChange::kWithhold)));

  Response gone = One(killed);
  EXPECT_EQ(gone.status, 410);
  EXPECT_EQ(ErrorCode(gone), "gone");
  Response hidden = One(held);
  EXPECT_EQ(hidden.status, 404);
  EXPECT_EQ(ErrorCode(hidden), "not_found");
  Response unknown = One(987654);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "not_found");
  // Neither shows in lists.
  EXPECT_TRUE(Parse(List("/api/v1/articles")).at("articles").as_array().empty());
}

TEST_F(ApiHandlersTest, RelatedStoriesShareTheArticlesWords) {
  core::ArticleId bridge = Create("g1", "Harbour bridge reopens");
  core::ArticleId toll = Create("g2", "Harbour bridge toll rises");
  Create("g3", "Central bank holds rates");
  // An archive of other news, so that words have their usual rarity.
  for (std::string topic : {"Rail strike", "Oil prices", "Chess final", "Flood warning"}) {
    Create("g-" + topic, topic + " today");
  }
  auto related = [&](core::ArticleId id, std::string query = "") {
    RouteParams params;
    params.id = id;
    return HandleApiRelated(
        *context_, Get("/api/v1/articles/" + std::to_string(id) + "/related" + query), params);
  };
  Response response = related(bridge);
  EXPECT_EQ(response.status, 200);
  json::value body = Parse(response);
  const json::array& articles = body.at("articles").as_array();
  ASSERT_EQ(articles.size(), 1u);
  EXPECT_EQ(articles[0].at("id").as_int64(), toll);
  EXPECT_EQ(articles[0].at("headline").as_string(), "Harbour bridge toll rises");
  EXPECT_FALSE(articles[0].as_object().contains("body_html"));

  EXPECT_EQ(ErrorCode(related(bridge, "?limit=0")), "invalid_argument");
  EXPECT_EQ(ErrorCode(related(bridge, "?limit=21")), "invalid_argument");
  EXPECT_EQ(related(987654).status, 404);
  ASSERT_TRUE(store_->WriteVersion(Version("g1", 2, "Harbour bridge reopens"),
                                   Decide(VersionAction::kKill, core::VersionChange::kKill)));
  EXPECT_EQ(related(bridge).status, 410);
  // A killed story is nobody's related story either.
  EXPECT_TRUE(Parse(related(toll)).at("articles").as_array().empty());
}

TEST_F(ApiHandlersTest, CoverageListsTheOtherReportsOfTheEvent) {
  core::ArticleId first = Create("g1", "Harbour bridge reopens");
  store::IncomingVersion other = Version("g2", 2, "Bridge over the harbour open again");
  other.source = "other-wire";
  auto second = store_->WriteVersion(other, Decide(VersionAction::kCreate));
  ASSERT_TRUE(second);
  core::ArticleId killed = Create("g3", "Harbour bridge reopening delayed", "news", 3);
  core::ArticleId alone = Create("g4", "Central bank holds rates");
  for (core::ArticleId id : {first, second->article_id, killed})
    ASSERT_TRUE(store_->SetArticleCluster(id, first));
  ASSERT_TRUE(store_->WriteVersion(Version("g3", 4, "Harbour bridge reopening delayed"),
                                   Decide(VersionAction::kKill, core::VersionChange::kKill)));
  auto coverage = [&](core::ArticleId id) {
    RouteParams params;
    params.id = id;
    return HandleApiCoverage(*context_, Get("/api/v1/articles/" + std::to_string(id) + "/coverage"),
                             params);
  };

  Response response = coverage(first);
  EXPECT_EQ(response.status, 200);
  json::value body = Parse(response);
  EXPECT_EQ(body.at("cluster").as_int64(), first);
  const json::array& articles = body.at("articles").as_array();
  ASSERT_EQ(articles.size(), 1u);  // Not itself, not the killed one.
  EXPECT_EQ(articles[0].at("id").as_int64(), second->article_id);
  EXPECT_EQ(articles[0].at("source").as_string(), "other-wire");
  EXPECT_EQ(articles[0].at("cluster").as_int64(), first);
  EXPECT_TRUE(articles[0].at("provenance").at("wire_unmodified").as_bool());

  EXPECT_EQ(Parse(coverage(second->article_id)).at("articles").as_array()[0].at("id").as_int64(),
            first);
  json::value lone = Parse(coverage(alone));
  EXPECT_EQ(lone.at("cluster").as_int64(), alone);
  EXPECT_TRUE(lone.at("articles").as_array().empty());
  EXPECT_EQ(Parse(One(alone)).at("cluster").as_int64(), alone);
  EXPECT_EQ(coverage(killed).status, 410);
  EXPECT_EQ(coverage(987654).status, 404);
}

TEST_F(ApiHandlersTest, ListsSectionsWithCountsAndTitles) {
  config_.sections.push_back({*core::SectionPath::Parse("news/world"), "The World"});
  Create("g1", "A", "news/world", 1);
  Create("g2", "B", "news/world", 2);
  Create("g3", "C", "markets", 3);
  Response response = HandleApiSections(*context_, Get("/api/v1/sections"), RouteParams{});
  EXPECT_EQ(response.status, 200);
  json::value root = Parse(response);
  bool saw_world = false;
  for (const json::value& s : root.at("sections").as_array()) {
    if (s.at("path").as_string() == "news/world") {
      saw_world = true;
      EXPECT_EQ(s.at("title").as_string(), "The World");
      EXPECT_EQ(s.at("url").as_string(), "/news/world/");
      EXPECT_EQ(s.at("published_count").as_int64(), 2);
    }
  }
  EXPECT_TRUE(saw_world) << *response.body;
}

TEST(ApiNotFound, IsAJsonError) {
  Request request;
  request.path = "/api/v9/nothing";
  Response response = ApiNotFound(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_NE(response.body->find("\"code\":\"not_found\""), std::string::npos);
}

}  // namespace
}  // namespace wiredesk::web
