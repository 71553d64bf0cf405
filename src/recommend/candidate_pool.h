// Every published story of the candidate window (the last 7 days by default), in a
// CandidateIndex the server keeps current from the store, for Recommended For You.
//
// The first Refresh reads the window from the store, newest first. Each later one applies the
// outbox events written since the last it saw: a publish, update or correction re-reads that
// story (so it comes back with its newest text, or not at all if it is no longer published), a
// withhold or kill removes it, and stories that have aged out of the window leave once a minute.
// When nothing has happened, a refresh is one indexed query.
//
// The pool may trail the store by one refresh; the Recommender therefore treats it as a source
// of candidates only, and re-reads from the store the stories it is about to show.
//
// Thread safety: every member may be called from any thread. Refreshes run one at a time; a
// refresh that finds another under way returns at once, the other one doing the same work.
// Readers share the index and wait only while a refresh swaps stories in.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "recommend/candidate_index.h"
#include "store/reading_store.h"
#include "store/store.h"

namespace wiredesk::recommend {

inline constexpr std::chrono::hours kCandidateWindow{24 * 7};

// What one refresh found.
struct PoolChanges {
  bool loaded = false;  // The window was read from the store anew.
  // Stories published, changed, withheld or killed since the last refresh (those that aged out
  // of the window are not news).
  std::vector<core::ArticleId> changed;
  bool any() const { return loaded || !changed.empty(); }
};

class CandidatePool {
 public:
  // The references must outlive the pool.
  CandidatePool(store::Store& store, store::ReadingStore& reading, const core::Clock& clock,
                std::chrono::hours window = kCandidateWindow);

  // Brings the index up to date with the store, as the header describes, and says what changed.
  // On a store failure the index keeps what it had and the next refresh starts from the same
  // event.
  core::Result<PoolChanges> Refresh();

  // Calls `read(const CandidateIndex&)` with the index, which stays unchanged during the call,
  // and returns what it returns.
  template <typename Read>
  auto WithIndex(Read&& read) const {
    std::shared_lock lock(index_mutex_);
    return read(static_cast<const CandidateIndex&>(index_));
  }

  std::chrono::hours window() const { return window_; }

 private:
  core::Status Load();
  core::Result<std::vector<core::ArticleId>> ApplyEvents();

  store::Store& store_;
  store::ReadingStore& reading_;
  const core::Clock& clock_;
  const std::chrono::hours window_;

  std::mutex refresh_mutex_;  // One refresh at a time; guards the members below it.
  int64_t last_event_seq_ = -1;
  core::TimePoint last_trim_;
  std::atomic<bool> loaded_{false};

  mutable std::shared_mutex index_mutex_;
  CandidateIndex index_;
};

}  // namespace wiredesk::recommend
