#include "accounts/preferences.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <curl/curl.h>
#include <fmt/format.h>
#include <unicode/timezone.h>
#include <unicode/unistr.h>

#include "core/address_policy.h"

namespace wiredesk::accounts {
namespace {

namespace json = boost::json;

core::Error Invalid(std::string message) {
  return core::Error(core::ErrorCode::kInvalidArgument, std::move(message));
}

bool IsLanguageTag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 35)
    return false;
  size_t segment = 0;
  bool first = true;
  for (char c : tag) {
    if (c == '-') {
      if (segment == 0)
        return false;
      first = false;
      segment = 0;
      continue;
    }
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    bool digit = c >= '0' && c <= '9';
    if (!(alpha || (digit && !first)) || ++segment > 8)
      return false;
  }
  return segment > 0;
}

core::Result<std::vector<std::string>> StringArray(const json::value& value, std::string_view key) {
  const json::array* array = value.if_array();
  if (array == nullptr)
    return tl::unexpected(Invalid(fmt::format("{} must be an array of strings", key)));
  std::vector<std::string> out;
  for (const json::value& element : *array) {
    const json::string* text = element.if_string();
    if (text == nullptr)
      return tl::unexpected(Invalid(fmt::format("{} must be an array of strings", key)));
    out.emplace_back(text->data(), text->size());
  }
  return out;
}

std::string_view View(const json::string& s) { return std::string_view(s.data(), s.size()); }

core::Result<QuietHours> ParseQuietHours(const json::value& value) {
  const json::object* o = value.if_object();
  auto clock = [&](std::string_view name) -> std::optional<int> {
    if (o == nullptr || !o->contains(name) || !o->at(name).is_string())
      return std::nullopt;
    return ParseClockTime(View(o->at(name).get_string()));
  };
  auto start = clock("start");
  auto end = clock("end");
  std::string zone = "UTC";
  size_t known_keys = 2;
  if (o != nullptr && o->contains("tz")) {
    const json::string* tz = o->at("tz").if_string();
    if (tz == nullptr || !IsKnownTimeZone(View(*tz)))
      return tl::unexpected(
          Invalid("alerts.quiet_hours.tz must be a time zone name such as \"Asia/Kolkata\""));
    zone = std::string(View(*tz));
    ++known_keys;
  }
  if (!start || !end || o->size() != known_keys)
    return tl::unexpected(
        Invalid("alerts.quiet_hours must be null or {\"start\": \"HH:MM\", \"end\": \"HH:MM\", "
                "\"tz\": \"Area/City\"}"));
  return QuietHours{*start, *end, std::move(zone)};
}

// Reads the "alerts" object onto `alerts`: keys present replace, absent keep, as at the top.
core::Result<AlertSettings> ParseAlertSettings(const json::value& value, AlertSettings alerts,
                                               const PreferenceRules& rules) {
  const json::object* o = value.if_object();
  if (o == nullptr)
    return tl::unexpected(Invalid("alerts must be an object"));
  for (const auto& [key_view, field] : *o) {
    std::string_view key(key_view.data(), key_view.size());
    if (key == "email" || key == "web_push" || key == "breaking") {
      if (!field.is_bool())
        return tl::unexpected(Invalid(fmt::format("alerts.{} must be true or false", key)));
      (key == "email"      ? alerts.email
       : key == "web_push" ? alerts.web_push
                           : alerts.breaking) = field.get_bool();
    } else if (key == "whatsapp") {
      if (field.is_null()) {
        alerts.whatsapp.clear();
        continue;
      }
      const json::string* number = field.if_string();
      if (number == nullptr || !IsE164(View(*number)))
        return tl::unexpected(
            Invalid("alerts.whatsapp must be null or a phone number in international form, such as "
                    "+15551234567"));
      alerts.whatsapp = std::string(View(*number));
    } else if (key == "webhook") {
      if (field.is_null()) {
        alerts.webhook.clear();
        continue;
      }
      const json::string* url = field.if_string();
      if (url == nullptr)
        return tl::unexpected(Invalid("alerts.webhook must be null or a URL"));
      WD_RETURN_IF_ERROR(CheckWebhookUrl(View(*url), rules.allow_private_webhooks));
      alerts.webhook = std::string(View(*url));
    } else if (key == "quiet_hours") {
      if (field.is_null()) {
        alerts.quiet_hours.reset();
        continue;
      }
      WD_ASSIGN_OR_RETURN(alerts.quiet_hours, ParseQuietHours(field));
    } else {
      return tl::unexpected(Invalid(fmt::format("unknown alert setting '{}'", key)));
    }
  }
  return alerts;
}

}  // namespace

