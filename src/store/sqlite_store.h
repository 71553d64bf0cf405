// SqliteStore: the embedded Store, one SQLite file in WAL mode.
//
// One writer connection, guarded by a mutex, does every write in an IMMEDIATE transaction
// (so a read-decide-write cycle cannot race another process, e.g. `wiredesk ingest` beside a
// running server); a pool of read-only connections lets many HTTP threads read at once
// without waiting for the writer. Each connection caches its prepared statements.
//
// Thread safety: every method may be called from any thread concurrently (see store.h).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/internal/search_rank.h"
#include "store/store.h"

namespace wiredesk::store {

namespace internal {
class Connection;
}  // namespace internal

struct SqliteStoreOptions {
  // The database file; it and its folder are created when missing. No default: required.
  std::string path;
  // Most read connections open at once; a reader beyond that waits for one to come back.
  // Default 8.
  int max_readers = 8;
  // How long a statement waits for a lock held by another connection or process before it
  // fails with kUnavailable, in milliseconds. Default 5000.
  int busy_timeout_ms = 5000;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database and applies pending migrations. Fails with the reason when
  // the file cannot be opened, is not a database, or was written by a newer wiredesk.
  static core::Result<std::unique_ptr<SqliteStore>> Open(const SqliteStoreOptions& options);

  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;
  ~SqliteStore() override;

  core::Result<WriteOutcome> WriteVersion(const IncomingVersion& version,
                                          const VersionDecider& decide) override;
  // One IMMEDIATE transaction for the whole batch, a savepoint per version (see store.h).
  std::vector<core::Result<WriteOutcome>> WriteVersions(
      const std::vector<IncomingVersion>& versions, const BatchVersionDecider& decide) override;
  core::Result<core::Article> GetArticle(core::ArticleId id) override;
  core::Result<std::vector<core::ArticleVersion>> GetVersions(core::ArticleId id) override;
  // `query.limit` is clamped to 1..100; a cursor not made by this store is kInvalidArgument.
  core::Result<ArticlePage> ListArticles(const ArticleQuery& query) override;
  core::Result<std::vector<SectionCount>> ListSections() override;
  // At most min(limit, 1000) events; none when limit <= 0.
  core::Result<std::vector<OutboxEvent>> EventsAfter(int64_t after_seq, int limit) override;
  core::Result<StoreStats> Stats() override;
  core::Result<int> ReleaseEmbargoes(core::TimePoint now) override;
  core::Result<std::vector<SearchHit>> Search(const SearchQuery& query) override;
  core::Result<std::vector<IndexTerm>> SearchTerms(std::string_view from, std::string_view to,
                                                   int limit) override;
  core::Status SetArticleClusters(std::span<const ClusterAssignment> assignments) override;
  // `limit` is clamped to 1..100.
  core::Result<std::vector<core::Article>> ClusterMembers(core::ArticleId cluster_id,
                                                          int limit) override;

  // For sibling stores over the same file (SqliteAccountStore): run `fn` with the writer under
  // the write lock, or with a pooled read-only connection, and return what it returns. Sharing
  // the one writer keeps SQLite's single-writer rule inside the process instead of turning it
  // into busy waits between two writers.
  core::Status WithWriter(const std::function<core::Status(internal::Connection&)>& fn);
  core::Status WithReader(const std::function<core::Status(internal::Connection&)>& fn);

 private:
  class ReaderLease;

  SqliteStore(SqliteStoreOptions options, std::unique_ptr<internal::Connection> writer);

  // A read connection from the pool, opened on demand; waits when max_readers are in use.
  core::Result<ReaderLease> AcquireReader();
  void ReturnReader(std::unique_ptr<internal::Connection> reader);

  const SqliteStoreOptions options_;

  std::mutex write_mutex_;
  std::unique_ptr<internal::Connection> writer_;  // Guarded by write_mutex_.

  std::mutex readers_mutex_;
  std::condition_variable reader_returned_;
  std::vector<std::unique_ptr<internal::Connection>> idle_readers_;  // Guarded by readers_mutex_.
  int open_readers_ = 0;  // Idle plus lent out; guarded by readers_mutex_.

  // Every indexed story's length and time, for ranking searches; see search_rank.h.
  internal::SearchRankCache search_rank_;
};

}  // namespace wiredesk::store
