#include "alerts/alert_service.h"

#include <algorithm>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "accounts/crypto.h"
#include "accounts/preferences.h"
#include "accounts/unsubscribe.h"
#include "alerts/channel_messages.h"
#include "alerts/delivery_policy.h"
#include "alerts/senders.h"
#include "alerts/subscription_index.h"
#include "core/html_escape.h"

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;

constexpr int kEventBatch = 200;
constexpr int kDispatchBatch = 100;
// More readers changed than this since the last story: reading everyone is as quick.
constexpr size_t kMaxReadersRefreshed = 20'000;
constexpr std::chrono::hours kFollowLogKept{24};
constexpr std::chrono::hours kFollowLogPruneEvery{1};
// Long enough for any one send (connect plus transfer timeouts), so no second dispatcher takes
// a row that is still on its way.
constexpr std::chrono::seconds kLease{60};
// Digests go out at this hour on the reader's clock (their quiet-hours zone, else UTC).
constexpr int kDigestHourLocal = 7;
// Stories in one digest; more wait for the next one.
constexpr int kDigestMaxStories = 50;
// How long a push service keeps an alert for a browser that is offline: a day-old alert is no
// longer news.
constexpr std::chrono::seconds kPushTtl{24 * 60 * 60};
// Wire urgency (IPTC: 1 flash, 2 bulletin, 3 urgent) at or below which a push wakes devices
// at once (Urgency: high).
constexpr int kUrgentWire = 3;

// The phrase a watchlist kind is matched as: names are phrases, keywords and tickers words.
SubscriptionKind KindForWatch(std::string_view kind) {
  if (kind == "keyword" || kind == "ticker")
    return SubscriptionKind::kWords;
  return SubscriptionKind::kPhrase;
}

// The channels a reader turned on that this server can send on. A reader who chose a digest
// gets their e-mail collected into it instead of one message per story. `web_push_ready`: the
// server has a VAPID key and the reader has subscribed at least one browser.
std::vector<std::pair<Channel, std::string>> ChannelsOf(const accounts::Preferences& preferences,
                                                        const std::string& email,
                                                        const core::AlertsConfig& config,
                                                        bool web_push_ready) {
  const accounts::AlertSettings& alerts = preferences.alerts;
  std::vector<std::pair<Channel, std::string>> channels;
  bool can_email = !config.email_smtp_url.empty() && !email.empty();
  if (can_email && preferences.digest != accounts::Digest::kNone)
    channels.emplace_back(Channel::kDigest, email);
  else if (can_email && alerts.email)
    channels.emplace_back(Channel::kEmail, email);
  if (!alerts.whatsapp.empty() && !config.whatsapp_api_base.empty())
    channels.emplace_back(Channel::kWhatsApp, alerts.whatsapp);
  if (!alerts.webhook.empty() && !config.webhook_secret.empty())
    channels.emplace_back(Channel::kWebhook, alerts.webhook);
  // One row for all of the reader's browsers; the dispatcher fans out to them.
  if (alerts.web_push && web_push_ready)
    channels.emplace_back(Channel::kWebPush, "browsers");
  return channels;
}

// When the reader's quiet hours, if any, end: alerts due inside them wait until then.
std::optional<core::TimePoint> QuietUntil(const core::Result<accounts::Preferences>& preferences,
                                          core::TimePoint now) {
  if (!preferences || !preferences->alerts.quiet_hours)
    return std::nullopt;
  const accounts::QuietHours& q = *preferences->alerts.quiet_hours;
  auto quiet = QuietHours::Parse(accounts::FormatClockTime(q.start_minute),
                                 accounts::FormatClockTime(q.end_minute), q.time_zone);
  if (!quiet)
    return std::nullopt;
  return quiet->QuietUntil(now);
}

}  // namespace

