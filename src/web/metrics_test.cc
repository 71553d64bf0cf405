#include "web/metrics.h"

#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(Metrics, CountsRequestsByRouteAndStatus) {
  Metrics metrics({"home", "article"});
  metrics.ObserveRequest("home", 200, std::chrono::microseconds(300));
  metrics.ObserveRequest("home", 200, std::chrono::milliseconds(3));
  metrics.ObserveRequest("article", 410, std::chrono::milliseconds(30));
  metrics.ObserveRequest("nonsense", 404, std::chrono::milliseconds(1));
  EXPECT_EQ(metrics.RequestCount("home", 200), 2u);
  EXPECT_EQ(metrics.RequestCount("article", 410), 1u);
  EXPECT_EQ(metrics.RequestCount("other", 404), 1u);

  std::string text = metrics.Render(std::nullopt);
  EXPECT_THAT(text, HasSubstr("wiredesk_http_requests_total{route=\"home\",status=\"200\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("wiredesk_http_requests_total{route=\"article\",status=\"410\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_http_requests_total{route=\"other\",status=\"404\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("status=\"500\"")));
}

TEST(Metrics, HistogramIsCumulativeWithSumAndCount) {
  Metrics metrics({"home"});
  metrics.ObserveRequest("home", 200, std::chrono::microseconds(300));  // <= 0.0005
  metrics.ObserveRequest("home", 200, std::chrono::milliseconds(3));    // <= 0.005
  metrics.ObserveRequest("home", 200, std::chrono::seconds(10));        // +Inf only
  std::string text = metrics.Render(std::nullopt);
  auto bucket = [](std::string le, int n) {
    return "wiredesk_http_request_duration_seconds_bucket{route=\"home\",le=\"" + le + "\"} " +
           std::to_string(n) + "\n";
  };
  EXPECT_THAT(text, HasSubstr(bucket("0.0005", 1)));
  EXPECT_THAT(text, HasSubstr(bucket("0.001", 1)));
  EXPECT_THAT(text, HasSubstr(bucket("0.0025", 1)));
  EXPECT_THAT(text, HasSubstr(bucket("0.005", 2)));
  EXPECT_THAT(text, HasSubstr(bucket("2.5", 2)));
  EXPECT_THAT(text, HasSubstr(bucket("+Inf", 3)));
  EXPECT_THAT(text, HasSubstr("wiredesk_http_request_duration_seconds_count{route=\"home\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("wiredesk_http_request_duration_seconds_sum{route=\"home\"} 10.0033\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE wiredesk_http_request_duration_seconds histogram\n"));
}

TEST(Metrics, RendersGaugesAndCounters) {
  Metrics metrics({});
  store::StoreStats stats;
  stats.articles_published = 12;
  stats.articles_killed = 2;
  stats.articles_hidden = 1;
  metrics.CountOutboxEvents(5);
  metrics.CountIngest("new", 7);
  metrics.CountIngest("rejected", 1);
  metrics.CountIngest("new", 3);
  metrics.CountIngest("updated", 0);  // Ignored.
  metrics.CountCacheHit();
  metrics.CountCacheHit();
  metrics.CountCacheMiss();
  std::string text = metrics.Render(stats);
  EXPECT_THAT(text, HasSubstr("wiredesk_articles{state=\"published\"} 12\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_articles{state=\"killed\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_articles{state=\"hidden\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_outbox_events_total 5\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_ingest_items_total{outcome=\"new\"} 10\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_ingest_items_total{outcome=\"rejected\"} 1\n"));
  EXPECT_THAT(text, Not(HasSubstr("outcome=\"updated\"")));
  EXPECT_THAT(text, HasSubstr("wiredesk_page_cache_hits_total 2\n"));
  EXPECT_THAT(text, HasSubstr("wiredesk_page_cache_misses_total 1\n"));
  EXPECT_THAT(metrics.Render(std::nullopt), Not(HasSubstr("wiredesk_articles{")));
}

TEST(Metrics, EveryLineIsWellFormedExposition) {
  Metrics metrics({"home", "we\"ird"});
  metrics.ObserveRequest("home", 200, std::chrono::milliseconds(1));
  metrics.ObserveRequest("we\"ird", 500, std::chrono::milliseconds(1));
  metrics.CountIngest("odd\\outcome\n", 1);
  std::string text = metrics.Render(store::StoreStats{});
  ASSERT_FALSE(text.empty());
  EXPECT_EQ(text.back(), '\n');
  for (const std::string& line : Lines(text)) {
    ASSERT_FALSE(line.empty());
    if (line[0] == '#') {
      EXPECT_TRUE(line.rfind("# HELP wiredesk_", 0) == 0 || line.rfind("# TYPE wiredesk_", 0) == 0)
          << line;
      continue;
    }
    // name{labels} value, or name value: exactly one space before the value.
    size_t space = line.rfind(' ');
    ASSERT_NE(space, std::string::npos) << line;
    std::string value = line.substr(space + 1);
    EXPECT_FALSE(value.empty()) << line;
    EXPECT_EQ(value.find_first_not_of("0123456789.e+-"), std::string::npos) << line;
    EXPECT_EQ(line.rfind("wiredesk_", 0), 0u) << line;
  }
  EXPECT_THAT(text, HasSubstr("route=\"we\\\"ird\""));
  EXPECT_THAT(text, HasSubstr("outcome=\"odd\\\\outcome\\n\""));
}

}  // namespace
}  // namespace wiredesk::web
