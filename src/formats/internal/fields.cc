#include "formats/internal/fields.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <utility>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "core/text.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats::internal {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Splits a date into tokens at blanks and commas; ':' and signs stay inside tokens.
std::vector<std::string_view> Tokens(std::string_view text) {
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() &&
           (std::isspace(static_cast<unsigned char>(text[pos])) || text[pos] == ',')) {
      ++pos;
    }
    size_t start = pos;
    while (pos < text.size() && !std::isspace(static_cast<unsigned char>(text[pos])) &&
           text[pos] != ',') {
      ++pos;
    }
    if (pos > start)
      tokens.push_back(text.substr(start, pos - start));
  }
  return tokens;
}

std::optional<int> ToInt(std::string_view text, size_t min_digits, size_t max_digits) {
  if (text.size() < min_digits || text.size() > max_digits)
    return std::nullopt;
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9')
      return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::optional<int> MonthNumber(std::string_view token) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (token.size() < 3)
    return std::nullopt;
  std::string lower = Lower(token.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (lower == kMonths[i])
      return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

// Offset east of UTC in minutes for a zone token, or nullopt when it is not one.
std::optional<int> ZoneOffsetMinutes(std::string_view zone) {
  if (zone.empty())
    return 0;
  if (zone[0] == '+' || zone[0] == '-') {
    std::string digits;
    for (char c : zone.substr(1)) {
      if (c != ':')
        digits += c;
    }
    std::optional<int> value = ToInt(digits, 1, 4);
    if (!value || digits.size() == 3)
      return std::nullopt;
    int hours = digits.size() <= 2 ? *value : *value / 100;
    int minutes = digits.size() <= 2 ? 0 : *value % 100;
    if (hours > 23 || minutes > 59)
      return std::nullopt;
    int offset = hours * 60 + minutes;
    return zone[0] == '-' ? -offset : offset;
  }
  struct Named {
    std::string_view name;
    int hours;
  };
  // RFC 822's names, then the unambiguous ones feeds outside America write.
  static constexpr Named kZones[] = {
      {"ut", 0},   {"utc", 0},   {"gmt", 0},   {"z", 0},     {"est", -5},  {"edt", -4},
      {"cst", -6}, {"cdt", -5},  {"mst", -7},  {"mdt", -6},  {"pst", -8},  {"pdt", -7},
      {"ast", -4}, {"adt", -3},  {"akst", -9}, {"akdt", -8}, {"hst", -10}, {"wet", 0},
      {"west", 1}, {"bst", 1},   {"cet", 1},   {"cest", 2},  {"met", 1},   {"mest", 2},
      {"eet", 2},  {"eest", 3},  {"msk", 3},   {"hkt", 8},   {"sgt", 8},   {"jst", 9},
      {"kst", 9},  {"aest", 10}, {"aedt", 11}, {"nzst", 12}, {"nzdt", 13},
  };
  std::string lower = Lower(zone);
  for (const Named& named : kZones) {
    if (lower == named.name)
      return named.hours * 60;
  }
  // "GMT+0100", "UTC-5", "GMT+01:00": a named UTC with an offset.
  for (std::string_view utc : {"gmt", "utc", "ut"}) {
    if (lower.size() > utc.size() && lower.rfind(utc, 0) == 0 &&
        (lower[utc.size()] == '+' || lower[utc.size()] == '-')) {
      return ZoneOffsetMinutes(zone.substr(utc.size()));
    }
  }
  // RFC 2822 says single-letter military zones carry no reliable meaning: read them as UTC.
  if (lower.size() == 1 && std::isalpha(static_cast<unsigned char>(lower[0])))
    return 0;
  return std::nullopt;
}

// The instant of a civil date and time at `offset_minutes` east of UTC, or nullopt when the
// date does not exist. A leap second reads as the second before it.
std::optional<core::TimePoint> CivilTime(int year, int month, int day, int hour, int minute,
                                         int second, int offset_minutes) {
  std::chrono::year_month_day ymd{std::chrono::year(year),
                                  std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (!ymd.ok())
    return std::nullopt;
  core::TimePoint t = std::chrono::sys_days(ymd);
  t += std::chrono::hours(hour) + std::chrono::minutes(minute) +
       std::chrono::seconds(std::min(second, 59));
  return t - std::chrono::minutes(offset_minutes);
}

// RSS dates nearly always come in RFC 1123's fixed layout, "Thu, 01 Oct 2025 00:01:00 GMT",
// and ParseRfc822's tokenising and copying made dates 7% of the cost of an RSS item. This
// reads that layout at fixed offsets, with a day name, a month name and a zone (GMT, UT, UTC,
// Z or +hhmm) spelt as RFC 1123 spells them, and returns nullopt for anything else, which
// ParseRfc822 then reads the long way: on the layout both take it gives the same answer.
std::optional<core::TimePoint> ParseRfc1123Layout(std::string_view text) {
  // "Ddd, DD Mon YYYY HH:MM:SS " is 26 bytes; the zone follows.
  if (text.size() < 27 || text.substr(3, 2) != ", " || text[7] != ' ' || text[11] != ' ' ||
      text[16] != ' ' || text[19] != ':' || text[22] != ':' || text[25] != ' ') {
    return std::nullopt;
  }
  static constexpr std::string_view kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  if (std::find(std::begin(kDays), std::end(kDays), text.substr(0, 3)) == std::end(kDays))
    return std::nullopt;
  static constexpr std::string_view kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto* month = std::find(std::begin(kMonths), std::end(kMonths), text.substr(8, 3));
  if (month == std::end(kMonths))
    return std::nullopt;
  std::optional<int> day = ToInt(text.substr(5, 2), 2, 2);
  std::optional<int> year = ToInt(text.substr(12, 4), 4, 4);
  std::optional<int> hour = ToInt(text.substr(17, 2), 2, 2);
  std::optional<int> minute = ToInt(text.substr(20, 2), 2, 2);
  std::optional<int> second = ToInt(text.substr(23, 2), 2, 2);
  if (!day || !year || !hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60)
    return std::nullopt;
  std::string_view zone = text.substr(26);
  int offset = 0;
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    std::optional<int> hhmm = ToInt(zone.substr(1), 4, 4);
    if (!hhmm || *hhmm / 100 > 23 || *hhmm % 100 > 59)
      return std::nullopt;
    offset = (*hhmm / 100 * 60 + *hhmm % 100) * (zone[0] == '-' ? -1 : 1);
  } else if (zone != "GMT" && zone != "UT" && zone != "UTC" && zone != "Z") {
    return std::nullopt;
  }
  return CivilTime(*year, static_cast<int>(month - std::begin(kMonths)) + 1, *day, *hour, *minute,
                   *second, offset);
}

}  // namespace

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

std::optional<core::TimePoint> ParseRfc822(std::string_view raw) {
  if (std::optional<core::TimePoint> t = ParseRfc1123Layout(raw))
    return t;
  // Broken forms seen in feeds, normalised first: a zone comment "+0100 (CET)", dates with
  // hyphens ("07-Sep-2002", RFC 850) or slashes ("2006/09/15"), asctime's "Sat Sep  7
  // 00:00:01 2002", a 12-hour clock ("10:15 PM"), and "at" before the time.
  std::string text(raw);
  if (size_t paren = text.find('('); paren != std::string::npos && text.back() == ')')
    text.erase(paren);
  std::vector<std::string_view> raw_tokens = Tokens(text);
  std::vector<std::string> owned;
  owned.reserve(raw_tokens.size() + 4);
  for (std::string_view token : raw_tokens) {
    if (Lower(token) == "at")
      continue;
    size_t dash = token.find('-');
    size_t slash = token.find('/');
    if (dash != std::string_view::npos && dash > 0 &&
        std::isdigit(static_cast<unsigned char>(token[0])) &&
        token.find(':') == std::string_view::npos) {
      // "07-Sep-2002" -> "07" "Sep" "2002".
      size_t second = token.find('-', dash + 1);
      if (second != std::string_view::npos &&
          MonthNumber(token.substr(dash + 1, second - dash - 1))) {
        owned.emplace_back(token.substr(0, dash));
        owned.emplace_back(token.substr(dash + 1, second - dash - 1));
        owned.emplace_back(token.substr(second + 1));
        continue;
      }
    }
    if (slash == 4 && token.size() == 10 && token[7] == '/') {
      // "2006/09/15" -> "15" "<month>" "2006".
      std::optional<int> month = ToInt(token.substr(5, 2), 2, 2);
      static constexpr std::array<std::string_view, 12> kNames = {
          "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
      if (month && *month >= 1 && *month <= 12) {
        owned.emplace_back(token.substr(8, 2));
        owned.emplace_back(kNames[static_cast<size_t>(*month - 1)]);
        owned.emplace_back(token.substr(0, 4));
        continue;
      }
    }
    std::string lower = Lower(token);
    if ((lower == "am" || lower == "pm" || lower == "a.m." || lower == "p.m.") && !owned.empty() &&
        owned.back().find(':') != std::string::npos) {
      std::string& time = owned.back();
      size_t colon = time.find(':');
      std::optional<int> hour = ToInt(std::string_view(time).substr(0, colon), 1, 2);
      if (!hour || *hour < 1 || *hour > 12)
        return std::nullopt;
      int h24 = *hour % 12 + (lower[0] == 'p' ? 12 : 0);
      time = (h24 < 10 ? "0" : "") + std::to_string(h24) + time.substr(colon);
      continue;
    }
    owned.emplace_back(token);
  }
  // asctime: day name, month, day, time, year -> day, month, year, time.
  if (owned.size() >= 5 && MonthNumber(owned[1]) && ToInt(owned[2], 1, 2) &&
      owned[3].find(':') != std::string::npos && ToInt(owned[4], 4, 4)) {
    std::swap(owned[1], owned[2]);
    std::swap(owned[3], owned[4]);
  }
  std::vector<std::string_view> tokens(owned.begin(), owned.end());
  size_t i = 0;
  // An optional day name ("Sat" or "Saturday").
  if (i < tokens.size() && std::isalpha(static_cast<unsigned char>(tokens[i][0])) &&
      !MonthNumber(tokens[i]).has_value()) {
    ++i;
  }
  if (tokens.size() < i + 3)
    return std::nullopt;
  std::optional<int> day = ToInt(tokens[i], 1, 2);
  std::optional<int> month = MonthNumber(tokens[i + 1]);
  if (!day) {
    // "Sep 07 2002" order, seen in the wild.
    month = MonthNumber(tokens[i]);
    day = ToInt(tokens[i + 1], 1, 2);
  }
  std::optional<int> year = ToInt(tokens[i + 2], 2, 4);
  if (!day || !month || !year)
    return std::nullopt;
  if (tokens[i + 2].size() == 2)
    *year += *year < 50 ? 2000 : 1900;
  i += 3;
  int hour = 0, minute = 0, second = 0;
  if (i < tokens.size() && tokens[i].find(':') != std::string_view::npos) {
    std::string_view time = tokens[i++];
    size_t first = time.find(':');
    size_t second_colon = time.find(':', first + 1);
    std::optional<int> h = ToInt(time.substr(0, first), 1, 2);
    std::optional<int> m = ToInt(
        time.substr(first + 1, second_colon == std::string_view::npos ? std::string_view::npos
                                                                      : second_colon - first - 1),
        2, 2);
    std::optional<int> s = 0;
    if (second_colon != std::string_view::npos)
      s = ToInt(time.substr(second_colon + 1), 2, 2);
    if (!h || !m || !s || *h > 23 || *m > 59 || *s > 60)
      return std::nullopt;
    hour = *h, minute = *m, second = std::min(*s, 59);
  }
  std::optional<int> offset = 0;
  if (i < tokens.size())
    offset = ZoneOffsetMinutes(tokens[i++]);
  if (!offset || i != tokens.size())
    return std::nullopt;
  return CivilTime(*year, *month, *day, hour, minute, second, *offset);
}

std::optional<core::TimePoint> ParseIso8601(std::string_view raw) {
  std::string_view text = Trim(raw);
  size_t pos = 0;
  auto digits = [&](size_t count) -> std::optional<int> {
    if (pos + count > text.size())
      return std::nullopt;
    std::optional<int> value = ToInt(text.substr(pos, count), count, count);
    if (value)
      pos += count;
    return value;
  };
  auto at = [&](char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  };
  std::optional<int> year = digits(4);
  if (!year)
    return std::nullopt;
  int month = 1, day = 1;
  std::optional<int> day_of_year;
  bool extended = at('-');
  if (extended) {
    size_t run = pos;
    while (run < text.size() && std::isdigit(static_cast<unsigned char>(text[run]))) ++run;
    if (run - pos == 3) {
      day_of_year = digits(3);  // Ordinal date, "2003-335".
    } else {
      std::optional<int> m = digits(2);
      if (!m)
        return std::nullopt;
      month = *m;
      if (at('-')) {
        std::optional<int> d = digits(2);
        if (!d)
          return std::nullopt;
        day = *d;
      }
    }
  } else if (pos < text.size()) {
    // Basic form: "20031231".
    std::optional<int> m = digits(2);
    std::optional<int> d = m ? digits(2) : std::nullopt;
    if (!m || !d)
      return std::nullopt;
    month = *m, day = *d;
  }
  if (month < 1 || month > 12)
    return std::nullopt;
  core::TimePoint t;
  if (day_of_year) {
    std::chrono::year_month_day jan1{std::chrono::year(*year), std::chrono::January,
                                     std::chrono::day(1)};
    bool leap = std::chrono::year(*year).is_leap();
    if (*day_of_year < 1 || *day_of_year > (leap ? 366 : 365))
      return std::nullopt;
    t = std::chrono::sys_days(jan1) + std::chrono::days(*day_of_year - 1);
  } else {
    std::chrono::year_month_day ymd{std::chrono::year(*year),
                                    std::chrono::month(static_cast<unsigned>(month)),
                                    std::chrono::day(static_cast<unsigned>(day))};
    if (!ymd.ok())
      return std::nullopt;
    t = std::chrono::sys_days(ymd);
  }
  if (pos == text.size())
    return t;
  if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ')
    return std::nullopt;
  ++pos;
  while (pos < text.size() && text[pos] == ' ') ++pos;
  std::optional<int> hour = digits(2);
  if (!hour)
    return std::nullopt;
  int minute = 0, second = 0;
  bool colon = at(':');
  if (std::optional<int> m = digits(2)) {
    minute = *m;
    if (colon ? at(':') : true) {
      if (std::optional<int> sec = digits(2))
        second = *sec;
      else if (colon)
        return std::nullopt;
    }
  } else if (colon) {
    return std::nullopt;
  }
  if (at('.') || at(',')) {
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) ++pos;
  }
  // 24:00 is the end of the day, a leap second the second before the next minute.
  if (*hour > 24 || (*hour == 24 && (minute != 0 || second != 0)) || minute > 59 || second > 60)
    return std::nullopt;
  second = std::min(second, 59);
  t += std::chrono::hours(*hour) + std::chrono::minutes(minute) + std::chrono::seconds(second);
  while (pos < text.size() && text[pos] == ' ') ++pos;
  // No zone: read as UTC, as nothing else says otherwise.
  std::optional<int> offset = ZoneOffsetMinutes(text.substr(pos));
  if (!offset)
    return std::nullopt;
  return t - std::chrono::minutes(*offset);
}

std::optional<core::TimePoint> ParseAnyDate(std::string_view text) {
  text = Trim(text);
  if (auto t = core::ParseRfc3339(text))
    return t;
  if (auto t = ParseIso8601(text))
    return t;
  return ParseRfc822(text);
}

void ReadDate(std::string_view text, std::string_view where, std::optional<core::TimePoint>& field,
              std::vector<std::string>& warnings) {
  if (IsBlank(text))
    return;
  if (auto t = ParseAnyDate(text)) {
    field = t;
    return;
  }
  std::string shown(Trim(text).substr(0, 64));
  warnings.push_back(std::string(where) + ": unreadable date '" + shown + "'");
}

std::string PlainText(std::string_view text) {
  // One pass for both characters (find_first_of makes a memchr call per byte).
  if (std::none_of(text.begin(), text.end(), [](char c) { return c == '<' || c == '&'; }))
    return core::CollapseWhitespace(text);
  // A space before each tag keeps "a<br>b" two words; ExtractText adds no white space itself.
  std::string spaced;
  spaced.reserve(text.size() + 16);
  for (size_t i = 0; i < text.size(); ++i) {
    char next = i + 1 < text.size() ? text[i + 1] : '\0';
    if (text[i] == '<' &&
        (std::isalpha(static_cast<unsigned char>(next)) || next == '/' || next == '!')) {
      spaced += ' ';
    }
    spaced += text[i];
  }
  return core::CollapseWhitespace(sanitize::ExtractText(spaced));
}

std::string TextToParagraphs(std::string_view text) {
  std::string html;
  std::string paragraph;
  auto flush = [&] {
    std::string_view trimmed = Trim(paragraph);
    if (!trimmed.empty())
      html += "<p>" + sanitize::EscapeHtml(trimmed) + "</p>";
    paragraph.clear();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string_view line =
        text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (IsBlank(line)) {
      flush();
    } else {
      if (!paragraph.empty())
        paragraph += '\n';
      paragraph += line;
    }
    if (end == std::string_view::npos)
      break;
    pos = end + 1;
  }
  flush();
  return html;
}

namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// True for an http(s) URL that ResolveUrl returns as it is against any base, so neither needs
// parsing: items link to such URLs, and parsing the base and the link with Boost.URL for every
// item was a tenth of the cost of reading an RSS item. Resolving an absolute reference keeps its
// scheme and authority and takes dot segments out of its path (Boost.URL also decodes
// percent-escapes of unreserved characters), so this accepts only a lower-case scheme, a host
// name with at most a numeric port, and a path, query and fragment of characters a URI holds as
// they are, without '%' and without "/.". A base that does not parse gives the reference back
// as it is, too.
bool IsResolvedWebUrl(std::string_view ref) {
  const size_t authority = ref.starts_with("http://") ? 7 : ref.starts_with("https://") ? 8 : 0;
  if (authority == 0)
    return false;
  const size_t path = std::min(ref.find_first_of("/?#", authority), ref.size());
  std::string_view host = ref.substr(authority, path - authority);
  const size_t colon = host.find(':');
  const std::string_view port =
      colon == std::string_view::npos ? std::string_view() : host.substr(colon + 1);
  host = host.substr(0, colon);
  if (host.empty() ||
      !std::all_of(host.begin(), host.end(),
                   [](char c) { return IsAsciiAlnum(c) || c == '-' || c == '.'; }) ||
      !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  constexpr std::string_view kPlainPunctuation = "-._~:/?#@!$&'()*+,;=";
  for (char c : ref.substr(path)) {
    if (!IsAsciiAlnum(c) && kPlainPunctuation.find(c) == std::string_view::npos)
      return false;
  }
  return ref.find("/.", path) == std::string_view::npos;
}

}  // namespace

std::string ResolveUrl(std::string_view base, std::string_view ref) {
  ref = Trim(ref);
  base = Trim(base);
  if (ref.empty() || base.empty() || IsResolvedWebUrl(ref))
    return std::string(ref);
  auto parsed_base = boost::urls::parse_uri(base);
  auto parsed_ref = boost::urls::parse_uri_reference(ref);
  if (!parsed_base || !parsed_ref)
    return std::string(ref);
  boost::urls::url resolved;
  if (!boost::urls::resolve(*parsed_base, *parsed_ref, resolved))
    return std::string(ref);
  return std::string(resolved.buffer());
}

std::string WebUrl(std::string_view base, std::string_view ref) {
  std::string url = ResolveUrl(base, ref);
  std::string lower = Lower(url.substr(0, 8));
  if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0)
    return url;
  return "";
}

