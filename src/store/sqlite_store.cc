#include "store/sqlite_store.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <exception>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <unordered_map>
#include <utility>

#include "core/article.h"
#include "store/internal/article_row.h"
#include "store/internal/item_json.h"
#include "store/internal/search_text.h"
#include "store/internal/sqlite.h"
#include "store/internal/story_features.h"
#include "store/migrations.h"

namespace wiredesk::store {
namespace {

using core::ErrorCode;
using internal::Connection;
using internal::Statement;
using internal::Transaction;
using internal::TransactionMode;

// The article columns in the order ReadArticle expects. Lists select '' for the body: pages of
// twenty full bodies would be read and thrown away.
constexpr std::string_view kArticleColumnsHead =
    "id, source, source_kind, guid, section, slug, state, version_rank, last_change, "
    "version_count, headline, byline, dateline, summary_html, ";
constexpr std::string_view kArticleColumnsTail =
    ", language, link, rights, ednote, urgency, authors_json, subjects_json, published, "
    "updated, embargo, received_at, body_text_sha256_received, body_text_sha256_stored, "
    "cluster_id";

std::string ArticleColumns(bool with_body) {
  return std::string(kArticleColumnsHead) + (with_body ? "body_html" : "'' AS body_html") +
         std::string(kArticleColumnsTail);
}

core::Error Corrupt(std::string what) { return core::Error(ErrorCode::kDataLoss, std::move(what)); }

core::Result<core::Article> ReadArticle(const Statement& row) {
  core::Article a;
  a.id = row.ColumnInt(0);
  a.source = row.ColumnText(1);
  a.source_kind = row.ColumnText(2) == "web" ? core::SourceKind::kWeb : core::SourceKind::kWire;
  a.guid = row.ColumnText(3);
  auto section = core::SectionPath::Parse(row.ColumnText(4));
  if (!section)
    return tl::unexpected(Corrupt("article " + std::to_string(a.id) + ": bad section"));
  a.section = std::move(*section);
  a.slug = row.ColumnText(5);
  auto state = core::ParseArticleState(row.ColumnText(6));
  if (!state)
    return tl::unexpected(Corrupt("article " + std::to_string(a.id) + ": bad state"));
  a.state = *state;
  a.version_rank = row.ColumnInt(7);
  auto change = core::ParseVersionChange(row.ColumnText(8));
  if (!change)
    return tl::unexpected(Corrupt("article " + std::to_string(a.id) + ": bad change"));
  a.last_change = *change;
  a.version_count = static_cast<int>(row.ColumnInt(9));
  a.headline = row.ColumnText(10);
  a.byline = row.ColumnText(11);
  a.dateline = row.ColumnText(12);
  a.summary_html = row.ColumnText(13);
  a.body_html = row.ColumnText(14);
  a.language = row.ColumnText(15);
  a.link = row.ColumnText(16);
  a.rights = row.ColumnText(17);
  a.ednote = row.ColumnText(18);
  if (auto urgency = row.ColumnOptionalInt(19))
    a.urgency = static_cast<int>(*urgency);
  WD_ASSIGN_OR_RETURN(a.authors, internal::PersonsFromJson(row.ColumnText(20)));
  WD_ASSIGN_OR_RETURN(a.subjects, internal::SubjectsFromJson(row.ColumnText(21)));
  a.published = core::FromUnixSeconds(row.ColumnInt(22));
  a.updated = core::FromUnixSeconds(row.ColumnInt(23));
  if (auto embargo = row.ColumnOptionalInt(24))
    a.embargo = core::FromUnixSeconds(*embargo);
  a.received_at = core::FromUnixSeconds(row.ColumnInt(25));
  a.body_text_sha256_received = row.ColumnText(26);
  a.body_text_sha256_stored = row.ColumnText(27);
  a.cluster_id = row.ColumnOptionalInt(28).value_or(0);
  return a;
}

std::optional<int64_t> OptionalSeconds(const std::optional<core::TimePoint>& t) {
  return t ? std::optional<int64_t>(core::ToUnixSeconds(*t)) : std::nullopt;
}

// The state a created or superseded article takes: embargoed while its embargo lies ahead.
core::ArticleState VisibleState(const IncomingVersion& v) {
  return v.item.embargo && *v.item.embargo > v.received_at ? core::ArticleState::kEmbargoed
                                                           : core::ArticleState::kPublished;
}

// ---- Cursors --------------------------------------------------------------------------------
// A cursor is base64url("<published>:<id>") of the last article of a page: opaque to clients,
// so nobody builds one by hand and the form can change, yet checkable on the way back in.

constexpr std::string_view kBase64Url =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char c : bytes) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kBase64Url[(buffer >> bits) & 0x3f];
    }
  }
  if (bits > 0)
    out += kBase64Url[(buffer << (6 - bits)) & 0x3f];
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    size_t value = kBase64Url.find(c);
    if (value == std::string_view::npos)
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xff);
    }
  }
  return out;
}

struct Cursor {
  int64_t published = 0;
  core::ArticleId id = 0;
};

std::string EncodeCursor(const core::Article& last) {
  return Base64UrlEncode(std::to_string(core::ToUnixSeconds(last.published)) + ":" +
                         std::to_string(last.id));
}

