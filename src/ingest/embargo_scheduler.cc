#include "ingest/embargo_scheduler.h"

#include <spdlog/spdlog.h>

namespace wiredesk::ingest {

EmbargoScheduler::EmbargoScheduler(store::Store& store, const core::Clock& clock)
    : store_(store), clock_(clock) {}

EmbargoScheduler::~EmbargoScheduler() { Stop(); }

core::Result<int> EmbargoScheduler::RunOnce() { return store_.ReleaseEmbargoes(clock_.Now()); }

void EmbargoScheduler::Start(std::chrono::milliseconds interval) {
  if (thread_.joinable())
    return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto released = RunOnce();
      if (!released) {
        spdlog::warn("embargo release failed: {}", released.error().ToString());
      } else if (*released > 0) {
        spdlog::info("published {} embargoed stor{}", *released, *released == 1 ? "y" : "ies");
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void EmbargoScheduler::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

}  // namespace wiredesk::ingest
