// SqliteAlertOutboxStore: AlertOutboxStore over SqliteStore's database file and connections.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "store/alert_outbox_store.h"
#include "store/internal/sqlite.h"
#include "store/sqlite_store.h"

namespace wiredesk::store {
namespace {

using core::ErrorCode;
using internal::Connection;
using internal::Statement;
using internal::Transaction;
using internal::TransactionMode;

int64_t Seconds(core::TimePoint t) { return core::ToUnixSeconds(t); }

constexpr std::string_view kColumns =
    "id, delivery_key, user_id, article_id, channel, recipient, reason, state, attempts, "
    "next_attempt_at, last_error, created_at, sent_at";

DeliveryState StateFromName(std::string_view name) {
  if (name == "sent")
    return DeliveryState::kSent;
  if (name == "dead")
    return DeliveryState::kDead;
  if (name == "withdrawn")
    return DeliveryState::kWithdrawn;
  return DeliveryState::kPending;
}

DeliveryRecord ReadDelivery(const Statement& row) {
  DeliveryRecord d;
  d.id = row.ColumnInt(0);
  d.key = row.ColumnText(1);
  d.user_id = row.ColumnInt(2);
  d.article_id = row.ColumnInt(3);
  d.channel = row.ColumnText(4);
  d.recipient = row.ColumnText(5);
  d.reason = row.ColumnText(6);
  d.state = StateFromName(row.ColumnText(7));
  d.attempts = static_cast<int>(row.ColumnInt(8));
  d.next_attempt_at = core::FromUnixSeconds(row.ColumnInt(9));
  d.last_error = row.ColumnText(10);
  d.created_at = core::FromUnixSeconds(row.ColumnInt(11));
  if (auto sent = row.ColumnOptionalInt(12))
    d.sent_at = core::FromUnixSeconds(*sent);
  return d;
}

class SqliteAlertOutboxStore final : public AlertOutboxStore {
 public:
  explicit SqliteAlertOutboxStore(SqliteStore& store) : store_(store) {}

  core::Result<int> Enqueue(const std::vector<NewDelivery>& deliveries,
                            core::TimePoint now) override {
    int queued = 0;
    if (deliveries.empty())
      return queued;
    // In key order, so the unique index grows at its end instead of splitting pages all over a
    // story's fan-out to many readers; and many rows per statement, which halves the per-row
    // cost of a 100,000-reader story.
    std::vector<const NewDelivery*> ordered;
    ordered.reserve(deliveries.size());
    for (const NewDelivery& d : deliveries) ordered.push_back(&d);
    std::sort(ordered.begin(), ordered.end(),
              [](const NewDelivery* a, const NewDelivery* b) { return a->key < b->key; });
    constexpr size_t kRowsPerStatement = 64;
    auto insert_sql = [](size_t rows) {
      std::string sql =
          "INSERT INTO alert_deliveries (delivery_key, user_id, article_id, channel, recipient, "
          "reason, state, attempts, next_attempt_at, last_error, created_at) VALUES ";
      for (size_t i = 0; i < rows; ++i)
        sql += i == 0 ? "(?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?)"
                      : ", (?, ?, ?, ?, ?, ?, 'pending', 0, ?, '', ?)";
      // The key is UNIQUE: a repeated match, a restart or a second matcher queue nothing new.
      return sql + " ON CONFLICT (delivery_key) DO NOTHING";
    };
    WD_RETURN_IF_ERROR(store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
      std::optional<Statement> full;
      for (size_t begin = 0; begin < ordered.size(); begin += kRowsPerStatement) {
        size_t rows = std::min(kRowsPerStatement, ordered.size() - begin);
        std::optional<Statement> partial;
        if (rows == kRowsPerStatement && !full) {
          WD_ASSIGN_OR_RETURN(Statement prepared, db.Prepare(insert_sql(rows)));
          full.emplace(std::move(prepared));
        } else if (rows < kRowsPerStatement) {
          WD_ASSIGN_OR_RETURN(Statement prepared, db.Prepare(insert_sql(rows)));
          partial.emplace(std::move(prepared));
        }
        Statement& insert = partial ? *partial : *full;
        WD_RETURN_IF_ERROR(insert.Reset());
        for (size_t i = 0; i < rows; ++i) {
          const NewDelivery& d = *ordered[begin + i];
          int at = static_cast<int>(i) * 8;
          insert.Bind(at + 1, d.key)
              .Bind(at + 2, d.user_id)
              .Bind(at + 3, d.article_id)
              .Bind(at + 4, d.channel)
              .Bind(at + 5, d.recipient)
              .Bind(at + 6, d.reason)
              .Bind(at + 7, Seconds(d.due_at))
              .Bind(at + 8, Seconds(now));
        }
        WD_RETURN_IF_ERROR(insert.Run());
        queued += db.Changes();
      }
      return tx.Commit();
    }));
    return queued;
  }

