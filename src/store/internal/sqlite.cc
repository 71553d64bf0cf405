#include "store/internal/sqlite.h"

#include <sqlite3.h>

#include "store/internal/fts_tokenizer.h"
#include "store/internal/search_rank.h"
#include "store/internal/search_text.h"
#include "store/internal/story_features.h"

namespace wiredesk::store::internal {

core::ErrorCode ErrorCodeForSqlite(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      return core::ErrorCode::kUnavailable;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return core::ErrorCode::kDataLoss;
    case SQLITE_CONSTRAINT:
      return core::ErrorCode::kAlreadyExists;
    case SQLITE_FULL:
    case SQLITE_TOOBIG:
      return core::ErrorCode::kResourceExhausted;
    default:
      return core::ErrorCode::kInternal;
  }
}

// ---- Statement ------------------------------------------------------------------------------

Statement::~Statement() {
  if (stmt_ != nullptr) {
    // Resetting releases the statement's read snapshot; clearing bindings keeps a large bound
    // body from living on in the cache until the next use.
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Statement& Statement::Bind(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK)
    bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindPointer(int index, void* pointer, const char* type) {
  int rc = sqlite3_bind_pointer(stmt_, index, pointer, type, nullptr);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK)
    bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindDouble(int index, double value) {
  int rc = sqlite3_bind_double(stmt_, index, value);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK)
    bind_rc_ = rc;
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  // A non-null pointer even for an empty view, so "" is stored as '' rather than NULL.
  int rc = sqlite3_bind_text64(stmt_, index, value.empty() ? "" : value.data(), value.size(),
                               SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK)
    bind_rc_ = rc;
  return *this;
}

Statement& Statement::BindNull(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK)
    bind_rc_ = rc;
  return *this;
}

core::Result<bool> Statement::Step() {
  if (bind_rc_ != SQLITE_OK) {
    return core::MakeError(ErrorCodeForSqlite(bind_rc_),
                           std::string("binding a parameter: ") + sqlite3_errstr(bind_rc_));
  }
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW)
    return true;
  if (rc == SQLITE_DONE)
    return false;
  std::string message = sqlite3_errmsg(db_);
  const char* sql = sqlite3_sql(stmt_);
  return core::MakeError(ErrorCodeForSqlite(rc),
                         message + " (in: " + std::string(sql ? sql : "?").substr(0, 80) + ")");
}

core::Status Statement::Run() {
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, Step());
    if (!row)
      return core::Ok();
  }
}

core::Status Statement::Reset() {
  sqlite3_reset(stmt_);
  bind_rc_ = SQLITE_OK;
  return core::Ok();
}

int64_t Statement::ColumnInt(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr)
    return {};
  // Ask for the size after the text: the conversion may have changed it.
  int size = sqlite3_column_bytes(stmt_, column);
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size));
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

// ---- Connection -----------------------------------------------------------------------------

void Connection::StmtDeleter::operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }

