// AlertOutboxStore: the durable outbox of alerts to send — one row per (reader, article,
// channel), so an alert is queued once however often a story matches, and survives restarts.
//
// The dispatcher claims due rows with a lease (their next_attempt_at moves past the lease), so a
// dispatcher that dies mid-send leaves rows that come due again: sending is at-least-once, and
// the idempotency key keeps "at least" to once per reader, article and channel. Policy (backoff,
// quiet hours, rate limits) lives in alerts/delivery_policy.h; this interface reads and writes
// rows.
//
// Implementation: SqliteAlertOutboxStore (sqlite_alert_outbox_store.cc) over SqliteStore's
// database and connections; OpenAlertOutboxStore() builds it from an open Store.
//
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/store.h"

namespace wiredesk::store {

enum class DeliveryState {
  kPending,    // Waiting for its next attempt (or for quiet hours, a rate limit, a digest).
  kSent,       // Delivered.
  kDead,       // Gave up: too many tries or a permanent refusal; listed for admins.
  kWithdrawn,  // Its story was killed before it went out.
};
std::string_view DeliveryStateName(DeliveryState state);

struct NewDelivery {
  std::string key;  // alerts::DeliveryKey(reader, article, channel): unique.
  int64_t user_id = 0;
  core::ArticleId article_id = 0;
  std::string channel;    // alerts::ChannelName.
  std::string recipient;  // Address, number, endpoint or URL at the time of the match.
  std::string reason;     // Why it matched ("follows ACME"), for the message and the reader's page.
  core::TimePoint due_at;
};

struct DeliveryRecord {
  int64_t id = 0;
  std::string key;
  int64_t user_id = 0;
  core::ArticleId article_id = 0;
  std::string channel;
  std::string recipient;
  std::string reason;
  DeliveryState state = DeliveryState::kPending;
  int attempts = 0;
  core::TimePoint next_attempt_at;
  std::string last_error;
  core::TimePoint created_at;
  std::optional<core::TimePoint> sent_at;
};

class AlertOutboxStore {
 public:
  virtual ~AlertOutboxStore() = default;

  // Queues each delivery whose key is new; a known key is left as it is (sent, pending or dead).
  // Returns how many were queued. One transaction for the batch, so a story's fan-out to many
  // readers costs one commit.
  virtual core::Result<int> Enqueue(const std::vector<NewDelivery>& deliveries,
                                    core::TimePoint now) = 0;

  // Up to `limit` pending rows due at `now`, oldest due first, each leased until `now + lease`
  // (its next_attempt_at moves there) so no other dispatcher takes it meanwhile. Rows of a
  // story that is not published (killed, withheld) are withdrawn instead of returned.
  virtual core::Result<std::vector<DeliveryRecord>> ClaimDue(core::TimePoint now, int limit,
                                                             std::chrono::seconds lease) = 0;
  // The same for one reader's rows on one channel: a digest takes all of them at once.
  virtual core::Result<std::vector<DeliveryRecord>> ClaimDueFor(int64_t user_id,
                                                                const std::string& channel,
                                                                core::TimePoint now, int limit,
                                                                std::chrono::seconds lease) = 0;

  virtual core::Status MarkSent(int64_t id, core::TimePoint at) = 0;
  // A failed try: attempts + 1, the error kept, the next try at `next_attempt_at`.
  virtual core::Status MarkRetry(int64_t id, core::TimePoint next_attempt_at,
                                 const std::string& error) = 0;
  virtual core::Status MarkDead(int64_t id, const std::string& error) = 0;
  // Not a failure: quiet hours or a rate limit push the row to `until`; attempts unchanged.
  virtual core::Status Defer(int64_t id, core::TimePoint until) = 0;

  // A kill: every pending alert of the story is withdrawn, in one statement. Returns how many.
  virtual core::Result<int> WithdrawArticle(core::ArticleId article_id) = 0;

  // Times of the reader's alerts sent since `since` (rate limits).
  virtual core::Result<std::vector<core::TimePoint>> SentSince(int64_t user_id,
                                                               core::TimePoint since) = 0;
  // The reader's recent alerts, newest first (their "Recent alerts" page).
  virtual core::Result<std::vector<DeliveryRecord>> RecentForUser(int64_t user_id, int limit) = 0;
  // Dead letters, newest first, for admins.
  virtual core::Result<std::vector<DeliveryRecord>> DeadLetters(int limit) = 0;
  // An admin's "send again": a dead letter becomes pending, due at `now`, with its tries
  // counted afresh. kNotFound unless `id` is a dead letter of a story still published.
  virtual core::Status Requeue(int64_t id, core::TimePoint now) = 0;
};

// kFailedPrecondition when `store` is not the SQLite store.
core::Result<std::unique_ptr<AlertOutboxStore>> OpenAlertOutboxStore(Store& store);

}  // namespace wiredesk::store