struct AlertService::Matcher {
  struct Reader {
    std::string email;
    accounts::Preferences preferences;
    // ChannelsOf() as of the build, so a story followed by many readers does not work it out
    // again for each of them.
    std::vector<std::pair<Channel, std::string>> channels;
    std::vector<SubscriptionId> subscriptions;  // In `index`, so the reader can be taken out.
  };
  int64_t generation = 0;  // The follow change log position it is up to date with.
  SubscriptionIndex index;
  std::unordered_map<SubscriptionId, std::string> reasons;  // "follows ACME Corp".
  std::unordered_map<ReaderId, Reader> readers;
  // Synthetic ids for follows that are not watchlist rows (watch ids are positive).
  SubscriptionId next_synthetic = -1;
};

AlertService::AlertService(store::Store& store, store::AccountStore& accounts,
                           store::AlertOutboxStore& outbox, const core::Clock& clock,
                           AlertServiceOptions options)
    : store_(store),
      accounts_(accounts),
      outbox_(outbox),
      clock_(clock),
      options_(std::move(options)),
      random_(std::random_device{}()) {}

AlertService::~AlertService() { Stop(); }

core::Result<std::unique_ptr<AlertService::Matcher>> AlertService::BuildMatcher() {
  WD_ASSIGN_OR_RETURN(store::AccountStore::Follows follows, accounts_.ListAllFollows());
  auto matcher = std::make_unique<Matcher>();
  matcher->generation = follows.generation;
  AddFollows(*matcher, follows);
  return matcher;
}

void AlertService::AddFollows(Matcher& matcher, const store::AccountStore::Follows& follows) const {
  auto subscribe = [&matcher](Matcher::Reader& reader, const Subscription& subscription,
                              std::string reason) {
    if (matcher.index.Add(subscription)) {
      matcher.reasons[subscription.id] = std::move(reason);
      reader.subscriptions.push_back(subscription.id);
    }
  };
  for (const store::UserRecord& user : follows.users) {
    auto preferences = accounts::ParseStoredPreferences(user.preferences_json);
    if (!preferences)
      continue;  // Unreadable preferences alert no one rather than failing everyone.
    bool web_push_ready =
        options_.vapid.has_value() && std::binary_search(follows.push_subscribers.begin(),
                                                         follows.push_subscribers.end(), user.id);
    auto channels = ChannelsOf(*preferences, user.email, options_.config, web_push_ready);
    if (channels.empty())
      continue;
    Matcher::Reader& reader =
        matcher.readers
            .insert_or_assign(user.id,
                              Matcher::Reader{user.email, *preferences, std::move(channels), {}})
            .first->second;
    for (const std::string& topic : preferences->topics) {
      subscribe(reader, {matcher.next_synthetic--, user.id, SubscriptionKind::kPhrase, topic, 0},
                "you follow the topic " + topic);
    }
    if (preferences->alerts.breaking) {
      subscribe(reader,
                {matcher.next_synthetic--, user.id, SubscriptionKind::kBreaking, "",
                 accounts::kBreakingUrgency},
                "you asked for breaking news");
    }
    for (const core::SectionPath& section : preferences->sections) {
      subscribe(
          reader,
          {matcher.next_synthetic--, user.id, SubscriptionKind::kSection, section.ToString(), 0},
          "you follow the section " + section.ToString());
    }
  }
  for (const store::WatchRecord& watch : follows.watches) {
    auto reader = matcher.readers.find(watch.user_id);
    if (reader == matcher.readers.end())
      continue;
    subscribe(reader->second, {watch.id, watch.user_id, KindForWatch(watch.kind), watch.value, 0},
              "you follow " + watch.value);
  }
}

