#include "ingest/poller.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include "ingest/testing/http_test_server.h"
#include "store/sqlite_source_store.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::ingest {
namespace {

using core::AddressPolicy;

using std::chrono::seconds;
using test_util::HttpRequest;
using test_util::HttpResponse;
using test_util::HttpTestServer;
namespace http = boost::beast::http;

const core::TimePoint kT0 = core::FromUnixSeconds(1'800'000'000);

std::string Rss(const std::string& guid, const std::string& title,
                const std::string& category = "") {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>"
         "<link>https://wire.example.com/</link><description>W</description><item><title>" +
         title + "</title><guid isPermaLink=\"false\">" + guid +
         "</guid><pubDate>Thu, 09 Oct 2025 08:00:00 GMT</pubDate>" +
         (category.empty() ? "" : "<category>" + category + "</category>") +
         "<description>Text of " + title + ".</description></item></channel></rss>";
}

std::string Gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

FetchOptions LocalOptions() {
  FetchOptions options;
  options.policy = AddressPolicy(AddressPolicy::Scope::kAllowPrivate);
  return options;
}

// A poller over real stores in a temp folder, a real fetcher and a fake clock.
class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config);
    config_ = *config;
    store::SqliteStoreOptions options;
    options.path = dir_.File("wd.db");
    auto articles = store::SqliteStore::Open(options);
    ASSERT_TRUE(articles) << articles.error().ToString();
    articles_ = std::move(*articles);
    auto sources = store::SqliteSourceStore::Open(dir_.File("wd.db"));
    ASSERT_TRUE(sources) << sources.error().ToString();
    sources_ = std::move(*sources);
    pipeline_ = std::make_unique<IngestPipeline>(*articles_, config_, clock_);
  }

  store::SourceRecord AddHttpSource(const std::string& url, int interval = 60) {
    store::SourceRecord source;
    source.name = "wire";
    source.kind = store::SourceKind::kHttp;
    source.location = url;
    source.interval_seconds = interval;
    source.created_at = clock_.Now();
    source.poll.next_poll_at = clock_.Now();
    EXPECT_TRUE(sources_->AddSource(source));
    return source;
  }

  store::SourceRecord Reload(const std::string& name = "wire") {
    auto source = sources_->GetSource(name);
    EXPECT_TRUE(source);
    return source.value_or(store::SourceRecord{});
  }

  int64_t Published() {
    auto stats = articles_->Stats();
    EXPECT_TRUE(stats);
    return stats ? stats->articles_published : -1;
  }

  store::test_util::TempDir dir_;
  core::Config config_;
  core::FakeClock clock_{kT0};
  std::unique_ptr<store::SqliteStore> articles_;
  std::unique_ptr<store::SqliteSourceStore> sources_;
  std::unique_ptr<IngestPipeline> pipeline_;
};

TEST_F(PollerTest, EtagFlowIngestsOnceThenGetsNotModified) {
  HttpTestServer server([](const HttpRequest& request) {
    if (request[http::field::if_none_match] == "\"v1\"")
      return HttpTestServer::Respond(304, "");
    HttpResponse response = HttpTestServer::Respond(200, Rss("urn:a:1", "Harbour reopens"));
    response.set(http::field::etag, "\"v1\"");
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  int reports = 0;
  PollerOptions options;
  options.on_ingest = [&reports](const IngestReport&) { ++reports; };
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_, options);
  AddHttpSource(server.Url("/feed"));

  auto first = poller.PollSource(Reload());
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->kind, PollOutcome::Kind::kIngested);
  EXPECT_EQ(first->report.new_count, 1);
  EXPECT_EQ(Reload().poll.etag, "\"v1\"");
  EXPECT_EQ(Reload().poll.next_poll_at, kT0 + seconds(60));
  EXPECT_EQ(Published(), 1);

  auto second = poller.PollSource(Reload());
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->kind, PollOutcome::Kind::kNotModified);
  EXPECT_EQ(Reload().poll.last_status, "not modified");
  EXPECT_EQ(Reload().poll.failure_count, 0);
  EXPECT_EQ(Published(), 1);
  EXPECT_EQ(server.requests().at(1)[http::field::if_none_match], "\"v1\"");
  EXPECT_EQ(reports, 1);  // Only the ingested document is reported.
}

