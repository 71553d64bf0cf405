// "Most read" and "Recommended For You" through Site::Handle: anonymous views counted once per
// visitor, crawlers not at all; the blocks on home, section and article pages; personal pages
// kept out of the page cache; the trending and recommendations API; a kill leaving "Most read".
#include "web/recommend_blocks.h"

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "web/account_support.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const core::TimePoint kT0 = core::FromUnixSeconds(1'764'547'200);
constexpr std::string_view kBrowser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0";

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name)
      return v;
  }
  return "";
}

class RecommendBlocksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    store_ = std::move(*store::SqliteStore::Open(options));
    auto config = core::ParseConfig(
        "[[sections]]\npath = \"news/world\"\ntitle = \"World\"\n"
        "[[sections]]\npath = \"sport\"\ntitle = \"Sport\"\n");
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = std::move(*config);
    site_ = std::move(*Site::Create(*store_, config_, clock_));
    ASSERT_TRUE(site_->PollOutboxOnce());
    glacier_ = Publish("g1", "news/world", "Glacier melt speeds up in the Alps");
    glacier2_ = Publish("g2", "news/world", "Alps glacier retreat threatens villages");
    cup_ = Publish("c1", "sport", "Cup final ends in a draw");
    ASSERT_TRUE(site_->PollOutboxOnce());
  }

  core::ArticleId Publish(const std::string& guid, std::string_view section,
                          const std::string& headline, bool kill = false) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.headline = headline;
    v.item.body_html = "<p>" + headline + ".</p>";
    v.item.published = clock_.Now() - std::chrono::minutes(5);
    v.rank = kill ? 2 : 1;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = clock_.Now();
    auto outcome = store_->WriteVersion(v, [kill](const auto& current) {
      if (!current)
        return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                      ""};
      return store::VersionDecision{store::VersionAction::kKill, core::VersionChange::kKill, ""};
    });
    EXPECT_TRUE(outcome);
    return outcome ? outcome->article_id : 0;
  }

  Response Send(Method method, const std::string& target,
                std::map<std::string, std::string> headers, std::string body = "",
                std::string address = "192.0.2.10") {
    Request r;
    r.method = method;
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) {
      for (auto& [k, v] : ParseForm(target.substr(target.find('?') + 1))) r.query.emplace(k, v);
    }
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.remote_address = std::move(address);
    return site_->Handle(r);
  }

  Response Browse(const std::string& target, const std::string& address = "192.0.2.10",
                  const std::string& cookie = "") {
    std::map<std::string, std::string> headers{{"user-agent", std::string(kBrowser)}};
    if (!cookie.empty())
      headers["cookie"] = cookie;
    return Send(Method::kGet, target, std::move(headers), "", address);
  }

  std::string UrlOf(core::ArticleId id) { return store_->GetArticle(id)->Url(); }

  // A reader signed up through the forms (`email` form-encoded); returns the session cookie
  // ("name=value").
  std::string SignUpWithForms(const std::string& email) {
    Response form = Browse("/account/signup");
    std::string set_cookie = HeaderOf(form, "Set-Cookie");
    std::string csrf_cookie = set_cookie.substr(0, set_cookie.find(';'));
    std::string token = csrf_cookie.substr(csrf_cookie.find('=') + 1);
    Response done = Send(Method::kPost, "/account/signup",
                         {{"content-type", "application/x-www-form-urlencoded"},
                          {"cookie", csrf_cookie},
                          {"user-agent", std::string(kBrowser)}},
                         "csrf_token=" + token + "&email=" + email + "&password=password123");
    EXPECT_EQ(done.status, 303) << *done.body;
    std::string session = HeaderOf(done, "Set-Cookie");
    return done.status == 303 ? session.substr(0, session.find(';')) : "";
  }

  // A reader signed up through the API; returns the bearer token.
  std::string SignUpApi(const std::string& email) {
    Response r = Send(Method::kPost, "/api/v1/auth/signup", {{"content-type", "application/json"}},
                      R"({"email":")" + email + R"(","password":"password123"})");
    EXPECT_EQ(r.status, 201) << *r.body;
    return std::string(boost::json::parse(*r.body).at("token").as_string());
  }

  boost::json::value ApiGet(const std::string& target, const std::string& token, int status) {
    std::map<std::string, std::string> headers;
    if (!token.empty())
      headers["authorization"] = "Bearer " + token;
    Response r = Send(Method::kGet, target, std::move(headers));
    EXPECT_EQ(r.status, status) << target << ": " << *r.body;
    return boost::json::parse(*r.body);
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kT0};
  core::Config config_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Site> site_;
  core::ArticleId glacier_ = 0;
  core::ArticleId glacier2_ = 0;
  core::ArticleId cup_ = 0;
};