core::Status AlertService::RefreshMatcher() {
  if (matcher_ != nullptr) {
    WD_ASSIGN_OR_RETURN(store::AccountStore::FollowChanges changes,
                        accounts_.FollowChangesAfter(matcher_->generation));
    if (changes.complete && changes.users.size() <= kMaxReadersRefreshed) {
      if (changes.users.empty())
        return core::Ok();
      // Read after the log: a change made in between is in `follows` already and is applied
      // again next time, which changes nothing.
      WD_ASSIGN_OR_RETURN(store::AccountStore::Follows follows,
                          accounts_.ListFollowsOf(changes.users));
      for (store::UserId id : changes.users) {
        auto reader = matcher_->readers.find(id);
        if (reader == matcher_->readers.end())
          continue;
        for (SubscriptionId subscription : reader->second.subscriptions) {
          matcher_->index.Remove(subscription);
          matcher_->reasons.erase(subscription);
        }
        matcher_->readers.erase(reader);
      }
      AddFollows(*matcher_, follows);
      matcher_->generation = changes.through;
      return core::Ok();
    }
  }
  WD_ASSIGN_OR_RETURN(matcher_, BuildMatcher());
  return core::Ok();
}

core::Result<int> AlertService::QueueAlerts(const Matcher& matcher, const core::Article& article,
                                            std::string_view key_suffix) {
  std::vector<std::string_view> subjects;
  for (const core::Subject& subject : article.subjects) {
    if (!subject.code.empty())
      subjects.push_back(subject.code);
    if (!subject.name.empty())
      subjects.push_back(subject.name);
  }
  std::string section = article.section.ToString();
  ArticleText text{article.headline, article.summary_html, article.body_html, section,
                   subjects,         article.urgency};
  // One alert per reader, whichever of their subscriptions matched; the reason names the one
  // with the lowest id (the oldest watchlist entry), so a repeat match gives the same reason.
  std::vector<SubscriptionMatch> matches = matcher.index.Match(text);
  std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return a.reader != b.reader ? a.reader < b.reader : a.subscription < b.subscription;
  });
  std::vector<store::NewDelivery> deliveries;
  deliveries.reserve(matches.size());
  core::TimePoint now = clock_.Now();
  // Digest rows wait for the reader's next digest hour; readers share a handful of zones, and
  // asking ICU once per zone keeps a story followed by many digest readers cheap.
  std::map<std::pair<accounts::Digest, std::string>, core::TimePoint> digest_times;
  auto digest_due = [&](const accounts::Preferences& preferences) {
    std::string zone =
        preferences.alerts.quiet_hours ? preferences.alerts.quiet_hours->time_zone : "UTC";
    auto [it, added] = digest_times.try_emplace({preferences.digest, zone}, now);
    if (added) {
      auto frequency = preferences.digest == accounts::Digest::kWeekly ? DigestFrequency::kWeekly
                                                                       : DigestFrequency::kDaily;
      if (auto at = NextDigestAt(frequency, kDigestHourLocal, zone, now))
        it->second = *at;
    }
    return it->second;
  };
  for (size_t i = 0; i < matches.size(); ++i) {
    if (i > 0 && matches[i].reader == matches[i - 1].reader)
      continue;
    auto reader = matcher.readers.find(matches[i].reader);
    if (reader == matcher.readers.end())
      continue;
    auto reason = matcher.reasons.find(matches[i].subscription);
    for (const auto& [channel, recipient] : reader->second.channels) {
      store::NewDelivery d;
      d.key = DeliveryKey(reader->first, article.id, channel);
      d.key += key_suffix;
      d.user_id = reader->first;
      d.article_id = article.id;
      d.channel = std::string(ChannelName(channel));
      d.recipient = recipient;
      d.reason = reason == matcher.reasons.end() ? "" : reason->second;
      d.due_at = channel == Channel::kDigest ? digest_due(reader->second.preferences) : now;
      deliveries.push_back(std::move(d));
    }
  }
  return outbox_.Enqueue(deliveries, now);
}

