#include "accounts/rate_limiter.h"

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(RateLimiter, AllowsLimitPerWindowPerKey) {
  core::FakeClock clock(core::FromUnixSeconds(1'700'000'000));
  RateLimiter limiter(RateLimit{3, std::chrono::seconds(60)}, clock);
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("a"));
  EXPECT_FALSE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("b"));  // Keys are counted apart.
  clock.Advance(std::chrono::seconds(59));
  EXPECT_FALSE(limiter.Allow("a"));
  clock.Advance(std::chrono::seconds(1));
  EXPECT_TRUE(limiter.Allow("a"));  // A new window.
  EXPECT_EQ(limiter.size(), 2u);
}

}  // namespace
}  // namespace wiredesk::accounts