TEST_F(PollerTest, LastModifiedFlowSendsIfModifiedSince) {
  const std::string stamp = "Mon, 30 Nov 2026 10:00:00 GMT";
  HttpTestServer server([&stamp](const HttpRequest& request) {
    if (request[http::field::if_modified_since] == stamp)
      return HttpTestServer::Respond(304, "");
    HttpResponse response = HttpTestServer::Respond(200, Rss("urn:a:2", "Budget passes"));
    response.set(http::field::last_modified, stamp);
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  AddHttpSource(server.Url("/feed"));
  ASSERT_EQ(poller.PollSource(Reload())->kind, PollOutcome::Kind::kIngested);
  EXPECT_EQ(Reload().poll.last_modified, stamp);
  ASSERT_EQ(poller.PollSource(Reload())->kind, PollOutcome::Kind::kNotModified);
  EXPECT_EQ(server.requests().at(1)[http::field::if_modified_since], stamp);
}

TEST_F(PollerTest, IngestsAGzippedFeedWithTheSourcesSectionRules) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse response =
        HttpTestServer::Respond(200, Gzip(Rss("urn:a:3", "Cup final", "Cricket")));
    response.set(http::field::content_encoding, "gzip");
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  store::SourceRecord source;
  source.name = "sport";
  source.kind = store::SourceKind::kHttp;
  source.location = server.Url("/feed");
  source.interval_seconds = 60;
  source.section_rules = {{"Cricket", *core::SectionPath::Parse("sport/cricket")}};
  ASSERT_TRUE(sources_->AddSource(source));
  auto outcome = poller.PollSource(Reload("sport"));
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  ASSERT_EQ(outcome->kind, PollOutcome::Kind::kIngested) << outcome->status;
  store::ArticleQuery query;
  query.guid = "urn:a:3";
  auto page = articles_->ListArticles(query);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->articles.size(), 1u);
  EXPECT_EQ(page->articles[0].section.ToString(), "sport/cricket");
  EXPECT_EQ(page->articles[0].source, "sport");
}

TEST_F(PollerTest, HonoursRetryAfter) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse response = HttpTestServer::Respond(503, "busy", "text/plain");
    response.set(http::field::retry_after, "600");
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  AddHttpSource(server.Url("/feed"));
  auto outcome = poller.PollSource(Reload());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, PollOutcome::Kind::kFailed);
  EXPECT_EQ(Reload().poll.last_status, "error: HTTP 503");
  EXPECT_EQ(Reload().poll.failure_count, 1);
  EXPECT_EQ(Reload().poll.next_poll_at, kT0 + seconds(600));
}

TEST_F(PollerTest, SizeCapAndRedirectLimitAreFailures) {
  HttpTestServer server([](const HttpRequest& request) {
    if (request.target() == "/loop") {
      HttpResponse response = HttpTestServer::Respond(302, "");
      response.set(http::field::location, "/loop");
      return response;
    }
    return HttpTestServer::Respond(200, Rss("urn:a:4", std::string(5000, 'x')));
  });
  FetchOptions options = LocalOptions();
  options.max_bytes = 1000;
  CurlFetcher fetcher(options);
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  AddHttpSource(server.Url("/big"));
  auto big = poller.PollSource(Reload());
  ASSERT_TRUE(big);
  EXPECT_EQ(big->kind, PollOutcome::Kind::kFailed);
  EXPECT_NE(Reload().poll.last_status.find("resource_exhausted"), std::string::npos)
      << Reload().poll.last_status;

  store::SourceRecord loop = Reload();
  loop.location = server.Url("/loop");
  auto looped = poller.PollSource(loop);
  ASSERT_TRUE(looped);
  EXPECT_EQ(looped->kind, PollOutcome::Kind::kFailed);
  EXPECT_NE(Reload().poll.last_status.find("redirects"), std::string::npos)
      << Reload().poll.last_status;
  EXPECT_EQ(Reload().poll.failure_count, 2);
  EXPECT_EQ(Published(), 0);
}

TEST_F(PollerTest, BacksOffExponentiallyAndRecovers) {
  std::atomic<bool> healthy{false};
  HttpTestServer server([&healthy](const HttpRequest&) {
    return healthy ? HttpTestServer::Respond(200, Rss("urn:a:5", "Back online"))
                   : HttpTestServer::Respond(500, "down", "text/plain");
  });
  CurlFetcher fetcher(LocalOptions());
  PollerOptions options;
  options.max_backoff = seconds(500);
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_, options);
  AddHttpSource(server.Url("/feed"), 60);

  // Due now: polled, fails, waits 120 s; then 240, 480, and 500 (the bound) after that.
  std::vector<int64_t> waits;
  for (int i = 0; i < 4; ++i) {
    auto polled = poller.PollDue();
    ASSERT_TRUE(polled);
    EXPECT_EQ(*polled, 1);
    const store::SourceRecord source = Reload();
    waits.push_back((source.poll.next_poll_at - clock_.Now()).count());
    EXPECT_EQ(source.poll.failure_count, i + 1);
    // Not due a second before its time.
    clock_.Set(source.poll.next_poll_at - seconds(1));
    EXPECT_EQ(*poller.PollDue(), 0);
    clock_.Set(source.poll.next_poll_at);
  }
  EXPECT_EQ(waits, (std::vector<int64_t>{120, 240, 480, 500}));

  healthy = true;
  ASSERT_EQ(*poller.PollDue(), 1);
  EXPECT_EQ(Reload().poll.failure_count, 0);
  EXPECT_EQ(Reload().poll.next_poll_at, clock_.Now() + seconds(60));
  EXPECT_EQ(Published(), 1);
}