namespace {

// True when HTML whose text (sanitize::ExtractText) is `text` shows nothing: no text and no
// embedded media (a kill's "<p/>" body). The text is passed in because SetBody hashes it too:
// extracting it once saves a pass over the body.
bool ShowsNothing(std::string_view html, std::string_view text) {
  // Blank after collapsing white space: nothing but the characters CollapseWhitespace drops.
  if (text.find_first_not_of(" \t\n\r\f\v") != std::string_view::npos)
    return false;
  std::string lower = Lower(html);
  for (std::string_view media : {"<img", "<video", "<audio", "<iframe", "<object", "<embed"}) {
    if (lower.find(media) != std::string::npos)
      return false;
  }
  return true;
}

}  // namespace

void SetBody(core::Item& item, std::string_view raw_html, const std::string& base_url) {
  // White space around the body (the indentation of an XHTML container) is layout, not text.
  raw_html = Trim(raw_html);
  if (raw_html.empty())
    return;
  // One sanitiser pass gives both the text to hash and the HTML to keep.
  sanitize::SanitizedHtmlWithText sanitized =
      sanitize::SanitizeHtmlWithText(raw_html, {.base_url = base_url, .own_host = ""});
  if (ShowsNothing(raw_html, sanitized.text))
    return;
  // sanitize::TextSha256(raw_html), without extracting the text a second time.
  item.body_text_sha256 = core::Sha256Hex(sanitized.text);
  item.body_html = std::move(sanitized.html);
}

