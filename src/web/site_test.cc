#include "web/site.h"

#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "web/assets.h"
#include "web/compression.h"
#include "web/server.h"

namespace wiredesk::web {
namespace {

using store::VersionAction;
using ::testing::HasSubstr;
using ::testing::Not;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name)
      return v;
  }
  return "";
}

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = std::move(*config);
    auto site = Site::Create(*store_, config_, clock_);
    ASSERT_TRUE(site) << site.error().ToString();
    site_ = std::move(*site);
    // Where the outbox stands now; later polls see only what the test writes.
    ASSERT_TRUE(site_->PollOutboxOnce());
  }

  core::ArticleId Write(const std::string& guid, int64_t rank, const std::string& headline,
                        VersionAction action = VersionAction::kCreate,
                        core::VersionChange change = core::VersionChange::kPublish,
                        std::string_view section = "news/world") {
    store::IncomingVersion v;
    v.source = "sample-wire";
    v.item.guid = guid;
    v.item.version = rank;
    v.item.headline = headline;
    v.item.summary = "<p>About " + headline + "</p>";
    v.item.body_html = "<p>" + headline + " body</p>";
    v.item.body_text_sha256 = "hash-" + headline;
    v.item.published = clock_.Now() - std::chrono::minutes(10) + std::chrono::seconds(rank);
    v.rank = rank;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = clock_.Now();
    v.stored_body_text_sha256 = "hash-" + headline;
    auto outcome = store_->WriteVersion(v, [action, change](const auto&) {
      return store::VersionDecision{action, change, ""};
    });
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  Response Do(Method method, std::string target, std::map<std::string, std::string> headers = {}) {
    Request request;
    request.method = method;
    request.target = target;
    size_t q = target.find('?');
    request.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string query = target.substr(q + 1);
      size_t eq = query.find('=');
      request.query.emplace(query.substr(0, eq),
                            eq == std::string::npos ? "" : query.substr(eq + 1));
    }
    request.headers = std::move(headers);
    return site_->Handle(request);
  }
  Response Get(std::string target, std::map<std::string, std::string> headers = {}) {
    return Do(Method::kGet, std::move(target), std::move(headers));
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  core::Config config_;
  core::FakeClock clock_{kT0};
  std::unique_ptr<Site> site_;
};

TEST_F(SiteTest, HealthzAnswersOk) {
  Response response = Get("/healthz");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(*response.body, "ok\n");
}

TEST_F(SiteTest, ServesThePagesOfAnArticle) {
  core::ArticleId id = Write("g1", 1, "Ministers meet in Geneva");
  std::string url = "/news/world/ministers-meet-in-geneva-" + std::to_string(id);

  Response home = Get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_THAT(home.content_type, HasSubstr("text/html"));
  EXPECT_THAT(*home.body, HasSubstr("Ministers meet in Geneva"));

  EXPECT_EQ(Get("/news/world/").status, 200);
  Response article = Get(url);
  EXPECT_EQ(article.status, 200);
  EXPECT_THAT(*article.body, HasSubstr("Ministers meet in Geneva body"));
  EXPECT_EQ(Get(url + "/provenance").status, 200);

  // A wrong slug redirects to the canonical URL (page_handlers.h).
  Response moved = Get("/news/world/wrong-slug-" + std::to_string(id));
  EXPECT_EQ(moved.status, 301);
  EXPECT_EQ(HeaderOf(moved, "Location"), url);
}

