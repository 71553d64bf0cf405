#include "web/site.h"

#include <algorithm>
#include <cctype>

#include <spdlog/spdlog.h>

#include "recommend/for_you.h"
#include "recommend/related.h"
#include "recommend/trending.h"
#include "store/reading_store.h"
#include "web/account_support.h"
#include "web/api_handlers.h"
#include "web/errors.h"
#include "web/page_handlers.h"
#include "web/views.h"

namespace wiredesk::web {
namespace {

// Outbox events read per store query; a backlog is read in several batches in one poll.
constexpr int kEventBatch = 1000;

std::vector<std::string> LabelsOf(const Router& router) {
  std::vector<std::string> labels;
  for (const Route& route : router.routes()) labels.push_back(route.label);
  labels.emplace_back(kNotFoundLabel);
  return labels;
}

bool HasHeader(const Response& response, std::string_view lower_name) {
  return std::any_of(response.headers.begin(), response.headers.end(), [&](const auto& header) {
    const std::string& name = header.first;
    return name.size() == lower_name.size() &&
           std::equal(name.begin(), name.end(), lower_name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  });
}

// Only anonymous GET and HEAD requests share cached pages: a cookie or a bearer token may
// change what the page shows.
bool MayUseCache(const Request& request) {
  return (request.method == Method::kGet || request.method == Method::kHead) &&
         request.headers.count("cookie") == 0 && request.headers.count("authorization") == 0;
}

// Crawlers and clients that do not say what they are do not make a story "most read".
bool LooksLikeCrawler(const Request& request) {
  std::string agent = request.Header("user-agent");
  if (agent.empty())
    return true;
  std::transform(agent.begin(), agent.end(), agent.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (std::string_view word : {"bot", "crawl", "spider", "slurp", "curl", "wget", "python"}) {
    if (agent.find(word) != std::string::npos)
      return true;
  }
  return false;
}

std::string QuerySuffix(const Request& request) {
  size_t q = request.target.find('?');
  return q == std::string::npos ? std::string() : request.target.substr(q);
}

}  // namespace

Site::Site(store::Store& store, const core::Config& config, const core::Clock& clock)
    : router_(MakeRoutes()),
      cache_(static_cast<size_t>(std::max(config.server.page_cache_entries, 1))),
      metrics_(LabelsOf(router_)),
      context_{store,   config,  clock,   cache_,  metrics_, nullptr,
               nullptr, nullptr, nullptr, nullptr, nullptr,  {}} {
  auto account_store = store::OpenAccountStore(store);
  if (account_store) {
    account_store_ = std::move(*account_store);
    accounts::AccountOptions options;
    options.premium = config.premium;
    accounts_ = std::make_unique<accounts::AccountService>(*account_store_, clock, options);
    context_.accounts = accounts_.get();
  } else {
    spdlog::warn("accounts are off: {}", account_store.error().message());
  }
  if (auto outbox = store::OpenAlertOutboxStore(store)) {
    alert_outbox_ = std::move(*outbox);
    context_.alert_outbox = alert_outbox_.get();
  }
  auto reading_store = store::OpenReadingStore(store);
  if (reading_store && account_store_ != nullptr) {
    reading_store_ = std::move(*reading_store);
    recommend::TrendingOptions options;
    options.hours = config.recommend.trending_hours;
    options.refresh = std::chrono::seconds(config.recommend.trending_refresh_seconds);
    trending_ = std::make_unique<recommend::Trending>(*reading_store_, clock, options);
    views_ = std::make_unique<recommend::ViewRecorder>(*reading_store_, clock);
    recommender_ = std::make_unique<recommend::Recommender>(store, *account_store_, *reading_store_,
                                                            *trending_, clock);
    context_.trending = trending_.get();
    context_.views = views_.get();
    context_.recommender = recommender_.get();
    related_ = std::make_unique<recommend::RelatedStories>(store, clock);
    context_.related = related_.get();
  } else {
    spdlog::warn("trending and recommendations are off: the store keeps no read events");
  }
}

void Site::NoteView(const Route& route, const RouteParams& params, const Request& request,
                    const Response& response) {
  if (views_ == nullptr || request.method != Method::kGet || response.status != 200 ||
      request.viewer != nullptr || (route.label != "article" && route.label != "api_article") ||
      LooksLikeCrawler(request)) {
    return;
  }
  views_->Record(params.id, request.remote_address);
}

core::Result<int> Site::FlushViews() {
  if (views_ == nullptr)
    return 0;
  return views_->Flush();
}

void Site::ResolveViewer(Request& request) {
  if (accounts_ == nullptr)
    return;
  bool api = request.path.rfind("/api/", 0) == 0;
  // The API takes bearer tokens only and pages cookies only: a cookie rides along on any
  // cross-site request, so accepting it on the API would open JSON endpoints to CSRF.
  std::string token = api ? BearerToken(request) : CookieValue(request, kSessionCookie);
  if (token.empty())
    return;
  auto viewer =
      accounts_->Authenticate(token, api ? store::SessionKind::kApi : store::SessionKind::kCookie);
  if (!viewer)
    return;
  request.viewer = std::make_shared<const accounts::Viewer>(std::move(*viewer));
  request.session_token = std::move(token);
}

core::Result<std::unique_ptr<Site>> Site::Create(store::Store& store, const core::Config& config,
                                                 const core::Clock& clock) {
  WD_RETURN_IF_ERROR(LoadTemplates());
  return std::make_unique<Site>(store, config, clock);
}

Site::~Site() { StopOutboxFollower(); }

Response Site::Handle(const Request& request) {
  auto start = std::chrono::steady_clock::now();
  std::string_view label = kNotFoundLabel;
  Response response;
  try {
    RouteMatch match = router_.Match(request.method, request.path);
    switch (match.outcome) {
      case RouteMatch::Outcome::kNotFound: {
        // "/news/world" means "/news/world/": send the reader to the one spelling.
        if (!request.path.empty() && request.path.back() != '/' &&
            (request.method == Method::kGet || request.method == Method::kHead) &&
            router_.Match(Method::kGet, request.path + "/").outcome ==
                RouteMatch::Outcome::kMatched) {
          response.status = 301;
          response.headers.emplace_back("Location", request.path + "/" + QuerySuffix(request));
          break;
        }
        bool api = request.path == "/api" || request.path.rfind("/api/", 0) == 0;
        response = api ? ApiNotFound(request) : HandleNotFoundPage(context_, request);
        break;
      }
      case RouteMatch::Outcome::kMethodNotAllowed:
        label = match.route->label;
        response = MethodNotAllowed(*match.route, request);
        response.headers.emplace_back("Allow", match.allow);
        break;
      case RouteMatch::Outcome::kMatched: {
        label = match.route->label;
        if (!MayUseCache(request)) {
          Request resolved = request;
          ResolveViewer(resolved);
          response = match.route->handler(context_, resolved, match.params);
          if (resolved.viewer != nullptr && !HasHeader(response, "cache-control")) {
            // A page made for one reader must not be kept by any shared cache.
            response.headers.emplace_back("Cache-Control", "private, no-store");
          }
          NoteView(*match.route, match.params, resolved, response);
          break;
        }
        response = HandleMatched(*match.route, match.params, request);
        NoteView(*match.route, match.params, request, response);
        break;
      }
    }
  } catch (const std::exception& e) {
    // Handlers return errors as values; an exception is a bug, logged for its owner.
    spdlog::error("handler for {} threw: {}", request.target, e.what());
    response = PlainTextResponse(500, "internal server error");
  }
  metrics_.ObserveRequest(label, response.status, std::chrono::steady_clock::now() - start);
  return response;
}

Response Site::HandleMatched(const Route& route, const RouteParams& params,
                             const Request& request) {
  // The key is the target as received: path and query. Different spellings of one query are
  // different keys, which only costs a second copy.
  const std::string& key = request.target;
  if (auto entry = cache_.Lookup(key)) {
    metrics_.CountCacheHit();
    return ServeCached(*entry, request);
  }
  uint64_t generation = cache_.generation();
  Response response = route.handler(context_, request, params);
  // A response that sets a cookie belongs to one client; never hand it to others.
  if (!response.cacheable || HasHeader(response, "set-cookie"))
    return response;
  metrics_.CountCacheMiss();
  // Browsers may keep the page but must ask again; the ETag makes asking cheap (304).
  if (!HasHeader(response, "cache-control")) {
    response.headers.emplace_back("Cache-Control", "public, no-cache");
  }
  auto entry = MakeCachedResponse(response);
  cache_.Insert(key, entry, generation);
  return ServeCached(*entry, request);
}

Response Site::MethodNotAllowed(const Route& route, const Request& request) {
  switch (route.kind) {
    case RouteKind::kApi: {
      Response response = JsonErrorResponse(
          core::Error(core::ErrorCode::kInvalidArgument, "method not allowed on " + request.path));
      response.status = 405;
      return response;
    }
    case RouteKind::kPage:
      return HandleErrorPage(context_, request, 405);
    case RouteKind::kPlain:
      break;
  }
  return PlainTextResponse(405, "method not allowed");
}

void Site::StartOutboxFollower(std::chrono::milliseconds interval) {
  if (follower_.joinable())
    return;
  {
    std::lock_guard lock(follower_mutex_);
    follower_stop_ = false;
  }
  follower_ = std::thread([this, interval] { FollowLoop(interval); });
}

void Site::StopOutboxFollower() {
  if (!follower_.joinable())
    return;
  {
    std::lock_guard lock(follower_mutex_);
    follower_stop_ = true;
  }
  follower_cv_.notify_all();
  follower_.join();
}

void Site::FollowLoop(std::chrono::milliseconds interval) {
  bool failing = false;
  const auto refresh = std::chrono::seconds(context_.config.recommend.trending_refresh_seconds);
  auto last_refresh = std::chrono::steady_clock::now();
  std::unique_lock lock(follower_mutex_);
  while (!follower_stop_) {
    lock.unlock();
    if (auto flushed = FlushViews(); !flushed)
      spdlog::warn("writing page views: {}", flushed.error().ToString());
    if (trending_ != nullptr && std::chrono::steady_clock::now() - last_refresh >= refresh) {
      // "Most read" moves without outbox events; cached pages carrying it are made again.
      last_refresh = std::chrono::steady_clock::now();
      cache_.InvalidateAll();
    }
    auto applied = PollOutboxOnce();
    // Done here, off the request path, so a reader's request seldom has events to apply.
    if (recommender_ != nullptr) {
      if (auto refreshed = recommender_->RefreshCandidates(); !refreshed && applied)
        spdlog::warn("recommendation candidates: {}", refreshed.error().ToString());
    }
    // Log a failure once, and the recovery once, not every tick.
    if (!applied && !failing) {
      spdlog::warn("outbox follower: {}; retrying", applied.error().ToString());
    } else if (applied && failing) {
      spdlog::info("outbox follower: store reachable again");
    }
    failing = !applied;
    lock.lock();
    follower_cv_.wait_for(lock, interval, [this] { return follower_stop_; });
  }
}

core::Result<int> Site::PollOutboxOnce() {
  std::lock_guard lock(poll_mutex_);
  if (last_event_seq_ < 0) {
    WD_ASSIGN_OR_RETURN(store::StoreStats stats, context_.store.Stats());
    last_event_seq_ = stats.last_event_seq;
    // Pages cached before the follower knew where the outbox stood may predate events it
    // will never see; start from a clean cache.
    cache_.InvalidateAll();
    return 0;
  }
  int applied = 0;
  while (true) {
    WD_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> events,
                        context_.store.EventsAfter(last_event_seq_, kEventBatch));
    if (events.empty())
      break;
    // Any change empties the whole cache. Targeted invalidation (the article's page, its
    // section chain, home, the API lists) would keep more pages warm, but the set of pages an
    // article appears on (home blocks, parent sections, guid queries, paginated cursors) is
    // wide and easy to get wrong; a missed page would show a killed story. Wire traffic is a
    // few events a minute, and a re-render costs milliseconds, so correctness wins for now.
    cache_.InvalidateAll();
    if (trending_ != nullptr)
      trending_->Invalidate();  // A killed story must leave "Most read" too.
    if (related_ != nullptr)
      related_->Forget();  // And kept lists of related stories.
    applied += static_cast<int>(events.size());
    last_event_seq_ = events.back().seq;
    if (events.size() < static_cast<size_t>(kEventBatch))
      break;
  }
  if (applied > 0)
    metrics_.CountOutboxEvents(applied);
  return applied;
}

}  // namespace wiredesk::web
