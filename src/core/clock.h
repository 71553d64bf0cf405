// The clock, injected so that embargo, scheduling and cache tests use a fake one and never
// sleep. SystemClock is thread-safe; FakeClock is safe to read from many threads while one
// test thread advances it.
#pragma once

#include <atomic>
#include <chrono>

#include "core/time.h"

namespace wiredesk::core {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint Now() const override {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(TimePoint start) : now_(ToUnixSeconds(start)) {}
  TimePoint Now() const override { return FromUnixSeconds(now_.load()); }
  void Set(TimePoint t) { now_.store(ToUnixSeconds(t)); }
  void Advance(std::chrono::seconds by) { now_.fetch_add(by.count()); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace wiredesk::core
