// EmbargoScheduler: publishes embargoed stories when their embargo time comes.
//
// The store keeps an embargoed article hidden (ArticleState::kEmbargoed) and publishes it, with
// an outbox event, in ReleaseEmbargoes(now). This scheduler calls that on a background thread
// at a fixed interval, reading the time from the injected clock, so tests drive it with a
// FakeClock and RunOnce() and never sleep.
//
// Thread safety: Start/Stop from one owning thread; RunOnce may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace wiredesk::ingest {

class EmbargoScheduler {
 public:
  EmbargoScheduler(store::Store& store, const core::Clock& clock);
  ~EmbargoScheduler();

  EmbargoScheduler(const EmbargoScheduler&) = delete;
  EmbargoScheduler& operator=(const EmbargoScheduler&) = delete;

  // Releases every embargo due at clock.Now(); returns how many stories were published.
  core::Result<int> RunOnce();

  // Runs RunOnce every `interval` on a background thread until Stop(). An embargo is therefore
  // honoured to within `interval`; errors are logged and retried at the next tick.
  void Start(std::chrono::milliseconds interval = std::chrono::seconds(1));
  void Stop();

 private:
  store::Store& store_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wiredesk::ingest