core::Result<int> AlertService::MatchNewEvents() {
  std::lock_guard lock(match_mutex_);
  if (last_event_seq_ < 0) {
    WD_ASSIGN_OR_RETURN(store::StoreStats stats, store_.Stats());
    // Built now, so the first story after a start does not wait for every reader's follows.
    WD_RETURN_IF_ERROR(RefreshMatcher());
    last_event_seq_ = stats.last_event_seq;
    return 0;
  }
  if (core::TimePoint now = clock_.Now(); now - follow_log_pruned_at_ >= kFollowLogPruneEvery) {
    // A day of changes is ample for a matcher that polls every few seconds; one further behind
    // reads everyone (FollowChanges::complete).
    if (auto pruned = accounts_.PruneFollowChanges(now - kFollowLogKept); !pruned)
      spdlog::warn("alerts: pruning the follow change log: {}", pruned.error().ToString());
    follow_log_pruned_at_ = now;
  }
  int queued = 0;
  bool matcher_checked = false;  // Once per call: a batch matches against one snapshot.
  while (true) {
    WD_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> events,
                        store_.EventsAfter(last_event_seq_, kEventBatch));
    for (const store::OutboxEvent& event : events) {
      switch (event.change) {
        case core::VersionChange::kKill:
        case core::VersionChange::kWithhold: {
          WD_ASSIGN_OR_RETURN(int withdrawn, outbox_.WithdrawArticle(event.article_id));
          if (withdrawn > 0)
            spdlog::info("alerts: withdrew {} alerts of article {}", withdrawn, event.article_id);
          break;
        }
        case core::VersionChange::kUpdate:
          break;  // A write-thru re-alerts no one.
        case core::VersionChange::kPublish:
        case core::VersionChange::kCorrection: {
          auto article = store_.GetArticle(event.article_id);
          if (!article || article->state != core::ArticleState::kPublished)
            break;  // Gone again before we looked: nothing to say.
          std::string suffix;
          if (event.change == core::VersionChange::kCorrection) {
            // Only a correction that changes the headline is news to a reader.
            WD_ASSIGN_OR_RETURN(std::vector<core::ArticleVersion> versions,
                                store_.GetVersions(event.article_id));
            std::string previous;
            for (const core::ArticleVersion& v : versions) {
              if (v.status == core::ItemStatus::kUsable && v.rank < article->version_rank &&
                  !v.headline.empty())
                previous = v.headline;
            }
            if (previous.empty() || previous == article->headline)
              break;
            suffix = fmt::format(":correction:{}", event.seq);
          }
          if (!matcher_checked) {
            WD_RETURN_IF_ERROR(RefreshMatcher());
            matcher_checked = true;
          }
          WD_ASSIGN_OR_RETURN(int n, QueueAlerts(*matcher_, *article, suffix));
          queued += n;
          break;
        }
      }
      last_event_seq_ = event.seq;
    }
    if (events.size() < static_cast<size_t>(kEventBatch))
      break;
  }
  return queued;
}

void AlertService::DisableRecipient(const store::DeliveryRecord& delivery) {
  auto user = accounts_.GetUser(delivery.user_id);
  if (!user)
    return;
  auto preferences = accounts::ParseStoredPreferences(user->preferences_json);
  if (!preferences)
    return;
  if (delivery.channel == ChannelName(Channel::kWhatsApp) &&
      preferences->alerts.whatsapp == delivery.recipient)
    preferences->alerts.whatsapp.clear();
  else if (delivery.channel == ChannelName(Channel::kWebhook) &&
           preferences->alerts.webhook == delivery.recipient)
    preferences->alerts.webhook.clear();
  else
    return;
  if (auto saved = accounts_.SetPreferences(user->id, accounts::PreferencesToJson(*preferences));
      !saved)
    spdlog::warn("alerts: disabling {} of reader {}: {}", delivery.channel, user->id,
                 saved.error().ToString());
}

core::Result<std::string> AlertService::UnsubscribeUrl(store::UserId reader) {
  if (unsubscribe_key_.empty()) {
    WD_ASSIGN_OR_RETURN(
        unsubscribe_key_,
        accounts_.SiteKey(std::string(accounts::kUnsubscribeKeyName), accounts::RandomToken(32)));
  }
  return options_.config.site_url +
         "/account/unsubscribe?t=" + accounts::MakeUnsubscribeToken(unsubscribe_key_, reader);
}