bool ParseWhole(std::string_view text, int64_t& out) {
  if (text.empty())
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

core::Result<Cursor> DecodeCursor(std::string_view text) {
  auto invalid = [] { return core::MakeError(ErrorCode::kInvalidArgument, "invalid cursor"); };
  if (text.size() > 64)
    return invalid();
  auto decoded = Base64UrlDecode(text);
  if (!decoded)
    return invalid();
  std::string_view plain = *decoded;
  size_t colon = plain.find(':');
  if (colon == std::string_view::npos)
    return invalid();
  Cursor cursor;
  if (!ParseWhole(plain.substr(0, colon), cursor.published) ||
      !ParseWhole(plain.substr(colon + 1), cursor.id) || cursor.id <= 0) {
    return invalid();
  }
  return cursor;
}

// Brings the article's row in the search index in line with its state: a row exists exactly
// while the article is published. Each value carries the article's language mark, as migration
// 12 wrote them, so the tokenizer stems it by the story's language. Runs inside the caller's
// write transaction, so a kill leaves search in the same commit that hides the article.
//
// Every statement here touches at most one row of the index, and is written so SQLite can see
// that (no DELETE of a row that is not there, no INSERT ... SELECT): a statement that might
// write several rows gets a statement journal, and FTS5 flushes its pending index data to a
// new segment at every such savepoint. That flush per story, and the merging of all those
// small segments, took about a quarter of ingest's profile (docs/search.md has the figures);
// written this way the pending data of a whole batch goes out in one segment at commit.
core::Status ReindexArticle(Connection& db, core::ArticleId id) {
  {
    WD_ASSIGN_OR_RETURN(Statement indexed,
                        db.Prepare("SELECT 1 FROM article_search WHERE rowid = ?"));
    WD_ASSIGN_OR_RETURN(bool present, indexed.Bind(1, id).Step());
    if (present) {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("DELETE FROM article_search WHERE rowid = ?"));
      WD_RETURN_IF_ERROR(stmt.Bind(1, id).Run());
    }
  }
  WD_ASSIGN_OR_RETURN(
      Statement values,
      db.Prepare("SELECT wd_language_mark(language, headline), "
                 "wd_language_mark(language, wd_html_text(summary_html)), "
                 "wd_language_mark(language, wd_html_text(body_html)), "
                 "wd_language_mark(language, byline), "
                 "wd_language_mark(language, COALESCE((SELECT group_concat("
                 "json_extract(value, '$.name'), ' ') FROM json_each(subjects_json)), '')), "
                 "published FROM articles WHERE id = ? AND state = 'published'"));
  WD_ASSIGN_OR_RETURN(bool published, values.Bind(1, id).Step());
  if (!published)
    return core::Ok();
  {
    WD_ASSIGN_OR_RETURN(
        Statement insert,
        db.Prepare("INSERT INTO article_search (rowid, headline, summary, body, byline, subjects) "
                   "VALUES (?, ?, ?, ?, ?, ?)"));
    insert.Bind(1, id);
    for (int column = 0; column < 5; ++column) insert.Bind(column + 2, values.ColumnText(column));
    WD_RETURN_IF_ERROR(insert.Run());
  }
  // The story's length and time for wd_rank, under the next sequence number
  // (store/internal/search_rank.h). Single-row statements, for the reason above.
  WD_ASSIGN_OR_RETURN(Statement length,
                      db.Prepare("SELECT wd_docsize_tokens(sz), "
                                 "(SELECT COALESCE(MAX(seq), 0) + 1 FROM article_search_rank) "
                                 "FROM article_search_docsize WHERE id = ?"));
  WD_ASSIGN_OR_RETURN(bool sized, length.Bind(1, id).Step());
  if (!sized)
    return core::MakeError(ErrorCode::kInternal,
                           "search index has no length for article " + std::to_string(id));
  // An UPDATE, then an INSERT when there was no row: an upsert makes SQLite open a statement
  // journal, and FTS5 would flush at it. Both take the row as ?1 id, ?2 tokens, ?3 time, ?4 seq.
  auto write_row = [&](const std::string& sql) -> core::Status {
    WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
    return stmt.Bind(1, id)
        .Bind(2, length.ColumnInt(0))
        .Bind(3, values.ColumnInt(5))
        .Bind(4, length.ColumnInt(1))
        .Run();
  };
  WD_RETURN_IF_ERROR(write_row(
      "UPDATE article_search_rank SET tokens = ?2, published = ?3, seq = ?4 WHERE id = ?1"));
  if (db.Changes() > 0)
    return core::Ok();
  return write_row(
      "INSERT INTO article_search_rank (id, tokens, published, seq) VALUES (?1, ?2, ?3, ?4)");
}

// The article columns of ArticleColumns(false), each qualified with "a.", for joins with the
// search index, whose column names overlap.
std::string QualifiedListColumns() {
  std::string all = ArticleColumns(false);
  std::string out;
  size_t start = 0;
  while (start <= all.size()) {
    size_t comma = all.find(", ", start);
    std::string column =
        all.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!out.empty())
      out += ", ";
    out += column.starts_with("'") ? column : "a." + column;
    if (comma == std::string::npos)
      break;
    start = comma + 2;
  }
  return out;
}

// The columns ReadCurrent expects; callers append the WHERE clause.
constexpr std::string_view kCurrentSelect =
    "SELECT id, state, version_rank, body_text_sha256_received, section, "
    "EXISTS (SELECT 1 FROM article_versions WHERE article_id = articles.id "
    "AND status = 'usable') FROM articles ";

// The article state of the statement's first row (nullopt when it has none); `section` gets
// the article's section.
core::Result<std::optional<CurrentVersion>> ReadCurrent(Statement& stmt, std::string& section) {
  WD_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found)
    return std::optional<CurrentVersion>();
  CurrentVersion c;
  c.id = stmt.ColumnInt(0);
  auto state = core::ParseArticleState(stmt.ColumnText(1));
  if (!state)
    return tl::unexpected(Corrupt("article " + std::to_string(c.id) + ": bad state"));
  c.state = *state;
  c.version_rank = stmt.ColumnInt(2);
  c.body_text_sha256 = stmt.ColumnText(3);
  section = stmt.ColumnText(4);
  c.has_usable_version = stmt.ColumnInt(5) != 0;
  return std::optional<CurrentVersion>(std::move(c));
}

core::Result<std::optional<CurrentVersion>> ReadCurrentById(Connection& db, core::ArticleId id,
                                                            ArticleMatch match, int distance,
                                                            std::string& section) {
  WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(std::string(kCurrentSelect) + "WHERE id = ?"));
  stmt.Bind(1, id);
  WD_ASSIGN_OR_RETURN(std::optional<CurrentVersion> current, ReadCurrent(stmt, section));
  if (!current)
    return tl::unexpected(Corrupt("dedupe row names missing article " + std::to_string(id)));
  current->match = match;
  current->distance = distance;
  return current;
}

// For a (source, guid) without an article: the article it was aliased to, else (given dedupe
// keys and a usable item) the article it duplicates: exact text first, then the nearest SimHash
// within the window, the older article on ties. nullopt when there is none.
core::Result<std::optional<CurrentVersion>> FindDuplicate(Connection& db, const IncomingVersion& v,
                                                          std::string& section) {
  {
    WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("SELECT article_id FROM article_aliases "
                                                   "WHERE source = ? AND guid = ?"));
    stmt.Bind(1, v.source).Bind(2, v.item.guid);
    WD_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) {
      core::ArticleId id = stmt.ColumnInt(0);
      return ReadCurrentById(db, id, ArticleMatch::kAlias, 0, section);
    }
  }
  if (!v.dedupe || v.item.status != core::ItemStatus::kUsable)
    return std::optional<CurrentVersion>();
  const DedupeKeys& keys = *v.dedupe;
  if (!keys.text_sha256.empty()) {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("SELECT article_id FROM article_fingerprints "
                                   "WHERE text_sha256 = ? ORDER BY article_id LIMIT 1"));
    stmt.Bind(1, keys.text_sha256);
    WD_ASSIGN_OR_RETURN(bool found, stmt.Step());
    if (found) {
      core::ArticleId id = stmt.ColumnInt(0);
      return ReadCurrentById(db, id, ArticleMatch::kExactDuplicate, 0, section);
    }
  }
  if (!keys.simhash || keys.band_keys.empty())
    return std::optional<CurrentVersion>();
  const int64_t published = core::ToUnixSeconds(keys.published);
  core::ArticleId best_id = 0;
  int best_distance = keys.max_distance + 1;
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      db.Prepare("SELECT article_id, simhash FROM article_simhash_bands "
                                 "WHERE band_key = ? AND published BETWEEN ? AND ?"));
  for (int64_t band_key : keys.band_keys) {
    stmt.Bind(1, band_key)
        .Bind(2, published - keys.window_seconds)
        .Bind(3, published + keys.window_seconds);
    while (true) {
      WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row)
        break;
      const core::ArticleId id = stmt.ColumnInt(0);
      const int distance = std::popcount(static_cast<uint64_t>(stmt.ColumnInt(1)) ^ *keys.simhash);
      if (distance < best_distance || (distance == best_distance && id < best_id)) {
        best_distance = distance;
        best_id = id;
      }
    }
    WD_RETURN_IF_ERROR(stmt.Reset());
  }
  if (best_id == 0)
    return std::optional<CurrentVersion>();
  return ReadCurrentById(db, best_id, ArticleMatch::kNearDuplicate, best_distance, section);
}

