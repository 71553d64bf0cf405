#include "alerts/delivery_policy.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include <fmt/format.h>
#include <unicode/calendar.h>
#include <unicode/locid.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;
using core::TimePoint;

constexpr std::array<std::pair<Channel, std::string_view>, 5> kChannelNames = {{
    {Channel::kEmail, "email"},
    {Channel::kWhatsApp, "whatsapp"},
    {Channel::kWebPush, "webpush"},
    {Channel::kWebhook, "webhook"},
    {Channel::kDigest, "digest"},
}};

// "HH:MM" → minutes after midnight.
std::optional<int> ParseClock(std::string_view text) {
  if (text.size() != 5 || text[2] != ':')
    return std::nullopt;
  for (size_t i : {0u, 1u, 3u, 4u}) {
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59)
    return std::nullopt;
  return hours * 60 + minutes;
}

// An ICU calendar in `zone` set to `at`; null for a zone ICU does not know.
std::unique_ptr<icu::Calendar> CalendarAt(std::string_view zone, TimePoint at) {
  std::unique_ptr<icu::TimeZone> tz(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(zone.data(), static_cast<int32_t>(zone.size())))));
  if (tz == nullptr || *tz == icu::TimeZone::getUnknown())
    return nullptr;
  UErrorCode status = U_ZERO_ERROR;
  // The root locale gives the Gregorian calendar; the reader's locale does not change their
  // clock.
  std::unique_ptr<icu::Calendar> calendar(
      icu::Calendar::createInstance(tz.release(), icu::Locale::getRoot(), status));
  if (U_FAILURE(status) || calendar == nullptr)
    return nullptr;
  calendar->setTime(static_cast<UDate>(core::ToUnixSeconds(at)) * 1000.0, status);
  if (U_FAILURE(status))
    return nullptr;
  return calendar;
}

std::optional<TimePoint> CalendarTime(icu::Calendar& calendar) {
  UErrorCode status = U_ZERO_ERROR;
  UDate millis = calendar.getTime(status);
  if (U_FAILURE(status))
    return std::nullopt;
  return core::FromUnixSeconds(static_cast<int64_t>(std::floor(millis / 1000.0)));
}

// Moves `calendar` to `minute_of_day` local time on its current day (a time a DST change skips
// resolves forward, as the wall clock does).
void SetLocalClock(icu::Calendar& calendar, int minute_of_day) {
  calendar.set(UCAL_HOUR_OF_DAY, minute_of_day / 60);
  calendar.set(UCAL_MINUTE, minute_of_day % 60);
  calendar.set(UCAL_SECOND, 0);
  calendar.set(UCAL_MILLISECOND, 0);
}

}  // namespace

std::string_view ChannelName(Channel channel) {
  for (const auto& [value, name] : kChannelNames) {
    if (value == channel)
      return name;
  }
  return "email";
}

std::optional<Channel> ChannelFromName(std::string_view name) {
  for (const auto& [value, known] : kChannelNames) {
    if (known == name)
      return value;
  }
  return std::nullopt;
}

std::string DeliveryKey(int64_t reader_id, int64_t article_id, Channel channel) {
  return fmt::format("{}:{}:{}", reader_id, article_id, ChannelName(channel));
}

RetryDecision DecideRetry(const RetryPolicy& policy, int attempts, TimePoint now,
                          double unit_random, std::optional<std::chrono::seconds> retry_after) {
  if (attempts >= policy.max_attempts)
    return {.dead_letter = true, .next_attempt_at = now};
  // base·2^(attempts−1) without overflow: stop doubling once past the cap.
  auto step = std::max(policy.base_delay, std::chrono::seconds(1));
  for (int i = 1; i < attempts && step < policy.max_delay; ++i) step *= 2;
  step = std::min(step, policy.max_delay);
  double jitter = std::clamp(unit_random, 0.0, 1.0);
  auto half = step / 2;
  auto delay = half + std::chrono::seconds(static_cast<int64_t>(
                          std::floor(static_cast<double>((step - half).count()) * jitter)));
  if (retry_after && *retry_after > delay)
    delay = std::min(*retry_after, policy.max_delay);
  return {.dead_letter = false, .next_attempt_at = now + delay};
}

OutboxAction ActionFor(DeliveryVerdict verdict) {
  switch (verdict) {
    case DeliveryVerdict::kDelivered:
      return OutboxAction::kMarkSent;
    case DeliveryVerdict::kRetry:
      return OutboxAction::kRetryLater;
    case DeliveryVerdict::kGiveUp:
      return OutboxAction::kDeadLetter;
    case DeliveryVerdict::kDisableRecipient:
      return OutboxAction::kDisableRecipient;
    case DeliveryVerdict::kDisableChannel:
      // Our side is broken (token, template): keep the alert for when admins fix it.
      return OutboxAction::kRetryLater;
  }
  return OutboxAction::kRetryLater;
}