bool IsE164(std::string_view number) {
  if (number.size() < 9 || number.size() > 16 || number[0] != '+' || number[1] == '0')
    return false;
  return std::all_of(number.begin() + 1, number.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsKnownTimeZone(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  std::unique_ptr<icu::TimeZone> zone(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())))));
  return zone != nullptr && *zone != icu::TimeZone::getUnknown();
}

namespace {

// A URL a reader gives the server to send to; `field` names it in messages.
core::Status CheckReaderUrl(std::string_view text, std::string_view field, bool https_only,
                            bool allow_private) {
  const std::string label = std::string(field);
  if (text.size() > 2000)
    return tl::unexpected(Invalid(label + " is longer than 2000 bytes"));
  // libcurl's own parser: the one that will read the URL when the alert is sent, so the check
  // and the connection cannot disagree about the host (Boost.URL 1.81 reads the host of
  // "http://10.0.0.1.example/" as 10.0.0.1).
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> url(curl_url(), &curl_url_cleanup);
  if (url == nullptr)
    return tl::unexpected(core::Error(core::ErrorCode::kInternal, "out of memory"));
  auto part = [&](CURLUPart which) -> std::optional<std::string> {
    char* value = nullptr;
    if (curl_url_get(url.get(), which, &value, 0) != CURLUE_OK || value == nullptr)
      return std::nullopt;
    std::string copy(value);
    curl_free(value);
    return copy;
  };
  std::string_view schemes = https_only && !allow_private ? "an https" : "an http or https";
  auto bad_scheme = [&] { return Invalid(label + " must be " + std::string(schemes) + " URL"); };
  if (curl_url_set(url.get(), CURLUPART_URL, std::string(text).c_str(), 0) != CURLUE_OK)
    return tl::unexpected(bad_scheme());
  auto scheme = part(CURLUPART_SCHEME);
  if (!scheme || (*scheme != "https" && (*scheme != "http" || (https_only && !allow_private))))
    return tl::unexpected(bad_scheme());
  if (part(CURLUPART_USER) || part(CURLUPART_PASSWORD))
    return tl::unexpected(Invalid(label + " must not carry a user name or password"));
  auto host = part(CURLUPART_HOST);
  if (!host || host->empty())
    return tl::unexpected(Invalid(label + " must name a host"));
  std::string name = *host;
  if (name.size() > 2 && name.front() == '[' && name.back() == ']')
    name = name.substr(1, name.size() - 2);
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto range = core::ClassifyAddressText(name);
  if (!allow_private && (name == "localhost" || name.ends_with(".localhost") ||
                         (range && *range != core::AddressRange::kPublic)))
    return tl::unexpected(
        Invalid(label + " must be a public address, not a loopback or private one"));
  return core::Ok();
}

}  // namespace

core::Status CheckWebhookUrl(std::string_view text, bool allow_private) {
  return CheckReaderUrl(text, "alerts.webhook", false, allow_private);
}

core::Status CheckPushEndpoint(std::string_view text, bool allow_private) {
  return CheckReaderUrl(text, "endpoint", true, allow_private);
}

std::string_view ThemeName(Theme theme) {
  switch (theme) {
    case Theme::kLight:
      return "light";
    case Theme::kDark:
      return "dark";
    case Theme::kSystem:
      break;
  }
  return "system";
}

std::string_view DigestName(Digest digest) {
  switch (digest) {
    case Digest::kDaily:
      return "daily";
    case Digest::kWeekly:
      return "weekly";
    case Digest::kNone:
      break;
  }
  return "none";
}

std::optional<Theme> ParseTheme(std::string_view name) {
  for (Theme t : {Theme::kSystem, Theme::kLight, Theme::kDark}) {
    if (ThemeName(t) == name)
      return t;
  }
  return std::nullopt;
}

std::optional<Digest> ParseDigest(std::string_view name) {
  for (Digest d : {Digest::kNone, Digest::kDaily, Digest::kWeekly}) {
    if (DigestName(d) == name)
      return d;
  }
  return std::nullopt;
}

std::optional<int> ParseClockTime(std::string_view text) {
  if (text.size() != 5 || text[2] != ':')
    return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (text[i] < '0' || text[i] > '9')
      return std::nullopt;
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59)
    return std::nullopt;
  return hours * 60 + minutes;
}

std::string FormatClockTime(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

core::Result<std::string> CleanShortText(std::string_view text, size_t max_bytes,
                                         std::string_view what) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.empty())
    return tl::unexpected(Invalid(fmt::format("{} must not be empty", what)));
  if (text.size() > max_bytes)
    return tl::unexpected(Invalid(fmt::format("{} is longer than {} bytes", what, max_bytes)));
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '"')
      return tl::unexpected(
          Invalid(fmt::format("{} must not hold control characters or quotes", what)));
  }
  return std::string(text);
}

