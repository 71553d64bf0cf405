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

// The channels a reader turned on that this server can send on.
std::vector<std::pair<Channel, std::string>> ChannelsOf(const accounts::AlertSettings& alerts,
                                                        const std::string& email,
                                                        const core::AlertsConfig& config) {
  std::vector<std::pair<Channel, std::string>> channels;
  if (alerts.email && !config.email_smtp_url.empty() && !email.empty())
    channels.emplace_back(Channel::kEmail, email);
  if (!alerts.whatsapp.empty() && !config.whatsapp_api_base.empty())
    channels.emplace_back(Channel::kWhatsApp, alerts.whatsapp);
  if (!alerts.webhook.empty() && !config.webhook_secret.empty())
    channels.emplace_back(Channel::kWebhook, alerts.webhook);
  return channels;
}

}  // namespace

struct AlertService::Matcher {
  struct Reader {
    std::string email;
    accounts::Preferences preferences;
    // ChannelsOf() as of the build, so a story followed by many readers does not work it out
    // again for each of them.
    std::vector<std::pair<Channel, std::string>> channels;
  };
  int64_t generation = 0;  // AccountStore::FollowsGeneration() it was built at.
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
  matcher->generation = follows.generation;
  // Synthetic ids for follows that are not watchlist rows (watch ids are positive).
  SubscriptionId next_synthetic = -1;
  for (store::UserRecord& user : follows.users) {
    auto preferences = accounts::ParseStoredPreferences(user.preferences_json);
    if (!preferences)
      continue;  // Unreadable preferences alert no one rather than failing everyone.
    auto channels = ChannelsOf(preferences->alerts, user.email, options_.config);
    if (channels.empty())
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
    matcher->readers.emplace(
        user.id, Matcher::Reader{user.email, std::move(*preferences), std::move(channels)});
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
  // One alert per reader, whichever of their subscriptions matched; the reason names the one
  // with the lowest id (the oldest watchlist entry), so a repeat match gives the same reason.
  std::vector<SubscriptionMatch> matches = matcher.index.Match(text);
  std::sort(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
    return a.reader != b.reader ? a.reader < b.reader : a.subscription < b.subscription;
  });
  std::vector<store::NewDelivery> deliveries;
  deliveries.reserve(matches.size());
  core::TimePoint now = clock_.Now();
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
            WD_ASSIGN_OR_RETURN(int64_t generation, accounts_.FollowsGeneration());
            if (matcher_ == nullptr || generation != matcher_->generation) {
              WD_ASSIGN_OR_RETURN(matcher_, BuildMatcher());
            }
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
    } else if (*channel == Channel::kWhatsApp) {
      WhatsAppConfig whatsapp{config.whatsapp_api_base, config.whatsapp_phone_number_id,
                              config.whatsapp_token, config.whatsapp_template,
                              config.whatsapp_language};
      request = BuildWhatsAppRequest(whatsapp, delivery.recipient, {article->headline, url});
    } else {
      request = core::MakeError(ErrorCode::kFailedPrecondition,
                                "web push subscriptions are not kept by this server yet");
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