core::Result<QuietHours> QuietHours::Parse(std::string_view start, std::string_view end,
                                           std::string_view time_zone) {
  auto start_minute = ParseClock(start);
  auto end_minute = ParseClock(end);
  if (!start_minute || !end_minute) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "quiet hours need a start and an end as HH:MM, e.g. 22:00 and 07:00");
  }
  if (time_zone.empty() || time_zone.size() > 64 ||
      CalendarAt(time_zone, core::FromUnixSeconds(0)) == nullptr) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "unknown time zone for quiet hours; use a name like Asia/Kolkata");
  }
  return QuietHours(*start_minute, *end_minute, std::string(time_zone));
}

std::optional<TimePoint> QuietHours::QuietUntil(TimePoint now) const {
  if (start_minute_ == end_minute_)
    return std::nullopt;
  auto calendar = CalendarAt(time_zone_, now);
  if (calendar == nullptr)
    return std::nullopt;  // Parse checked the zone; a zone that vanished means no quiet.
  UErrorCode status = U_ZERO_ERROR;
  int minute = calendar->get(UCAL_HOUR_OF_DAY, status) * 60 + calendar->get(UCAL_MINUTE, status);
  if (U_FAILURE(status))
    return std::nullopt;
  bool overnight = end_minute_ < start_minute_;
  bool quiet = overnight ? (minute >= start_minute_ || minute < end_minute_)
                         : (minute >= start_minute_ && minute < end_minute_);
  if (!quiet)
    return std::nullopt;
  // The end is later today, unless an overnight window began this evening.
  bool ends_tomorrow = overnight && minute >= start_minute_;
  SetLocalClock(*calendar, end_minute_);
  if (ends_tomorrow)
    calendar->add(UCAL_DATE, 1, status);
  if (U_FAILURE(status))
    return std::nullopt;
  auto until = CalendarTime(*calendar);
  if (!until)
    return std::nullopt;
  return std::max(*until, now);
}

std::optional<TimePoint> RateLimitedUntil(const ReaderRateLimit& limit,
                                          std::span<const TimePoint> recent_sends, TimePoint now) {
  if (limit.max_alerts <= 0)
    return std::nullopt;  // No limit configured.
  std::vector<TimePoint> in_window;
  for (TimePoint sent : recent_sends) {
    if (sent > now - limit.window && sent <= now)
      in_window.push_back(sent);
  }
  if (static_cast<int>(in_window.size()) < limit.max_alerts)
    return std::nullopt;
  // Room for one more opens when all but max_alerts − 1 sends have left the window: at the
  // departure of the (size − max_alerts)-th oldest, counting from 0.
  auto opener = in_window.begin() +
                static_cast<ptrdiff_t>(in_window.size() - static_cast<size_t>(limit.max_alerts));
  std::nth_element(in_window.begin(), opener, in_window.end());
  return *opener + limit.window;
}

core::Result<TimePoint> NextDigestAt(DigestFrequency frequency, int hour_local,
                                     std::string_view time_zone, TimePoint now) {
  if (frequency == DigestFrequency::kNone)
    return core::MakeError(ErrorCode::kInvalidArgument, "this reader takes no digest");
  if (hour_local < 0 || hour_local > 23)
    return core::MakeError(ErrorCode::kInvalidArgument, "a digest hour is 0 to 23");
  auto calendar = CalendarAt(time_zone, now);
  if (calendar == nullptr)
    return core::MakeError(ErrorCode::kInvalidArgument, "unknown time zone for the digest");
  UErrorCode status = U_ZERO_ERROR;
  // At most a week ahead: try today, then each following day.
  for (int day = 0; day < 8; ++day) {
    if (day > 0)
      calendar->add(UCAL_DATE, 1, status);
    SetLocalClock(*calendar, hour_local * 60);
    if (U_FAILURE(status))
      break;
    if (frequency == DigestFrequency::kWeekly &&
        calendar->get(UCAL_DAY_OF_WEEK, status) != UCAL_MONDAY)
      continue;
    auto at = CalendarTime(*calendar);
    if (at && *at > now)
      return *at;
  }
  return core::MakeError(ErrorCode::kInternal, "no digest time found in the next week");
}

}  // namespace wiredesk::alerts