// Keeps the dedupe keys of a version that became (part of) the article's content.
core::Status IndexDedupeKeys(Connection& db, core::ArticleId id, const DedupeKeys& keys) {
  const int64_t published = core::ToUnixSeconds(keys.published);
  if (!keys.text_sha256.empty()) {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("INSERT INTO article_fingerprints (article_id, text_sha256, "
                                   "published) VALUES (?, ?, ?)"));
    WD_RETURN_IF_ERROR(stmt.Bind(1, id).Bind(2, keys.text_sha256).Bind(3, published).Run());
  }
  if (keys.simhash) {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("INSERT OR IGNORE INTO article_simhash_bands (band_key, "
                                   "published, article_id, simhash) VALUES (?, ?, ?, ?)"));
    for (int64_t band_key : keys.band_keys) {
      stmt.Bind(1, band_key)
          .Bind(2, published)
          .Bind(3, id)
          .Bind(4, static_cast<int64_t>(*keys.simhash));
      WD_RETURN_IF_ERROR(stmt.Run());
      WD_RETURN_IF_ERROR(stmt.Reset());
    }
  }
  return core::Ok();
}

}  // namespace

// ---- Reader pool ----------------------------------------------------------------------------

// Lends one read connection and gives it back to the pool when destroyed.
class SqliteStore::ReaderLease {
 public:
  ReaderLease(SqliteStore* store, std::unique_ptr<Connection> db)
      : store_(store), db_(std::move(db)) {}
  ReaderLease(ReaderLease&& other) noexcept = default;
  ReaderLease& operator=(ReaderLease&&) = delete;
  ~ReaderLease() {
    if (db_ != nullptr)
      store_->ReturnReader(std::move(db_));
  }
  Connection& db() { return *db_; }

 private:
  SqliteStore* store_;
  std::unique_ptr<Connection> db_;
};

core::Result<SqliteStore::ReaderLease> SqliteStore::AcquireReader() {
  std::unique_lock lock(readers_mutex_);
  while (true) {
    if (!idle_readers_.empty()) {
      std::unique_ptr<Connection> db = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return ReaderLease(this, std::move(db));
    }
    if (open_readers_ < options_.max_readers) {
      ++open_readers_;
      lock.unlock();  // Opening touches the file; other threads need not wait for it.
      auto db = Connection::Open(options_.path, internal::ConnectionMode::kReadOnly,
                                 options_.busy_timeout_ms);
      if (!db) {
        lock.lock();
        --open_readers_;
        reader_returned_.notify_one();  // A waiter may try to open one itself.
        return tl::unexpected(std::move(db).error());
      }
      return ReaderLease(this, std::move(*db));
    }
    reader_returned_.wait(lock);
  }
}

void SqliteStore::ReturnReader(std::unique_ptr<Connection> reader) {
  {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(reader));
  }
  reader_returned_.notify_one();
}

core::Status SqliteStore::WithWriter(const std::function<core::Status(Connection&)>& fn) {
  std::lock_guard lock(write_mutex_);
  return fn(*writer_);
}

core::Status SqliteStore::WithReader(const std::function<core::Status(Connection&)>& fn) {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  return fn(reader.db());
}

// ---- Open -----------------------------------------------------------------------------------

SqliteStore::SqliteStore(SqliteStoreOptions options, std::unique_ptr<Connection> writer)
    : options_(std::move(options)), writer_(std::move(writer)) {}

SqliteStore::~SqliteStore() {
  std::lock_guard lock(write_mutex_);
  // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise on close.
  (void)writer_->Exec("PRAGMA optimize");
}

core::Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteStoreOptions& options) {
  if (options.path.empty() || options.path == ":memory:") {
    // Every connection of an in-memory database would see a different, empty database.
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "the SQLite store needs a file path, not '" + options.path + "'");
  }
  if (options.max_readers < 1) {
    return core::MakeError(ErrorCode::kInvalidArgument, "max_readers must be at least 1");
  }
  std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return core::MakeError(ErrorCode::kUnavailable,
                             "cannot create folder " + parent.string() + ": " + ec.message());
    }
  }
  WD_ASSIGN_OR_RETURN(auto writer,
                      Connection::Open(options.path, internal::ConnectionMode::kReadWrite,
                                       options.busy_timeout_ms));
  WD_RETURN_IF_ERROR(ApplyMigrations(*writer, SqliteMigrations()));
  return std::unique_ptr<SqliteStore>(new SqliteStore(options, std::move(writer)));
}

// ---- Writes ---------------------------------------------------------------------------------

namespace {

// The body of WriteVersion inside a transaction (or savepoint) the caller opened and commits
// or rolls back: on an error, or a kIgnore, the caller undoes whatever was written.
// Runs a parameterless statement through the connection's cache, compiled once.
core::Status RunCached(Connection& db, const std::string& sql) {
  WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
  return stmt.Run();
}

core::Result<WriteOutcome> WriteVersionInTransaction(Connection& db, const IncomingVersion& v,
                                                     const VersionDecider& decide) {
  std::optional<CurrentVersion> current;
  std::string current_section;
  {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare(std::string(kCurrentSelect) + "WHERE source = ? AND guid = ?"));
    stmt.Bind(1, v.source).Bind(2, v.item.guid);
    WD_ASSIGN_OR_RETURN(current, ReadCurrent(stmt, current_section));
  }
  if (!current) {
    WD_ASSIGN_OR_RETURN(current, FindDuplicate(db, v, current_section));
  }

  WriteOutcome outcome;
  outcome.decision = decide(current);
  const VersionDecision& decision = outcome.decision;
  outcome.article_id = current ? current->id : 0;
  outcome.match = current ? current->match : ArticleMatch::kSameGuid;
  if (decision.action == VersionAction::kIgnore)
    return outcome;  // No writes.

