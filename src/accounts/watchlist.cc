#include "accounts/watchlist.h"

#include <algorithm>

#include <fmt/format.h>

#include "accounts/preferences.h"

namespace wiredesk::accounts {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// Whether `needle` (lower case) occurs in `hay` as a whole word or phrase, ignoring case.
bool ContainsWord(std::string_view hay, std::string_view needle) {
  if (needle.empty() || hay.size() < needle.size())
    return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    bool match = true;
    for (size_t j = 0; j < needle.size() && match; ++j) match = Lower(hay[i + j]) == needle[j];
    if (!match)
      continue;
    bool left = i == 0 || !IsWordChar(hay[i - 1]);
    bool right = i + needle.size() == hay.size() || !IsWordChar(hay[i + needle.size()]);
    if (left && right)
      return true;
  }
  return false;
}

// Tags dropped, so markup never matches; entities are left, which only costs recall.
std::string StripTags(std::string_view html) {
  std::string out;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') {
      in_tag = true;
      out += ' ';
    } else if (c == '>') {
      in_tag = false;
    } else if (!in_tag) {
      out += c;
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string_view>& WatchKinds() {
  static const std::vector<std::string_view> kKinds = {"company", "ticker", "person",
                                                       "place",   "topic",  "keyword"};
  return kKinds;
}

core::Result<WatchEntry> CheckWatchEntry(std::string_view kind, std::string_view value) {
  const auto& kinds = WatchKinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           fmt::format("kind must be one of company, ticker, person, place, "
                                       "topic, keyword; got '{}'",
                                       kind.substr(0, 40)));
  }
  WD_ASSIGN_OR_RETURN(std::string clean, CleanShortText(value, kMaxWatchValueBytes, "value"));
  if (kind == "ticker") {
    for (char& c : clean) c = c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return WatchEntry{std::string(kind), std::move(clean)};
}

bool MatchesWatch(const core::Article& article, const WatchEntry& entry) {
  std::string needle;
  for (char c : entry.value) needle += Lower(c);
  if (ContainsWord(article.headline, needle) ||
      ContainsWord(StripTags(article.summary_html), needle))
    return true;
  return std::any_of(article.subjects.begin(), article.subjects.end(),
                     [&](const core::Subject& s) { return ContainsWord(s.name, needle); });
}

std::string WatchSearchQuery(const WatchEntry& entry) { return "\"" + entry.value + "\""; }

}  // namespace wiredesk::accounts
