#include "web/account_api.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "accounts/account_service.h"
#include "accounts/crypto.h"
#include "core/time.h"
#include "search/searcher.h"
#include "web/account_support.h"
#include "web/api_handlers.h"
#include "web/errors.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

namespace json = boost::json;
using core::ErrorCode;

constexpr int kListLimit = 100;

Response Json(int status, const json::value& value) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::make_shared<const std::string>(json::serialize(value));
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

Response NoContent() {
  Response response;
  response.status = 204;
  response.content_type = "application/json";
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

Response Error(ErrorCode code, std::string message) {
  return JsonErrorResponse(core::Error(code, std::move(message)));
}

Response Unavailable() {
  return Error(ErrorCode::kUnavailable, "accounts are not available on this server");
}

Response Unauthenticated() {
  return Error(ErrorCode::kUnauthenticated, "missing or invalid bearer token");
}

// The request body as a JSON object, or the 400 to answer.
core::Result<json::object> BodyObject(const Request& request) {
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec || !value.is_object())
    return core::MakeError(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  return std::move(value.get_object());
}

// The string member `key` ("" when absent); kInvalidArgument when present and not a string.
core::Result<std::string> StringMember(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end())
    return std::string();
  if (!it->value().is_string())
    return core::MakeError(ErrorCode::kInvalidArgument, std::string(key) + " must be a string");
  const json::string& s = it->value().get_string();
  return std::string(s.data(), s.size());
}

core::Result<std::optional<int64_t>> IdMember(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null())
    return std::optional<int64_t>();
  if (!it->value().is_int64() || it->value().get_int64() <= 0)
    return core::MakeError(ErrorCode::kInvalidArgument,
                           std::string(key) + " must be a positive integer");
  return std::optional<int64_t>(it->value().get_int64());
}

json::object UserJson(const accounts::AccountService& service, const accounts::Viewer& viewer) {
  json::object o;
  o["id"] = viewer.user.id;
  o["email"] = viewer.user.email;
  o["role"] = viewer.is_admin() ? "admin" : "reader";
  o["created"] = core::FormatRfc3339(viewer.user.created_at);
  o["premium"] = service.HasPremium(viewer);
  if (viewer.user.premium_until)
    o["premium_until"] = core::FormatRfc3339(*viewer.user.premium_until);
  else
    o["premium_until"] = nullptr;
  return o;
}

Response Listed(const core::Result<std::vector<store::ListedArticle>>& list,
                std::string_view time_key) {
  if (!list)
    return JsonErrorResponse(list.error());
  json::array articles;
  for (const store::ListedArticle& item : *list) {
    json::object o = ArticleToJson(item.article, ArticleBody::kOmit);
    o[time_key] = core::FormatRfc3339(item.at);
    articles.push_back(std::move(o));
  }
  json::object root;
  root["articles"] = std::move(articles);
  return Json(200, root);
}

json::object WatchJson(const store::WatchRecord& w) {
  json::object o;
  o["id"] = w.id;
  o["kind"] = w.kind;
  o["value"] = w.value;
  o["created"] = core::FormatRfc3339(w.created_at);
  return o;
}

// Runs `body` with the account service and the signed-in viewer, or answers 503 / 401.
template <class F>
Response WithViewer(const SiteContext& context, const Request& request, F&& body) {
  if (context.accounts == nullptr)
    return Unavailable();
  if (request.viewer == nullptr)
    return Unauthenticated();
  return body(*context.accounts, *request.viewer);
}

Response AuthResponse(int status, accounts::AccountService& service,
                      const core::Result<accounts::NewSession>& session) {
  if (!session)
    return JsonErrorResponse(session.error());
  json::object root;
  root["token"] = session->token;
  root["user"] = UserJson(service, session->viewer);
  return Json(status, root);
}

}  // namespace

Response HandleApiSignup(const SiteContext& context, const Request& request, const RouteParams&) {
  if (context.accounts == nullptr)
    return Unavailable();
  auto body = BodyObject(request);
  if (!body)
    return JsonErrorResponse(body.error());
  auto email = StringMember(*body, "email");
  auto password = StringMember(*body, "password");
  if (!email || !password)
    return JsonErrorResponse(!email ? email.error() : password.error());
  return AuthResponse(201, *context.accounts,
                      context.accounts->SignUp(*email, *password, request.remote_address,
                                               store::SessionKind::kApi));
}