  const bool duplicate = current && (current->match == ArticleMatch::kExactDuplicate ||
                                     current->match == ArticleMatch::kNearDuplicate);
  if (decision.action == VersionAction::kAlias) {
    if (!duplicate) {
      return core::MakeError(ErrorCode::kInternal,
                             "version decider chose alias without a duplicate match");
    }
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("INSERT INTO article_aliases (source, guid, article_id, match, "
                                   "distance, received_at) VALUES (?, ?, ?, ?, ?, ?)"));
    stmt.Bind(1, v.source)
        .Bind(2, v.item.guid)
        .Bind(3, current->id)
        .Bind(4, ArticleMatchName(current->match))
        .Bind(5, int64_t{current->distance})
        .Bind(6, core::ToUnixSeconds(v.received_at));
    WD_RETURN_IF_ERROR(stmt.Run());
    return outcome;
  }

  const bool creates = decision.action == VersionAction::kCreate ||
                       decision.action == VersionAction::kCreateWithheld;
  if (creates && duplicate) {
    // The decider chose not to merge: the version starts an article of its own.
    current.reset();
    outcome.article_id = 0;
    outcome.match = ArticleMatch::kSameGuid;
  } else if (duplicate) {
    return core::MakeError(ErrorCode::kInternal, "version decider changed article " +
                                                     std::to_string(current->id) +
                                                     " through a guid that only duplicates it");
  }
  if (creates == current.has_value()) {
    // The decider broke its contract; writing would corrupt the article.
    return core::MakeError(
        ErrorCode::kInternal,
        creates ? "version decider chose create for existing article " + std::to_string(current->id)
                : "version decider chose a change for a missing article");
  }
  const core::Item& item = v.item;
  const int64_t received = core::ToUnixSeconds(v.received_at);
  const std::string change(core::VersionChangeName(decision.change));
  std::string section = current_section;

  switch (decision.action) {
    case VersionAction::kCreate:
    case VersionAction::kCreateWithheld: {
      section = v.section.ToString();
      core::ArticleState state = decision.action == VersionAction::kCreateWithheld
                                     ? core::ArticleState::kWithheld
                                     : VisibleState(v);
      int64_t published = core::ToUnixSeconds(item.published.value_or(v.received_at));
      int64_t updated = item.updated ? core::ToUnixSeconds(*item.updated) : published;
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("INSERT INTO articles (source, source_kind, guid, section, slug, state, "
                     "version_rank, last_change, version_count, headline, byline, dateline, "
                     "summary_html, body_html, language, link, rights, ednote, urgency, "
                     "authors_json, subjects_json, published, updated, embargo, received_at, "
                     "body_text_sha256_received, body_text_sha256_stored) VALUES (?, ?, ?, ?, "
                     "?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      stmt.Bind(1, v.source)
          .Bind(2, core::SourceKindName(v.source_kind))
          .Bind(3, item.guid)
          .Bind(4, section)
          .Bind(5, core::Slugify(item.headline))
          .Bind(6, core::ArticleStateName(state))
          .Bind(7, v.rank)
          .Bind(8, change)
          .Bind(9, item.headline)
          .Bind(10, item.byline)
          .Bind(11, item.dateline)
          .Bind(12, item.summary)
          .Bind(13, item.body_html)
          .Bind(14, item.language)
          .Bind(15, item.link)
          .Bind(16, item.rights)
          .Bind(17, item.ednote)
          .Bind(18, item.urgency ? std::optional<int64_t>(*item.urgency) : std::nullopt)
          .Bind(19, internal::PersonsToJson(item.authors))
          .Bind(20, internal::SubjectsToJson(item.subjects))
          .Bind(21, published)
          .Bind(22, updated)
          .Bind(23, OptionalSeconds(item.embargo))
          .Bind(24, received)
          .Bind(25, item.body_text_sha256)
          .Bind(26, v.stored_body_text_sha256);
      WD_RETURN_IF_ERROR(stmt.Run());
      outcome.article_id = db.LastInsertRowId();
      break;
    }
    case VersionAction::kSupersede: {
      // The id, slug, section and first publication time stay: they make up the article's URL
      // and its place in lists, which must not move under readers' links.
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("UPDATE articles SET state = ?, version_rank = ?, last_change = ?, "
                     "version_count = version_count + 1, headline = ?, byline = ?, dateline = ?, "
                     "summary_html = ?, body_html = ?, language = ?, link = ?, rights = ?, "
                     "ednote = ?, urgency = ?, authors_json = ?, subjects_json = ?, updated = ?, "
                     "embargo = ?, received_at = ?, body_text_sha256_received = ?, "
                     "body_text_sha256_stored = ? WHERE id = ?"));
      stmt.Bind(1, core::ArticleStateName(VisibleState(v)))
          .Bind(2, v.rank)
          .Bind(3, change)
          .Bind(4, item.headline)
          .Bind(5, item.byline)
          .Bind(6, item.dateline)
          .Bind(7, item.summary)
          .Bind(8, item.body_html)
          .Bind(9, item.language)
          .Bind(10, item.link)
          .Bind(11, item.rights)
          .Bind(12, item.ednote)
          .Bind(13, item.urgency ? std::optional<int64_t>(*item.urgency) : std::nullopt)
          .Bind(14, internal::PersonsToJson(item.authors))
          .Bind(15, internal::SubjectsToJson(item.subjects))
          .Bind(16, core::ToUnixSeconds(item.updated.value_or(v.received_at)))
          .Bind(17, OptionalSeconds(item.embargo))
          .Bind(18, received)
          .Bind(19, item.body_text_sha256)
          .Bind(20, v.stored_body_text_sha256)
          .Bind(21, current->id);
      WD_RETURN_IF_ERROR(stmt.Run());
      break;
    }
    case VersionAction::kWithhold:
    case VersionAction::kKill: {
      // Content stays as it was: the version history and provenance page show what was
      // withdrawn, and a withheld story returns when a usable version arrives.
      core::ArticleState state = decision.action == VersionAction::kKill
                                     ? core::ArticleState::kKilled
                                     : core::ArticleState::kWithheld;
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("UPDATE articles SET state = ?, version_rank = MAX(version_rank, ?), "
                     "last_change = ?, version_count = version_count + 1, received_at = ? "
                     "WHERE id = ?"));
      stmt.Bind(1, core::ArticleStateName(state))
          .Bind(2, v.rank)
          .Bind(3, change)
          .Bind(4, received)
          .Bind(5, current->id);
      WD_RETURN_IF_ERROR(stmt.Run());
      break;
    }
    case VersionAction::kIgnore:
    case VersionAction::kAlias:
      break;  // Returned above.
  }
  WD_RETURN_IF_ERROR(ReindexArticle(db, outcome.article_id));
  WD_RETURN_IF_ERROR(internal::WriteStoryFeatures(db, outcome.article_id));
  if (v.dedupe &&
      (decision.action == VersionAction::kCreate || decision.action == VersionAction::kSupersede)) {
    WD_RETURN_IF_ERROR(IndexDedupeKeys(db, outcome.article_id, *v.dedupe));
  }

  {
    WD_ASSIGN_OR_RETURN(
        Statement stmt,
        db.Prepare("INSERT INTO article_versions (article_id, rank, change, status, headline, "
                   "ednote, body_text_sha256, body_text_sha256_stored, section, item_json, "
                   "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    stmt.Bind(1, outcome.article_id)
        .Bind(2, v.rank)
        .Bind(3, change)
        .Bind(4, core::ItemStatusName(item.status))
        .Bind(5, item.headline)
        .Bind(6, item.ednote)
        .Bind(7, item.body_text_sha256)
        .Bind(8, v.stored_body_text_sha256)
        .Bind(9, v.section.ToString())
        .Bind(10, internal::ItemToJson(item))
        .Bind(11, received);
    WD_RETURN_IF_ERROR(stmt.Run());
  }
  {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("INSERT INTO outbox (article_id, change, section, created_at) "
                                   "VALUES (?, ?, ?, ?)"));
    stmt.Bind(1, outcome.article_id).Bind(2, change).Bind(3, section).Bind(4, received);
    WD_RETURN_IF_ERROR(stmt.Run());
    outcome.event_seq = db.LastInsertRowId();
  }
  return outcome;
}

}  // namespace

