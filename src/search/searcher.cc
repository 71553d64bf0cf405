#include "search/searcher.h"

#include <utility>

#include "search/query.h"

namespace wiredesk::search {

core::Result<SearchResults> Search(store::Store& store, std::string_view query, int limit,
                                   int offset) {
  if (limit < 1 || limit > kMaxResultsPerPage) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "limit must be 1.." + std::to_string(kMaxResultsPerPage));
  }
  if (offset < 0 || offset > 10000)
    return core::MakeError(core::ErrorCode::kInvalidArgument, "offset must be 0..10000");
  WD_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(query));
  store::SearchQuery q;
  q.fts_match = std::move(parsed.fts_match);
  q.section = parsed.section;
  q.limit = limit + 1;  // One more tells whether another page follows.
  q.offset = offset;
  WD_ASSIGN_OR_RETURN(std::vector<store::SearchHit> hits, store.Search(q));
  SearchResults results;
  results.has_more = static_cast<int>(hits.size()) > limit;
  if (results.has_more)
    hits.resize(static_cast<size_t>(limit));
  results.hits = std::move(hits);
  results.section = std::move(parsed.section);
  return results;
}

}  // namespace wiredesk::search
