// RAII wrappers over the SQLite C API, private to store/.
//
// Connection owns one sqlite3* and a cache of its prepared statements; Statement borrows a
// cached sqlite3_stmt* and resets it (and clears its bindings) when it goes out of scope, so a
// statement is compiled once per connection and reused; Transaction rolls back unless
// committed. Every SQLite failure becomes a core::Error carrying sqlite3_errmsg().
//
// Thread safety: a Connection and everything borrowed from it belong to one thread at a time
// (connections are opened with SQLITE_OPEN_NOMUTEX); SqliteStore hands them out under a lock.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace wiredesk::store::internal {

// Maps an SQLite result code to the canonical error code that fits it: busy/locked ->
// kUnavailable, corrupt/not-a-database -> kDataLoss, constraint -> kAlreadyExists, full ->
// kResourceExhausted, anything else -> kInternal.
core::ErrorCode ErrorCodeForSqlite(int rc);

// A borrowed prepared statement; bind parameters (1-based), Step() through rows, read columns
// (0-based). Resets the statement and clears its bindings when destroyed.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, std::string_view value);  // Copied by SQLite (SQLITE_TRANSIENT).
  Statement& Bind(int index, const char* value) { return Bind(index, std::string_view(value)); }
  Statement& BindNull(int index);
  // Named apart from Bind so that an int argument is never ambiguous between the overloads.
  Statement& BindDouble(int index, double value);
  // A pointer that only SQL functions asking for `type` (sqlite3_value_pointer) can read;
  // `type` must outlive the statement's use, as a string literal does.
  Statement& BindPointer(int index, void* pointer, const char* type);
  Statement& Bind(int index, std::optional<int64_t> value) {
    return value ? Bind(index, *value) : BindNull(index);
  }

  // Advances to the next row: true when a row is ready, false when the statement is done.
  // Binding errors surface here, so callers check one Result per statement.
  core::Result<bool> Step();
  // Runs a statement that returns no rows (or whose rows are not needed) to completion.
  core::Status Run();
  // Rewinds the statement so it can be bound and run again; bindings are kept until rebound.
  // Step() has already reported any failure of the last run, so this returns Ok.
  core::Status Reset();

  int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;
  std::optional<int64_t> ColumnOptionalInt(int column) const {
    return ColumnIsNull(column) ? std::nullopt : std::optional<int64_t>(ColumnInt(column));
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  int bind_rc_ = 0;  // The first failing bind's result code, reported by Step().
};

// What a connection is for.
enum class ConnectionMode {
  kReadWrite,  // The writer: may create the file and change it.
  kReadOnly,   // A reader: PRAGMA query_only, so a bug cannot write through it.
};

class Connection {
 public:
  // Opens (creating when kReadWrite) the database at `path` in WAL mode with
  // synchronous=NORMAL, foreign keys on and a busy timeout. Fails with the SQLite reason.
  static core::Result<std::unique_ptr<Connection>> Open(const std::string& path,
                                                        ConnectionMode mode, int busy_timeout_ms);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more SQL statements that take no parameters (DDL, pragmas, BEGIN/COMMIT).
  core::Status Exec(std::string_view sql);

  // Returns the cached statement for `sql`, compiling it on first use. REQUIRES: the previous
  // Statement for the same sql on this connection has been destroyed.
  core::Result<Statement> Prepare(const std::string& sql);

  int64_t LastInsertRowId() const;
  int Changes() const;

  // An error for the connection's last failure: "<what>: <sqlite message>".
  core::Error LastError(int rc, std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  sqlite3* db_;
  struct StmtDeleter {
    void operator()(sqlite3_stmt* stmt) const;
  };
  std::map<std::string, std::unique_ptr<sqlite3_stmt, StmtDeleter>, std::less<>> cache_;
};

// Kind of transaction to start.
enum class TransactionMode {
  kDeferred,   // A read snapshot, taken at the first read.
  kImmediate,  // Takes the write lock at once, so the read-decide-write cycle cannot race.
};

// A transaction that rolls back when destroyed uncommitted (on every early error return).
class Transaction {
 public:
  static core::Result<Transaction> Begin(Connection& db, TransactionMode mode);

  Transaction(Transaction&& other) noexcept : db_(std::exchange(other.db_, nullptr)) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  core::Status Commit();

 private:
  explicit Transaction(Connection* db) : db_(db) {}
  Connection* db_;  // Null once committed or rolled back.
};

}  // namespace wiredesk::store::internal
