// Metrics: the counters and histograms behind /metrics, in the Prometheus text exposition
// format (version 0.0.4).
//
// Offered series:
//   wiredesk_http_requests_total{route,status}          counter
//   wiredesk_http_request_duration_seconds{route}       histogram, buckets 0.0005 s .. 2.5 s
//   wiredesk_articles{state}                            gauge, read from the store at scrape
//   wiredesk_outbox_events_total                        counter
//   wiredesk_ingest_items_total{outcome}                counter
//   wiredesk_page_cache_hits_total / _misses_total      counters
//
// Route labels are fixed when Metrics is built (the router's labels plus "not_found"), so the
// per-request path is a short scan of an immutable table and relaxed atomic increments: no
// lock on the request path. Ingest outcomes are few and rare and sit behind a mutex.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace wiredesk::web {

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kLatencyBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};

  // `route_labels`: every label requests may be recorded under. Requests recorded under any
  // other label are counted as "other". Duplicates are ignored.
  explicit Metrics(const std::vector<std::string>& route_labels);

  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Records one answered request.
  void ObserveRequest(std::string_view route, int status, std::chrono::nanoseconds latency);

  void CountCacheHit() { cache_hits_.fetch_add(1, std::memory_order_relaxed); }
  void CountCacheMiss() { cache_misses_.fetch_add(1, std::memory_order_relaxed); }
  void CountOutboxEvents(int64_t n) { outbox_events_.fetch_add(n, std::memory_order_relaxed); }
  // Counts ingested items by outcome ("new", "updated", "unchanged", "killed", "rejected", ...);
  // for cli and ingest. Ignores n <= 0.
  void CountIngest(std::string_view outcome, int64_t n);

  // The exposition text. `stats`, when given, supplies the wiredesk_articles gauge (the site
  // reads it from the store at scrape time; without it the gauge is left out).
  std::string Render(const std::optional<store::StoreStats>& stats) const;

  // For tests and the page: the count for one route and status.
  uint64_t RequestCount(std::string_view route, int status) const;

 private:
  static constexpr int kMinStatus = 100;
  static constexpr int kMaxStatus = 599;
  static constexpr size_t kStatusSlots = kMaxStatus - kMinStatus + 1;

  struct RouteSeries {
    std::string label;
    std::array<std::atomic<uint64_t>, kStatusSlots> by_status{};
    // Non-cumulative per-bucket counts; the last slot is +Inf.
    std::array<std::atomic<uint64_t>, kLatencyBuckets.size() + 1> buckets{};
    std::atomic<uint64_t> sum_nanos{0};
  };

  RouteSeries& SeriesFor(std::string_view route);
  const RouteSeries* FindSeries(std::string_view route) const;

  // Fixed after construction; the last one is "other".
  std::vector<std::unique_ptr<RouteSeries>> routes_;
  std::atomic<uint64_t> cache_hits_{0};
  std::atomic<uint64_t> cache_misses_{0};
  std::atomic<uint64_t> outbox_events_{0};

  mutable std::mutex ingest_mutex_;
  std::map<std::string, uint64_t, std::less<>> ingest_;  // Guarded by ingest_mutex_.
};

// The content type of the exposition format.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

}  // namespace wiredesk::web