core::Result<WriteOutcome> SqliteStore::WriteVersion(const IncomingVersion& v,
                                                     const VersionDecider& decide) {
  if (!decide)
    return core::MakeError(ErrorCode::kInvalidArgument, "no version decider given");
  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
  WD_ASSIGN_OR_RETURN(WriteOutcome outcome, WriteVersionInTransaction(db, v, decide));
  if (outcome.decision.action == VersionAction::kIgnore)
    return outcome;  // Rolls back: no writes.
  WD_RETURN_IF_ERROR(tx.Commit());
  return outcome;
}

std::vector<core::Result<WriteOutcome>> SqliteStore::WriteVersions(
    const std::vector<IncomingVersion>& versions, const BatchVersionDecider& decide) {
  std::vector<core::Result<WriteOutcome>> outcomes;
  outcomes.reserve(versions.size());
  auto fail_all = [&](const core::Error& error) {
    outcomes.assign(versions.size(), core::Result<WriteOutcome>(tl::unexpected(error)));
    return outcomes;
  };
  if (!decide)
    return fail_all(core::Error(ErrorCode::kInvalidArgument, "no version decider given"));
  if (versions.empty())
    return outcomes;
  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  // One transaction for the batch: its commit (the WAL append of every page it touched, the
  // full-text index's segment flush) is paid once, not per version.
  auto decide_at = [&decide](size_t index) {
    return [&decide, index](const std::optional<CurrentVersion>& c) { return decide(index, c); };
  };
  {
    // The common case first: every version writes cleanly, and no savepoints are needed.
    // (A savepoint would cost more than it looks: FTS5 flushes its pending index data to a
    // new segment at each one, which is the per-version cost batching is there to avoid.)
    auto tx = Transaction::Begin(db, TransactionMode::kImmediate);
    if (!tx)
      return fail_all(tx.error());
    bool clean = true;
    for (size_t index = 0; index < versions.size() && clean; ++index) {
      auto outcome = WriteVersionInTransaction(db, versions[index], decide_at(index));
      clean = outcome.has_value();
      outcomes.push_back(std::move(outcome));
    }
    if (clean) {
      // Nothing of the batch is stored unless the commit succeeds.
      if (auto committed = tx->Commit(); !committed)
        return fail_all(committed.error());
      return outcomes;
    }
    outcomes.clear();
  }  // Rolled back: a version failed, perhaps half-written.
  // Again with a savepoint around each version, which undoes that version alone when it
  // fails, as its own transaction would; the others are written as before.
  auto tx = Transaction::Begin(db, TransactionMode::kImmediate);
  if (!tx)
    return fail_all(tx.error());
  for (size_t index = 0; index < versions.size(); ++index) {
    if (auto begun = RunCached(db, "SAVEPOINT wd_version"); !begun)
      return fail_all(begun.error());
    auto outcome = WriteVersionInTransaction(db, versions[index], decide_at(index));
    if (!outcome || outcome->decision.action == VersionAction::kIgnore) {
      if (auto undone = RunCached(db, "ROLLBACK TO wd_version"); !undone)
        return fail_all(undone.error());
    }
    if (auto released = RunCached(db, "RELEASE wd_version"); !released)
      return fail_all(released.error());
    outcomes.push_back(std::move(outcome));
  }
  if (auto committed = tx->Commit(); !committed)
    return fail_all(committed.error());
  return outcomes;
}

core::Result<int> SqliteStore::ReleaseEmbargoes(core::TimePoint now) {
  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
  std::vector<std::pair<core::ArticleId, std::string>> due;
  {
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("SELECT id, section FROM articles WHERE state = 'embargoed' "
                                   "AND embargo <= ? ORDER BY embargo, id"));
    stmt.Bind(1, core::ToUnixSeconds(now));
    while (true) {
      WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row)
        break;
      due.emplace_back(stmt.ColumnInt(0), stmt.ColumnText(1));
    }
  }
  for (const auto& [id, section] : due) {
    {
      // The story reaches readers at its embargo time, so that is when it was published: it
      // takes its place at the top of lists rather than below stories it waited behind.
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("UPDATE articles SET state = 'published', "
                                     "published = MAX(published, embargo) WHERE id = ?"));
      WD_RETURN_IF_ERROR(stmt.Bind(1, id).Run());
    }
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("INSERT INTO outbox (article_id, change, section, created_at) "
                                   "VALUES (?, 'publish', ?, ?)"));
    WD_RETURN_IF_ERROR(stmt.Bind(1, id).Bind(2, section).Bind(3, core::ToUnixSeconds(now)).Run());
    WD_RETURN_IF_ERROR(ReindexArticle(db, id));
    WD_RETURN_IF_ERROR(internal::WriteStoryFeatures(db, id));
  }
  WD_RETURN_IF_ERROR(tx.Commit());
  return static_cast<int>(due.size());
}

// ---- Reads ----------------------------------------------------------------------------------

core::Result<core::Article> SqliteStore::GetArticle(core::ArticleId id) {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  WD_ASSIGN_OR_RETURN(Statement stmt, reader.db().Prepare("SELECT " + ArticleColumns(true) +
                                                          " FROM articles WHERE id = ?"));
  stmt.Bind(1, id);
  WD_ASSIGN_OR_RETURN(bool found, stmt.Step());
  if (!found)
    return core::MakeError(ErrorCode::kNotFound, "no article " + std::to_string(id));
  return ReadArticle(stmt);
}

core::Result<std::vector<core::ArticleVersion>> SqliteStore::GetVersions(core::ArticleId id) {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  // One statement, one snapshot: the article's existence and its versions agree. The LEFT
  // JOIN yields one all-NULL version row for an article without versions.
  WD_ASSIGN_OR_RETURN(
      Statement stmt,
      reader.db().Prepare(
          "SELECT v.id, v.rank, v.change, v.status, v.headline, v.ednote, v.body_text_sha256, "
          "v.received_at FROM articles a LEFT JOIN article_versions v ON v.article_id = a.id "
          "WHERE a.id = ? ORDER BY v.id"));
  stmt.Bind(1, id);
  std::vector<core::ArticleVersion> versions;
  bool article_found = false;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    article_found = true;
    if (stmt.ColumnIsNull(0))
      continue;
    core::ArticleVersion v;
    v.rank = stmt.ColumnInt(1);
    auto change = core::ParseVersionChange(stmt.ColumnText(2));
    if (!change)
      return tl::unexpected(Corrupt("version of article " + std::to_string(id)));
    v.change = *change;
    std::string status = stmt.ColumnText(3);
    if (status == "usable") {
      v.status = core::ItemStatus::kUsable;
    } else if (status == "withheld") {
      v.status = core::ItemStatus::kWithheld;
    } else if (status == "canceled") {
      v.status = core::ItemStatus::kCanceled;
    } else {
      return tl::unexpected(Corrupt("version status '" + status + "'"));
    }
    v.headline = stmt.ColumnText(4);
    v.ednote = stmt.ColumnText(5);
    v.body_text_sha256 = stmt.ColumnText(6);
    v.received_at = core::FromUnixSeconds(stmt.ColumnInt(7));
    versions.push_back(std::move(v));
  }
  if (!article_found) {
    return core::MakeError(ErrorCode::kNotFound, "no article " + std::to_string(id));
  }
  return versions;
}