TEST_F(SiteTest, CachesAnonymousPagesAndAnswersConditionalRequests) {
  Write("g1", 1, "Cached story");
  Response first = Get("/api/v1/articles");
  ASSERT_EQ(first.status, 200);
  std::string etag = HeaderOf(first, "ETag");
  ASSERT_FALSE(etag.empty());
  Response second = Get("/api/v1/articles");
  EXPECT_EQ(second.body.get(), first.body.get());  // The very same cached bytes.
  EXPECT_EQ(Get("/api/v1/articles", {{"if-none-match", etag}}).status, 304);

  std::string metrics = *Get("/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("wiredesk_page_cache_hits_total 2\n"));
  EXPECT_THAT(metrics, HasSubstr("wiredesk_page_cache_misses_total 1\n"));
  EXPECT_THAT(metrics,
              HasSubstr("wiredesk_http_requests_total{route=\"api_articles\",status=\"200\"} 2\n"));
  EXPECT_THAT(metrics,
              HasSubstr("wiredesk_http_requests_total{route=\"api_articles\",status=\"304\"} 1\n"));
  EXPECT_THAT(metrics, HasSubstr("wiredesk_articles{state=\"published\"} 1\n"));
}

TEST_F(SiteTest, ServesPrecomputedCompressedVariants) {
  for (int i = 1; i <= 5; ++i)
    Write("g" + std::to_string(i), i, "Story number " + std::to_string(i));
  Response plain = Get("/");
  Response gz = Get("/", {{"accept-encoding", "gzip"}});
  Response br = Get("/", {{"accept-encoding", "br, gzip"}});
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(GzipDecompress(*gz.body).value_or(""), *plain.body);
  EXPECT_EQ(BrotliDecompress(*br.body).value_or(""), *plain.body);
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");
  // Made once: a second gzip request gets the same bytes object.
  EXPECT_EQ(Get("/", {{"accept-encoding", "gzip"}}).body.get(), gz.body.get());
}

TEST_F(SiteTest, RequestsWithCookiesBypassTheCache) {
  Write("g1", 1, "Story");
  Response anonymous = Get("/api/v1/articles");
  Response with_cookie = Get("/api/v1/articles", {{"cookie", "session=abc"}});
  EXPECT_EQ(with_cookie.status, 200);
  EXPECT_NE(with_cookie.body.get(), anonymous.body.get());
  EXPECT_THAT(*Get("/metrics").body, HasSubstr("wiredesk_page_cache_hits_total 0\n"));
}

TEST_F(SiteTest, OutboxEventsInvalidateTheCache) {
  Write("g1", 1, "Old news");
  ASSERT_TRUE(site_->PollOutboxOnce());
  Response before = Get("/api/v1/articles");
  EXPECT_THAT(*before.body, Not(HasSubstr("Fresh news")));
  Write("g2", 2, "Fresh news");
  // Until the follower applies the event, the cached list is served.
  EXPECT_THAT(*Get("/api/v1/articles").body, Not(HasSubstr("Fresh news")));
  auto applied = site_->PollOutboxOnce();
  ASSERT_TRUE(applied);
  EXPECT_EQ(*applied, 1);
  EXPECT_THAT(*Get("/api/v1/articles").body, HasSubstr("Fresh news"));
  EXPECT_THAT(*Get("/metrics").body, HasSubstr("wiredesk_outbox_events_total 2\n"));
}

TEST_F(SiteTest, AKillReachesCachedPages) {
  core::ArticleId id = Write("g1", 1, "Doomed story");
  std::string url = "/news/world/doomed-story-" + std::to_string(id);
  EXPECT_EQ(Get(url).status, 200);
  EXPECT_EQ(Get("/api/v1/articles/" + std::to_string(id)).status, 200);
  Write("g1", 2, "Doomed story", VersionAction::kKill, core::VersionChange::kKill);
  ASSERT_TRUE(site_->PollOutboxOnce());
  EXPECT_EQ(Get(url).status, 410);
  EXPECT_EQ(Get("/api/v1/articles/" + std::to_string(id)).status, 410);
  EXPECT_THAT(*Get("/").body, Not(HasSubstr("Doomed story")));
}

TEST_F(SiteTest, TheFollowerThreadInvalidatesWithoutHelp) {
  Write("g1", 1, "Old news");
  Get("/api/v1/articles");
  site_->StartOutboxFollower(std::chrono::milliseconds(10));
  Write("g2", 2, "Fresh news");
  // Wait (bounded) for the follower to apply the event; no assertion on how long it took.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline &&
         Get("/api/v1/articles").body->find("Fresh news") == std::string::npos) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  site_->StopOutboxFollower();
  EXPECT_THAT(*Get("/api/v1/articles").body, HasSubstr("Fresh news"));
}

