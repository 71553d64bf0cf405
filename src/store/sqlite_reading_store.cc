// SqliteReadingStore: ReadingStore over SqliteStore's database file and connections.
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <utility>

#include "store/internal/article_row.h"
#include "store/internal/item_json.h"
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

constexpr size_t kMaxIdsPerLookup = 1000;

// The ids as one JSON array, ascending and each once, so a lookup of many ids is one statement
// probing an index per id, without a step through the wrapper for each.
core::Result<std::string> IdArray(const std::vector<core::ArticleId>& articles) {
  if (articles.size() > kMaxIdsPerLookup)
    return core::MakeError(ErrorCode::kInvalidArgument, "at most 1000 articles per lookup");
  std::vector<core::ArticleId> sorted = articles;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::string ids = "[";
  for (core::ArticleId id : sorted) {
    if (ids.size() > 1)
      ids += ',';
    ids += std::to_string(id);
  }
  return ids + ']';
}

// Readers and visitors per story over a window; binds the reads' first time, then the views'
// first hour.
constexpr std::string_view kCountsInWindow =
    "SELECT article_id, SUM(readers) AS readers, SUM(visitors) AS visitors FROM ("
    "  SELECT article_id, COUNT(*) AS readers, 0 AS visitors FROM reads"
    "    WHERE read_at >= ? GROUP BY article_id"
    "  UNION ALL"
    "  SELECT article_id, 0, COUNT(DISTINCT visitor) FROM article_views"
    "    WHERE hour >= ? GROUP BY article_id)"
    "GROUP BY article_id";

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
        "WITH counts AS (" + std::string(kCountsInWindow) +
        ") "
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

  core::Result<std::vector<ReadCount>> ReadCounts(core::TimePoint reads_since,
                                                  int64_t views_since_hour) override {
    std::vector<ReadCount> out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(std::string(kCountsInWindow)));
      stmt.Bind(1, core::ToUnixSeconds(reads_since)).Bind(2, views_since_hour);
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        out.push_back({.article_id = stmt.ColumnInt(0),
                       .readers = stmt.ColumnInt(1),
                       .visitors = stmt.ColumnInt(2)});
      }
      return core::Ok();
    }));
    return out;
  }

  core::Result<std::vector<core::Article>> PublishedAmong(
      const std::vector<core::ArticleId>& articles) override {
    WD_ASSIGN_OR_RETURN(std::string ids, IdArray(articles));
    std::vector<core::Article> out;
    if (articles.empty())
      return out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT " + internal::ArticleListColumnsQualified() +
                                     " FROM articles a WHERE a.id IN (SELECT value FROM "
                                     "json_each(?)) AND a.state = 'published'"));
      stmt.Bind(1, ids);
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        WD_ASSIGN_OR_RETURN(core::Article article, internal::ReadArticleRow(stmt));
        out.push_back(std::move(article));
      }
      return core::Ok();
    }));
    return out;
  }

  core::Result<std::vector<HistoryRow>> HistoryRows(UserId user, int reads, int saved) override {
    if (reads < 0 || reads > 500 || saved < 0 || saved > 500)
      return core::MakeError(ErrorCode::kInvalidArgument, "history limits must be 0..500");
    std::vector<HistoryRow> out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_RETURN_IF_ERROR(AppendHistoryRows(db, "reads", "read_at", user, reads, false, out));
      return AppendHistoryRows(db, "saved", "saved_at", user, saved, true, out);
    }));
    return out;
  }

  core::Result<std::vector<StoryFeatures>> FeaturesOf(
      const std::vector<core::ArticleId>& articles) override {
    WD_ASSIGN_OR_RETURN(std::string ids, IdArray(articles));
    std::vector<StoryFeatures> out;
    if (articles.empty())
      return out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      // Only published stories have a features row (store/internal/story_features.h).
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT article_id, section, key_terms, subjects_json FROM "
                                     "story_features WHERE article_id IN (SELECT value FROM "
                                     "json_each(?))"));
      stmt.Bind(1, ids);
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        StoryFeatures story;
        story.article_id = stmt.ColumnInt(0);
        auto section = core::SectionPath::Parse(stmt.ColumnText(1));
        if (!section) {
          return core::MakeError(
              ErrorCode::kDataLoss,
              "story features of " + std::to_string(story.article_id) + ": bad section");
        }
        story.section = std::move(*section);
        const std::string terms = stmt.ColumnText(2);
        for (size_t start = 0; start < terms.size();) {
          size_t end = std::min(terms.find(' ', start), terms.size());
          if (end > start)
            story.key_terms.push_back(terms.substr(start, end - start));
          start = end + 1;
        }
        WD_ASSIGN_OR_RETURN(story.subjects, internal::SubjectsFromJson(stmt.ColumnText(3)));
        out.push_back(std::move(story));
      }
      return core::Ok();
    }));
    return out;
  }

  core::Result<std::vector<core::ArticleId>> ReadAmong(
      UserId user, const std::vector<core::ArticleId>& articles) override {
    WD_ASSIGN_OR_RETURN(std::string ids, IdArray(articles));
    std::vector<core::ArticleId> out;
    if (articles.empty())
      return out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          // "json_each CROSS JOIN reads" rather than "article_id IN (SELECT
                          // value FROM json_each(?))": for the few ids of a kept list (checked
                          // on every page of a signed-in reader) SQLite's temporary b-tree of
                          // the ids cost more than the lookups. For hundreds of ids, as
                          // PublishedAmong and FeaturesOf get, the IN form measured faster.
                          db.Prepare("SELECT r.article_id FROM json_each(?) j CROSS JOIN reads r "
                                     "ON r.user_id = ? AND r.article_id = j.value"));
      stmt.Bind(1, ids).Bind(2, user);
      return AppendIds(stmt, out);
    }));
    return out;
  }

  core::Result<std::vector<core::ArticleId>> ReadSince(UserId user, core::TimePoint since,
                                                       int limit) override {
    if (limit < 1 || limit > 5000)
      return core::MakeError(ErrorCode::kInvalidArgument, "limit must be 1..5000");
    std::vector<core::ArticleId> out;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("SELECT article_id FROM reads INDEXED BY reads_user_time WHERE user_id = ? "
                     "AND read_at >= ? ORDER BY read_at DESC, article_id LIMIT ?"));
      stmt.Bind(1, user).Bind(2, core::ToUnixSeconds(since)).Bind(3, int64_t{limit});
      return AppendIds(stmt, out);
    }));
    return out;
  }

 private:
  // Appends the first column of every row of `stmt`, a story id.
  static core::Status AppendIds(Statement& stmt, std::vector<core::ArticleId>& out) {
    while (true) {
      WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row)
        return core::Ok();
      out.push_back(stmt.ColumnInt(0));
    }
  }

  // Appends the user's newest `limit` rows of `table` (reads or saved).
  static core::Status AppendHistoryRows(Connection& db, std::string_view table,
                                        std::string_view time_column, UserId user, int limit,
                                        bool saved, std::vector<HistoryRow>& out) {
    if (limit == 0)
      return core::Ok();
    // The index holds all three columns, so the table itself is never read.
    WD_ASSIGN_OR_RETURN(Statement stmt,
                        db.Prepare("SELECT article_id, " + std::string(time_column) + " FROM " +
                                   std::string(table) + " INDEXED BY " + std::string(table) +
                                   "_user_time WHERE user_id = ? ORDER BY " +
                                   std::string(time_column) + " DESC, article_id LIMIT ?"));
    stmt.Bind(1, user).Bind(2, int64_t{limit});
    while (true) {
      WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row)
        break;
      out.push_back({.article_id = stmt.ColumnInt(0),
                     .at = core::FromUnixSeconds(stmt.ColumnInt(1)),
                     .saved = saved});
    }
    return core::Ok();
  }

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
