#include "web/metrics.h"

#include <algorithm>

#include <fmt/format.h>

namespace wiredesk::web {
namespace {

constexpr std::string_view kOtherRoute = "other";

// Prometheus label values escape backslash, double quote and newline.
std::string EscapeLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

// Shortest text that reads back as the same double, as Prometheus clients print floats.
std::string FormatDouble(double value) { return fmt::format("{}", value); }

}  // namespace

Metrics::Metrics(const std::vector<std::string>& route_labels) {
  for (const std::string& label : route_labels) {
    if (label == kOtherRoute || FindSeries(label) != nullptr)
      continue;
    routes_.push_back(std::make_unique<RouteSeries>());
    routes_.back()->label = label;
  }
  routes_.push_back(std::make_unique<RouteSeries>());
  routes_.back()->label = std::string(kOtherRoute);
}

const Metrics::RouteSeries* Metrics::FindSeries(std::string_view route) const {
  for (const auto& series : routes_) {
    if (series->label == route)
      return series.get();
  }
  return nullptr;
}

Metrics::RouteSeries& Metrics::SeriesFor(std::string_view route) {
  // routes_ never changes after construction, so this scan needs no lock.
  for (const auto& series : routes_) {
    if (series->label == route)
      return *series;
  }
  return *routes_.back();
}

void Metrics::ObserveRequest(std::string_view route, int status, std::chrono::nanoseconds latency) {
  RouteSeries& series = SeriesFor(route);
  int slot = std::clamp(status, kMinStatus, kMaxStatus) - kMinStatus;
  series.by_status[static_cast<size_t>(slot)].fetch_add(1, std::memory_order_relaxed);
  double seconds = std::chrono::duration<double>(latency).count();
  size_t bucket = static_cast<size_t>(
      std::lower_bound(kLatencyBuckets.begin(), kLatencyBuckets.end(), seconds) -
      kLatencyBuckets.begin());
  series.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  uint64_t nanos = latency.count() > 0 ? static_cast<uint64_t>(latency.count()) : 0;
  series.sum_nanos.fetch_add(nanos, std::memory_order_relaxed);
}

void Metrics::CountIngest(std::string_view outcome, int64_t n) {
  if (n <= 0)
    return;
  std::lock_guard lock(ingest_mutex_);
  auto it = ingest_.find(outcome);
  if (it == ingest_.end())
    it = ingest_.emplace(std::string(outcome), 0).first;
  it->second += static_cast<uint64_t>(n);
}

uint64_t Metrics::RequestCount(std::string_view route, int status) const {
  const RouteSeries* series = FindSeries(route);
  if (series == nullptr || status < kMinStatus || status > kMaxStatus)
    return 0;
  return series->by_status[static_cast<size_t>(status - kMinStatus)].load(
      std::memory_order_relaxed);
}

std::string Metrics::Render(const std::optional<store::StoreStats>& stats) const {
  std::string out;
  auto line = [&out](std::string_view text) {
    out += text;
    out += '\n';
  };

  line("# HELP wiredesk_http_requests_total HTTP requests answered, by route and status.");
  line("# TYPE wiredesk_http_requests_total counter");
  for (const auto& series : routes_) {
    std::string route = EscapeLabel(series->label);
    for (size_t slot = 0; slot < kStatusSlots; ++slot) {
      uint64_t n = series->by_status[slot].load(std::memory_order_relaxed);
      if (n == 0)
        continue;
      line(fmt::format("wiredesk_http_requests_total{{route=\"{}\",status=\"{}\"}} {}", route,
                       static_cast<int>(slot) + kMinStatus, n));
    }
  }

  line("# HELP wiredesk_http_request_duration_seconds Time to answer a request, by route.");
  line("# TYPE wiredesk_http_request_duration_seconds histogram");
  for (const auto& series : routes_) {
    // Buckets are counted separately; the exposition wants them cumulative. Counts read one
    // by one may straddle a concurrent request, which Prometheus tolerates; _count is taken
    // from the same reads so it always equals the +Inf bucket.
    std::array<uint64_t, kLatencyBuckets.size() + 1> counts{};
    uint64_t total = 0;
    for (size_t i = 0; i < counts.size(); ++i) {
      counts[i] = series->buckets[i].load(std::memory_order_relaxed);
      total += counts[i];
    }
    if (total == 0)
      continue;
    std::string route = EscapeLabel(series->label);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += counts[i];
      line(fmt::format("wiredesk_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}",
                       route, FormatDouble(kLatencyBuckets[i]), cumulative));
    }
    line(fmt::format("wiredesk_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}",
                     route, total));
    double sum = static_cast<double>(series->sum_nanos.load(std::memory_order_relaxed)) / 1e9;
    line(fmt::format("wiredesk_http_request_duration_seconds_sum{{route=\"{}\"}} {}", route,
                     FormatDouble(sum)));
    line(fmt::format("wiredesk_http_request_duration_seconds_count{{route=\"{}\"}} {}", route,
                     total));
  }

  if (stats) {
    line("# HELP wiredesk_articles Articles in the store, by state.");
    line("# TYPE wiredesk_articles gauge");
    line(fmt::format("wiredesk_articles{{state=\"published\"}} {}", stats->articles_published));
    line(fmt::format("wiredesk_articles{{state=\"hidden\"}} {}", stats->articles_hidden));
    line(fmt::format("wiredesk_articles{{state=\"killed\"}} {}", stats->articles_killed));
  }

  line("# HELP wiredesk_outbox_events_total Outbox events applied by this process.");
  line("# TYPE wiredesk_outbox_events_total counter");
  line(fmt::format("wiredesk_outbox_events_total {}",
                   outbox_events_.load(std::memory_order_relaxed)));

  line("# HELP wiredesk_ingest_items_total Items ingested by this process, by outcome.");
  line("# TYPE wiredesk_ingest_items_total counter");
  {
    std::lock_guard lock(ingest_mutex_);
    for (const auto& [outcome, n] : ingest_) {
      line(
          fmt::format("wiredesk_ingest_items_total{{outcome=\"{}\"}} {}", EscapeLabel(outcome), n));
    }
  }

  line("# HELP wiredesk_page_cache_hits_total Requests answered from the page cache.");
  line("# TYPE wiredesk_page_cache_hits_total counter");
  line(fmt::format("wiredesk_page_cache_hits_total {}",
                   cache_hits_.load(std::memory_order_relaxed)));
  line("# HELP wiredesk_page_cache_misses_total Cacheable requests that had to be rendered.");
  line("# TYPE wiredesk_page_cache_misses_total counter");
  line(fmt::format("wiredesk_page_cache_misses_total {}",
                   cache_misses_.load(std::memory_order_relaxed)));
  return out;
}

}  // namespace wiredesk::web
