// Site: the web part composed — routes, handlers, the page cache, metrics and the outbox
// follower that keeps the cache honest.
//
// cli builds one Site over an open store and hands `site.Handle` to HttpServer:
//
//   WD_ASSIGN_OR_RETURN(std::unique_ptr<web::Site> site, web::Site::Create(*store, config, clock));
//   auto server = web::HttpServer::Start(options, [&site = *site](const web::Request& r) {
//     return site.Handle(r);
//   });
//   site->StartOutboxFollower();
//
// Handle() routes the request, serves anonymous GET/HEAD requests from the page cache (with
// ETag, If-None-Match and precomputed gzip/brotli variants), calls the route's handler on a
// miss and records metrics. The follower polls the store's outbox and invalidates the cache on
// every change, so a publish, correction or kill shows on every page within a poll interval.
//
// Read events: an anonymous GET of an article (page or API, served from the cache or not) is
// noted as a view for "Most read" (recommend/trending.h); requests whose User-Agent is empty or
// names a crawler are not. The follower writes the noted views each tick, drops the trending
// lists on each outbox event, and empties the page cache every [recommend]
// trending_refresh_seconds, so a cached "Most read" block is never much older than that.
//
// Thread safety: Handle() may be called from any number of threads at once. Start/Stop of the
// follower must not race with each other. The store, config and clock must outlive the Site.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "accounts/account_service.h"
#include "core/clock.h"
#include "core/config.h"
#include "store/alert_outbox_store.h"
#include "store/store.h"
#include "web/http_types.h"
#include "web/metrics.h"
#include "web/page_cache.h"
#include "web/router.h"

namespace wiredesk::ingest {
class PushReceiver;
}  // namespace wiredesk::ingest

namespace wiredesk::recommend {
class Recommender;
class RelatedStories;
class Trending;
class ViewRecorder;
}  // namespace wiredesk::recommend

namespace wiredesk::store {
class ReadingStore;
}  // namespace wiredesk::store

namespace wiredesk::web {

// What every handler may use. The references stay valid for the life of the Site; each
// referenced object is safe to use from many threads.
struct SiteContext {
  store::Store& store;
  const core::Config& config;
  const core::Clock& clock;
  PageCache& cache;
  Metrics& metrics;
  // Readers' accounts; null when the store offers none (handlers then answer 503).
  accounts::AccountService* accounts = nullptr;
  // The reader's alerts (GET /api/v1/me/alerts, /account/alerts); null when the store has none.
  store::AlertOutboxStore* alert_outbox = nullptr;
  // Answers POST /ingest/{source}; null when the server runs without push support (404).
  ingest::PushReceiver* push_receiver = nullptr;
  // "Most read", anonymous view counting and "Recommended For You"; null when the store has no
  // read events (the blocks are then left out, and their API answers 503).
  recommend::Trending* trending = nullptr;
  recommend::ViewRecorder* views = nullptr;
  recommend::Recommender* recommender = nullptr;
  // Related stories with kept lists; null without read events (RelatedArticles is then asked
  // each time).
  recommend::RelatedStories* related = nullptr;
  // The VAPID public key (base64url) browsers subscribe with; empty when Web Push is off.
  std::string vapid_public_key = {};
};

class Site {
 public:
  // Loads the embedded templates (views.h) and builds the site; fails with kInternal naming a
  // template that is missing or does not parse, so a broken build fails at start, not on the
  // first request.
  static core::Result<std::unique_ptr<Site>> Create(store::Store& store, const core::Config& config,
                                                    const core::Clock& clock);

  // Builds the site without checking templates (pages then render a minimal error page
  // should templates fail to load).
  Site(store::Store& store, const core::Config& config, const core::Clock& clock);
  ~Site();  // Stops the follower.

  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Answers one request. Never throws for bad input; handler failures become error responses.
  Response Handle(const Request& request);

  // Starts the thread that follows the outbox from the store's current last event, polling
  // every `interval` (default 200 ms). Calling it twice does nothing.
  void StartOutboxFollower(std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  // Stops and joins the follower thread; safe to call when it is not running.
  void StopOutboxFollower();

  // Writes the anonymous views noted since the last call (the follower calls it each tick;
  // tests call it directly).
  core::Result<int> FlushViews();

  // Applies the outbox events after the last one seen, once; returns how many were applied.
  // The follower calls this on each tick; tests call it directly instead of sleeping.
  core::Result<int> PollOutboxOnce();

  // Enables the push endpoint. Call before serving; the receiver must outlive the Site.
  void SetPushReceiver(ingest::PushReceiver* receiver) { context_.push_receiver = receiver; }
  // Turns on Web Push subscriptions (alerts::VapidKey::public_key()). Call before serving.
  void SetVapidPublicKey(std::string key) { context_.vapid_public_key = std::move(key); }

  const SiteContext& context() const { return context_; }
  PageCache& cache() { return cache_; }
  Metrics& metrics() { return metrics_; }

 private:
  void FollowLoop(std::chrono::milliseconds interval);
  Response HandleMatched(const Route& route, const RouteParams& params, const Request& request);
  Response MethodNotAllowed(const Route& route, const Request& request);

  // Sets request.viewer from the session cookie (pages) or bearer token (/api/).
  void ResolveViewer(Request& request);

  // Notes an anonymous view of the article of a successful article request.
  void NoteView(const Route& route, const RouteParams& params, const Request& request,
                const Response& response);

  std::unique_ptr<store::AccountStore> account_store_;
  std::unique_ptr<store::AlertOutboxStore> alert_outbox_;
  std::unique_ptr<accounts::AccountService> accounts_;
  std::unique_ptr<store::ReadingStore> reading_store_;
  std::unique_ptr<recommend::Trending> trending_;
  std::unique_ptr<recommend::ViewRecorder> views_;
  std::unique_ptr<recommend::Recommender> recommender_;
  std::unique_ptr<recommend::RelatedStories> related_;
  Router router_;
  PageCache cache_;
  Metrics metrics_;
  SiteContext context_;

  std::mutex follower_mutex_;
  std::condition_variable follower_cv_;
  bool follower_stop_ = false;  // Guarded by follower_mutex_.
  std::thread follower_;

  std::mutex poll_mutex_;        // Serialises PollOutboxOnce().
  int64_t last_event_seq_ = -1;  // Guarded by poll_mutex_; -1: not yet read from the store.
};

}  // namespace wiredesk::web