core::Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path,
                                                           ConnectionMode mode,
                                                           int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  // Every mode opens read-write: a WAL reader must be able to update the shared-memory index.
  // Readers are fenced off with query_only below instead.
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
  if (mode == ConnectionMode::kReadWrite)
    flags |= SQLITE_OPEN_CREATE;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  // sqlite3_open_v2 hands back a handle even on failure; own it so it is closed either way.
  std::unique_ptr<Connection> db(new Connection(raw));
  if (rc != SQLITE_OK) {
    std::string message = raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
    return core::MakeError(ErrorCodeForSqlite(rc), "cannot open database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // Every connection gets wd_html_text: the search-index migration and the index upkeep in
  // SqliteStore call it, and SQL naming an unknown function would fail to prepare.
  rc = RegisterSearchFunctions(raw);
  if (rc != SQLITE_OK)
    return tl::unexpected(db->LastError(rc, "cannot register search functions"));
  // And wd_key_terms, for the same reason (story features).
  rc = RegisterStoryFeatureFunctions(raw);
  if (rc != SQLITE_OK)
    return tl::unexpected(db->LastError(rc, "cannot register story feature functions"));
  // And the "wiredesk" FTS5 tokenizer, which article_search names: without it the table
  // cannot even be opened on this connection.
  rc = RegisterSearchTokenizer(raw);
  if (rc != SQLITE_OK)
    return tl::unexpected(db->LastError(rc, "cannot register the search tokenizer"));
  // And wd_rank, which searches rank with, and wd_docsize_tokens, for the index upkeep.
  rc = RegisterSearchRank(raw);
  if (rc != SQLITE_OK)
    return tl::unexpected(db->LastError(rc, "cannot register the search ranking"));
  if (mode == ConnectionMode::kReadWrite) {
    // journal_mode answers with the mode it ended up in; anything but WAL would silently
    // serialise readers behind the writer, so insist on it.
    std::string journal;
    {
      WD_ASSIGN_OR_RETURN(Statement wal, db->Prepare("PRAGMA journal_mode=WAL"));
      WD_ASSIGN_OR_RETURN(bool row, wal.Step());
      if (row)
        journal = wal.ColumnText(0);
    }
    if (journal != "wal") {
      return core::MakeError(core::ErrorCode::kFailedPrecondition,
                             "database " + path + " cannot use WAL mode (got '" + journal + "')");
    }
  }
  WD_RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"));
  if (mode == ConnectionMode::kReadWrite) {
    // The writer's page cache holds what a batch of versions dirties (article rows, version
    // JSON, index and full-text pages): with SQLite's default 2 MB it spills dirty pages to
    // the WAL mid-transaction and reads them back, which costs more than the writes
    // themselves. Temporary structures (statement journals, sorts) stay in memory as well.
    // Neither changes what a commit makes durable.
    WD_RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"));
  }
  if (mode == ConnectionMode::kReadOnly)
    WD_RETURN_IF_ERROR(db->Exec("PRAGMA query_only=1;"));
  return db;
}

Connection::~Connection() {
  cache_.clear();  // Statements must be finalised before the connection closes.
  sqlite3_close_v2(db_);
}

core::Status Connection::Exec(std::string_view sql) {
  char* error = nullptr;
  std::string text(sql);
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (rc == SQLITE_OK)
    return core::Ok();
  std::string message = error != nullptr ? error : sqlite3_errstr(rc);
  sqlite3_free(error);
  return core::MakeError(ErrorCodeForSqlite(rc), message);
}

core::Result<Statement> Connection::Prepare(const std::string& sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return tl::unexpected(LastError(rc, "preparing '" + sql.substr(0, 80) + "'"));
    }
    it = cache_.emplace(sql, std::unique_ptr<sqlite3_stmt, StmtDeleter>(stmt)).first;
  }
  return Statement(db_, it->second.get());
}

int64_t Connection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Connection::Changes() const { return sqlite3_changes(db_); }

core::Error Connection::LastError(int rc, std::string_view what) const {
  return core::Error(ErrorCodeForSqlite(rc), std::string(what) + ": " + sqlite3_errmsg(db_));
}

// ---- Transaction ----------------------------------------------------------------------------

core::Result<Transaction> Transaction::Begin(Connection& db, TransactionMode mode) {
  WD_RETURN_IF_ERROR(db.Exec(mode == TransactionMode::kImmediate ? "BEGIN IMMEDIATE" : "BEGIN"));
  return Transaction(&db);
}

Transaction::~Transaction() {
  if (db_ != nullptr) {
    // Nothing useful can be done with a failed rollback: SQLite rolls back on close anyway.
    (void)db_->Exec("ROLLBACK");
  }
}

core::Status Transaction::Commit() {
  // On failure (e.g. SQLITE_BUSY) the transaction is still open; the destructor rolls it back.
  WD_RETURN_IF_ERROR(db_->Exec("COMMIT"));
  db_ = nullptr;
  return core::Ok();
}

}  // namespace wiredesk::store::internal