DeliveryResult AlertService::SendEmail(EmailMessage message) {
  const core::AlertsConfig& config = options_.config;
  message.from = config.email_from;
  auto bytes = BuildEmail(message);
  if (!bytes)
    return {DeliveryVerdict::kGiveUp, bytes.error().message(), std::nullopt};
  SendOptions operator_host;  // The SMTP server is the operator's choice.
  auto sent = SendSmtp(config.email_smtp_url, config.email_from, message.to, *bytes, operator_host);
  if (sent)
    return {DeliveryVerdict::kDelivered, "", std::nullopt};
  if (sent.error().code() == ErrorCode::kInvalidArgument)
    return {DeliveryVerdict::kGiveUp, sent.error().message(), std::nullopt};
  return {DeliveryVerdict::kRetry, sent.error().message(), std::nullopt};
}

core::Status AlertService::Deliver(const store::DeliveryRecord& delivery) {
  core::TimePoint now = clock_.Now();
  const core::AlertsConfig& config = options_.config;
  auto channel = ChannelFromName(delivery.channel);
  if (channel && *channel == Channel::kDigest)
    return DeliverDigest({delivery});
  auto article = store_.GetArticle(delivery.article_id);
  if (!article || article->state != core::ArticleState::kPublished) {
    WD_ASSIGN_OR_RETURN(int withdrawn, outbox_.WithdrawArticle(delivery.article_id));
    (void)withdrawn;
    return core::Ok();
  }
  WD_ASSIGN_OR_RETURN(store::UserRecord user, accounts_.GetUser(delivery.user_id));
  if (auto until = QuietUntil(accounts::ParseStoredPreferences(user.preferences_json), now))
    return outbox_.Defer(delivery.id, *until);
  ReaderRateLimit limit{.max_alerts = config.max_per_reader_per_hour,
                        .window = std::chrono::hours(1)};
  WD_ASSIGN_OR_RETURN(std::vector<core::TimePoint> recent,
                      outbox_.SentSince(delivery.user_id, now - limit.window));
  if (auto until = RateLimitedUntil(limit, recent, now))
    return outbox_.Defer(delivery.id, *until);

  std::string url = config.site_url + article->Url();
  std::string why = delivery.reason.empty() ? "" : "Because " + delivery.reason + ".";
  DeliveryResult result;
  SendOptions operator_host;  // The WhatsApp API: the operator's choice.
  SendOptions reader_host;
  reader_host.policy = options_.policy;
  if (!channel) {
    result = {DeliveryVerdict::kGiveUp, "unknown channel " + delivery.channel, std::nullopt};
  } else if (*channel == Channel::kWebPush) {
    result = DeliverWebPush(delivery, *article, url, why, now);
  } else if (*channel == Channel::kEmail) {
    WD_ASSIGN_OR_RETURN(std::string unsubscribe, UnsubscribeUrl(delivery.user_id));
    EmailMessage message;
    message.to = delivery.recipient;
    message.subject = article->headline;
    message.text = article->headline + "\n\n" + url + "\n\n" + why + "\n\n" +
                   "Change your alerts: " + config.site_url + "/account/preferences\n" +
                   "Stop alert e-mails: " + unsubscribe + "\n";
    message.html = "<p><a href=\"" + core::EscapeHtml(url) + "\">" +
                   core::EscapeHtml(article->headline) + "</a></p><p>" + core::EscapeHtml(why) +
                   "</p><p><a href=\"" + core::EscapeHtml(config.site_url) +
                   "/account/preferences\">Change your alerts</a> · <a href=\"" +
                   core::EscapeHtml(unsubscribe) + "\">Stop alert e-mails</a></p>";
    message.unsubscribe_url = unsubscribe;
    message.message_id = fmt::format("<alert-{}@wiredesk>", delivery.id);
    message.date = now;
    result = SendEmail(std::move(message));
  } else {
    core::Result<OutgoingRequest> request = core::MakeError(ErrorCode::kInternal, "no request");
    const SendOptions* send_options = &operator_host;
    if (*channel == Channel::kWebhook) {
      boost::json::object body;
      body["type"] = "alert";
      boost::json::object story;
      story["id"] = article->id;
      story["guid"] = article->guid;
      story["headline"] = article->headline;
      story["url"] = url;
      story["section"] = article->section.ToString();
      story["published"] = core::FormatRfc3339(article->published);
      body["article"] = std::move(story);
      body["reason"] = delivery.reason;
      request = BuildWebhookRequest(delivery.recipient, config.webhook_secret,
                                    boost::json::serialize(body), now);
      send_options = &reader_host;
    } else {
      WhatsAppConfig whatsapp{config.whatsapp_api_base, config.whatsapp_phone_number_id,
                              config.whatsapp_token, config.whatsapp_template,
                              config.whatsapp_language};
      request = BuildWhatsAppRequest(whatsapp, delivery.recipient, {article->headline, url});
    }
    if (!request) {
      result = {DeliveryVerdict::kGiveUp, request.error().message(), std::nullopt};
    } else {
      auto answer = PostHttp(*request, *send_options);
      if (!answer) {
        bool refused = answer.error().code() == ErrorCode::kPermissionDenied;
        result = {refused ? DeliveryVerdict::kDisableRecipient : DeliveryVerdict::kRetry,
                  answer.error().message(), std::nullopt};
      } else if (*channel == Channel::kWebhook) {
        result = ClassifyWebhookResponse(answer->status);
      } else {
        result = ClassifyWhatsAppResponse(answer->status, answer->body);
      }
      if (answer && !result.retry_after)
        result.retry_after = answer->retry_after;
    }
  }
  return Record(delivery, result, now);
}

