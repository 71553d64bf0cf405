// When an alert may go out: the rules the dispatcher applies to each row of the delivery outbox
// before and after a send. Retries back off exponentially with jitter and end in a dead letter;
// a reader's quiet hours defer a send to the end of the quiet window (in the reader's own time
// zone, through ICU, so daylight-saving changes land where the reader's clock says); a per-reader
// rate limit spreads a burst of matches instead of dropping them. Nothing here drops an alert:
// every rule answers "now" or "not before T".
//
// Thread safety: QuietHours is immutable after Parse and may be shared; the free functions are
// pure (the jitter's randomness is passed in).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "alerts/channel_messages.h"
#include "core/result.h"
#include "core/time.h"

namespace wiredesk::alerts {

// ---- Idempotency ----

// The channels an alert can take; the names are stored in the outbox and shown to admins.
// kDigest is e-mail too, but collected: a reader who chose a daily or weekly digest gets their
// matches in one message at the digest hour instead of one e-mail per story.
enum class Channel { kEmail, kWhatsApp, kWebPush, kWebhook, kDigest };
std::string_view ChannelName(Channel channel);
std::optional<Channel> ChannelFromName(std::string_view name);

// The outbox's unique key: one alert per (reader, article, channel), so a restart, a second
// matcher or a repeated match can never queue the same alert twice.
std::string DeliveryKey(int64_t reader_id, int64_t article_id, Channel channel);

// ---- Retries ----

struct RetryPolicy {
  int max_attempts = 8;                         // Then the alert is dead-lettered.
  std::chrono::seconds base_delay{30};          // Before the second attempt, before jitter.
  std::chrono::seconds max_delay{6 * 60 * 60};  // No wait grows beyond this.
};

struct RetryDecision {
  bool dead_letter = false;         // Stop: kept for admins with the last failure's reason.
  core::TimePoint next_attempt_at;  // When !dead_letter.
};

// After `attempts` failed tries (1 after the first failure) at `now`: the next try is due after
// base·2^(attempts−1), capped at max_delay, of which a random half is jitter ("equal jitter":
// between half and all of the step, so retries of many alerts that failed together spread out
// but none comes back sooner than half its step). A channel's own Retry-After wins when longer.
// `unit_random` is uniform in [0, 1); values outside are clamped.
RetryDecision DecideRetry(const RetryPolicy& policy, int attempts, core::TimePoint now,
                          double unit_random,
                          std::optional<std::chrono::seconds> retry_after = std::nullopt);

// What a channel's answer means for the outbox row.
enum class OutboxAction {
  kMarkSent,         // Delivered.
  kRetryLater,       // DecideRetry picks when (or dead-letters after too many tries).
  kDeadLetter,       // Will never go through.
  kDisableRecipient  // Dead-letter, and stop using this recipient (number, push subscription).
};
OutboxAction ActionFor(DeliveryVerdict verdict);

// ---- Quiet hours ----

// A daily window in the reader's time zone, e.g. 22:00–07:00 Asia/Kolkata. A window whose end
// is before its start runs over midnight; start == end is an empty window (never quiet).
class QuietHours {
 public:
  // `start` and `end` are "HH:MM" (24-hour); `time_zone` an IANA name ICU knows ("UTC",
  // "Europe/Paris"). kInvalidArgument with a message fit for the reader otherwise.
  static core::Result<QuietHours> Parse(std::string_view start, std::string_view end,
                                        std::string_view time_zone);

  // When quiet: the first instant at or after `now` outside the window (the window's end in
  // local time, converted to UTC); otherwise nullopt, and an alert may go now.
  std::optional<core::TimePoint> QuietUntil(core::TimePoint now) const;

  int start_minute() const { return start_minute_; }
  int end_minute() const { return end_minute_; }
  const std::string& time_zone() const { return time_zone_; }

 private:
  QuietHours(int start_minute, int end_minute, std::string time_zone)
      : start_minute_(start_minute), end_minute_(end_minute), time_zone_(std::move(time_zone)) {}

  int start_minute_;  // Minutes after local midnight.
  int end_minute_;
  std::string time_zone_;
};

// ---- Rate limits ----

struct ReaderRateLimit {
  int max_alerts = 10;                   // Alerts one reader gets within `window`...
  std::chrono::seconds window{60 * 60};  // ...on any channel together.
};

// Given the times of the reader's alerts already sent (any order), nullopt when one more may go
// at `now`; otherwise the time the oldest send in the window leaves it. Deferred, never dropped:
// a reader who follows a busy company gets the rest of the burst later, or in a digest.
std::optional<core::TimePoint> RateLimitedUntil(const ReaderRateLimit& limit,
                                                std::span<const core::TimePoint> recent_sends,
                                                core::TimePoint now);

// ---- Digests ----

enum class DigestFrequency { kNone, kDaily, kWeekly };

// When the next digest is due after `last_sent` (or, for a reader never sent one, the next
// `hour_local`:00 in `time_zone` after `now`): daily at that local hour, weekly on Mondays.
// kInvalidArgument for an unknown zone; nullopt-free: kNone answers with an error.
core::Result<core::TimePoint> NextDigestAt(DigestFrequency frequency, int hour_local,
                                           std::string_view time_zone, core::TimePoint now);

}  // namespace wiredesk::alerts
