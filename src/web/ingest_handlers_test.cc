#include "web/ingest_handlers.h"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "ingest/pipeline.h"
#include "ingest/push_receiver.h"
#include "ingest/push_token.h"
#include "store/sqlite_source_store.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

namespace json = boost::json;

constexpr char kG2[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:push:1" version="1"
  standard="NewsML-G2" standardversion="2.29">
  <itemMeta><itemClass qcode="ninat:text"/><pubStatus qcode="stat:usable"/>
    <versionCreated>2026-11-30T10:00:00Z</versionCreated></itemMeta>
  <contentMeta><headline>Pushed harbour story</headline>
    <subject type="cpnat:abstract" qcode="medtop:04000000"><name>economy</name></subject>
  </contentMeta>
  <contentSet><inlineXML contenttype="application/xhtml+xml">
    <html xmlns="http://www.w3.org/1999/xhtml"><body><p>Ships sail again.</p></body></html>
  </inlineXML></contentSet>
</newsItem>)";

class PushEndpointTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config);
    config_ = *config;
    config_.sources.max_push_bytes = 64 * 1024;
    store::SqliteStoreOptions options;
    options.path = dir_.File("wd.db");
    auto articles = store::SqliteStore::Open(options);
    ASSERT_TRUE(articles);
    articles_ = std::move(*articles);
    auto sources = store::SqliteSourceStore::Open(dir_.File("wd.db"));
    ASSERT_TRUE(sources);
    sources_ = std::move(*sources);
    pipeline_ = std::make_unique<ingest::IngestPipeline>(*articles_, config_, clock_);
    receiver_ = std::make_unique<ingest::PushReceiver>(*sources_, *pipeline_);
    site_ = std::make_unique<Site>(*articles_, config_, clock_);
    site_->SetPushReceiver(receiver_.get());

    token_ = ingest::GeneratePushToken();
    store::SourceRecord push;
    push.name = "ap";
    push.kind = store::SourceKind::kPush;
    push.push_token_hash = ingest::HashPushToken(token_);
    push.section_rules = {{"medtop:04000000", *core::SectionPath::Parse("markets")}};
    ASSERT_TRUE(sources_->AddSource(push));
    store::SourceRecord http;
    http.name = "feed";
    http.kind = store::SourceKind::kHttp;
    http.location = "https://example.com/";
    ASSERT_TRUE(sources_->AddSource(http));
  }

  Response Post(const std::string& path, const std::string& authorization,
                const std::string& content_type, std::string body) {
    Request request;
    request.method = Method::kPost;
    request.path = path;
    request.target = path;
    if (!authorization.empty())
      request.headers["authorization"] = authorization;
    if (!content_type.empty())
      request.headers["content-type"] = content_type;
    request.body = std::move(body);
    return site_->Handle(request);
  }

  static std::string ErrorCode(const Response& response) {
    auto value = json::parse(*response.body);
    return std::string(value.at("error").at("code").as_string());
  }

  store::test_util::TempDir dir_;
  core::Config config_;
  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<store::SqliteStore> articles_;
  std::unique_ptr<store::SqliteSourceStore> sources_;
  std::unique_ptr<ingest::IngestPipeline> pipeline_;
  std::unique_ptr<ingest::PushReceiver> receiver_;
  std::unique_ptr<Site> site_;
  std::string token_;
};

