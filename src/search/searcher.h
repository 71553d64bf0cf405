// Searching published articles with the reader's query language.
//
// Offers Search(store, query, limit, offset): parses the query (see query.h) and asks the
// store for one page of hits, best first.
//
// Thread safety: as safe as the Store passed in (every Store may be used concurrently).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/section_path.h"
#include "store/store.h"

namespace wiredesk::search {

inline constexpr int kMaxResultsPerPage = 50;

struct SearchResults {
  std::vector<store::SearchHit> hits;        // At most `limit`, best first.
  bool has_more = false;                     // Another page follows.
  std::optional<core::SectionPath> section;  // The section: filter, if the query had one.
};

// kInvalidArgument for a query ParseQuery rejects (its message is fit for readers), a limit
// outside 1..kMaxResultsPerPage or an offset outside 0..10000; store errors otherwise.
core::Result<SearchResults> Search(store::Store& store, std::string_view query, int limit,
                                   int offset);

}  // namespace wiredesk::search
