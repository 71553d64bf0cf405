// ReadingStore: the read events that trending and Recommended For You count — signed-in
// readers' reads (the rows My Reads keeps, one per reader and story) and anonymous page views
// (one row per hour, story and visitor key) — and the lookups over them.
//
// It holds no policy: who counts as a visitor, how views are weighed against reads and how long
// a window is are recommend/'s decisions (recommend/trending.h); this interface only reads and
// writes rows. Counts only return published articles, so a killed story leaves "Most read" with
// the kill's commit.
//
// Implementation: SqliteReadingStore (sqlite_reading_store.cc) over the same database file and
// connections as SqliteStore; OpenReadingStore() builds it from an open Store.
//
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/section_path.h"
#include "core/time.h"
#include "store/account_store.h"
#include "store/store.h"

namespace wiredesk::store {

// One anonymous page view: `visitor` is an opaque key (recommend/ hashes the client address),
// `hour` the Unix hour (seconds / 3600) it happened in.
struct ViewEvent {
  core::ArticleId article_id = 0;
  std::string visitor;
  int64_t hour = 0;
};

struct MostReadQuery {
  core::TimePoint reads_since;               // Reads with read_at >= this count.
  int64_t views_since_hour = 0;              // Views with hour >= this count.
  std::optional<core::SectionPath> section;  // Stories in this section or below it.
  int limit = 10;                            // 1..100.
  // A story's rank: readers + view_weight × distinct visitors. Default 0.5.
  double view_weight = 0.5;
};

struct MostReadEntry {
  core::Article article;  // body_html is left empty, as in lists.
  int64_t readers = 0;    // Distinct signed-in readers in the window.
  int64_t visitors = 0;   // Distinct anonymous visitor keys in the window.
  double score = 0;       // readers + view_weight × visitors.
};

// How often one story was read in a window.
struct ReadCount {
  core::ArticleId article_id = 0;
  int64_t readers = 0;   // Distinct signed-in readers.
  int64_t visitors = 0;  // Distinct anonymous visitor keys.
};

// One row of a reader's history: a story read or saved, and when.
struct HistoryRow {
  core::ArticleId article_id = 0;
  core::TimePoint at;  // When read or saved.
  bool saved = false;
};

// What a recommender profile needs of a published story (the store's story features, written
// with the story).
struct StoryFeatures {
  core::ArticleId article_id = 0;
  core::SectionPath section;
  std::vector<std::string> key_terms;  // core/key_terms.h of headline and summary.
  std::vector<core::Subject> subjects;
};

class ReadingStore {
 public:
  virtual ~ReadingStore() = default;

  // Stores the views in one transaction; a view already stored (same hour, story and visitor)
  // or of an unknown story is skipped.
  virtual core::Status RecordViews(const std::vector<ViewEvent>& views) = 0;
  // Deletes views of hours before `hour`. Returns how many rows went.
  virtual core::Result<int64_t> PruneViews(int64_t hour) = 0;
  // Published stories by score, best first (newer first on a tie). kInvalidArgument for a limit
  // outside 1..100.
  virtual core::Result<std::vector<MostReadEntry>> MostRead(const MostReadQuery& query) = 0;
  // The counts MostRead ranks by, for every story read or viewed in the window (reads with
  // read_at >= reads_since, views with hour >= views_since_hour), whatever its state, in no set
  // order: one range scan of each index, for callers that rank many stories at once.
  virtual core::Result<std::vector<ReadCount>> ReadCounts(core::TimePoint reads_since,
                                                          int64_t views_since_hour) = 0;
  // The published stories among `articles`, in list form (body_html empty), in no set order;
  // ids of stories killed, withheld, embargoed or unknown are left out. At most 1000 ids
  // (kInvalidArgument beyond). Recommended For You re-reads the stories it is about to show
  // through this, so its in-memory candidates never show a story killed since they were read.
  virtual core::Result<std::vector<core::Article>> PublishedAmong(
      const std::vector<core::ArticleId>& articles) = 0;
  // The user's newest `reads` reads, then newest `saved` saved stories (each 0..500,
  // kInvalidArgument beyond), each list newest first, whatever the stories' state: one walk of
  // each history index, without reading the stories.
  virtual core::Result<std::vector<HistoryRow>> HistoryRows(UserId user, int reads, int saved) = 0;
  // The features of the published stories among `articles`, in no set order; stories killed,
  // withheld, embargoed or unknown are left out. At most 1000 ids (kInvalidArgument beyond).
  virtual core::Result<std::vector<StoryFeatures>> FeaturesOf(
      const std::vector<core::ArticleId>& articles) = 0;
  // Which of `articles` the user has read (one indexed lookup each, at most 1000 ids;
  // kInvalidArgument beyond).
  virtual core::Result<std::vector<core::ArticleId>> ReadAmong(
      UserId user, const std::vector<core::ArticleId>& articles) = 0;
  // The stories the user read at or after `since`, newest read first, at most `limit` (1..5000;
  // kInvalidArgument beyond): one range of the history index.
  virtual core::Result<std::vector<core::ArticleId>> ReadSince(UserId user, core::TimePoint since,
                                                               int limit) = 0;
};

// The ReadingStore over the same database as `store`, sharing its connections. `store` must
// outlive the result. kFailedPrecondition for a Store implementation without one.
core::Result<std::unique_ptr<ReadingStore>> OpenReadingStore(Store& store);

}  // namespace wiredesk::store
