#include "recommend/trending.h"

#include <arpa/inet.h>
#include <array>
#include <random>

#include "core/text.h"

namespace wiredesk::recommend {
namespace {

constexpr int64_t kSecondsPerHour = 3600;

int64_t HourOf(core::TimePoint t) { return core::ToUnixSeconds(t) / kSecondsPerHour; }

std::string RandomSalt() {
  std::random_device device;  // /dev/urandom on Linux.
  std::string salt;
  for (int i = 0; i < 4; ++i) {
    uint32_t word = device();
    salt.append(reinterpret_cast<const char*>(&word), sizeof(word));
  }
  return salt;
}

}  // namespace

std::string VisitorKey(std::string_view salt, std::string_view address) {
  std::string who(address);
  std::array<unsigned char, 16> v6{};
  if (who.find(':') != std::string::npos && inet_pton(AF_INET6, who.c_str(), v6.data()) == 1) {
    // One host usually owns a whole /64 and may pick any address in it.
    bool mapped_v4 = true;  // ::ffff:a.b.c.d is an IPv4 client; keep it whole.
    for (int i = 0; i < 10; ++i) mapped_v4 = mapped_v4 && v6[i] == 0;
    mapped_v4 = mapped_v4 && v6[10] == 0xff && v6[11] == 0xff;
    if (!mapped_v4) {
      who.assign(reinterpret_cast<const char*>(v6.data()), 8);
      who.insert(0, "v6/64:");
    }
  }
  std::string input(salt);
  input += '\0';
  input += who;
  return core::Sha256Hex(input).substr(0, 16);
}

ViewRecorder::ViewRecorder(store::ReadingStore& store, const core::Clock& clock,
                           size_t max_keys_per_hour)
    : store_(store), clock_(clock), max_keys_(max_keys_per_hour), salt_(RandomSalt()) {}

void ViewRecorder::Record(core::ArticleId article, std::string_view address) {
  if (article <= 0)
    return;
  const int64_t hour = HourOf(clock_.Now());
  std::string visitor = VisitorKey(salt_, address);
  std::string key = visitor + "/" + std::to_string(article);
  std::lock_guard lock(mutex_);
  if (hour != hour_) {
    hour_ = hour;
    seen_.clear();
  }
  if (seen_.size() >= max_keys_ || !seen_.insert(std::move(key)).second)
    return;
  pending_.push_back(store::ViewEvent{article, std::move(visitor), hour});
}

core::Result<int> ViewRecorder::Flush() {
  std::vector<store::ViewEvent> views;
  bool prune = false;
  const int64_t hour = HourOf(clock_.Now());
  {
    std::lock_guard lock(mutex_);
    views.swap(pending_);
    if (pruned_hour_ != hour) {
      pruned_hour_ = hour;
      prune = true;
    }
  }
  if (prune) {
    // Keep one hour more than the longest window, so a window never starts in pruned hours.
    WD_RETURN_IF_ERROR(store_.PruneViews(hour - kMaxTrendingHours - 1));
  }
  WD_RETURN_IF_ERROR(store_.RecordViews(views));
  return static_cast<int>(views.size());
}

Trending::Trending(store::ReadingStore& store, const core::Clock& clock, TrendingOptions options)
    : store_(store), clock_(clock), options_(options) {}

core::Result<std::vector<store::MostReadEntry>> Trending::MostRead(const core::SectionPath& section,
                                                                   int limit,
                                                                   std::optional<int> hours) {
  if (limit < 1 || limit > kMaxTrendingLimit) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "limit must be an integer from 1 to " + std::to_string(kMaxTrendingLimit));
  }
  const int window = hours.value_or(options_.hours);
  if (window < kMinTrendingHours || window > kMaxTrendingHours) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "hours must be an integer from " + std::to_string(kMinTrendingHours) +
                               " to " + std::to_string(kMaxTrendingHours));
  }
  const core::TimePoint now = clock_.Now();
  auto key = std::make_pair(section.ToString(), window);
  auto slice = [limit](const std::vector<store::MostReadEntry>& entries) {
    return std::vector<store::MostReadEntry>(
        entries.begin(), entries.begin() + std::min<size_t>(entries.size(), limit));
  };
  {
    std::lock_guard lock(mutex_);
    auto it = lists_.find(key);
    if (it != lists_.end() && now - it->second.computed < options_.refresh)
      return slice(it->second.entries);
  }
  // Count outside the lock: two threads may both count on a miss, which costs a query, while a
  // lock held over the query would stall every page behind one slow count.
  store::MostReadQuery query;
  query.reads_since = now - std::chrono::hours(window);
  query.views_since_hour = HourOf(now) - window + 1;
  if (!section.empty())
    query.section = section;
  query.limit = kMaxTrendingLimit;
  query.view_weight = options_.view_weight;
  WD_ASSIGN_OR_RETURN(std::vector<store::MostReadEntry> entries, store_.MostRead(query));
  std::vector<store::MostReadEntry> out = slice(entries);
  std::lock_guard lock(mutex_);
  // Sections in the key come from URLs; bound the map rather than trust them.
  if (lists_.size() >= options_.max_lists && lists_.count(key) == 0)
    lists_.clear();
  lists_[key] = List{now, std::move(entries)};
  return out;
}

core::Result<std::vector<std::pair<core::ArticleId, double>>> Trending::Scores() {
  const core::TimePoint now = clock_.Now();
  WD_ASSIGN_OR_RETURN(std::vector<store::ReadCount> counts,
                      store_.ReadCounts(now - std::chrono::hours(options_.hours),
                                        HourOf(now) - options_.hours + 1));
  std::vector<std::pair<core::ArticleId, double>> scores;
  scores.reserve(counts.size());
  for (const store::ReadCount& c : counts) {
    scores.emplace_back(c.article_id, static_cast<double>(c.readers) +
                                          options_.view_weight * static_cast<double>(c.visitors));
  }
  return scores;
}

void Trending::Invalidate() {
  std::lock_guard lock(mutex_);
  lists_.clear();
}

}  // namespace wiredesk::recommend
