#include "recommend/candidate_pool.h"

#include <algorithm>
#include <unordered_set>
#include <utility>
#include <vector>

namespace wiredesk::recommend {
namespace {

constexpr int kEventBatch = 500;
constexpr size_t kIdsPerLookup = 1000;  // ReadingStore::PublishedAmong's bound.
constexpr std::chrono::minutes kTrimInterval{1};

}  // namespace

CandidatePool::CandidatePool(store::Store& store, store::ReadingStore& reading,
                             const core::Clock& clock, std::chrono::hours window)
    : store_(store), reading_(reading), clock_(clock), window_(window) {}

core::Result<PoolChanges> CandidatePool::Refresh() {
  std::unique_lock refreshing(refresh_mutex_, std::defer_lock);
  if (loaded_.load(std::memory_order_acquire)) {
    // The refresh under way reports the same changes to its caller.
    if (!refreshing.try_lock())
      return PoolChanges{};
  } else {
    refreshing.lock();  // Nobody may read an index that was never loaded.
  }
  if (last_event_seq_ < 0) {
    WD_RETURN_IF_ERROR(Load());
    return PoolChanges{.loaded = true, .changed = {}};
  }
  WD_ASSIGN_OR_RETURN(std::vector<core::ArticleId> changed, ApplyEvents());
  return PoolChanges{.loaded = false, .changed = std::move(changed)};
}

core::Status CandidatePool::Load() {
  // The outbox position is read first: an event written during the load is then applied again
  // by the next refresh, which is harmless, rather than missed.
  WD_ASSIGN_OR_RETURN(store::StoreStats stats, store_.Stats());
  const core::TimePoint now = clock_.Now();
  const core::TimePoint since = now - window_;
  CandidateIndex loaded;
  store::ArticleQuery query;
  query.limit = 100;
  while (true) {
    WD_ASSIGN_OR_RETURN(store::ArticlePage page, store_.ListArticles(query));
    bool older = false;
    for (core::Article& article : page.articles) {
      if (article.published < since) {
        older = true;
        break;
      }
      loaded.Add(std::move(article));
    }
    if (older || page.next_cursor.empty())
      break;
    query.cursor = std::move(page.next_cursor);
  }
  {
    std::unique_lock lock(index_mutex_);
    index_ = std::move(loaded);
  }
  last_event_seq_ = stats.last_event_seq;
  last_trim_ = now;
  loaded_.store(true, std::memory_order_release);
  return core::Ok();
}

core::Result<std::vector<core::ArticleId>> CandidatePool::ApplyEvents() {
  int64_t seq = last_event_seq_;
  std::unordered_set<core::ArticleId> changed_set;
  std::vector<core::ArticleId> changed;
  while (true) {
    WD_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> events,
                        store_.EventsAfter(seq, kEventBatch));
    for (const store::OutboxEvent& event : events) {
      if (changed_set.insert(event.article_id).second)
        changed.push_back(event.article_id);
    }
    if (!events.empty())
      seq = events.back().seq;
    if (events.size() < static_cast<size_t>(kEventBatch))
      break;
  }
  // Whatever the event, the story is read as it stands now: published ones come back with
  // their newest text, killed and withheld ones do not come back.
  std::vector<core::Article> current;
  for (size_t first = 0; first < changed.size(); first += kIdsPerLookup) {
    std::vector<core::ArticleId> ids(
        changed.begin() + static_cast<long>(first),
        changed.begin() + static_cast<long>(std::min(changed.size(), first + kIdsPerLookup)));
    WD_ASSIGN_OR_RETURN(std::vector<core::Article> found, reading_.PublishedAmong(ids));
    std::move(found.begin(), found.end(), std::back_inserter(current));
  }
  const core::TimePoint now = clock_.Now();
  const core::TimePoint since = now - window_;
  const bool trim = now - last_trim_ >= kTrimInterval;
  if (changed.empty() && !trim)
    return changed;
  std::unique_lock lock(index_mutex_);
  for (core::ArticleId id : changed) index_.Remove(id);
  for (core::Article& article : current) {
    if (article.published >= since)
      index_.Add(std::move(article));
  }
  if (trim) {
    index_.RemoveOlderThan(since);
    last_trim_ = now;
  }
  last_event_seq_ = seq;
  return changed;
}

}  // namespace wiredesk::recommend
