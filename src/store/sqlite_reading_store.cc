// SqliteReadingStore: ReadingStore over SqliteStore's database file and connections.
#include <algorithm>
#include <cmath>
#include <utility>

#include "store/internal/article_row.h"
#include "store/internal/sqlite.h"
#include "store/reading_store.h"
#include "store/sqlite_store.h"

namespace wiredesk::store {
namespace {

using core::ErrorCode;
using internal::Connection;
using internal::Statement;
using internal::Transaction;
using internal::TransactionMode;

constexpr size_t kMaxReadAmong = 1000;

class SqliteReadingStore final : public ReadingStore {
 public:
  explicit SqliteReadingStore(SqliteStore& store) : store_(store) {}

  core::Status RecordViews(const std::vector<ViewEvent>& views) override {
    if (views.empty())
      return core::Ok();
    return store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
      // SELECT from articles so a view of a story that does not exist is skipped, not an error.
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("INSERT OR IGNORE INTO article_views (hour, article_id, "
                                     "visitor) SELECT ?, id, ? FROM articles WHERE id = ?"));
      for (const ViewEvent& view : views) {
        WD_RETURN_IF_ERROR(
            stmt.Bind(1, view.hour).Bind(2, view.visitor).Bind(3, view.article_id).Run());
        WD_RETURN_IF_ERROR(stmt.Reset());
      }
      return tx.Commit();
    });
  }

  core::Result<int64_t> PruneViews(int64_t hour) override {
    int64_t deleted = 0;
    WD_RETURN_IF_ERROR(store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare("DELETE FROM article_views WHERE hour < ?"));
      WD_RETURN_IF_ERROR(stmt.Bind(1, hour).Run());
      deleted = db.Changes();
      return core::Ok();
    }));
    return deleted;
  }

  core::Result<std::vector<MostReadEntry>> MostRead(const MostReadQuery& query) override {
    if (query.limit < 1 || query.limit > 100)
      return core::MakeError(ErrorCode::kInvalidArgument, "most-read limit must be 1..100");
    // Both counts are one range scan of an index over the window (reads_time and the views'
    // primary key); the join to articles then touches only stories read in the window.
    std::string sql =
        "WITH counts AS ("
        "  SELECT article_id, SUM(readers) AS readers, SUM(visitors) AS visitors FROM ("
        "    SELECT article_id, COUNT(*) AS readers, 0 AS visitors FROM reads"
        "      WHERE read_at >= ? GROUP BY article_id"
        "    UNION ALL"
        "    SELECT article_id, 0, COUNT(DISTINCT visitor) FROM article_views"
        "      WHERE hour >= ? GROUP BY article_id)"
        "  GROUP BY article_id) "
        "SELECT " +
        internal::ArticleListColumnsQualified() +
        ", c.readers, c.visitors FROM counts c JOIN articles a ON a.id = c.article_id "
        "WHERE a.state = 'published'";
    const bool by_section = query.section && !query.section->empty();
    if (by_section)
      sql += " AND (a.section = ? OR (a.section >= ? AND a.section < ?))";  // See ListArticles.
    // The weight is bound in thousandths: the statement wrapper binds integers and text.
    sql +=
        " ORDER BY c.readers * 1000 + ? * c.visitors DESC, a.published DESC, a.id DESC "
        "LIMIT ?";
    const int64_t weight_milli = std::llround(std::clamp(query.view_weight, 0.0, 1000.0) * 1000);
    std::vector<MostReadEntry> out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      int param = 1;
      stmt.Bind(param++, core::ToUnixSeconds(query.reads_since));
      stmt.Bind(param++, query.views_since_hour);
      if (by_section) {
        std::string section = query.section->ToString();
        stmt.Bind(param++, section);
        stmt.Bind(param++, section + "/");
        stmt.Bind(param++, section + "0");
      }
      stmt.Bind(param++, weight_milli);
      stmt.Bind(param++, int64_t{query.limit});
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        MostReadEntry entry;
        WD_ASSIGN_OR_RETURN(entry.article, internal::ReadArticleRow(stmt));
        entry.readers = stmt.ColumnInt(internal::kArticleColumnCount);
        entry.visitors = stmt.ColumnInt(internal::kArticleColumnCount + 1);
        entry.score = static_cast<double>(entry.readers) +
                      static_cast<double>(weight_milli) / 1000.0 * entry.visitors;
        out.push_back(std::move(entry));
      }
      return core::Ok();
    }));
    return out;
  }

  core::Result<std::vector<core::Article>> RecentMatches(const std::string& fts_match,
                                                         core::TimePoint since, int64_t scan_ids,
                                                         int limit) override {
    if (fts_match.empty())
      return core::MakeError(ErrorCode::kInvalidArgument, "empty search expression");
    if (limit < 1 || limit > 100)
      return core::MakeError(ErrorCode::kInvalidArgument, "match limit must be 1..100");
    std::vector<core::Article> out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      // FTS5 walks its rowids backwards for ORDER BY rowid DESC and honours the rowid bound,
      // so neither the number of matches nor the archive's size sets the cost.
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT " + internal::ArticleListColumnsQualified() +
                     " FROM article_search JOIN articles a ON a.id = article_search.rowid "
                     "WHERE article_search MATCH ? AND article_search.rowid > "
                     "(SELECT COALESCE(MAX(id), 0) FROM articles) - ? AND "
                     "a.state = 'published' AND a.published >= ? "
                     "ORDER BY article_search.rowid DESC LIMIT ?"));
      stmt.Bind(1, fts_match)
          .Bind(2, std::max<int64_t>(scan_ids, 0))
          .Bind(3, core::ToUnixSeconds(since))
          .Bind(4, int64_t{limit});
      while (true) {
        auto row = stmt.Step();
        if (!row) {
          if (row.error().message().find("fts5") != std::string::npos) {
            return core::MakeError(ErrorCode::kInvalidArgument,
                                   "invalid search expression: " + row.error().message());
          }
          return tl::unexpected(std::move(row).error());
        }
        if (!*row)
          break;
        WD_ASSIGN_OR_RETURN(core::Article article, internal::ReadArticleRow(stmt));
        out.push_back(std::move(article));
      }
      return core::Ok();
    }));
    return out;
  }

  core::Result<std::vector<core::ArticleId>> ReadAmong(
      UserId user, const std::vector<core::ArticleId>& articles) override {
    if (articles.size() > kMaxReadAmong)
      return core::MakeError(ErrorCode::kInvalidArgument, "at most 1000 articles per lookup");
    std::vector<core::ArticleId> out;
    if (articles.empty())
      return out;
    // The ids travel as one JSON array, so the lookup is one statement: a probe of the UNIQUE
    // (user_id, article_id) index per id, without a step through the wrapper for each.
    std::string ids = "[";
    for (core::ArticleId id : articles) {
      if (ids.size() > 1)
        ids += ',';
      ids += std::to_string(id);
    }
    ids += ']';
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT article_id FROM reads WHERE user_id = ? AND "
                                     "article_id IN (SELECT value FROM json_each(?))"));
      stmt.Bind(1, user).Bind(2, ids);
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        out.push_back(stmt.ColumnInt(0));
      }
      return core::Ok();
    }));
    return out;
  }

 private:
  SqliteStore& store_;
};

}  // namespace

core::Result<std::unique_ptr<ReadingStore>> OpenReadingStore(Store& store) {
  auto* sqlite = dynamic_cast<SqliteStore*>(&store);
  if (sqlite == nullptr) {
    return core::MakeError(ErrorCode::kFailedPrecondition,
                           "read events need the SQLite store in this build");
  }
  return std::unique_ptr<ReadingStore>(new SqliteReadingStore(*sqlite));
}

}  // namespace wiredesk::store
