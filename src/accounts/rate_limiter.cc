#include "accounts/rate_limiter.h"

namespace wiredesk::accounts {

bool RateLimiter::Allow(const std::string& key) {
  core::TimePoint now = clock_.Now();
  std::lock_guard lock(mutex_);
  if (windows_.size() >= kSweepThreshold) {
    std::erase_if(windows_,
                  [&](const auto& entry) { return now - entry.second.start >= limit_.window; });
  }
  Window& window = windows_[key];
  if (window.count == 0 || now - window.start >= limit_.window) {
    window.start = now;
    window.count = 0;
  }
  if (window.count >= limit_.limit)
    return false;
  ++window.count;
  return true;
}

size_t RateLimiter::size() const {
  std::lock_guard lock(mutex_);
  return windows_.size();
}

}  // namespace wiredesk::accounts