core::Result<Preferences> ParsePreferences(std::string_view text, Preferences prefs,
                                           const PreferenceRules& rules) {
  boost::system::error_code ec;
  json::value root = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !root.is_object())
    return tl::unexpected(Invalid("preferences must be a JSON object"));
  for (const auto& [key_view, value] : root.get_object()) {
    std::string_view key(key_view.data(), key_view.size());
    if (key == "sections") {
      WD_ASSIGN_OR_RETURN(auto list, StringArray(value, key));
      if (list.size() > 50)
        return tl::unexpected(Invalid("too many sections"));
      prefs.sections.clear();
      for (const std::string& s : list) {
        auto path = core::SectionPath::Parse(s);
        if (!path || path->empty())
          return tl::unexpected(Invalid(fmt::format("sections: '{}' is not a section path", s)));
        if (std::find(prefs.sections.begin(), prefs.sections.end(), *path) == prefs.sections.end())
          prefs.sections.push_back(std::move(*path));
      }
    } else if (key == "topics") {
      WD_ASSIGN_OR_RETURN(auto list, StringArray(value, key));
      if (list.size() > kMaxTopics)
        return tl::unexpected(Invalid(fmt::format("at most {} topics", kMaxTopics)));
      prefs.topics.clear();
      for (const std::string& t : list) {
        WD_ASSIGN_OR_RETURN(std::string topic, CleanShortText(t, kMaxTopicBytes, "a topic"));
        if (std::find(prefs.topics.begin(), prefs.topics.end(), topic) == prefs.topics.end())
          prefs.topics.push_back(std::move(topic));
      }
    } else if (key == "language") {
      const json::string* s = value.if_string();
      if (s == nullptr || !IsLanguageTag(std::string_view(s->data(), s->size())))
        return tl::unexpected(Invalid("language must be a language tag such as \"en\""));
      prefs.language = std::string(s->data(), s->size());
    } else if (key == "theme") {
      const json::string* s = value.if_string();
      auto theme = s ? ParseTheme(std::string_view(s->data(), s->size())) : std::nullopt;
      if (!theme)
        return tl::unexpected(Invalid("theme must be \"system\", \"light\" or \"dark\""));
      prefs.theme = *theme;
    } else if (key == "digest") {
      const json::string* s = value.if_string();
      auto digest = s ? ParseDigest(std::string_view(s->data(), s->size())) : std::nullopt;
      if (!digest)
        return tl::unexpected(Invalid("digest must be \"none\", \"daily\" or \"weekly\""));
      prefs.digest = *digest;
    } else if (key == "alerts") {
      WD_ASSIGN_OR_RETURN(prefs.alerts, ParseAlertSettings(value, std::move(prefs.alerts), rules));
    } else if (key == "history") {
      if (!value.is_bool())
        return tl::unexpected(Invalid("history must be true or false"));
      prefs.history = value.get_bool();
    } else {
      return tl::unexpected(Invalid(fmt::format("unknown preference '{}'", key)));
    }
  }
  return prefs;
}

std::string PreferencesToJson(const Preferences& p) {
  json::object o;
  json::array sections;
  for (const auto& s : p.sections) sections.emplace_back(s.ToString());
  o["sections"] = std::move(sections);
  json::array topics;
  for (const auto& t : p.topics) topics.emplace_back(t);
  o["topics"] = std::move(topics);
  o["language"] = p.language;
  o["theme"] = ThemeName(p.theme);
  json::object alerts;
  alerts["email"] = p.alerts.email;
  alerts["web_push"] = p.alerts.web_push;
  alerts["breaking"] = p.alerts.breaking;
  alerts["whatsapp"] =
      p.alerts.whatsapp.empty() ? json::value(nullptr) : json::value(p.alerts.whatsapp);
  alerts["webhook"] =
      p.alerts.webhook.empty() ? json::value(nullptr) : json::value(p.alerts.webhook);
  if (p.alerts.quiet_hours) {
    json::object q;
    q["start"] = FormatClockTime(p.alerts.quiet_hours->start_minute);
    q["end"] = FormatClockTime(p.alerts.quiet_hours->end_minute);
    q["tz"] = p.alerts.quiet_hours->time_zone;
    alerts["quiet_hours"] = std::move(q);
  } else {
    alerts["quiet_hours"] = nullptr;
  }
  o["alerts"] = std::move(alerts);
  o["digest"] = DigestName(p.digest);
  o["history"] = p.history;
  return json::serialize(o);
}

}  // namespace wiredesk::accounts
