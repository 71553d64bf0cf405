#include "alerts/delivery_policy.h"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace wiredesk::alerts {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

core::TimePoint At(const char* rfc3339) {
  auto parsed = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(parsed.has_value()) << rfc3339;
  return parsed.value_or(core::TimePoint{});
}

TEST(DeliveryKey, IsOnePerReaderArticleAndChannel) {
  EXPECT_EQ(DeliveryKey(7, 42, Channel::kWhatsApp), "7:42:whatsapp");
  EXPECT_NE(DeliveryKey(7, 42, Channel::kEmail), DeliveryKey(7, 42, Channel::kWebhook));
  for (Channel channel : {Channel::kEmail, Channel::kWhatsApp, Channel::kWebPush, Channel::kWebhook,
                          Channel::kDigest})
    EXPECT_EQ(ChannelFromName(ChannelName(channel)), channel);
  EXPECT_FALSE(ChannelFromName("sms"));
}

TEST(DecideRetry, DoublesWithEqualJitterUpToTheCap) {
  RetryPolicy policy{.max_attempts = 8, .base_delay = seconds(30), .max_delay = hours(1)};
  auto now = At("2026-12-01T10:00:00Z");
  // No jitter drawn: half the step; all jitter: the whole step.
  EXPECT_EQ(DecideRetry(policy, 1, now, 0.0).next_attempt_at, now + seconds(15));
  EXPECT_EQ(DecideRetry(policy, 1, now, 0.999999).next_attempt_at, now + seconds(29));
  EXPECT_EQ(DecideRetry(policy, 2, now, 0.0).next_attempt_at, now + seconds(30));
  EXPECT_EQ(DecideRetry(policy, 3, now, 0.0).next_attempt_at, now + seconds(60));
  // 30 s · 2^6 = 32 min; the 8th failure is past max_attempts.
  EXPECT_EQ(DecideRetry(policy, 7, now, 0.0).next_attempt_at, now + minutes(16));
  EXPECT_TRUE(DecideRetry(policy, 8, now, 0.5).dead_letter);
  // A huge attempt count cannot overflow the doubling.
  RetryPolicy many{.max_attempts = 1000, .base_delay = seconds(30), .max_delay = hours(6)};
  auto late = DecideRetry(many, 999, now, 1.0);
  EXPECT_FALSE(late.dead_letter);
  EXPECT_LE(late.next_attempt_at, now + hours(6));
  EXPECT_GE(late.next_attempt_at, now + hours(3));
}

TEST(DecideRetry, JitterSpreadsAlertsThatFailedTogether) {
  RetryPolicy policy;
  auto now = At("2026-12-01T10:00:00Z");
  std::vector<core::TimePoint> times;
  for (double r : {0.0, 0.25, 0.5, 0.75, 0.99})
    times.push_back(DecideRetry(policy, 4, now, r).next_attempt_at);
  for (size_t i = 1; i < times.size(); ++i) EXPECT_LT(times[i - 1], times[i]);
  // Out-of-range randomness is clamped, never a negative or huge wait.
  EXPECT_EQ(DecideRetry(policy, 4, now, -3.0).next_attempt_at, times[0]);
  EXPECT_LE(DecideRetry(policy, 4, now, 7.0).next_attempt_at, now + seconds(240));
}

TEST(DecideRetry, HonoursALongerRetryAfterWithinTheCap) {
  RetryPolicy policy{.max_attempts = 5, .base_delay = seconds(30), .max_delay = hours(1)};
  auto now = At("2026-12-01T10:00:00Z");
  EXPECT_EQ(DecideRetry(policy, 1, now, 0.0, seconds(120)).next_attempt_at, now + seconds(120));
  EXPECT_EQ(DecideRetry(policy, 1, now, 0.0, seconds(1)).next_attempt_at, now + seconds(15));
  EXPECT_EQ(DecideRetry(policy, 1, now, 0.0, hours(48)).next_attempt_at, now + hours(1));
}

TEST(ActionFor, MapsEveryVerdict) {
  EXPECT_EQ(ActionFor(DeliveryVerdict::kDelivered), OutboxAction::kMarkSent);
  EXPECT_EQ(ActionFor(DeliveryVerdict::kRetry), OutboxAction::kRetryLater);
  EXPECT_EQ(ActionFor(DeliveryVerdict::kGiveUp), OutboxAction::kDeadLetter);
  EXPECT_EQ(ActionFor(DeliveryVerdict::kDisableRecipient), OutboxAction::kDisableRecipient);
  // A broken configuration is ours to fix; the reader's alert waits rather than vanishing.
  EXPECT_EQ(ActionFor(DeliveryVerdict::kDisableChannel), OutboxAction::kRetryLater);
}

TEST(QuietHours, ParseChecksClockAndZone) {
  auto quiet = QuietHours::Parse("22:00", "07:00", "Asia/Kolkata");
  ASSERT_TRUE(quiet) << quiet.error().ToString();
  EXPECT_EQ(quiet->start_minute(), 22 * 60);
  EXPECT_EQ(quiet->end_minute(), 7 * 60);
  for (auto [start, end, zone] :
       std::vector<std::array<const char*, 3>>{{"24:00", "07:00", "UTC"},
                                               {"7:00", "08:00", "UTC"},
                                               {"22:00", "07:60", "UTC"},
                                               {"22-00", "07:00", "UTC"},
                                               {"22:00", "07:00", "Mars/Olympus_Mons"},
                                               {"22:00", "07:00", ""}}) {
    auto bad = QuietHours::Parse(start, end, zone);
    ASSERT_FALSE(bad) << start << " " << end << " " << zone;
    EXPECT_EQ(bad.error().code(), core::ErrorCode::kInvalidArgument);
  }
}