  core::Result<std::vector<DeliveryRecord>> ClaimDue(core::TimePoint now, int limit,
                                                     std::chrono::seconds lease) override {
    return Claim(now, limit, lease, std::nullopt, "");
  }

  core::Result<std::vector<DeliveryRecord>> ClaimDueFor(int64_t user_id, const std::string& channel,
                                                        core::TimePoint now, int limit,
                                                        std::chrono::seconds lease) override {
    return Claim(now, limit, lease, user_id, channel);
  }

  core::Status Requeue(int64_t id, core::TimePoint now) override {
    return store_.WithWriter([&](Connection& db) -> core::Status {
      // Only while its story is still published: a killed story's dead letter stays dead.
      WD_ASSIGN_OR_RETURN(
          Statement stmt,
          db.Prepare("UPDATE alert_deliveries SET state = 'pending', attempts = 0, "
                     "next_attempt_at = ?, last_error = '' WHERE id = ? AND state = 'dead' AND "
                     "article_id IN (SELECT id FROM articles WHERE state = 'published')"));
      WD_RETURN_IF_ERROR(stmt.Bind(1, Seconds(now)).Bind(2, id).Run());
      if (db.Changes() == 0)
        return core::MakeError(ErrorCode::kNotFound,
                               "no dead alert of a published story with that id");
      return core::Ok();
    });
  }

  core::Status MarkSent(int64_t id, core::TimePoint at) override {
    return Update(
        "UPDATE alert_deliveries SET state = 'sent', sent_at = ?, attempts = "
        "attempts + 1 WHERE id = ? AND state = 'pending'",
        [&](Statement& s) { s.Bind(1, Seconds(at)).Bind(2, id); });
  }

  core::Status MarkRetry(int64_t id, core::TimePoint next_attempt_at,
                         const std::string& error) override {
    return Update(
        "UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = ?, "
        "last_error = ? WHERE id = ? AND state = 'pending'",
        [&](Statement& s) { s.Bind(1, Seconds(next_attempt_at)).Bind(2, error).Bind(3, id); });
  }

  core::Status MarkDead(int64_t id, const std::string& error) override {
    return Update(
        "UPDATE alert_deliveries SET state = 'dead', attempts = attempts + 1, "
        "last_error = ? WHERE id = ? AND state = 'pending'",
        [&](Statement& s) { s.Bind(1, error).Bind(2, id); });
  }

  core::Status Defer(int64_t id, core::TimePoint until) override {
    return Update(
        "UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ? AND state = "
        "'pending'",
        [&](Statement& s) { s.Bind(1, Seconds(until)).Bind(2, id); });
  }