core::Status AlertService::DeliverDigest(std::vector<store::DeliveryRecord> rows) {
  core::TimePoint now = clock_.Now();
  const core::AlertsConfig& config = options_.config;
  const store::DeliveryRecord first = rows.front();
  WD_ASSIGN_OR_RETURN(store::UserRecord user, accounts_.GetUser(first.user_id));
  // The reader's other digest rows due now, which came due at the same digest hour.
  int room = kDigestMaxStories - static_cast<int>(rows.size());
  if (room > 0) {
    WD_ASSIGN_OR_RETURN(std::vector<store::DeliveryRecord> more,
                        outbox_.ClaimDueFor(first.user_id, first.channel, now, room, kLease));
    rows.insert(rows.end(), more.begin(), more.end());
  }
  auto preferences = accounts::ParseStoredPreferences(user.preferences_json);
  if (auto until = QuietUntil(preferences, now)) {
    for (const store::DeliveryRecord& row : rows) WD_RETURN_IF_ERROR(outbox_.Defer(row.id, *until));
    return core::Ok();
  }
  // Killed or withheld since they were queued: withdrawn, never in the digest.
  std::vector<std::pair<const store::DeliveryRecord*, core::Article>> stories;
  for (const store::DeliveryRecord& row : rows) {
    auto article = store_.GetArticle(row.article_id);
    if (!article || article->state != core::ArticleState::kPublished) {
      WD_ASSIGN_OR_RETURN(int withdrawn, outbox_.WithdrawArticle(row.article_id));
      (void)withdrawn;
      continue;
    }
    stories.emplace_back(&row, std::move(*article));
  }
  if (stories.empty())
    return core::Ok();
  std::sort(stories.begin(), stories.end(), [](const auto& a, const auto& b) {
    return a.second.published > b.second.published;  // Newest first.
  });
  bool weekly = preferences && preferences->digest == accounts::Digest::kWeekly;
  WD_ASSIGN_OR_RETURN(std::string unsubscribe, UnsubscribeUrl(user.id));
  EmailMessage message;
  message.to = first.recipient;
  message.subject =
      fmt::format("Your {} {}: {} {}", weekly ? "weekly" : "daily", options_.site_name + " digest",
                  stories.size(), stories.size() == 1 ? "story" : "stories");
  message.html = "<ul>";
  for (const auto& [row, article] : stories) {
    std::string url = config.site_url + article.Url();
    std::string why = row->reason.empty() ? "" : "Because " + row->reason + ".";
    message.text += article.headline + "\n" + url + "\n" + why + "\n\n";
    message.html += "<li><p><a href=\"" + core::EscapeHtml(url) + "\">" +
                    core::EscapeHtml(article.headline) + "</a><br>" + core::EscapeHtml(why) +
                    "</p></li>";
  }
  message.html += "</ul><p><a href=\"" + core::EscapeHtml(config.site_url) +
                  "/account/preferences\">Change your digest</a> · <a href=\"" +
                  core::EscapeHtml(unsubscribe) + "\">Stop alert e-mails</a></p>";
  message.text += "Change your digest: " + config.site_url + "/account/preferences\n" +
                  "Stop alert e-mails: " + unsubscribe + "\n";
  message.unsubscribe_url = unsubscribe;
  message.message_id = fmt::format("<digest-{}@wiredesk>", first.id);
  message.date = now;
  DeliveryResult result = SendEmail(std::move(message));
  for (const auto& [row, article] : stories) WD_RETURN_IF_ERROR(Record(*row, result, now));
  return core::Ok();
}

