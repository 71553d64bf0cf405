// Watchlist rules: the kinds of entry a reader may follow, how an entry is checked, and which
// stories match it. The page of an entry lists search results for its value (a phrase query);
// the home page marks the stories that Matches() accepts.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/result.h"

namespace wiredesk::accounts {

// "company", "ticker", "person", "place", "topic", "keyword".
const std::vector<std::string_view>& WatchKinds();

struct WatchEntry {
  std::string kind;
  std::string value;
};

inline constexpr size_t kMaxWatchValueBytes = 100;
inline constexpr size_t kMaxWatchEntries = 100;

// The entry with its value trimmed (tickers upper-cased); kInvalidArgument for an unknown kind
// or a value that is empty, too long, or holds control characters or double quotes.
core::Result<WatchEntry> CheckWatchEntry(std::string_view kind, std::string_view value);

// Whether the story mentions the entry: its value, ignoring ASCII case, as a whole word or
// phrase in the headline, the summary's text or a subject name.
bool MatchesWatch(const core::Article& article, const WatchEntry& entry);

// The search query (search/query.h) for an entry's page: the value as a quoted phrase.
std::string WatchSearchQuery(const WatchEntry& entry);

}  // namespace wiredesk::accounts