TEST_F(RecommendBlocksTest, AnonymousViewsCountOncePerVisitorAndCrawlersNotAtAll) {
  // One visitor refreshing (cached and uncached answers alike), two others once each.
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Browse(UrlOf(cup_)).status, 200);
  EXPECT_EQ(Browse(UrlOf(glacier_), "192.0.2.11").status, 200);
  EXPECT_EQ(Browse(UrlOf(glacier_), "192.0.2.12").status, 200);
  // A crawler and a client without a User-Agent are not readers.
  Send(Method::kGet, UrlOf(cup_), {{"user-agent", "Googlebot/2.1"}}, "", "198.51.100.1");
  Send(Method::kGet, UrlOf(cup_), {}, "", "198.51.100.2");
  auto flushed = site_->FlushViews();
  ASSERT_TRUE(flushed);
  EXPECT_EQ(*flushed, 3);

  boost::json::value trending = ApiGet("/api/v1/trending", "", 200);
  const auto& articles = trending.at("articles").as_array();
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].at("id").as_int64(), glacier_);
  EXPECT_EQ(articles[0].at("visitors").as_int64(), 2);
  EXPECT_EQ(articles[1].at("id").as_int64(), cup_);
  EXPECT_EQ(articles[1].at("visitors").as_int64(), 1);
  EXPECT_EQ(trending.at("hours").as_int64(), 24);
  EXPECT_EQ(ApiGet("/api/v1/trending?section=sport", "", 200).at("articles").as_array().size(), 1u);

  std::string home = *Browse("/").body;
  EXPECT_THAT(home, HasSubstr("Most read"));
  EXPECT_THAT(home, Not(HasSubstr("Recommended For You")));
  std::string world = *Browse("/news/world/").body;
  EXPECT_THAT(world, HasSubstr("Most read in World"));
}

TEST_F(RecommendBlocksTest, TrendingRejectsBadParameters) {
  for (const char* target :
       {"/api/v1/trending?limit=0", "/api/v1/trending?limit=51", "/api/v1/trending?hours=0",
        "/api/v1/trending?hours=73", "/api/v1/trending?section=Bad%20Path"}) {
    boost::json::value error = ApiGet(target, "", 400);
    EXPECT_EQ(error.at("error").at("code").as_string(), "invalid_argument") << target;
  }
}

TEST_F(RecommendBlocksTest, AKillLeavesMostReadAtOnce) {
  Browse(UrlOf(cup_));
  ASSERT_TRUE(site_->FlushViews());
  EXPECT_EQ(ApiGet("/api/v1/trending", "", 200).at("articles").as_array().size(), 1u);
  Publish("c1", "sport", "Cup final ends in a draw", /*kill=*/true);
  ASSERT_TRUE(site_->PollOutboxOnce());
  EXPECT_TRUE(ApiGet("/api/v1/trending", "", 200).at("articles").as_array().empty());
}