core::Status AlertService::Record(const store::DeliveryRecord& delivery,
                                  const DeliveryResult& result, core::TimePoint now) {
  const core::AlertsConfig& config = options_.config;
  switch (ActionFor(result.verdict)) {
    case OutboxAction::kMarkSent:
      return outbox_.MarkSent(delivery.id, now);
    case OutboxAction::kRetryLater: {
      RetryPolicy policy{.max_attempts = config.max_attempts,
                         .base_delay = std::chrono::seconds(config.retry_base_seconds),
                         .max_delay = std::chrono::hours(6)};
      double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
      RetryDecision next =
          DecideRetry(policy, delivery.attempts + 1, now, jitter, result.retry_after);
      if (next.dead_letter) {
        spdlog::warn("alerts: {} to reader {} dead after {} tries: {}", delivery.channel,
                     delivery.user_id, delivery.attempts + 1, result.detail);
        return outbox_.MarkDead(delivery.id, result.detail);
      }
      return outbox_.MarkRetry(delivery.id, next.next_attempt_at, result.detail);
    }
    case OutboxAction::kDisableRecipient:
      DisableRecipient(delivery);
      [[fallthrough]];
    case OutboxAction::kDeadLetter:
      spdlog::warn("alerts: {} to reader {} given up: {}", delivery.channel, delivery.user_id,
                   result.detail);
      return outbox_.MarkDead(delivery.id, result.detail);
  }
  return core::Ok();
}