std::string SanitizedHtml(std::string_view raw_html, const std::string& base_url) {
  if (IsBlank(raw_html))
    return "";
  return sanitize::SanitizeHtml(raw_html, {.base_url = base_url, .own_host = ""});
}

void AddEnclosure(core::Item& item, std::string_view base, std::string_view url,
                  std::string_view type, std::string_view length) {
  core::Enclosure enclosure;
  enclosure.url = WebUrl(base, url);
  if (enclosure.url.empty())
    return;
  enclosure.type = core::CollapseWhitespace(type);
  std::optional<int64_t> bytes = ParseInteger(length);
  if (bytes && *bytes >= 0)
    enclosure.length = bytes;
  for (const core::Enclosure& existing : item.enclosures) {
    if (existing.url == enclosure.url)
      return;
  }
  item.enclosures.push_back(std::move(enclosure));
}

core::Person ParsePerson(std::string_view text) {
  text = Trim(text);
  core::Person person;
  size_t open = text.find('(');
  size_t close = text.rfind(')');
  if (open != std::string_view::npos && close != std::string_view::npos && close > open) {
    // "jo@example.com (Jo Bloggs)", or the other way round, "Jo Bloggs (jo@example.com)":
    // the part with an @ and no space is the address.
    std::string_view inner = Trim(text.substr(open + 1, close - open - 1));
    std::string_view outer = Trim(text.substr(0, open));
    auto is_address = [](std::string_view s) {
      return s.find('@') != std::string_view::npos && s.find(' ') == std::string_view::npos;
    };
    if (is_address(inner) && !is_address(outer))
      std::swap(inner, outer);
    person.name = PlainText(inner);
    person.email = std::string(outer);
  } else if (size_t lt = text.find('<'), gt = text.rfind('>');
             lt != std::string_view::npos && gt != std::string_view::npos && gt > lt &&
             text.substr(lt + 1, gt - lt - 1).find('@') != std::string_view::npos) {
    // "Jo Bloggs <jo@example.com>".
    person.name = PlainText(text.substr(0, lt));
    person.email = std::string(Trim(text.substr(lt + 1, gt - lt - 1)));
  } else if (text.find('@') != std::string_view::npos && text.find(' ') == std::string_view::npos) {
    person.email = std::string(text);
  } else {
    person.name = PlainText(text);
  }
  if (person.email.rfind("mailto:", 0) == 0)
    person.email.erase(0, 7);
  return person;
}

std::string JoinNames(const std::vector<core::Person>& people) {
  std::string joined;
  for (const core::Person& person : people) {
    const std::string& shown = person.name.empty() ? person.email : person.name;
    if (shown.empty())
      continue;
    if (!joined.empty())
      joined += ", ";
    joined += shown;
  }
  return joined;
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '+')
    text.remove_prefix(1);
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

}  // namespace wiredesk::formats::internal