TEST_F(RecommendBlocksTest, RecommendationsNeedATokenAndNeverRepeatAReadStory) {
  boost::json::value error = ApiGet("/api/v1/me/recommendations", "", 401);
  EXPECT_EQ(error.at("error").at("code").as_string(), "unauthenticated");
  std::string token = SignUpApi("reader@example.com");
  EXPECT_EQ(
      ApiGet("/api/v1/me/recommendations?limit=0", token, 400).at("error").at("code").as_string(),
      "invalid_argument");
  // Reading through the API records the read.
  ApiGet("/api/v1/articles/" + std::to_string(glacier_), token, 200);
  boost::json::value recs = ApiGet("/api/v1/me/recommendations?limit=10", token, 200);
  const auto& articles = recs.at("articles").as_array();
  ASSERT_EQ(articles.size(), 2u);
  EXPECT_EQ(articles[0].at("id").as_int64(), glacier2_);
  EXPECT_THAT(std::string(articles[0].at("reason").as_string()),
              HasSubstr("Because you read \u201cGlacier melt speeds up in the Alps\u201d"));
  for (const auto& a : articles) EXPECT_NE(a.at("id").as_int64(), glacier_);
}

TEST_F(RecommendBlocksTest, SignedInPagesCarryRecommendationsAndStayPrivate) {
  const std::string session = SignUpWithForms("c%40example.com");
  ASSERT_FALSE(session.empty());

  Response article = Browse(UrlOf(glacier_), "192.0.2.20", session);
  ASSERT_EQ(article.status, 200);
  EXPECT_EQ(HeaderOf(article, "Cache-Control"), "private, no-store");
  EXPECT_THAT(*article.body, HasSubstr("Recommended For You"));
  EXPECT_THAT(*article.body, HasSubstr("Because you read"));
  Response home = Browse("/", "192.0.2.20", session);
  EXPECT_EQ(HeaderOf(home, "Cache-Control"), "private, no-store");
  EXPECT_THAT(*home.body, HasSubstr("Recommended For You"));
  EXPECT_THAT(*home.body, HasSubstr("story__reason"));
  // The signed-in read is not an anonymous view, and the anonymous home page is not personal.
  auto flushed = site_->FlushViews();
  ASSERT_TRUE(flushed);
  EXPECT_EQ(*flushed, 0);
  EXPECT_THAT(*Browse("/").body, Not(HasSubstr("Recommended For You")));
}

TEST_F(RecommendBlocksTest, TheConfigCanKeepTheBlocksOffPagesButNotOffTheApi) {
  const std::string session = SignUpWithForms("d%40example.com");
  ASSERT_FALSE(session.empty());
  const std::string token = SignUpApi("e@example.com");
  ApiGet("/api/v1/articles/" + std::to_string(glacier_), token, 200);  // Records the read.
  // Other news, so that "glacier" is rare enough for related stories to find.
  for (const char* headline : {"Rail strike called", "Oil prices climb", "Chess final drawn"})
    Publish(headline, "news/world", headline);
  core::Config plain = config_;
  plain.recommend.page_blocks = false;
  site_ = std::move(*Site::Create(*store_, plain, clock_));
  ASSERT_TRUE(site_->PollOutboxOnce());
  ASSERT_EQ(Browse(UrlOf(glacier2_), "192.0.2.20", session).status, 200);  // A read: Most read.
  Response article = Browse(UrlOf(glacier_), "192.0.2.20", session);
  ASSERT_EQ(article.status, 200);
  EXPECT_THAT(*article.body, HasSubstr("Glacier melt speeds up"));
  EXPECT_THAT(*article.body, Not(HasSubstr("Related stories")));
  EXPECT_THAT(*article.body, Not(HasSubstr("Recommended For You")));
  Response home = Browse("/", "192.0.2.20", session);
  EXPECT_THAT(*home.body, Not(HasSubstr("Recommended For You")));
  EXPECT_THAT(*home.body, Not(HasSubstr("Most read")));
  auto recs = ApiGet("/api/v1/me/recommendations", token, 200);
  EXPECT_FALSE(recs.at("articles").as_array().empty());
  auto related = ApiGet("/api/v1/articles/" + std::to_string(glacier_) + "/related", "", 200);
  EXPECT_FALSE(related.at("articles").as_array().empty());
}

}  // namespace
}  // namespace wiredesk::web
