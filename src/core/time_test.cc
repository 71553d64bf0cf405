#include "core/time.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace wiredesk::core {
namespace {

TEST(Time, RoundTripsRfc3339) {
  auto t = ParseRfc3339("2026-11-30T19:58:22Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(FormatRfc3339(*t), "2026-11-30T19:58:22Z");
  EXPECT_EQ(ToUnixSeconds(*t), 1796068702);
}

TEST(Time, AppliesOffsetsAndFractions) {
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-30T10:00:00+05:30")), "2026-11-30T04:30:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-30T10:00:00-0100")), "2026-11-30T11:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-30T10:00:00.123Z")), "2026-11-30T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-30T10:00Z")), "2026-11-30T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(*ParseRfc3339("2026-11-30")), "2026-11-30T00:00:00Z");
}

TEST(Time, RejectsNonDates) {
  EXPECT_FALSE(ParseRfc3339(""));
  EXPECT_FALSE(ParseRfc3339("yesterday"));
  EXPECT_FALSE(ParseRfc3339("2026-13-01"));
  EXPECT_FALSE(ParseRfc3339("2026-02-30"));
  EXPECT_FALSE(ParseRfc3339("2026-11-30T25:00:00Z"));
  EXPECT_FALSE(ParseRfc3339("2026-11-30T10:00:00Zjunk"));
}

TEST(FakeClock, AdvancesWithoutSleeping) {
  FakeClock clock(*ParseRfc3339("2026-01-01T00:00:00Z"));
  clock.Advance(std::chrono::hours(2));
  EXPECT_EQ(FormatRfc3339(clock.Now()), "2026-01-01T02:00:00Z");
}

}  // namespace
}  // namespace wiredesk::core