Response HandleApiLogin(const SiteContext& context, const Request& request, const RouteParams&) {
  if (context.accounts == nullptr)
    return Unavailable();
  auto body = BodyObject(request);
  if (!body)
    return JsonErrorResponse(body.error());
  auto email = StringMember(*body, "email");
  auto password = StringMember(*body, "password");
  if (!email || !password)
    return JsonErrorResponse(!email ? email.error() : password.error());
  return AuthResponse(200, *context.accounts,
                      context.accounts->LogIn(*email, *password, request.remote_address,
                                              store::SessionKind::kApi, BearerToken(request)));
}

Response HandleApiLogout(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto&) {
    auto done = service.LogOut(request.session_token);
    return done ? NoContent() : JsonErrorResponse(done.error());
  });
}

Response HandleApiMe(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    return Json(200, UserJson(service, viewer));
  });
}

Response HandleApiGetPreferences(const SiteContext& context, const Request& request,
                                 const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    return Json(200, json::parse(accounts::PreferencesToJson(service.GetPreferences(viewer))));
  });
}

Response HandleApiPutPreferences(const SiteContext& context, const Request& request,
                                 const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto prefs = accounts::ParsePreferences(
        request.body, service.GetPreferences(viewer),
        {.allow_private_webhooks = context.config.network.allow_private_addresses});
    if (!prefs)
      return JsonErrorResponse(prefs.error());
    auto saved = service.SetPreferences(viewer, *prefs);
    if (!saved)
      return JsonErrorResponse(saved.error());
    return Json(200, json::parse(accounts::PreferencesToJson(*prefs)));
  });
}

Response HandleApiReads(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    return Listed(service.Reads(viewer, kListLimit), "read_at");
  });
}

Response HandleApiAlerts(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService&, const auto& viewer) {
    if (context.alert_outbox == nullptr)
      return Unavailable();
    auto alerts = context.alert_outbox->RecentForUser(viewer.user.id, kListLimit);
    if (!alerts)
      return JsonErrorResponse(alerts.error());
    json::array list;
    for (const store::DeliveryRecord& alert : *alerts) {
      json::object o;
      o["id"] = alert.id;
      o["article_id"] = alert.article_id;
      // A withdrawn alert's story was killed: its headline is not repeated.
      if (alert.state != store::DeliveryState::kWithdrawn) {
        if (auto article = context.store.GetArticle(alert.article_id);
            article && article->state == core::ArticleState::kPublished) {
          o["headline"] = article->headline;
          o["url"] = article->Url();
        }
      }
      o["channel"] = alert.channel;
      o["state"] = store::DeliveryStateName(alert.state);
      o["reason"] = alert.reason;
      o["queued"] = core::FormatRfc3339(alert.created_at);
      o["sent"] = alert.sent_at ? json::value(core::FormatRfc3339(*alert.sent_at)) : nullptr;
      list.push_back(std::move(o));
    }
    json::object root;
    root["alerts"] = std::move(list);
    return Json(200, root);
  });
}

Response HandleApiClearReads(const SiteContext& context, const Request& request,
                             const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto done = service.ClearReads(viewer);
    return done ? NoContent() : JsonErrorResponse(done.error());
  });
}

Response HandleApiSaved(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    return Listed(service.Saved(viewer, kListLimit), "saved_at");
  });
}

Response HandleApiSave(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto id = IdMember(*body, "article_id");
    if (!id)
      return JsonErrorResponse(id.error());
    if (!*id)
      return Error(ErrorCode::kInvalidArgument, "article_id is required");
    auto done = service.Save(viewer, **id);
    if (!done)
      return JsonErrorResponse(done.error());
    json::object root;
    root["article_id"] = **id;
    return Json(201, root);
  });
}

Response HandleApiUnsave(const SiteContext& context, const Request& request,
                         const RouteParams& params) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto done = service.Unsave(viewer, params.id);
    return done ? NoContent() : JsonErrorResponse(done.error());
  });
}

