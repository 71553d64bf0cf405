// RateLimiter: at most `limit` attempts per key in each fixed window of `window`, counted in
// this process's memory. With several `wiredesk serve` nodes behind a load balancer each node
// counts on its own, so the effective limit is per node (limit x nodes at worst); the
// argon2id cost per attempt still bounds what an attacker gains.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

#include "core/clock.h"

namespace wiredesk::accounts {

struct RateLimit {
  int limit = 10;                        // Attempts allowed per window.
  std::chrono::seconds window{15 * 60};  // The window's length.
};

class RateLimiter {
 public:
  RateLimiter(RateLimit limit, const core::Clock& clock) : limit_(limit), clock_(clock) {}
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Counts an attempt for `key`; false when the key has used up its window.
  bool Allow(const std::string& key);

  // Keys tracked now (expired ones are swept as the table grows).
  size_t size() const;

  // Past this many keys, expired windows are swept on the next Allow().
  static constexpr size_t kSweepThreshold = 100'000;

 private:
  struct Window {
    core::TimePoint start;
    int count = 0;
  };
  const RateLimit limit_;
  const core::Clock& clock_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Window> windows_;  // Guarded by mutex_.
};

}  // namespace wiredesk::accounts
