// The reader's search language, turned into a safe FTS5 MATCH expression.
//
// Offers ParseQuery: words (all must match), "exact phrases", prefix* words, -excluded words or
// -"phrases", OR between two terms, and filters on the article rather than its text:
//
//   section:news/world    the section or any section below it
//   source:NAME           stories from that source exactly (e.g. source:sample-wire)
//   author:WORD           the byline contains the word; author:"jane doe" needs every word,
//                         in any order (ASCII letters match in either case)
//   lang:xx               the story's language: "en" also matches "en-GB"
//   after:YYYY-MM-DD      published on or after that day, 00:00 UTC (the day is included)
//   before:YYYY-MM-DD     published before that day, 00:00 UTC (the day is excluded)
//
// so after:2026-11-28 before:2026-11-29 is that one UTC day. Each filter may appear once and
// combines (AND) with the words; a query needs at least one word besides its filters. A word
// with a colon that names no filter (headline:x, 10:30) is searched as text. Every term is quoted
// before it reaches FTS5, so nothing a reader types (NEAR(, ^, column:filters, stray quotes)
// is ever FTS5 syntax: a parsed query cannot fail to compile or reach other columns.
//
// Thread safety: free functions without shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/section_path.h"
#include "core/time.h"

namespace wiredesk::search {

inline constexpr size_t kMaxQueryBytes = 512;
inline constexpr int kMaxQueryTerms = 32;

struct ParsedQuery {
  std::string fts_match;                            // For store::SearchQuery::fts_match.
  std::optional<core::SectionPath> section;         // From section:PATH.
  std::string source;                               // From source:NAME; empty for any source.
  std::vector<std::string> author_words;            // From author:WORDS; empty for any byline.
  std::string language;                             // From lang:xx, lower-cased; empty for any.
  std::optional<core::TimePoint> published_from;    // From after:DAY, inclusive.
  std::optional<core::TimePoint> published_before;  // From before:DAY, exclusive.
};

// kInvalidArgument, with a message fit to show the reader, when the query is longer than
// kMaxQueryBytes, has more than kMaxQueryTerms terms, has a filter with a malformed value
// (section path, source name, language tag, date that is not a real YYYY-MM-DD day) or given
// twice, dates that leave no day between after: and before:, or nothing to search for (empty,
// only punctuation, only exclusions, or only filters).
//
// The words are tokenised as `default_language` (a BCP 47 tag; the site's language), or as
// the lang: filter's language when the query has one: stems follow that language, and English
// is the fallback for languages without a stemmer's name or an empty tag.
core::Result<ParsedQuery> ParseQuery(std::string_view text, std::string_view default_language = "");

}  // namespace wiredesk::search