Response HandleApiWatchlist(const SiteContext& context, const Request& request,
                            const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto watches = service.Watches(viewer);
    if (!watches)
      return JsonErrorResponse(watches.error());
    json::array entries;
    for (const auto& w : *watches) entries.push_back(WatchJson(w));
    json::object root;
    root["entries"] = std::move(entries);
    return Json(200, root);
  });
}

Response HandleApiAddWatch(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto kind = StringMember(*body, "kind");
    auto value = StringMember(*body, "value");
    if (!kind || !value)
      return JsonErrorResponse(!kind ? kind.error() : value.error());
    auto added = service.AddWatch(viewer, *kind, *value);
    if (!added)
      return JsonErrorResponse(added.error());
    return Json(201, WatchJson(*added));
  });
}

Response HandleApiDeleteWatch(const SiteContext& context, const Request& request,
                              const RouteParams& params) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto done = service.DeleteWatch(viewer, params.id);
    return done ? NoContent() : JsonErrorResponse(done.error());
  });
}

Response HandleApiWatchArticles(const SiteContext& context, const Request& request,
                                const RouteParams& params) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto watches = service.Watches(viewer);
    if (!watches)
      return JsonErrorResponse(watches.error());
    for (const auto& w : *watches) {
      if (w.id != params.id)
        continue;
      auto results =
          search::Search(context.store, accounts::WatchSearchQuery({w.kind, w.value}), 20, 0);
      if (!results)
        return JsonErrorResponse(results.error());
      json::array list;
      for (const store::SearchHit& hit : results->hits) {
        json::object o = ArticleToJson(hit.article, ArticleBody::kOmit);
        o["snippet"] = hit.snippet_html;
        list.push_back(std::move(o));
      }
      json::object root;
      root["entry"] = WatchJson(w);
      root["results"] = std::move(list);
      return Json(200, root);
    }
    return Error(ErrorCode::kNotFound, "no such watchlist entry");
  });
}

Response HandleApiFeedback(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto article = IdMember(*body, "article_id");
    auto category = StringMember(*body, "category");
    auto message = StringMember(*body, "message");
    if (!article)
      return JsonErrorResponse(article.error());
    if (!category || !message)
      return JsonErrorResponse(!category ? category.error() : message.error());
    auto id = service.AddFeedback(&viewer, *article, *category, *message);
    if (!id)
      return JsonErrorResponse(id.error());
    json::object root;
    root["id"] = *id;
    return Json(201, root);
  });
}

Response HandleApiRedeem(const SiteContext& context, const Request& request, const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto code = StringMember(*body, "code");
    if (!code)
      return JsonErrorResponse(code.error());
    auto redeemed = service.RedeemGiftCard(viewer, *code, request.remote_address);
    if (!redeemed)
      return JsonErrorResponse(redeemed.error());
    json::object root;
    root["days"] = redeemed->days;
    root["premium_until"] = core::FormatRfc3339(redeemed->premium_until);
    return Json(200, root);
  });
}

// ---- Web Push ----

Response HandleApiVapidPublicKey(const SiteContext& context, const Request&, const RouteParams&) {
  if (context.vapid_public_key.empty())
    return Error(ErrorCode::kUnavailable, "browser notifications are not available on this server");
  json::object root;
  root["public_key"] = context.vapid_public_key;
  Response response = Json(200, root);
  // The same for everyone, and it changes only when the operator replaces the key.
  response.headers.clear();
  response.headers.emplace_back("Cache-Control", "public, max-age=300");
  return response;
}

namespace {

// A browser's PushSubscription.toJSON() in `body`: {"endpoint", "expirationTime", "keys":
// {p256dh, auth}}; expirationTime is ignored (a push service that expires one answers 410
// later). Only the shape is checked here; SubscribeBrowser checks the values.
core::Result<alerts::PushSubscription> BrowserSubscription(const json::object& body) {
  WD_ASSIGN_OR_RETURN(std::string endpoint, StringMember(body, "endpoint"));
  const json::value* keys = body.if_contains("keys");
  if (keys == nullptr || !keys->is_object())
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "keys must be an object with p256dh and auth");
  WD_ASSIGN_OR_RETURN(std::string p256dh, StringMember(keys->get_object(), "p256dh"));
  WD_ASSIGN_OR_RETURN(std::string auth, StringMember(keys->get_object(), "auth"));
  return alerts::PushSubscription{std::move(endpoint), std::move(p256dh), std::move(auth)};
}

