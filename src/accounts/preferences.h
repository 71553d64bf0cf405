// Preferences: what a reader chose on "Set Preferences", stored as JSON on their account.
//
//   {"sections": ["news/world"], "topics": ["climate"], "language": "en", "theme": "system",
//    "alerts": {"email": true, "web_push": false, "breaking": false,
//               "whatsapp": "+15551234567" | null,
//               "webhook": "https://example.org/hook" | null,
//               "quiet_hours": {"start": "22:00", "end": "07:00", "tz": "Asia/Kolkata"} | null},
//    "digest": "none" | "daily" | "weekly", "history": true}
//
// Sections and topics reorder and filter the reader's home page; the alert settings and the
// digest drive the alerts part; history turns recording of reads on or off.
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

// A daily window without alerts, on the reader's own clock.
struct QuietHours {
  int start_minute = 22 * 60;  // Minutes after local midnight.
  int end_minute = 7 * 60;
  std::string time_zone = "UTC";  // An IANA zone ICU knows.
};

// Where a reader's alerts go. An alert goes on every channel that is on.
struct AlertSettings {
  bool email = false;     // To the account's address.
  bool web_push = false;  // To the browsers the reader subscribed.
  // Also alert on every breaking story: wire urgency kBreakingUrgency or more urgent, whatever
  // its subject.
  bool breaking = false;
  std::string whatsapp;  // An E.164 number, or empty for none; messages need this opt-in.
  std::string webhook;   // An http(s) URL, or empty for none.
  std::optional<QuietHours> quiet_hours;
};

// Wire urgency runs from 1 (flash) to 9; 1 and 2 (flash and urgent, "bulletin") are what
// agencies move as breaking news.
inline constexpr int kBreakingUrgency = 2;

inline constexpr size_t kMaxTopics = 20;
inline constexpr size_t kMaxTopicBytes = 60;

struct Preferences {
  std::vector<core::SectionPath> sections;  // Shown first on the home page, in this order.
  std::vector<std::string> topics;          // Stories matching one come first in "Latest".
  std::string language = "en";              // BCP 47 tag.
  Theme theme = Theme::kSystem;
  AlertSettings alerts;
  Digest digest = Digest::kNone;
  bool history = true;  // Record reads in My Reads.
};

std::string_view ThemeName(Theme theme);
std::string_view DigestName(Digest digest);
std::optional<Theme> ParseTheme(std::string_view name);
std::optional<Digest> ParseDigest(std::string_view name);

// Whether `number` is an E.164 phone number: '+', then 8 to 15 digits, the first not 0.
bool IsE164(std::string_view number);

// Whether ICU knows `name` as a time zone ("UTC", "Asia/Kolkata").
bool IsKnownTimeZone(std::string_view name);

// Checks a reader's webhook URL: http or https, a host, no user name or password, at most 2,000
// bytes, and not an address literal in a loopback, private or other internal range (names are
// checked again on every connection, where DNS cannot fool the check; `allow_private` lifts
// that last rule). kInvalidArgument saying why otherwise.
core::Status CheckWebhookUrl(std::string_view url, bool allow_private = false);

// Checks a browser's Web Push endpoint by the same rules, but https only (RFC 8030 push
// services are https): except that with `allow_private` (`[network] allow_private_addresses`,
// for a push service on the operator's own network, as in tests) plain http is accepted too.
core::Status CheckPushEndpoint(std::string_view url, bool allow_private = false);

// "HH:MM" <-> minutes after midnight; nullopt for anything else.
std::optional<int> ParseClockTime(std::string_view text);
std::string FormatClockTime(int minutes);

// What input checks depend on the server's configuration.
struct PreferenceRules {
  // `[network] allow_private_addresses`: webhooks may then name loopback and private addresses.
  // Preferences read back from the store pass true: they were checked when they were set.
  bool allow_private_webhooks = false;
};

// Reads `json` onto `base`: keys present replace base's values, absent keys keep them (so a
// PUT may send only what changes). kInvalidArgument naming the first bad or unknown key.
core::Result<Preferences> ParsePreferences(std::string_view json, Preferences base = {},
                                           const PreferenceRules& rules = {});

// Preferences as stored on an account (checked when they were set).
inline core::Result<Preferences> ParseStoredPreferences(std::string_view json) {
  return ParsePreferences(json, {}, PreferenceRules{.allow_private_webhooks = true});
}

std::string PreferencesToJson(const Preferences& preferences);

// Checks and normalises a topic or other short free text: trimmed, 1..max bytes, no control
// characters or double quotes. kInvalidArgument naming `what` otherwise.
core::Result<std::string> CleanShortText(std::string_view text, size_t max_bytes,
                                         std::string_view what);

}  // namespace wiredesk::accounts