TEST_F(PollerTest, LoopbackIsRefusedByDefaultAndAllowedByTheConfigSwitch) {
  HttpTestServer server(
      [](const HttpRequest&) { return HttpTestServer::Respond(200, Rss("urn:a:6", "Local")); });
  AddHttpSource(server.Url("/feed"));
  {
    core::NetworkConfig network;  // allow_private_addresses = false.
    CurlFetcher fetcher(FetchOptionsFromConfig(network));
    SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
    auto outcome = poller.PollSource(Reload());
    ASSERT_TRUE(outcome);
    EXPECT_EQ(outcome->kind, PollOutcome::Kind::kFailed);
    EXPECT_NE(outcome->status.find("permission_denied"), std::string::npos) << outcome->status;
    EXPECT_TRUE(server.requests().empty());
  }
  core::NetworkConfig network;
  network.allow_private_addresses = true;
  CurlFetcher fetcher(FetchOptionsFromConfig(network));
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  auto outcome = poller.PollSource(Reload());
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, PollOutcome::Kind::kIngested) << outcome->status;
  EXPECT_EQ(Published(), 1);
}

TEST_F(PollerTest, PollsOnlyHttpSources) {
  CurlFetcher fetcher(LocalOptions());
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  store::SourceRecord push;
  push.name = "pushed";
  push.kind = store::SourceKind::kPush;
  ASSERT_TRUE(sources_->AddSource(push));
  EXPECT_EQ(*poller.PollDue(), 0);
  auto refused = poller.PollSource(Reload("pushed"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code(), core::ErrorCode::kFailedPrecondition);
}

TEST_F(PollerTest, PollsManyDueSourcesInParallel) {
  HttpTestServer server([](const HttpRequest& request) {
    std::string target(request.target());
    return HttpTestServer::Respond(200, Rss("urn:p" + target, "Story at " + target.substr(1)));
  });
  CurlFetcher fetcher(LocalOptions());
  std::atomic<int> reports{0};
  PollerOptions options;
  options.parallel_fetches = 3;
  options.on_ingest = [&reports](const IngestReport&) { ++reports; };
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_, options);
  for (int i = 0; i < 7; ++i) {
    store::SourceRecord source;
    source.name = "wire" + std::to_string(i);
    source.kind = store::SourceKind::kHttp;
    source.location = server.Url("/s" + std::to_string(i));
    source.interval_seconds = 60;
    source.poll.next_poll_at = kT0;
    ASSERT_TRUE(sources_->AddSource(source));
  }
  auto polled = poller.PollDue();
  ASSERT_TRUE(polled);
  EXPECT_EQ(*polled, 7);
  EXPECT_EQ(reports.load(), 7);
  EXPECT_EQ(Published(), 7);
  EXPECT_EQ(*poller.PollDue(), 0);  // All rescheduled an interval ahead.
}

TEST_F(PollerTest, BackgroundThreadPollsAndStops) {
  HttpTestServer server(
      [](const HttpRequest&) { return HttpTestServer::Respond(200, Rss("urn:a:7", "Threaded")); });
  CurlFetcher fetcher(LocalOptions());
  SourcePoller poller(*sources_, *pipeline_, fetcher, clock_);
  AddHttpSource(server.Url("/feed"));
  poller.Start(std::chrono::milliseconds(10));
  for (int i = 0; i < 1000 && Published() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  poller.Stop();
  EXPECT_EQ(Published(), 1);
}

TEST(NextPollDelay, Schedule) {
  const seconds hour(3600);
  EXPECT_EQ(NextPollDelay(seconds(60), 0, std::nullopt, hour), seconds(60));
  EXPECT_EQ(NextPollDelay(seconds(60), 1, std::nullopt, hour), seconds(120));
  EXPECT_EQ(NextPollDelay(seconds(60), 5, std::nullopt, hour), seconds(1920));
  EXPECT_EQ(NextPollDelay(seconds(60), 6, std::nullopt, hour), hour);
  EXPECT_EQ(NextPollDelay(seconds(60), 1000, std::nullopt, hour), hour);
  // Retry-After wins over doubling, within [interval, bound].
  EXPECT_EQ(NextPollDelay(seconds(60), 1, seconds(900), hour), seconds(900));
  EXPECT_EQ(NextPollDelay(seconds(60), 1, seconds(5), hour), seconds(60));
  EXPECT_EQ(NextPollDelay(seconds(60), 1, seconds(99999), hour), hour);
  // A slow source is never polled faster because it fails.
  EXPECT_EQ(NextPollDelay(seconds(7200), 3, std::nullopt, hour), seconds(7200));
  EXPECT_EQ(NextPollDelay(seconds(0), 0, std::nullopt, hour), seconds(1));
}

}  // namespace
}  // namespace wiredesk::ingest
