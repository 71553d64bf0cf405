// Preferences: what a reader chose on "Set Preferences", stored as JSON on their account.
//
//   {"sections": ["news/world"], "topics": ["climate"], "language": "en", "theme": "system",
//    "alert_channels": ["email"], "quiet_hours": {"start": "22:00", "end": "07:00"} | null,
//    "digest": "none" | "daily" | "weekly", "history": true}
//
// Sections and topics reorder and filter the reader's home page; alert channels, quiet hours
// and the digest are stored for the alerts part; history turns recording of reads on or off.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/section_path.h"

namespace wiredesk::accounts {

enum class Theme { kSystem, kLight, kDark };
enum class Digest { kNone, kDaily, kWeekly };

struct QuietHours {
  int start_minute = 22 * 60;  // Minutes after midnight (the reader's language of time: UTC).
  int end_minute = 7 * 60;
};

inline constexpr size_t kMaxTopics = 20;
inline constexpr size_t kMaxTopicBytes = 60;

struct Preferences {
  std::vector<core::SectionPath> sections;  // Shown first on the home page, in this order.
  std::vector<std::string> topics;          // Stories matching one come first in "Latest".
  std::string language = "en";              // BCP 47 tag.
  Theme theme = Theme::kSystem;
  std::vector<std::string> alert_channels;  // Among AlertChannels().
  std::optional<QuietHours> quiet_hours;
  Digest digest = Digest::kNone;
  bool history = true;  // Record reads in My Reads.
};

// The channels alerts can use: "email", "web_push", "whatsapp", "webhook".
const std::vector<std::string_view>& AlertChannels();

std::string_view ThemeName(Theme theme);
std::string_view DigestName(Digest digest);
std::optional<Theme> ParseTheme(std::string_view name);
std::optional<Digest> ParseDigest(std::string_view name);

// "HH:MM" <-> minutes after midnight; nullopt for anything else.
std::optional<int> ParseClockTime(std::string_view text);
std::string FormatClockTime(int minutes);

// Reads `json` onto `base`: keys present replace base's values, absent keys keep them (so a
// PUT may send only what changes). kInvalidArgument naming the first bad or unknown key.
core::Result<Preferences> ParsePreferences(std::string_view json, Preferences base = {});

std::string PreferencesToJson(const Preferences& preferences);

// Checks and normalises a topic or other short free text: trimmed, 1..max bytes, no control
// characters or double quotes. kInvalidArgument naming `what` otherwise.
core::Result<std::string> CleanShortText(std::string_view text, size_t max_bytes,
                                         std::string_view what);

}  // namespace wiredesk::accounts
