// Time as wiredesk stores and prints it: UTC seconds, RFC 3339 on the wire.
//
// Pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::core {

using TimePoint = std::chrono::sys_seconds;

// "2026-11-30T19:58:22Z".
std::string FormatRfc3339(TimePoint t);

// Parses RFC 3339 / ISO 8601 forms ("2026-11-30T19:58:22Z", "...+05:30", "...T19:58:22.123Z",
// "2026-11-30"). Returns nullopt when the text is not such a date.
std::optional<TimePoint> ParseRfc3339(std::string_view text);

// Seconds since the Unix epoch, the form the store keeps.
inline int64_t ToUnixSeconds(TimePoint t) { return t.time_since_epoch().count(); }
inline TimePoint FromUnixSeconds(int64_t s) { return TimePoint(std::chrono::seconds(s)); }

}  // namespace wiredesk::core