DeliveryResult AlertService::DeliverWebPush(const store::DeliveryRecord& delivery,
                                            const core::Article& article, const std::string& url,
                                            const std::string& why, core::TimePoint now) {
  if (!options_.vapid)
    return {DeliveryVerdict::kGiveUp, "web push is off on this server", std::nullopt};
  auto subscriptions = accounts_.ListPushSubscriptions(delivery.user_id);
  if (!subscriptions)
    return {DeliveryVerdict::kRetry, subscriptions.error().ToString(), std::nullopt};
  if (subscriptions->empty())
    return {DeliveryVerdict::kGiveUp, "no browser is subscribed any more", std::nullopt};

  // What the service worker (static/sw.js) shows: the headline, why, and where a click goes.
  boost::json::object payload;
  payload["title"] = article.headline;
  payload["body"] = why.empty() ? options_.site_name : why;
  payload["url"] = url;
  payload["tag"] = fmt::format("article-{}", article.id);
  std::string body = boost::json::serialize(payload);
  WebPushOptions push;
  push.ttl = kPushTtl;
  push.urgency = article.urgency && *article.urgency <= kUrgentWire ? PushUrgency::kHigh
                                                                    : PushUrgency::kNormal;
  // A later alert about the same story (a corrected headline) replaces one still waiting.
  push.topic = fmt::format("article-{}", article.id);
  const core::AlertsConfig& config = options_.config;
  // RFC 8292 wants a contact; the site's address stands in when none is configured.
  std::string subject = config.webpush_subject.empty() ? config.site_url : config.webpush_subject;
  SendOptions send;
  send.policy = options_.policy;

  std::vector<DeliveryResult> browsers;
  for (const store::PushSubscriptionRecord& subscription : *subscriptions) {
    DeliveryResult answer_result;
    auto request =
        BuildWebPushRequest({subscription.endpoint, subscription.p256dh, subscription.auth}, body,
                            *options_.vapid, subject, push, now);
    if (!request) {
      // Keys were checked when stored, so this is the message (or our key), not the browser:
      // give up on this message without forgetting the browser.
      answer_result = {DeliveryVerdict::kGiveUp, request.error().message(), std::nullopt};
    } else {
      auto answer = PostHttp({request->url, request->headers, request->body}, send);
      if (!answer) {
        bool refused = answer.error().code() == ErrorCode::kPermissionDenied;
        answer_result = {refused ? DeliveryVerdict::kDisableRecipient : DeliveryVerdict::kRetry,
                         answer.error().message(), std::nullopt};
      } else {
        answer_result = ClassifyWebPushResponse(answer->status);
        answer_result.retry_after = answer->retry_after;
      }
    }
    if (answer_result.verdict == DeliveryVerdict::kDisableRecipient) {
      // The subscription expired or was revoked: prune it; the other browsers go on.
      if (auto pruned = accounts_.DeletePushEndpoint(subscription.endpoint); !pruned)
        spdlog::warn("alerts: pruning a push subscription of reader {}: {}", delivery.user_id,
                     pruned.error().ToString());
      else
        spdlog::info("alerts: pruned a push subscription of reader {}: {}", delivery.user_id,
                     answer_result.detail);
    }
    browsers.push_back(std::move(answer_result));
  }
  return CombineWebPushResults(browsers);
}

core::Result<int> AlertService::DispatchDue() {
  std::lock_guard lock(dispatch_mutex_);
  WD_ASSIGN_OR_RETURN(std::vector<store::DeliveryRecord> due,
                      outbox_.ClaimDue(clock_.Now(), kDispatchBatch, kLease));
  // A reader's digest rows in this batch go out together, as one message.
  std::map<store::UserId, std::vector<store::DeliveryRecord>> digests;
  for (const store::DeliveryRecord& delivery : due) {
    if (delivery.channel == ChannelName(Channel::kDigest)) {
      digests[delivery.user_id].push_back(delivery);
      continue;
    }
    // One bad row must not hold up the others; its lease brings it back later.
    if (auto done = Deliver(delivery); !done)
      spdlog::warn("alerts: delivery {} failed: {}", delivery.id, done.error().ToString());
  }
  for (auto& [reader, rows] : digests) {
    if (auto done = DeliverDigest(std::move(rows)); !done)
      spdlog::warn("alerts: digest for reader {} failed: {}", reader, done.error().ToString());
  }
  return static_cast<int>(due.size());
}

void AlertService::Start() {
  std::lock_guard lock(run_mutex_);
  if (thread_.joinable())
    return;
  stopping_ = false;
  thread_ = std::thread([this] {
    auto interval = std::chrono::milliseconds(options_.config.poll_interval_ms);
    std::unique_lock run(run_mutex_);
    while (!stopping_) {
      run.unlock();
      if (auto matched = MatchNewEvents(); !matched)
        spdlog::warn("alerts: matching: {}", matched.error().ToString());
      int handled = 0;
      if (auto dispatched = DispatchDue(); !dispatched)
        spdlog::warn("alerts: dispatching: {}", dispatched.error().ToString());
      else
        handled = *dispatched;
      run.lock();
      // A full batch means more is due: go again at once.
      if (handled < kDispatchBatch)
        wake_.wait_for(run, interval, [this] { return stopping_; });
    }
  });
}

void AlertService::Stop() {
  {
    std::lock_guard lock(run_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

}  // namespace wiredesk::alerts
