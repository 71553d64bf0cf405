// Schema migrations of the SQLite store: a numbered list, applied in order, each once.
//
// PRAGMA user_version holds the number of the last migration applied; schema_migrations keeps
// a row per applied migration (number, name, time) for people reading the database. At open,
// every migration newer than user_version runs inside one IMMEDIATE transaction, so two
// processes opening a fresh file at once cannot both apply it, and a failure leaves the
// schema as it was. Migrations are append-only: never edit one that has shipped, add the next.
//
// Thread safety: functions here use the connection they are given; the caller owns it.
#pragma once

#include <span>
#include <string_view>

#include "core/result.h"

namespace wiredesk::store {

namespace internal {
class Connection;
}  // namespace internal

struct Migration {
  int version;            // 1, 2, 3, ... without gaps.
  std::string_view name;  // What it does, e.g. "articles, versions and outbox".
  std::string_view sql;   // One or more statements.
};

// The store's migrations, oldest first.
std::span<const Migration> SqliteMigrations();

// Applies the migrations of `migrations` newer than the database's user_version, in one
// transaction. Fails with kFailedPrecondition when the database is newer than the newest
// migration (a newer wiredesk wrote it), kInvalidArgument when the list is not numbered
// 1..N, or the SQLite error of the failing migration (nothing is applied then).
core::Status ApplyMigrations(internal::Connection& db, std::span<const Migration> migrations);

// The database's user_version: the last migration applied, 0 for a new file.
core::Result<int> SchemaVersion(internal::Connection& db);

}  // namespace wiredesk::store
