#include "alerts/alert_service.h"

#include <algorithm>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "accounts/preferences.h"
#include "alerts/channel_messages.h"
#include "alerts/delivery_policy.h"
#include "alerts/senders.h"
#include "alerts/subscription_index.h"

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;

constexpr int kEventBatch = 200;
constexpr int kDispatchBatch = 100;
// Long enough for any one send (connect plus transfer timeouts), so no second dispatcher takes
// a row that is still on its way.
constexpr std::chrono::seconds kLease{60};
// How long a push service keeps an alert for a browser that is offline: a day-old alert is no
// longer news.
constexpr std::chrono::seconds kPushTtl{24 * 60 * 60};
// Wire urgency (IPTC: 1 flash, 2 bulletin, 3 urgent) at or below which a push wakes devices
// at once (Urgency: high).
constexpr int kUrgentWire = 3;

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The phrase a watchlist kind is matched as: names are phrases, keywords and tickers words.
SubscriptionKind KindForWatch(std::string_view kind) {
  if (kind == "keyword" || kind == "ticker")
    return SubscriptionKind::kWords;
  return SubscriptionKind::kPhrase;
}

// The channels a reader turned on that this server can send on. `web_push_ready`: the server
// has a VAPID key and the reader has subscribed at least one browser.
std::vector<std::pair<Channel, std::string>> ChannelsOf(const accounts::AlertSettings& alerts,
                                                        const std::string& email,
                                                        const core::AlertsConfig& config,
                                                        bool web_push_ready) {
  std::vector<std::pair<Channel, std::string>> channels;
  if (alerts.email && !config.email_smtp_url.empty() && !email.empty())
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

}  // namespace

struct AlertService::Matcher {
  struct Reader {
    std::string email;
    accounts::Preferences preferences;
    bool web_push_ready = false;  // A VAPID key here and a browser subscribed there.
  };
  SubscriptionIndex index;
  std::unordered_map<SubscriptionId, std::string> reasons;  // "follows ACME Corp".
  std::unordered_map<ReaderId, Reader> readers;
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
  // Synthetic ids for follows that are not watchlist rows (watch ids are positive).
  SubscriptionId next_synthetic = -1;
  for (store::UserRecord& user : follows.users) {
    auto preferences = accounts::ParseStoredPreferences(user.preferences_json);
    if (!preferences)
      continue;  // Unreadable preferences alert no one rather than failing everyone.
    bool web_push_ready =
        options_.vapid.has_value() && std::binary_search(follows.push_subscribers.begin(),
                                                         follows.push_subscribers.end(), user.id);
    if (ChannelsOf(preferences->alerts, user.email, options_.config, web_push_ready).empty())
      continue;
    for (const std::string& topic : preferences->topics) {
      SubscriptionId id = next_synthetic--;
      if (matcher->index.Add({id, user.id, SubscriptionKind::kPhrase, topic, 0}))
        matcher->reasons[id] = "you follow the topic " + topic;
    }
    for (const core::SectionPath& section : preferences->sections) {
      SubscriptionId id = next_synthetic--;
      if (matcher->index.Add({id, user.id, SubscriptionKind::kSection, section.ToString(), 0}))
        matcher->reasons[id] = "you follow the section " + section.ToString();
    }
    matcher->readers.emplace(user.id,
                             Matcher::Reader{user.email, std::move(*preferences), web_push_ready});
  }
  for (const store::WatchRecord& watch : follows.watches) {
    if (!matcher->readers.contains(watch.user_id))
      continue;
    if (matcher->index.Add({watch.id, watch.user_id, KindForWatch(watch.kind), watch.value, 0}))
      matcher->reasons[watch.id] = "you follow " + watch.value;
  }
  return matcher;
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
  // One reason per reader: the first subscription of theirs that matched.
  std::unordered_map<ReaderId, SubscriptionId> first_match;
  for (const SubscriptionMatch& match : matcher.index.Match(text))
    first_match.try_emplace(match.reader, match.subscription);
  std::vector<store::NewDelivery> deliveries;
  core::TimePoint now = clock_.Now();
  for (const auto& [reader_id, subscription] : first_match) {
    auto reader = matcher.readers.find(reader_id);
    if (reader == matcher.readers.end())
      continue;
    auto reason = matcher.reasons.find(subscription);
    for (auto& [channel, recipient] :
         ChannelsOf(reader->second.preferences.alerts, reader->second.email, options_.config,
                    reader->second.web_push_ready)) {
      store::NewDelivery d;
      d.key = DeliveryKey(reader_id, article.id, channel) + std::string(key_suffix);
      d.user_id = reader_id;
      d.article_id = article.id;
      d.channel = std::string(ChannelName(channel));
      d.recipient = std::move(recipient);
      d.reason = reason == matcher.reasons.end() ? "" : reason->second;
      d.due_at = now;
      deliveries.push_back(std::move(d));
    }
  }
  return outbox_.Enqueue(deliveries, now);
}