TEST(QuietHours, OvernightWindowInTheReadersZone) {
  // Asia/Kolkata is UTC+05:30 all year.
  auto quiet = QuietHours::Parse("22:00", "07:00", "Asia/Kolkata");
  ASSERT_TRUE(quiet);
  // 12:00 local: not quiet.
  EXPECT_FALSE(quiet->QuietUntil(At("2026-12-01T06:30:00Z")));
  // 23:00 local on the 1st: quiet until 07:00 local on the 2nd = 01:30Z.
  EXPECT_EQ(quiet->QuietUntil(At("2026-12-01T17:30:00Z")), At("2026-12-02T01:30:00Z"));
  // 03:00 local on the 2nd: the same end.
  EXPECT_EQ(quiet->QuietUntil(At("2026-12-01T21:30:00Z")), At("2026-12-02T01:30:00Z"));
  // 07:00 local exactly: the window has ended; 21:59 local: not yet begun.
  EXPECT_FALSE(quiet->QuietUntil(At("2026-12-02T01:30:00Z")));
  EXPECT_FALSE(quiet->QuietUntil(At("2026-12-01T16:29:00Z")));
}

TEST(QuietHours, DaytimeWindowAndEmptyWindow) {
  auto lunch = QuietHours::Parse("12:00", "13:30", "UTC");
  ASSERT_TRUE(lunch);
  EXPECT_EQ(lunch->QuietUntil(At("2026-12-01T12:45:00Z")), At("2026-12-01T13:30:00Z"));
  EXPECT_FALSE(lunch->QuietUntil(At("2026-12-01T13:30:00Z")));
  EXPECT_FALSE(lunch->QuietUntil(At("2026-12-01T11:59:59Z")));
  auto never = QuietHours::Parse("08:00", "08:00", "UTC");
  ASSERT_TRUE(never);
  EXPECT_FALSE(never->QuietUntil(At("2026-12-01T08:00:00Z")));
}

TEST(QuietHours, EndsOnTheReadersWallClockAcrossDaylightSaving) {
  // Europe/Paris leaves summer time on 2026-10-25 at 03:00 local (01:00Z): a window 22:00–07:00
  // that starts on the 24th (UTC+2) ends at 07:00 local on the 25th, which is UTC+1 (06:00Z).
  auto quiet = QuietHours::Parse("22:00", "07:00", "Europe/Paris");
  ASSERT_TRUE(quiet);
  EXPECT_EQ(quiet->QuietUntil(At("2026-10-24T21:00:00Z")), At("2026-10-25T06:00:00Z"));
  // And into summer time on 2026-03-29: 07:00 local is then 05:00Z.
  EXPECT_EQ(quiet->QuietUntil(At("2026-03-28T22:00:00Z")), At("2026-03-29T05:00:00Z"));
}

TEST(RateLimitedUntil, DefersTheBurstUntilTheOldestSendLeavesTheWindow) {
  ReaderRateLimit limit{.max_alerts = 3, .window = hours(1)};
  auto now = At("2026-12-01T10:00:00Z");
  std::vector<core::TimePoint> sent = {now - minutes(50), now - minutes(5), now - minutes(20)};
  EXPECT_EQ(RateLimitedUntil(limit, sent, now), now + minutes(10));
  // Sends older than the window do not count.
  std::vector<core::TimePoint> old = {now - hours(2), now - minutes(61), now - minutes(5)};
  EXPECT_FALSE(RateLimitedUntil(limit, old, now));
  // Over the limit (a lowered limit): wait until enough have left, here all three.
  ReaderRateLimit one{.max_alerts = 1, .window = hours(1)};
  EXPECT_EQ(RateLimitedUntil(one, sent, now), now + minutes(55));
  // No limit configured.
  EXPECT_FALSE(RateLimitedUntil(ReaderRateLimit{.max_alerts = 0, .window = hours(1)}, sent, now));
}

TEST(NextDigestAt, DailyAndWeeklyAtTheReadersHour) {
  // 2026-12-01 is a Tuesday. 08:00 in Asia/Kolkata is 02:30Z.
  auto now = At("2026-12-01T01:00:00Z");
  EXPECT_EQ(NextDigestAt(DigestFrequency::kDaily, 8, "Asia/Kolkata", now),
            At("2026-12-01T02:30:00Z"));
  EXPECT_EQ(NextDigestAt(DigestFrequency::kDaily, 8, "Asia/Kolkata", At("2026-12-01T02:30:00Z")),
            At("2026-12-02T02:30:00Z"));
  // Weekly: the next Monday, 2026-12-07.
  EXPECT_EQ(NextDigestAt(DigestFrequency::kWeekly, 8, "Asia/Kolkata", now),
            At("2026-12-07T02:30:00Z"));
  EXPECT_FALSE(NextDigestAt(DigestFrequency::kNone, 8, "UTC", now));
  EXPECT_FALSE(NextDigestAt(DigestFrequency::kDaily, 24, "UTC", now));
  EXPECT_FALSE(NextDigestAt(DigestFrequency::kDaily, 8, "Nowhere/Else", now));
}

}  // namespace
}  // namespace wiredesk::alerts