  core::Result<int> WithdrawArticle(core::ArticleId article_id) override {
    int withdrawn = 0;
    WD_RETURN_IF_ERROR(store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("UPDATE alert_deliveries SET state = 'withdrawn' WHERE "
                                     "article_id = ? AND state = 'pending'"));
      WD_RETURN_IF_ERROR(stmt.Bind(1, article_id).Run());
      withdrawn = db.Changes();
      return core::Ok();
    }));
    return withdrawn;
  }

  core::Result<std::vector<core::TimePoint>> SentSince(int64_t user_id,
                                                       core::TimePoint since) override {
    std::vector<core::TimePoint> times;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt,
                          db.Prepare("SELECT sent_at FROM alert_deliveries WHERE user_id = ? AND "
                                     "state = 'sent' AND sent_at >= ?"));
      stmt.Bind(1, user_id).Bind(2, Seconds(since));
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        times.push_back(core::FromUnixSeconds(stmt.ColumnInt(0)));
      }
      return core::Ok();
    }));
    return times;
  }

  core::Result<std::vector<DeliveryRecord>> RecentForUser(int64_t user_id, int limit) override {
    return List("SELECT " + std::string(kColumns) +
                    " FROM alert_deliveries WHERE user_id = ? ORDER BY created_at DESC, id DESC "
                    "LIMIT ?",
                [&](Statement& s) { s.Bind(1, user_id).Bind(2, static_cast<int64_t>(limit)); });
  }

  core::Result<std::vector<DeliveryRecord>> DeadLetters(int limit) override {
    return List("SELECT " + std::string(kColumns) +
                    " FROM alert_deliveries WHERE state = 'dead' ORDER BY id DESC LIMIT ?",
                [&](Statement& s) { s.Bind(1, static_cast<int64_t>(limit)); });
  }

 private:
  // Due pending rows, all of them or one reader's on one channel, each leased until now + lease.
  core::Result<std::vector<DeliveryRecord>> Claim(core::TimePoint now, int limit,
                                                  std::chrono::seconds lease,
                                                  std::optional<int64_t> user_id,
                                                  const std::string& channel) {
    std::vector<DeliveryRecord> claimed;
    WD_RETURN_IF_ERROR(store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Transaction tx, Transaction::Begin(db, TransactionMode::kImmediate));
      // A story killed or withheld since its alerts were queued takes them along: the kill's
      // own withdrawal normally got there first, this is the guard for one that raced it.
      WD_ASSIGN_OR_RETURN(
          Statement withdraw,
          db.Prepare("UPDATE alert_deliveries SET state = 'withdrawn' WHERE state = 'pending' "
                     "AND next_attempt_at <= ? AND article_id IN (SELECT id FROM articles "
                     "WHERE state != 'published')"));
      WD_RETURN_IF_ERROR(withdraw.Bind(1, Seconds(now)).Run());
      std::string sql = "SELECT " + std::string(kColumns) +
                        " FROM alert_deliveries WHERE state = 'pending' AND next_attempt_at <= ?";
      if (user_id)
        sql += " AND user_id = ? AND channel = ?";
      sql += " ORDER BY next_attempt_at, id LIMIT ?";
      WD_ASSIGN_OR_RETURN(Statement select, db.Prepare(sql));
      select.Bind(1, Seconds(now));
      if (user_id) {
        select.Bind(2, *user_id).Bind(3, channel);
      }
      select.Bind(user_id ? 4 : 2, static_cast<int64_t>(std::max(limit, 0)));
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, select.Step());
        if (!row)
          break;
        claimed.push_back(ReadDelivery(select));
      }
      WD_ASSIGN_OR_RETURN(
          Statement lease_row,
          db.Prepare("UPDATE alert_deliveries SET next_attempt_at = ? WHERE id = ?"));
      for (DeliveryRecord& d : claimed) {
        WD_RETURN_IF_ERROR(lease_row.Reset());
        d.next_attempt_at = now + lease;
        WD_RETURN_IF_ERROR(lease_row.Bind(1, Seconds(d.next_attempt_at)).Bind(2, d.id).Run());
      }
      return tx.Commit();
    }));
    return claimed;
  }

  template <typename BindFn>
  core::Status Update(const std::string& sql, BindFn bind) {
    return store_.WithWriter([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      bind(stmt);
      WD_RETURN_IF_ERROR(stmt.Run());
      if (db.Changes() == 0)
        return core::MakeError(ErrorCode::kNotFound, "no pending alert with that id");
      return core::Ok();
    });
  }

  template <typename BindFn>
  core::Result<std::vector<DeliveryRecord>> List(const std::string& sql, BindFn bind) {
    std::vector<DeliveryRecord> rows;
    WD_RETURN_IF_ERROR(store_.WithReader([&](Connection& db) -> core::Status {
      WD_ASSIGN_OR_RETURN(Statement stmt, db.Prepare(sql));
      bind(stmt);
      while (true) {
        WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
        if (!row)
          break;
        rows.push_back(ReadDelivery(stmt));
      }
      return core::Ok();
    }));
    return rows;
  }

  SqliteStore& store_;
};

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kPending:
      return "pending";
    case DeliveryState::kSent:
      return "sent";
    case DeliveryState::kDead:
      return "dead";
    case DeliveryState::kWithdrawn:
      return "withdrawn";
  }
  return "pending";
}

core::Result<std::unique_ptr<AlertOutboxStore>> OpenAlertOutboxStore(Store& store) {
  auto* sqlite = dynamic_cast<SqliteStore*>(&store);
  if (sqlite == nullptr) {
    return core::MakeError(ErrorCode::kFailedPrecondition,
                           "the alert outbox needs the SQLite store in this build");
  }
  return std::unique_ptr<AlertOutboxStore>(new SqliteAlertOutboxStore(*sqlite));
}

}  // namespace wiredesk::store
