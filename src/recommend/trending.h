// Trending: the most-read stories of the last hours, overall and per section, from read events.
//
// Who counts, so that one client refreshing in a loop cannot push a story up:
//   * a signed-in reader counts once per story: My Reads keeps one row per reader and story
//     (store::AccountStore::RecordRead refreshes its time), and a reader who turned history off
//     is not counted at all;
//   * an anonymous page view counts once per story per visitor, where the visitor is a salted
//     hash of the client address (IPv6 addresses by their /64, which one host usually owns
//     whole), and weighs half a signed-in reader (TrendingOptions::view_weight): an address is
//     weaker evidence of a person than an account, and one address may hide many readers (a
//     NAT) or one reader may use a few. So a refresh loop adds at most one visitor per story
//     however long it runs, and a botnet of N addresses at most N/2.
//
//   score = distinct signed-in readers + 0.5 × distinct anonymous visitors   (in the window)
//
// ViewRecorder takes anonymous views on the request path without I/O: it keeps the keys it
// has seen this hour in memory (bounded; views past the bound are dropped until the hour
// turns, which protects the store's single writer from a flood), and Flush() writes the new
// ones in one transaction. The salt is random per process and never stored, so the database
// holds no address, not even one that could be recovered by hashing every IPv4 address. A
// restart (new salt) may count a visitor again for the same story: rare, bounded by restarts.
//
// Trending::MostRead answers from a per-(section, window) list kept for `refresh` (default
// 60 s), so the cost of a page is a map lookup, and the counting query (one index range scan
// per window) runs at most once per list and refresh. Invalidate() drops every list (the site
// calls it on each outbox event, so a killed story leaves "Most read" with the kill).
//
// Thread safety: both classes may be used from any number of threads at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "core/section_path.h"
#include "store/reading_store.h"

namespace wiredesk::recommend {

inline constexpr int kMinTrendingHours = 1;
inline constexpr int kMaxTrendingHours = 72;
inline constexpr int kMaxTrendingLimit = 50;

struct TrendingOptions {
  int hours = 24;                    // Default window, kMinTrendingHours..kMaxTrendingHours.
  std::chrono::seconds refresh{60};  // How long a computed list is served. Default 60 s.
  double view_weight = 0.5;          // An anonymous visitor against a reader. Default 0.5.
  size_t max_lists = 256;            // Cached (section, window) lists. Default 256.
};

// The visitor key of a client address: the first 16 hex digits of SHA-256(salt, address), an
// IPv6 address reduced to its /64 first. Exposed for tests.
std::string VisitorKey(std::string_view salt, std::string_view address);

class ViewRecorder {
 public:
  // `max_keys_per_hour` bounds memory (about 100 bytes a key) and writes per hour. Default
  // 200,000.
  ViewRecorder(store::ReadingStore& store, const core::Clock& clock,
               size_t max_keys_per_hour = 200'000);
  ViewRecorder(const ViewRecorder&) = delete;
  ViewRecorder& operator=(const ViewRecorder&) = delete;

  // Notes an anonymous view of `article` from `address`. No I/O; a view already seen this hour
  // from the same visitor is ignored.
  void Record(core::ArticleId article, std::string_view address);

  // Writes the views noted since the last flush; at the first flush of a new hour also prunes
  // views older than kMaxTrendingHours. Returns how many views were written; on failure they
  // are dropped (a view is worth counting, not worth retrying).
  core::Result<int> Flush();

 private:
  store::ReadingStore& store_;
  const core::Clock& clock_;
  const size_t max_keys_;
  const std::string salt_;
  std::mutex mutex_;
  int64_t hour_ = 0;                       // Guarded by mutex_.
  std::unordered_set<std::string> seen_;   // Guarded by mutex_: "visitor/article" this hour.
  std::vector<store::ViewEvent> pending_;  // Guarded by mutex_.
  int64_t pruned_hour_ = 0;                // Guarded by mutex_.
};

class Trending {
 public:
  Trending(store::ReadingStore& store, const core::Clock& clock, TrendingOptions options = {});
  Trending(const Trending&) = delete;
  Trending& operator=(const Trending&) = delete;

  // The most-read published stories of the last `hours` (default options.hours) in `section`
  // (empty: every section), best first, at most `limit`. kInvalidArgument for a limit outside
  // 1..kMaxTrendingLimit or hours outside kMinTrendingHours..kMaxTrendingHours.
  core::Result<std::vector<store::MostReadEntry>> MostRead(const core::SectionPath& section,
                                                           int limit,
                                                           std::optional<int> hours = std::nullopt);

  // The score MostRead ranks by (readers + view_weight × visitors, in the default window) of
  // every story read or viewed in the window, whatever its state, in no set order. Not cached:
  // for callers that rank many stories at once, off the request path.
  core::Result<std::vector<std::pair<core::ArticleId, double>>> Scores();

  // Drops every cached list; the next call counts again.
  void Invalidate();

  const TrendingOptions& options() const { return options_; }

 private:
  struct List {
    core::TimePoint computed;
    std::vector<store::MostReadEntry> entries;  // Up to kMaxTrendingLimit.
  };

  store::ReadingStore& store_;
  const core::Clock& clock_;
  const TrendingOptions options_;
  std::mutex mutex_;
  std::map<std::pair<std::string, int>, List> lists_;  // Guarded by mutex_.
};

}  // namespace wiredesk::recommend