core::Result<ArticlePage> SqliteStore::ListArticles(const ArticleQuery& query) {
  std::optional<Cursor> cursor;
  if (!query.cursor.empty()) {
    WD_ASSIGN_OR_RETURN(cursor, DecodeCursor(query.cursor));
  }
  const int limit = std::clamp(query.limit, 1, 100);

  // The SQL depends only on which filters are present, so at most 16 texts are cached.
  std::string sql = "SELECT " + ArticleColumns(false) + " FROM articles WHERE 1 = 1";
  if (!query.include_hidden)
    sql += " AND state = 'published'";
  const bool by_section = query.section && !query.section->empty();
  if (by_section) {
    // "news" or anything under "news/": a range rather than LIKE 'news/%', because LIKE folds
    // case and cannot use the (section, published) index. Segments are [a-z0-9-], and '0'
    // follows '/' in ASCII, so [news/, news0) holds exactly the paths below news.
    sql += " AND (section = ? OR (section >= ? AND section < ?))";
  }
  if (!query.guid.empty())
    sql += " AND guid = ?";
  if (cursor)
    sql += " AND (published, id) < (?, ?)";
  sql += " ORDER BY published DESC, id DESC LIMIT ?";

  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  WD_ASSIGN_OR_RETURN(Statement stmt, reader.db().Prepare(sql));
  int param = 1;
  if (by_section) {
    std::string section = query.section->ToString();
    stmt.Bind(param++, section);
    stmt.Bind(param++, section + "/");
    stmt.Bind(param++, section + "0");
  }
  if (!query.guid.empty())
    stmt.Bind(param++, query.guid);
  if (cursor) {
    stmt.Bind(param++, cursor->published);
    stmt.Bind(param++, cursor->id);
  }
  stmt.Bind(param++, int64_t{limit} + 1);  // One more tells whether another page follows.

  ArticlePage page;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    if (static_cast<int>(page.articles.size()) == limit) {
      page.next_cursor = EncodeCursor(page.articles.back());
      break;
    }
    WD_ASSIGN_OR_RETURN(core::Article article, ReadArticle(stmt));
    page.articles.push_back(std::move(article));
  }
  return page;
}

core::Status SqliteStore::SetArticleClusters(std::span<const ClusterAssignment> assignments) {
  if (assignments.empty())
    return core::Ok();
  std::lock_guard lock(write_mutex_);
  Connection& db = *writer_;
  WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      db.Prepare("UPDATE articles SET cluster_id = ? WHERE id = ?"));
  for (const ClusterAssignment& assignment : assignments) {
    WD_RETURN_IF_ERROR(stmt.Bind(1, assignment.cluster_id).Bind(2, assignment.id).Run());
    if (db.Changes() == 0)
      return core::MakeError(ErrorCode::kNotFound, "no article " + std::to_string(assignment.id));
    WD_RETURN_IF_ERROR(stmt.Reset());
  }
  return tx.Commit();  // Not reached on an error: the transaction rolls back.
}

core::Result<std::vector<core::Article>> SqliteStore::ClusterMembers(core::ArticleId cluster_id,
                                                                     int limit) {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  WD_ASSIGN_OR_RETURN(
      Statement stmt,
      reader.db().Prepare("SELECT " + ArticleColumns(false) +
                          " FROM articles INDEXED BY articles_cluster WHERE cluster_id = ? AND "
                          "state = 'published' ORDER BY published, id LIMIT ?"));
  stmt.Bind(1, cluster_id);
  stmt.Bind(2, int64_t{std::clamp(limit, 1, 100)});
  std::vector<core::Article> members;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    WD_ASSIGN_OR_RETURN(core::Article article, ReadArticle(stmt));
    members.push_back(std::move(article));
  }
  return members;
}

core::Result<std::vector<SectionCount>> SqliteStore::ListSections() {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      reader.db().Prepare("SELECT section, COUNT(*) FROM articles "
                                          "WHERE state = 'published' GROUP BY section "
                                          "ORDER BY section"));
  std::vector<SectionCount> sections;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    std::string text = stmt.ColumnText(0);
    auto path = core::SectionPath::Parse(text);
    if (!path)
      return tl::unexpected(Corrupt("bad stored section '" + text + "'"));
    sections.push_back({std::move(*path), stmt.ColumnInt(1)});
  }
  return sections;
}

core::Result<std::vector<OutboxEvent>> SqliteStore::EventsAfter(int64_t after_seq, int limit) {
  if (limit <= 0)
    return std::vector<OutboxEvent>{};
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      reader.db().Prepare("SELECT seq, article_id, change, section, created_at "
                                          "FROM outbox WHERE seq > ? ORDER BY seq LIMIT ?"));
  stmt.Bind(1, after_seq).Bind(2, int64_t{std::min(limit, 1000)});
  std::vector<OutboxEvent> events;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    OutboxEvent e;
    e.seq = stmt.ColumnInt(0);
    e.article_id = stmt.ColumnInt(1);
    auto change = core::ParseVersionChange(stmt.ColumnText(2));
    if (!change)
      return tl::unexpected(Corrupt("outbox event " + std::to_string(e.seq)));
    e.change = *change;
    e.section = stmt.ColumnText(3);
    e.created_at = core::FromUnixSeconds(stmt.ColumnInt(4));
    events.push_back(std::move(e));
  }
  return events;
}

core::Result<StoreStats> SqliteStore::Stats() {
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  // One statement, so every count comes from the same snapshot.
  WD_ASSIGN_OR_RETURN(
      Statement stmt,
      reader.db().Prepare(
          "SELECT (SELECT COUNT(*) FROM articles WHERE state = 'published'), "
          "(SELECT COUNT(*) FROM articles WHERE state = 'killed'), "
          "(SELECT COUNT(*) FROM articles WHERE state IN ('withheld', 'embargoed')), "
          "(SELECT COUNT(*) FROM article_versions), "
          "(SELECT COALESCE(MAX(seq), 0) FROM outbox)"));
  WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row)
    return core::MakeError(ErrorCode::kInternal, "stats query returned no row");
  StoreStats stats;
  stats.articles_published = stmt.ColumnInt(0);
  stats.articles_killed = stmt.ColumnInt(1);
  stats.articles_hidden = stmt.ColumnInt(2);
  stats.versions = stmt.ColumnInt(3);
  stats.last_event_seq = stmt.ColumnInt(4);
  return stats;
}

