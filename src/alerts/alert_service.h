// AlertService: from a published story to the alerts readers asked for, and out of the door.
//
// The matcher follows the store's outbox of article events. A new story (and a correction that
// changes a headline) is matched against every reader's follows — watchlist entries, topics and
// sections from Preferences — through SubscriptionIndex, and one row per reader and channel is
// queued in the alert outbox under its idempotency key. A kill or a withhold withdraws every
// alert of the story not yet sent; an ordinary update alerts no one.
//
// The dispatcher takes due rows from the outbox, applies the reader's quiet hours and the
// per-reader rate limit (both defer, never drop), sends through the channel, and records the
// answer: sent, a retry with backoff and jitter, a dead letter, or a recipient disabled (their
// number or webhook cleared from their preferences) when the channel says it can never receive.
//
// Web Push: one outbox row per reader, story and channel as for the others, fanned out when it
// is sent to every browser the reader subscribed (AccountStore's push subscriptions). A browser
// whose push service answers 404 or 410 is forgotten (pruned) and does not fail the row. The
// row is sent when at least one browser's push service accepted the message; it is retried
// only when none did and one may later (429, 5xx, no answer), so a retry never pushes the same
// story twice to a browser that already has it — at the cost that a browser whose service was
// briefly down while another accepted misses that one alert.
//
// Index freshness: the subscription index is built when the service starts and kept; before
// each batch of new stories it asks the accounts store's follow change log (trigger-kept: any
// writer, any node) which readers changed since, and re-reads just those. So a follow added a
// second ago counts, a batch costs one indexed read when nothing changed, and one reader's
// change costs that reader, not a rebuild (about a second per 100,000 readers). The index is
// built anew only when the log was pruned past it or very many readers changed at once.
//
// Thread safety: MatchNewEvents and DispatchDue serialise themselves; Start runs both on one
// background thread until Stop (or destruction).
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "alerts/channel_messages.h"
#include "alerts/web_push.h"
#include "core/address_policy.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "store/account_store.h"
#include "store/alert_outbox_store.h"
#include "store/store.h"

namespace wiredesk::alerts {

struct AlertServiceOptions {
  core::AlertsConfig config;
  core::AddressPolicy policy;  // For readers' webhook URLs and browsers' push endpoints.
  std::string site_name = "Wiredesk";
  // The site's VAPID key (VapidKey::LoadOrCreate); unset turns Web Push off.
  std::optional<VapidKey> vapid;
};

class AlertService {
 public:
  AlertService(store::Store& store, store::AccountStore& accounts, store::AlertOutboxStore& outbox,
               const core::Clock& clock, AlertServiceOptions options);
  ~AlertService();
  AlertService(const AlertService&) = delete;
  AlertService& operator=(const AlertService&) = delete;

  // Reads article events after the last one seen (on the first call: starts at the outbox's
  // end, so a restart does not re-alert old stories; queued rows survive restarts in the
  // outbox). Returns the number of alerts queued.
  core::Result<int> MatchNewEvents();

  // Sends what is due now; returns the number of rows handled (sent, retried, deferred, dead).
  core::Result<int> DispatchDue();

  // Runs MatchNewEvents and DispatchDue every poll interval on a background thread.
  void Start();
  void Stop();

 private:
  struct Matcher;  // The subscription index and who each subscription belongs to.

  core::Result<int> QueueAlerts(const Matcher& matcher, const core::Article& article,
                                std::string_view key_suffix);
  core::Result<std::unique_ptr<Matcher>> BuildMatcher();
  // Adds these readers' follows (readers without a channel are left out).
  void AddFollows(Matcher& matcher, const store::AccountStore::Follows& follows) const;
  // Brings matcher_ up to date with the follow change log: re-reads just the readers who
  // changed, or builds it anew when there is none yet, the log was pruned past it, or very many
  // readers changed.
  core::Status RefreshMatcher();
  core::Status Deliver(const store::DeliveryRecord& delivery);
  // Sends `rows` (one reader's, at least one) with their other digest rows that are due, as
  // one e-mail.
  core::Status DeliverDigest(std::vector<store::DeliveryRecord> rows);
  DeliveryResult SendEmail(EmailMessage message);
  // Writes a send's outcome to the outbox: sent, a retry with backoff, or a dead letter.
  core::Status Record(const store::DeliveryRecord& delivery, const DeliveryResult& result,
                      core::TimePoint now);
  // The reader's one-click unsubscribe link (accounts/unsubscribe.h).
  core::Result<std::string> UnsubscribeUrl(store::UserId reader);
  DeliveryResult DeliverWebPush(const store::DeliveryRecord& delivery, const core::Article& article,
                                const std::string& url, const std::string& why,
                                core::TimePoint now);
  void DisableRecipient(const store::DeliveryRecord& delivery);

  store::Store& store_;
  store::AccountStore& accounts_;
  store::AlertOutboxStore& outbox_;
  const core::Clock& clock_;
  const AlertServiceOptions options_;

  std::mutex match_mutex_;
  int64_t last_event_seq_ = -1;
  std::unique_ptr<Matcher> matcher_;  // Kept and refreshed from the follow change log.
  core::TimePoint follow_log_pruned_at_{};
  std::mutex dispatch_mutex_;
  std::mt19937_64 random_;
  std::string unsubscribe_key_;  // Read from the store on first use; under dispatch_mutex_.

  std::mutex run_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace wiredesk::alerts
