// SourcePoller: fetches every HTTP source when it is due and ingests what changed.
//
// For each source of kind http whose next_poll_at has come (by the injected clock), it sends
// the stored ETag and Last-Modified back, ingests a 200 through the pipeline with the source's
// own section rules, treats a 304 as "nothing new", and records the outcome in the source
// store. The schedule after a poll:
//   - success (200 ingested or 304): the source's interval;
//   - failure (transport error, refused address, size cap, HTTP >= 400, unparseable feed):
//     interval x 2^failures (failures counted from 1), at most max_backoff;
//   - a Retry-After on a failed response: that delay instead (at least the interval), within
//     the same bound.
// The background thread reads the source list afresh on every tick, so sources added or
// removed by `wiredesk source` in another process take effect without a restart.
//
// Thread safety: PollDue/PollSource may be called from any thread, but two calls must not
// poll the same source at once (the background thread is the only caller in `serve`).
// Start/Stop from one owning thread. The store, pipeline, fetcher and clock must outlive it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "ingest/http_fetcher.h"
#include "ingest/pipeline.h"
#include "store/source_store.h"

namespace wiredesk::ingest {

struct PollerOptions {
  // The longest wait after failures. Default 1 hour.
  std::chrono::seconds max_backoff = std::chrono::hours(1);
  // How many due sources are fetched at once, so one slow source does not hold up the rest.
  // Default 4.
  int parallel_fetches = 4;
  // Called with the report of every document ingested (e.g. to count it in metrics), on a
  // polling thread; it may be called from several at once. Default none.
  std::function<void(const IngestReport&)> on_ingest;
};

// What one poll did.
struct PollOutcome {
  enum class Kind { kIngested, kNotModified, kFailed };
  Kind kind = Kind::kFailed;
  IngestReport report;           // For kIngested.
  std::string status;            // As stored in SourcePollState::last_status.
  store::SourcePollState state;  // The state saved for the source.
};

// The delay before the next poll; see the header comment. `failures` counts consecutive
// failures including this one (0 after a success).
std::chrono::seconds NextPollDelay(std::chrono::seconds interval, int failures,
                                   std::optional<std::chrono::seconds> retry_after,
                                   std::chrono::seconds max_backoff);

class SourcePoller {
 public:
  SourcePoller(store::SourceStore& sources, IngestPipeline& pipeline, Fetcher& fetcher,
               const core::Clock& clock, PollerOptions options = {});
  ~SourcePoller();

  SourcePoller(const SourcePoller&) = delete;
  SourcePoller& operator=(const SourcePoller&) = delete;

  // Polls `source` now, whatever its schedule, and saves the outcome. Fails only when the
  // source is not an http one or the outcome cannot be saved; a failed fetch is an outcome.
  core::Result<PollOutcome> PollSource(const store::SourceRecord& source);

  // Polls every http source due at clock.Now(), up to parallel_fetches at a time, and returns
  // when all are done; returns how many were polled.
  core::Result<int> PollDue();

  // Runs PollDue every `tick` on a background thread until Stop(). Stop also cancels a fetch
  // in flight.
  void Start(std::chrono::milliseconds tick = std::chrono::seconds(1));
  void Stop();

 private:
  store::SourceStore& sources_;
  IngestPipeline& pipeline_;
  Fetcher& fetcher_;
  const core::Clock& clock_;
  const PollerOptions options_;

  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace wiredesk::ingest
