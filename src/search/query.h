// The reader's search language, turned into a safe FTS5 MATCH expression.
//
// Offers ParseQuery: words (all must match), "exact phrases", prefix* words, -excluded words or
// -"phrases", OR between two terms, and the filter section:news/world. Every term is quoted
// before it reaches FTS5, so nothing a reader types (NEAR(, ^, column:filters, stray quotes)
// is ever FTS5 syntax: a parsed query cannot fail to compile or reach other columns.
//
// Thread safety: free functions without shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/section_path.h"

namespace wiredesk::search {

inline constexpr size_t kMaxQueryBytes = 512;
inline constexpr int kMaxQueryTerms = 32;

struct ParsedQuery {
  std::string fts_match;                     // For store::SearchQuery::fts_match.
  std::optional<core::SectionPath> section;  // From section:PATH.
};

// kInvalidArgument, with a message fit to show the reader, when the query is longer than
// kMaxQueryBytes, has more than kMaxQueryTerms terms, names a malformed section, or has nothing
// to search for (empty, only punctuation, or only exclusions).
core::Result<ParsedQuery> ParseQuery(std::string_view text);

}  // namespace wiredesk::search