json::object PushSubscriptionJson(const store::PushSubscriptionRecord& s) {
  json::object o;
  o["endpoint"] = s.endpoint;
  o["created"] = core::FormatRfc3339(s.created_at);
  return o;
}

}  // namespace

Response HandleApiPushSubscriptions(const SiteContext& context, const Request& request,
                                    const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto list = service.store().ListPushSubscriptions(viewer.user.id);
    if (!list)
      return JsonErrorResponse(list.error());
    json::array subscriptions;
    for (const store::PushSubscriptionRecord& s : *list)
      subscriptions.push_back(PushSubscriptionJson(s));
    json::object root;
    root["subscriptions"] = std::move(subscriptions);
    return Json(200, root);
  });
}

Response HandleApiAddPushSubscription(const SiteContext& context, const Request& request,
                                      const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService&, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto subscription = BrowserSubscription(*body);
    if (!subscription)
      return JsonErrorResponse(subscription.error());
    auto added = SubscribeBrowser(context, viewer.user.id, *subscription);
    if (!added)
      return JsonErrorResponse(added.error());
    return Json(201, PushSubscriptionJson(*added));
  });
}

// The browser replaced a subscription (the service worker's pushsubscriptionchange): no session
// there, so the request proves it speaks for the old subscription with that subscription's
// auth secret, which only the browser and this server know. The new one goes to the same
// reader and the old one is dropped. A wrong or unknown pair is 404, either way alike.
Response HandleApiRenewPushSubscription(const SiteContext& context, const Request& request,
                                        const RouteParams&) {
  if (context.accounts == nullptr)
    return Error(ErrorCode::kUnavailable, "accounts are not enabled on this server");
  auto body = BodyObject(request);
  if (!body)
    return JsonErrorResponse(body.error());
  auto old_endpoint = StringMember(*body, "old_endpoint");
  auto old_auth = StringMember(*body, "old_auth");
  auto subscription = BrowserSubscription(*body);
  if (!old_endpoint || !old_auth || !subscription)
    return JsonErrorResponse(!old_endpoint ? old_endpoint.error()
                             : !old_auth   ? old_auth.error()
                                           : subscription.error());
  store::AccountStore& store = context.accounts->store();
  auto old = store.FindPushSubscription(*old_endpoint);
  if (!old && old.error().code() != ErrorCode::kNotFound)
    return JsonErrorResponse(old.error());
  if (!old || old_auth->empty() || !accounts::ConstantTimeEquals(old->auth, *old_auth))
    return Error(ErrorCode::kNotFound, "no browser subscribed with that endpoint and secret");
  auto renewed = SubscribeBrowser(context, old->user_id, *subscription);
  if (!renewed)
    return JsonErrorResponse(renewed.error());
  if (*old_endpoint != subscription->endpoint) {
    if (auto dropped = store.DeletePushEndpoint(*old_endpoint); !dropped)
      return JsonErrorResponse(dropped.error());
  }
  return Json(201, PushSubscriptionJson(*renewed));
}

Response HandleApiDeletePushSubscription(const SiteContext& context, const Request& request,
                                         const RouteParams&) {
  return WithViewer(context, request, [&](accounts::AccountService& service, const auto& viewer) {
    auto body = BodyObject(request);
    if (!body)
      return JsonErrorResponse(body.error());
    auto endpoint = StringMember(*body, "endpoint");
    if (!endpoint)
      return JsonErrorResponse(endpoint.error());
    if (endpoint->empty())
      return Error(ErrorCode::kInvalidArgument, "endpoint is required");
    auto done = service.store().DeletePushSubscription(viewer.user.id, *endpoint);
    return done ? NoContent() : JsonErrorResponse(done.error());
  });
}

}  // namespace wiredesk::web
