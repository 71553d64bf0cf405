// Searching published articles with the reader's query language.
//
// Offers Search(store, query, options): parses the query (see query.h), asks the store for one
// page of hits in the chosen order, and returns an opaque cursor for the next page.
//
// Ranking. SortOrder::kRelevance orders by
//
//   score = bm25 × (1 + 1 / (1 + age / 48 hours))
//
// where bm25 is SQLite FTS5's formula (negative; more negative is a better match; the SQLite
// store computes it in its own ranking function, store/internal/search_rank.h, to the same
// value) with the columns
// weighted headline 10, summary 4, subjects 3, byline 2, body 1, and age is the time from the
// story's publication to the moment the first page was asked for (0 for stories dated in the
// future). The recency factor is 2 for a story published just now, 1.5 at two days, 1.22 at a
// week and 1.06 at a month: fresh news rises among comparable matches, but the boost is bounded
// (never more than double), so an old story that matches much better still comes first, and
// two stories of the same age are ordered by match alone. Ties go to the newer id.
// SortOrder::kDate orders by publication time, newest first, ties to the newer id.
//
// Pagination. A cursor encodes the last hit's sort key (score or publication time) and id,
// plus the reference time of the first page and a hash of the query, not an offset: stories
// published after the first page was served do not shift later pages (in date order they sort
// before the cursor; in relevance order the recency reference stays fixed, and the cursor's
// story is scored again under the index as it is now, since bm25's term statistics move every
// score a little as stories arrive). What remains in relevance order: a multi-word query's
// hits can swap places when new stories change one word's weight more than another's, so a
// hit near the page boundary can, rarely, be skipped or shown twice. Date order has no such
// edge; readers who page deep should sort by date.
//
// Thread safety: as safe as the Store passed in (every Store may be used concurrently).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/section_path.h"
#include "core/time.h"
#include "store/store.h"

namespace wiredesk::search {

inline constexpr int kMaxResultsPerPage = 50;

enum class SortOrder {
  kRelevance,  // Best match first, blended with recency (see above). The default.
  kDate,       // Newest first.
};

// "relevance" or "" (the default) and "date"; kInvalidArgument with a reader-facing message
// for anything else.
core::Result<SortOrder> ParseSortOrder(std::string_view text);
std::string_view SortOrderName(SortOrder order);  // "relevance" or "date".

struct SearchOptions {
  int limit = 20;                          // Hits per page, 1..kMaxResultsPerPage.
  SortOrder sort = SortOrder::kRelevance;  // See above.
  // The previous page's SearchResults::next_cursor, for the same query text and sort; empty
  // (the default) for the first page.
  std::string cursor;
  // The current time; recency is measured from it on a first page (later pages take the first
  // page's from the cursor). Callers pass their injected clock's Now().
  core::TimePoint now;
  // The site's language (BCP 47), in which the query's words are stemmed unless it has a lang:
  // filter; empty (the default) for English.
  std::string language;
};

struct SearchResults {
  std::vector<store::SearchHit> hits;        // At most `limit`, in the chosen order.
  bool has_more = false;                     // Another page follows.
  std::string next_cursor;                   // For SearchOptions::cursor; empty on the last page.
  std::optional<core::SectionPath> section;  // The section: filter, if the query had one.
  // When a first page finds nothing: the query with its unknown words respelled (see
  // spelling.h), checked to find something; empty otherwise.
  std::string suggestion;
};

// kInvalidArgument (with a message fit for readers) for a query ParseQuery rejects, a limit
// outside 1..kMaxResultsPerPage, or a cursor that is malformed or was made for another query
// or sort; store errors otherwise.
core::Result<SearchResults> Search(store::Store& store, std::string_view query,
                                   const SearchOptions& options);

// The first pages by offset, relevance order with recency from the system clock, for callers
// that list a fixed query's best few hits (the watchlist). kInvalidArgument as above, or for
// an offset outside 0..10000.
core::Result<SearchResults> Search(store::Store& store, std::string_view query, int limit,
                                   int offset);

}  // namespace wiredesk::search
