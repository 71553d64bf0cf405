// SqliteSourceStore: SourceStore over the SQLite database of SqliteStore.
//
// It keeps its own read-write connection to the same file (WAL mode lets it live beside
// SqliteStore's connections and those of other processes); every method is one statement or
// one short transaction under a mutex.
//
// Thread safety: every method may be called from any thread concurrently (see source_store.h).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "store/source_store.h"

namespace wiredesk::store {

namespace internal {
class Connection;
}  // namespace internal

class SqliteSourceStore final : public SourceStore {
 public:
  // Opens (creating when missing) the database file and applies pending migrations.
  static core::Result<std::unique_ptr<SqliteSourceStore>> Open(const std::string& path);

  SqliteSourceStore(const SqliteSourceStore&) = delete;
  SqliteSourceStore& operator=(const SqliteSourceStore&) = delete;
  ~SqliteSourceStore() override;

  core::Status AddSource(const SourceRecord& source) override;
  core::Result<SourceRecord> GetSource(const std::string& name) override;
  core::Result<std::vector<SourceRecord>> ListSources() override;
  core::Status RemoveSource(const std::string& name) override;
  core::Status SavePollState(const std::string& name, const SourcePollState& state) override;

 private:
  explicit SqliteSourceStore(std::unique_ptr<internal::Connection> db);

  std::mutex mutex_;
  std::unique_ptr<internal::Connection> db_;  // Guarded by mutex_.
};

}  // namespace wiredesk::store