TEST_F(SiteTest, UnknownPathsAre404InTheirOwnForm) {
  Response page = Get("/no/such/page.html");
  EXPECT_EQ(page.status, 404);
  EXPECT_THAT(page.content_type, HasSubstr("text/html"));
  Response api = Get("/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.content_type, "application/json");
  EXPECT_THAT(*Get("/metrics").body,
              HasSubstr("wiredesk_http_requests_total{route=\"not_found\",status=\"404\"} 2\n"));
}

TEST_F(SiteTest, OtherMethodsGet405WithAllow) {
  Response page = Do(Method::kPost, "/");
  EXPECT_EQ(page.status, 405);
  EXPECT_EQ(HeaderOf(page, "Allow"), "GET, HEAD");
  Response api = Do(Method::kDelete, "/api/v1/articles/1");
  EXPECT_EQ(api.status, 405);
  EXPECT_EQ(HeaderOf(api, "Allow"), "GET, HEAD");
  EXPECT_EQ(api.content_type, "application/json");
  EXPECT_EQ(Do(Method::kHead, "/healthz").status, 200);
}

TEST_F(SiteTest, RedirectsSectionPathsWithoutTheirSlash) {
  Response response = Get("/news/world?page=2");
  EXPECT_EQ(response.status, 301);
  EXPECT_EQ(HeaderOf(response, "Location"), "/news/world/?page=2");
}

TEST_F(SiteTest, ServesEmbeddedStaticFilesWithLongCachingUnderTheirHashedUrl) {
  if (AllStaticFiles().empty())
    GTEST_SKIP() << "no static files are embedded";
  const core::EmbeddedFile& file = AllStaticFiles().front();
  std::string url = StaticUrl(file.path);
  ASSERT_THAT(url, HasSubstr("?v="));
  Response hashed = Get(url);
  EXPECT_EQ(hashed.status, 200);
  EXPECT_EQ(*hashed.body, file.data);
  EXPECT_EQ(HeaderOf(hashed, "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(hashed.content_type, ContentTypeForPath(file.path));
  Response plain = Get("/static/" + std::string(file.path));
  EXPECT_EQ(HeaderOf(plain, "Cache-Control"), "public, max-age=300");
  EXPECT_EQ(
      Get("/static/" + std::string(file.path), {{"if-none-match", HeaderOf(plain, "ETag")}}).status,
      304);
  EXPECT_EQ(Get("/static/no-such-file.css").status, 404);
}

TEST_F(SiteTest, ServesOverHttpWithVariantsConditionalsAndHead) {
  namespace asio = boost::asio;
  namespace beast = boost::beast;
  namespace http = beast::http;
  Write("g1", 1, "Story served over the wire");
  ServerOptions options;
  options.port = 0;
  options.threads = 2;
  auto server = HttpServer::Start(options, [this](const Request& r) { return site_->Handle(r); });
  ASSERT_TRUE(server) << server.error().ToString();

  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), (*server)->port()});
  beast::flat_buffer buffer;
  auto exchange = [&](http::verb verb, std::vector<std::pair<http::field, std::string>> fields) {
    http::request<http::empty_body> request(verb, "/", 11);
    request.set(http::field::host, "localhost");
    for (const auto& [field, value] : fields) request.set(field, value);
    http::write(socket, request);
    http::response_parser<http::string_body> parser;
    parser.skip(verb == http::verb::head);
    http::read(socket, buffer, parser);
    return parser.release();
  };

  auto gz = exchange(http::verb::get, {{http::field::accept_encoding, "gzip"}});
  ASSERT_EQ(gz.result_int(), 200);
  EXPECT_EQ(gz[http::field::content_encoding], "gzip");
  EXPECT_THAT(GzipDecompress(gz.body()).value_or(""), HasSubstr("Story served over the wire"));
  std::string etag(gz[http::field::etag]);
  ASSERT_FALSE(etag.empty());

  auto not_modified = exchange(http::verb::get, {{http::field::accept_encoding, "gzip"},
                                                 {http::field::if_none_match, etag}});
  EXPECT_EQ(not_modified.result_int(), 304);
  EXPECT_TRUE(not_modified.body().empty());
  EXPECT_EQ(not_modified[http::field::etag], etag);

  auto head = exchange(http::verb::head, {{http::field::accept_encoding, "gzip"}});
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_length], std::to_string(gz.body().size()));
  EXPECT_TRUE(head.body().empty());

  (*server)->Stop();
  (*server)->Wait();
}

}  // namespace
}  // namespace wiredesk::web
