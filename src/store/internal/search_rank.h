// Relevance ranking for article_search without a lookup for each matching story.
//
// FTS5's bm25() reads each matching story's length from the index's docsize table, one
// statement per story, and the recency boost needed the story's publication time from a join
// with articles. Together that was most of a relevance query's cost, and a common word matches
// tens of thousands of stories. wd_rank() computes the same score (bm25 with the store's column
// weights, times the recency boost; see SqliteStore::Search) from a table in memory of each
// indexed story's length and publication time: SearchRankCache.
//
// The store keeps the table on disk, article_search_rank (migration 19): whenever a story is
// indexed, in the same transaction, its row gets the story's length and time and the next
// sequence number. A search first reads the rows written since its cache last looked, inside
// the snapshot it searches. Writers are serialised and each takes the highest number so far plus
// one, so a snapshot that holds a number holds every lower one, and reading "after the last
// seen" never misses a row. Rows are never deleted (a story that leaves the index leaves
// article_search, which is what a MATCH reads), so the highest number never goes back.
#pragma once

#include <cstdint>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "core/result.h"

struct sqlite3;

namespace wiredesk::store::internal {

class Connection;

// The type name under which a SearchRankCache* is bound as wd_rank's third argument
// (sqlite3_bind_pointer), so SQL text can never forge one.
inline constexpr char kSearchRankCachePointerType[] = "wiredesk_search_rank_cache";

// One process's copy of article_search_rank, shared by the store's read connections.
class SearchRankCache {
 public:
  struct Story {
    int64_t published = 0;  // Unix seconds.
    uint32_t tokens = 0;    // The story's indexed length; 0 when the cache does not know it.
  };

  // Reads the rows written since the last call, in the snapshot of `db`'s open transaction.
  // The first call reads them all (0.16-0.18 s for a million stories).
  core::Status CatchUp(Connection& db);

  // Holds the table still while a query's wd_rank() calls read it.
  std::shared_lock<std::shared_mutex> Hold() const { return std::shared_lock(mutex_); }

  // REQUIRES: Hold() is held. Null when the story is unknown.
  const Story* Find(int64_t id) const {
    if (id < 0 || static_cast<uint64_t>(id) >= stories_.size() || stories_[id].tokens == 0)
      return nullptr;
    return &stories_[id];
  }

 private:
  mutable std::shared_mutex mutex_;
  int64_t newest_seq_ = 0;      // Guarded by mutex_.
  std::vector<Story> stories_;  // By article id; guarded by mutex_.
};

// The total length in tokens that an FTS5 docsize value records: one varint per column.
int64_t DocsizeTokens(std::string_view sz);

// Registers, on `db`, the FTS5 auxiliary function
//   wd_rank(article_search, ranked_at, cache)
// (ranked_at in Unix seconds; cache a bound SearchRankCache* or NULL) and the SQL function
// wd_docsize_tokens(sz) (DocsizeTokens). A story the cache does not know is scored from FTS5's
// own length and a lookup of its time, so the score never depends on the cache being there.
// Returns the SQLite result code.
int RegisterSearchRank(sqlite3* db);

}  // namespace wiredesk::store::internal
