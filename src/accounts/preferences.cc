#include "accounts/preferences.h"

#include <algorithm>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

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

}  // namespace

const std::vector<std::string_view>& AlertChannels() {
  static const std::vector<std::string_view> kChannels = {"email", "web_push", "whatsapp",
                                                          "webhook"};
  return kChannels;
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

core::Result<Preferences> ParsePreferences(std::string_view text, Preferences prefs) {
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
    } else if (key == "alert_channels") {
      WD_ASSIGN_OR_RETURN(auto list, StringArray(value, key));
      prefs.alert_channels.clear();
      for (const std::string& c : list) {
        const auto& known = AlertChannels();
        if (std::find(known.begin(), known.end(), c) == known.end())
          return tl::unexpected(Invalid(fmt::format("alert_channels: unknown channel '{}'", c)));
        if (std::find(prefs.alert_channels.begin(), prefs.alert_channels.end(), c) ==
            prefs.alert_channels.end())
          prefs.alert_channels.push_back(c);
      }
    } else if (key == "quiet_hours") {
      if (value.is_null()) {
        prefs.quiet_hours.reset();
        continue;
      }
      const json::object* o = value.if_object();
      auto read = [&](std::string_view name) -> std::optional<int> {
        if (o == nullptr || !o->contains(name) || !o->at(name).is_string())
          return std::nullopt;
        const json::string& s = o->at(name).get_string();
        return ParseClockTime(std::string_view(s.data(), s.size()));
      };
      auto start = read("start");
      auto end = read("end");
      if (!start || !end || o->size() != 2)
        return tl::unexpected(
            Invalid("quiet_hours must be null or {\"start\": \"HH:MM\", \"end\": \"HH:MM\"}"));
      prefs.quiet_hours = QuietHours{*start, *end};
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
  json::array channels;
  for (const auto& c : p.alert_channels) channels.emplace_back(c);
  o["alert_channels"] = std::move(channels);
  if (p.quiet_hours) {
    json::object q;
    q["start"] = FormatClockTime(p.quiet_hours->start_minute);
    q["end"] = FormatClockTime(p.quiet_hours->end_minute);
    o["quiet_hours"] = std::move(q);
  } else {
    o["quiet_hours"] = nullptr;
  }
  o["digest"] = DigestName(p.digest);
  o["history"] = p.history;
  return json::serialize(o);
}

}  // namespace wiredesk::accounts
