#include "core/time.h"

#include <fmt/format.h>

namespace wiredesk::core {
namespace {

// Reads exactly `width` digits at `pos`; returns -1 when they are not all digits.
int ReadDigits(std::string_view text, size_t pos, size_t width) {
  if (pos + width > text.size())
    return -1;
  int value = 0;
  for (size_t i = 0; i < width; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9')
      return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

std::string FormatRfc3339(TimePoint t) {
  auto days = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(days);
  std::chrono::hh_mm_ss hms(t - days);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count());
}

std::optional<TimePoint> ParseRfc3339(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int year = ReadDigits(text, 0, 4);
  if (year < 0 || text.size() < 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  int month = ReadDigits(text, 5, 2);
  int day = ReadDigits(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31)
    return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(month),
                                  std::chrono::day(day)};
  if (!ymd.ok())
    return std::nullopt;
  TimePoint t = std::chrono::sys_days(ymd);
  if (text.size() == 10)
    return t;
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
    return std::nullopt;
  int hour = ReadDigits(text, 11, 2);
  int minute = ReadDigits(text, 14, 2);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || text.size() < 16 || text[13] != ':') {
    return std::nullopt;
  }
  size_t pos = 16;
  int second = 0;
  if (pos < text.size() && text[pos] == ':') {
    second = ReadDigits(text, pos + 1, 2);
    if (second < 0 || second > 60)
      return std::nullopt;
    pos += 3;
    if (second == 60)
      second = 59;  // A leap second reads as the second before it.
  }
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
  }
  t += std::chrono::hours(hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  if (pos == text.size())
    return t;  // No offset: taken as UTC.
  char zone = text[pos];
  if ((zone == 'Z' || zone == 'z') && pos + 1 == text.size())
    return t;
  if (zone != '+' && zone != '-')
    return std::nullopt;
  int off_hours = ReadDigits(text, pos + 1, 2);
  if (off_hours < 0 || off_hours > 23)
    return std::nullopt;
  size_t mpos = pos + 3;
  if (mpos < text.size() && text[mpos] == ':')
    ++mpos;
  int off_minutes = mpos < text.size() ? ReadDigits(text, mpos, 2) : 0;
  if (off_minutes < 0 || off_minutes > 59)
    return std::nullopt;
  if (mpos < text.size() && mpos + 2 != text.size())
    return std::nullopt;
  auto offset = std::chrono::hours(off_hours) + std::chrono::minutes(off_minutes);
  return zone == '+' ? t - offset : t + offset;
}

}  // namespace wiredesk::core