TEST_F(PushEndpointTest, IngestsAnAuthenticatedPushAndReturnsTheReport) {
  Response response = Post("/ingest/ap", "Bearer " + token_, "application/xml", kG2);
  ASSERT_EQ(response.status, 200) << *response.body;
  EXPECT_EQ(response.content_type, "application/json");
  auto report = json::parse(*response.body).as_object();
  EXPECT_EQ(report.at("source").as_string(), "ap");
  EXPECT_EQ(report.at("new").as_int64(), 1);
  EXPECT_EQ(report.at("rejected").as_int64(), 0);
  EXPECT_TRUE(report.at("rejections").as_array().empty());

  store::ArticleQuery query;
  query.guid = "urn:newsml:push:1";
  auto page = articles_->ListArticles(query);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->articles.size(), 1u);
  EXPECT_EQ(page->articles[0].source, "ap");
  EXPECT_EQ(page->articles[0].section.ToString(), "markets");

  // The same item again changes nothing; the scheme of the header is case-insensitive.
  response = Post("/ingest/ap", "bearer " + token_, "application/vnd.iptc.g2.newsitem+xml", kG2);
  ASSERT_EQ(response.status, 200) << *response.body;
  EXPECT_EQ(json::parse(*response.body).at("unchanged").as_int64(), 1);
}

TEST_F(PushEndpointTest, MissingTokenIs401) {
  for (const char* authorization : {"", "Bearer", "Bearer ", "Basic YTpi", "Token abc"}) {
    Response response = Post("/ingest/ap", authorization, "application/xml", kG2);
    EXPECT_EQ(response.status, 401) << authorization;
    EXPECT_EQ(ErrorCode(response), "unauthenticated");
  }
  Response response = Post("/ingest/ap", "", "application/xml", kG2);
  bool challenged = false;
  for (const auto& [name, value] : response.headers) challenged |= name == "WWW-Authenticate";
  EXPECT_TRUE(challenged);
}

TEST_F(PushEndpointTest, WrongTokenUnknownSourceAndNonPushSourceAre403) {
  EXPECT_EQ(Post("/ingest/ap", "Bearer " + token_ + "x", "application/xml", kG2).status, 403);
  EXPECT_EQ(
      Post("/ingest/ap", "Bearer " + ingest::GeneratePushToken(), "application/xml", kG2).status,
      403);
  EXPECT_EQ(Post("/ingest/nobody", "Bearer " + token_, "application/xml", kG2).status, 403);
  EXPECT_EQ(Post("/ingest/feed", "Bearer " + token_, "application/xml", kG2).status, 403);
  Response response = Post("/ingest/ap", "Bearer wrong", "application/xml", kG2);
  EXPECT_EQ(ErrorCode(response), "permission_denied");
  auto stats = articles_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 0);
}

TEST_F(PushEndpointTest, OversizedBodyIs413AndWrongMediaTypeIs415) {
  Response big =
      Post("/ingest/ap", "Bearer " + token_, "application/xml", std::string(64 * 1024 + 1, ' '));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(ErrorCode(big), "resource_exhausted");
  for (const char* type : {"", "text/plain", "application/octet-stream", "multipart/form-data"}) {
    Response response = Post("/ingest/ap", "Bearer " + token_, type, kG2);
    EXPECT_EQ(response.status, 415) << type;
    EXPECT_EQ(response.content_type, "application/json");
  }
}

TEST_F(PushEndpointTest, BodyThatIsNoFeedIs400) {
  Response response = Post("/ingest/ap", "Bearer " + token_, "application/json", "{\"x\": 1}");
  EXPECT_EQ(response.status, 400) << *response.body;
  response = Post("/ingest/ap", "Bearer " + token_, "application/xml", "<<<");
  EXPECT_EQ(response.status, 400) << *response.body;
}

TEST_F(PushEndpointTest, OnlyPostAndOnlyWithPushSupport) {
  Request get;
  get.method = Method::kGet;
  get.path = get.target = "/ingest/ap";
  EXPECT_EQ(site_->Handle(get).status, 405);
  EXPECT_EQ(Post("/ingest/a/b", "Bearer " + token_, "application/xml", kG2).status, 404);
  EXPECT_EQ(Post("/ingest/", "Bearer " + token_, "application/xml", kG2).status, 404);
  site_->SetPushReceiver(nullptr);
  EXPECT_EQ(Post("/ingest/ap", "Bearer " + token_, "application/xml", kG2).status, 404);
}

}  // namespace
}  // namespace wiredesk::web