core::Result<std::vector<IndexTerm>> SqliteStore::SearchTerms(std::string_view from,
                                                              std::string_view to, int limit) {
  if (limit < 1 || limit > 100000)
    return core::MakeError(ErrorCode::kInvalidArgument, "term limit must be 1..100000");
  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  // fts5vocab answers a range on term from the index's own b-tree, without a full scan.
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      reader.db().Prepare("SELECT term, doc FROM article_search_vocab "
                                          "WHERE term >= ? AND term < ? ORDER BY term LIMIT ?"));
  stmt.Bind(1, std::string(from)).Bind(2, std::string(to)).Bind(3, int64_t{limit});
  std::vector<IndexTerm> terms;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    terms.push_back({.term = stmt.ColumnText(0), .documents = stmt.ColumnInt(1)});
  }
  return terms;
}

namespace {

// Whether an FTS5 expression holds a prefix term: a '*' outside its "strings" (a string's own
// quotes are doubled, which toggles twice).
bool HasPrefixTerm(std::string_view fts_match) {
  bool quoted = false;
  for (char c : fts_match) {
    if (c == '"')
      quoted = !quoted;
    else if (c == '*' && !quoted)
      return true;
  }
  return false;
}

}  // namespace

core::Result<std::vector<SearchHit>> SqliteStore::Search(const SearchQuery& query) {
  if (query.fts_match.empty())
    return core::MakeError(ErrorCode::kInvalidArgument, "empty search expression");
  if (query.limit < 1 || query.limit > 100)
    return core::MakeError(ErrorCode::kInvalidArgument, "search limit must be 1..100");
  if (query.offset < 0 || query.offset > 10000)
    return core::MakeError(ErrorCode::kInvalidArgument, "search offset must be 0..10000");
  // The score is wd_rank (store/internal/search_rank.h): bm25 as FTS5 computes it, with a
  // weight per column (headline, summary, body, byline, subjects: a word in the headline says
  // far more about what a story is about than one in the body), times a recency boost of
  // 1 + 1 / (1 + age / 48 h), age counted from ranked_at and never negative: 2x for a story
  // published now, 1.5x at two days, 1.22x at a week, 1.06x at a month. It is bounded, so a
  // much better match still beats a fresher weak one. Negative: more negative is better.
  // search/searcher.h documents it for readers of the API.
  //
  // Every matching story is scored before the sort. wd_rank takes each story's length and time
  // from memory, and the index holds only published stories (ReindexArticle), so a search
  // without filters reads FTS5 alone: at a million stories a one-word search took a fourth to a
  // fifth of the time bm25() and a join with the articles took (docs/search.md). Filters join the
  // narrow index articles_search_meta (migration 12) rather than the article rows with their
  // bodies. The page's article columns and snippets are read afterwards, for the page.
  //
  // In date order the score plays no part in choosing the page, so only the page's hits are
  // scored, with their details.
  const bool by_relevance = query.order == SearchOrder::kRelevance;
  constexpr std::string_view kScore = "wd_rank(article_search, ?, ?)";
  const bool by_section = query.section && !query.section->empty();
  // Filters and date order read the articles' own columns; a relevance search without
  // filters needs nothing but the index.
  const bool joins_articles = by_section || !query.source.empty() || !query.author_words.empty() ||
                              !query.language.empty() || query.published_from ||
                              query.published_before || !by_relevance;
  std::string inner =
      joins_articles
          ? "SELECT a.id AS id, a.published AS published" +
                (by_relevance ? ", " + std::string(kScore) + " AS score" : std::string()) +
                " FROM article_search JOIN articles a INDEXED BY articles_search_meta "
                "ON a.id = article_search.rowid "
                "WHERE article_search MATCH ? AND a.state = 'published'"
          : "SELECT article_search.rowid AS id, 0 AS published, " + std::string(kScore) +
                " AS score FROM article_search WHERE article_search MATCH ?";
  if (by_section)
    inner += " AND (a.section = ? OR (a.section >= ? AND a.section < ?))";  // See ListArticles.
  if (!query.source.empty())
    inner += " AND a.source = ?";
  for (size_t k = 0; k < query.author_words.size(); ++k)
    inner += " AND a.byline LIKE ? ESCAPE '\\'";
  if (!query.language.empty())
    inner += " AND (a.language LIKE ? ESCAPE '\\' OR a.language LIKE ? ESCAPE '\\')";
  if (query.published_from)
    inner += " AND a.published >= ?";
  if (query.published_before)
    inner += " AND a.published < ?";
  // Ids follow arrival, which mostly follows publication, so the span's ids are a narrow range
  // of the index's; the range comes from the (state, published) index, and FTS5 applies rowid
  // bounds to its posting lists itself.
  const bool narrow = query.narrow_to_span && query.published_from && query.published_before;
  if (narrow) {
    inner +=
        " AND article_search.rowid BETWEEN "
        "(SELECT MIN(id) FROM articles WHERE state = 'published' AND published >= ? AND "
        "published < ?) AND "
        "(SELECT MAX(id) FROM articles WHERE state = 'published' AND published >= ? AND "
        "published < ?)";
  }
  // The score is a column of the inner query, so the keyset condition and the order can name
  // it; an FTS5 auxiliary function is only evaluated where its MATCH is.
  std::string page_sql = "SELECT * FROM (" + inner + ")";
  if (query.after) {
    page_sql += by_relevance ? " WHERE (score > ? OR (score = ? AND id < ?))"
                             : " WHERE (published, id) < (?, ?)";
  }
  page_sql += by_relevance ? " ORDER BY score, id DESC" : " ORDER BY published DESC, id DESC";
  page_sql += " LIMIT ? OFFSET ?";

  // LIKE's wildcards in reader text match themselves.
  auto like_escape = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c == '%' || c == '_' || c == '\\')
        out += '\\';
      out += c;
    }
    return out;
  };

  // Binds the inner query's parameters, from the first; returns the next parameter's index.
  auto bind_score = [&](Statement& stmt, int& param) {
    stmt.Bind(param++, core::ToUnixSeconds(query.ranked_at));
    stmt.BindPointer(param++, &search_rank_, internal::kSearchRankCachePointerType);
  };
  auto bind_inner = [&](Statement& stmt) {
    int param = 1;
    if (by_relevance)
      bind_score(stmt, param);
    stmt.Bind(param++, query.fts_match);
    if (by_section) {
      std::string section = query.section->ToString();
      stmt.Bind(param++, section);
      stmt.Bind(param++, section + "/");
      stmt.Bind(param++, section + "0");
    }
    if (!query.source.empty())
      stmt.Bind(param++, query.source);
    for (const std::string& word : query.author_words)
      stmt.Bind(param++, "%" + like_escape(word) + "%");
    if (!query.language.empty()) {
      stmt.Bind(param++, like_escape(query.language));
      stmt.Bind(param++, like_escape(query.language) + "-%");
    }
    if (query.published_from)
      stmt.Bind(param++, core::ToUnixSeconds(*query.published_from));
    if (query.published_before)
      stmt.Bind(param++, core::ToUnixSeconds(*query.published_before));
    if (narrow) {
      for (int k = 0; k < 2; ++k) {
        stmt.Bind(param++, core::ToUnixSeconds(*query.published_from));
        stmt.Bind(param++, core::ToUnixSeconds(*query.published_before));
      }
    }
    return param;
  };
  // FTS5 reports a malformed expression as a plain SQL error; it is the caller's input.
  auto step_error = [](core::Error error) -> core::Error {
    if (error.message().find("fts5") != std::string::npos) {
      return core::Error(ErrorCode::kInvalidArgument,
                         "invalid search expression: " + error.message());
    }
    return error;
  };

  WD_ASSIGN_OR_RETURN(ReaderLease reader, AcquireReader());
  // One read snapshot for the re-score, the page and the page's details, so all see the same
  // stories and statistics. It is rolled back when it goes out of scope: nothing was written.
  WD_ASSIGN_OR_RETURN(Transaction snapshot,
                      Transaction::Begin(reader.db(), TransactionMode::kDeferred));
  WD_RETURN_IF_ERROR(search_rank_.CatchUp(reader.db()));
  const auto ranking_held = search_rank_.Hold();
  double after_score = query.after ? query.after->score : 0;
  if (query.after && by_relevance) {
    // bm25's statistics move as stories are added, removed or changed, and every score with
    // them; the cursor's story scored now, under the same statistics as the page, keeps its
    // place among the others. Its saved score serves only when it no longer matches.
    WD_ASSIGN_OR_RETURN(Statement rescore, reader.db().Prepare("SELECT score FROM (" + inner +
                                                               " AND article_search.rowid = ?)"));
    int param = bind_inner(rescore);
    rescore.Bind(param, query.after->id);
    auto row = rescore.Step();
    if (!row)
      return tl::unexpected(step_error(std::move(row).error()));
    if (*row)
      after_score = rescore.ColumnDouble(0);
  }
  // The page: its stories' ids in order, with their scores in relevance order.
  struct PageEntry {
    core::ArticleId id = 0;
    double score = 0;
  };
  std::vector<PageEntry> page;
  {
    WD_ASSIGN_OR_RETURN(Statement stmt, reader.db().Prepare(page_sql));
    int param = bind_inner(stmt);
    if (query.after) {
      if (by_relevance) {
        stmt.BindDouble(param++, after_score);
        stmt.BindDouble(param++, after_score);
      } else {
        stmt.Bind(param++, core::ToUnixSeconds(query.after->published));
      }
      stmt.Bind(param++, query.after->id);
    }
    stmt.Bind(param++, int64_t{query.limit});
    stmt.Bind(param++, int64_t{query.offset});
    while (true) {
      auto row = stmt.Step();
      if (!row)
        return tl::unexpected(step_error(std::move(row).error()));
      if (!*row)
        break;
      page.push_back({.id = stmt.ColumnInt(0), .score = by_relevance ? stmt.ColumnDouble(2) : 0});
    }
  }
  if (page.empty())
    return std::vector<SearchHit>{};

  // Then each story's columns, snippet and (in date order) score. Both need the query's MATCH
  // for the page's stories, and FTS5 sets a MATCH up anew for every rowid it is asked for: for a
  // prefix* term that means merging every matching term's list again, and bm25 counts each
  // term's stories again. So a prefix query, and any query in date order (whose page is a
  // narrow span of ids), reads the page in one pass over the ids between its lowest and highest
  // and keeps the page's; a relevance page of whole words, whose ids may span the archive, is
  // read a story at a time, where each lookup is a seek.
  const bool one_pass = !by_relevance || HasPrefixTerm(query.fts_match);
  const std::string snippet_column =
      query.with_snippets ? "snippet(article_search, 2, char(57344), char(57345), '\u2026', 24)"
                          : "''";
  std::string details_sql = "SELECT " + QualifiedListColumns() + ", " +
                            (by_relevance ? std::string("0.0") : std::string(kScore)) + ", " +
                            snippet_column +
                            " FROM article_search CROSS JOIN articles a ON a.id = "
                            "article_search.rowid WHERE article_search MATCH ?";
  if (one_pass) {
    details_sql += " AND article_search.rowid BETWEEN ? AND ? AND +article_search.rowid IN (?";
    for (size_t k = 1; k < page.size(); ++k) details_sql += ",?";
    details_sql += ")";
  } else {
    details_sql += " AND article_search.rowid = ?";
  }
  WD_ASSIGN_OR_RETURN(Statement details, reader.db().Prepare(details_sql));
  std::unordered_map<core::ArticleId, SearchHit> found;
  auto read_details = [&]() -> core::Status {
    while (true) {
      auto row = details.Step();
      if (!row)
        return tl::unexpected(step_error(std::move(row).error()));
      if (!*row)
        return core::Ok();
      SearchHit hit;
      WD_ASSIGN_OR_RETURN(hit.article, ReadArticle(details));
      hit.score = details.ColumnDouble(internal::kArticleColumnCount);
      hit.snippet_html =
          internal::SnippetToHtml(details.ColumnText(internal::kArticleColumnCount + 1));
      const core::ArticleId id = hit.article.id;
      found.emplace(id, std::move(hit));
    }
  };
  auto bind_match = [&](int& param) {
    if (!by_relevance)
      bind_score(details, param);
    details.Bind(param++, query.fts_match);
  };
  if (one_pass) {
    auto [lowest, highest] =
        std::minmax_element(page.begin(), page.end(),
                            [](const PageEntry& a, const PageEntry& b) { return a.id < b.id; });
    int param = 1;
    bind_match(param);
    details.Bind(param++, lowest->id);
    details.Bind(param++, highest->id);
    for (const PageEntry& entry : page) details.Bind(param++, entry.id);
    WD_RETURN_IF_ERROR(read_details());
  } else {
    for (const PageEntry& entry : page) {
      int param = 1;
      bind_match(param);
      details.Bind(param++, entry.id);
      WD_RETURN_IF_ERROR(read_details());
      WD_RETURN_IF_ERROR(details.Reset());
    }
  }
  std::vector<SearchHit> hits;
  hits.reserve(page.size());
  for (const PageEntry& entry : page) {
    auto it = found.find(entry.id);
    if (it == found.end())
      continue;  // Not possible within one snapshot; nothing to show if it were.
    if (by_relevance)
      it->second.score = entry.score;
    hits.push_back(std::move(it->second));
  }
  return hits;
}

}  // namespace wiredesk::store

namespace wiredesk::store::internal {

std::string ArticleListColumnsQualified() { return QualifiedListColumns(); }

core::Result<core::Article> ReadArticleRow(const Statement& row) { return ReadArticle(row); }

}  // namespace wiredesk::store::internal