core::Result<int> AlertService::MatchNewEvents() {
  std::lock_guard lock(match_mutex_);
  if (last_event_seq_ < 0) {
    WD_ASSIGN_OR_RETURN(store::StoreStats stats, store_.Stats());
    last_event_seq_ = stats.last_event_seq;
    return 0;
  }
  int queued = 0;
  std::unique_ptr<Matcher> matcher;
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
          if (matcher == nullptr) {
            WD_ASSIGN_OR_RETURN(matcher, BuildMatcher());
          }
          WD_ASSIGN_OR_RETURN(int n, QueueAlerts(*matcher, *article, suffix));
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

core::Status AlertService::Deliver(const store::DeliveryRecord& delivery) {
  core::TimePoint now = clock_.Now();
  const core::AlertsConfig& config = options_.config;
  auto article = store_.GetArticle(delivery.article_id);
  if (!article || article->state != core::ArticleState::kPublished) {
    WD_ASSIGN_OR_RETURN(int withdrawn, outbox_.WithdrawArticle(delivery.article_id));
    (void)withdrawn;
    return core::Ok();
  }
  WD_ASSIGN_OR_RETURN(store::UserRecord user, accounts_.GetUser(delivery.user_id));
  auto preferences = accounts::ParseStoredPreferences(user.preferences_json);
  if (preferences && preferences->alerts.quiet_hours) {
    const accounts::QuietHours& q = *preferences->alerts.quiet_hours;
    auto quiet = QuietHours::Parse(accounts::FormatClockTime(q.start_minute),
                                   accounts::FormatClockTime(q.end_minute), q.time_zone);
    if (quiet) {
      if (auto until = quiet->QuietUntil(now))
        return outbox_.Defer(delivery.id, *until);
    }
  }
  ReaderRateLimit limit{.max_alerts = config.max_per_reader_per_hour,
                        .window = std::chrono::hours(1)};
  WD_ASSIGN_OR_RETURN(std::vector<core::TimePoint> recent,
                      outbox_.SentSince(delivery.user_id, now - limit.window));
  if (auto until = RateLimitedUntil(limit, recent, now))
    return outbox_.Defer(delivery.id, *until);

  std::string url = config.site_url + article->Url();
  std::string why = delivery.reason.empty() ? "" : "Because " + delivery.reason + ".";
  DeliveryResult result;
  auto channel = ChannelFromName(delivery.channel);
  SendOptions operator_host;  // The SMTP server and the WhatsApp API: the operator's choice.
  SendOptions reader_host;
  reader_host.policy = options_.policy;
  if (!channel) {
    result = {DeliveryVerdict::kGiveUp, "unknown channel " + delivery.channel, std::nullopt};
  } else if (*channel == Channel::kWebPush) {
    result = DeliverWebPush(delivery, *article, url, why, now);
  } else if (*channel == Channel::kEmail) {
    EmailMessage message;
    message.from = config.email_from;
    message.to = delivery.recipient;
    message.subject = article->headline;
    message.text = article->headline + "\n\n" + url + "\n\n" + why + "\n\n" +
                   "Change your alerts: " + config.site_url + "/account/preferences\n";
    message.html = "<p><a href=\"" + EscapeHtml(url) + "\">" + EscapeHtml(article->headline) +
                   "</a></p><p>" + EscapeHtml(why) + "</p><p><a href=\"" +
                   EscapeHtml(config.site_url) +
                   "/account/preferences\">Change your alerts</a></p>";
    message.message_id = fmt::format("<alert-{}@wiredesk>", delivery.id);
    message.date = now;
    WD_ASSIGN_OR_RETURN(std::string bytes, BuildEmail(message));
    auto sent = SendSmtp(config.email_smtp_url, config.email_from, delivery.recipient, bytes,
                         operator_host);
    if (sent)
      result = {DeliveryVerdict::kDelivered, "", std::nullopt};
    else if (sent.error().code() == ErrorCode::kInvalidArgument)
      result = {DeliveryVerdict::kGiveUp, sent.error().message(), std::nullopt};
    else
      result = {DeliveryVerdict::kRetry, sent.error().message(), std::nullopt};
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
  for (const store::DeliveryRecord& delivery : due) {
    // One bad row must not hold up the others; its lease brings it back later.
    if (auto done = Deliver(delivery); !done)
      spdlog::warn("alerts: delivery {} failed: {}", delivery.id, done.error().ToString());
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
