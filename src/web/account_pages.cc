#include "web/account_pages.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <functional>
#include <utility>

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ctemplate/template_dictionary.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "accounts/account_service.h"
#include "accounts/crypto.h"
#include "accounts/unsubscribe.h"
#include "core/time.h"
#include "search/searcher.h"
#include "web/account_support.h"
#include "web/errors.h"
#include "web/page_handlers.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

using ctemplate::TemplateDictionary;
using Form = std::multimap<std::string, std::string>;
using accounts::AccountService;
using accounts::Viewer;

constexpr int kListLimit = 100;

ctemplate::TemplateString Ts(std::string_view s) {
  return ctemplate::TemplateString(s.data(), s.size());
}

void Set(TemplateDictionary& d, const char* name, std::string_view value) {
  d.SetValue(name, Ts(value));
}

Response Html(int status, std::string body) {
  Response response;
  response.status = status;
  response.body = std::make_shared<const std::string>(std::move(body));
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

Response SeeOther(const std::string& location) {
  Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", location);
  response.headers.emplace_back("Cache-Control", "private, no-store");
  response.body = std::make_shared<const std::string>("See " + location + "\n");
  return response;
}

// A local path to return to after a form; anything else (other sites, "//host") goes home.
std::string SafeNext(std::string_view next, std::string_view fallback = "/account/") {
  if (next.empty() || next.front() != '/' || next.size() > 2000 ||
      (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return std::string(fallback);
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x20)
      return std::string(fallback);
  }
  return std::string(next);
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0)
    return std::nullopt;
  return value;
}

PageChrome Chrome(const SiteContext& context, const Request& request, std::string_view title,
                  std::string_view current) {
  PageChrome chrome = MakeChrome(context.config, title, core::SectionPath(), CrumbMode::kNone);
  chrome.noindex = true;
  AddAccountMenu(chrome, context, request);
  if (chrome.account)
    chrome.account->current_url = std::string(current);
  return chrome;
}

// Renders account.tpl with `section` shown; `fill` sets that section's dictionary.
std::string Render(const PageChrome& chrome, std::string_view title, const char* section,
                   const std::string& flash, const std::string& error,
                   const std::function<void(TemplateDictionary&, TemplateDictionary&)>& fill) {
  return RenderInLayout("account.tpl", chrome, [&](TemplateDictionary& page) {
    Set(page, "PAGE_TITLE", title);
    if (!flash.empty())
      Set(*page.AddSectionDictionary("FLASH"), "FLASH_TEXT", flash);
    if (!error.empty())
      Set(*page.AddSectionDictionary("FORM_ERROR"), "ERROR_TEXT", error);
    TemplateDictionary* dict = page.AddSectionDictionary(section);
    fill(page, *dict);
  });
}

Response Unavailable(const SiteContext& context, const Request& request) {
  return HandleErrorPage(context, request, 503);
}

Response Forbidden(const SiteContext& context, const Request& request) {
  Response response = HandleErrorPage(context, request, 403);
  response.cacheable = false;
  response.headers.emplace_back("Cache-Control", "private, no-store");
  return response;
}

std::string LoginUrlFor(const Request& request) {
  std::string url = "/account/login";
  if (request.method == Method::kGet && request.path != "/account/login") {
    std::string next;
    for (char c : request.target) {
      auto u = static_cast<unsigned char>(c);
      if (std::isalnum(u) || c == '/' || c == '-' || c == '_' || c == '.') {
        next += c;
      } else {
        next += fmt::format("%{:02X}", u);
      }
    }
    url += "?next=" + next;
  }
  return url;
}

// Runs `body` for a signed-in reader; anonymous GETs go to the login page, anonymous POSTs and
// POSTs without the session's CSRF token are 403. `body` gets the decoded form for POSTs.
template <class F>
Response SignedIn(const SiteContext& context, const Request& request, F&& body) {
  if (context.accounts == nullptr)
    return Unavailable(context, request);
  const Viewer* viewer = ViewerOf(request);
  Form form;
  if (request.method == Method::kPost) {
    form = ParseForm(request.body);
    if (viewer == nullptr ||
        !AccountService::CsrfTokenMatches(*viewer, FormValue(form, kCsrfField))) {
      return Forbidden(context, request);
    }
  } else if (viewer == nullptr) {
    return SeeOther(LoginUrlFor(request));
  }
  return body(*context.accounts, *viewer, form);
}

template <class F>
Response Admin(const SiteContext& context, const Request& request, F&& body) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form& form) {
                    if (!viewer.is_admin())
                      return Forbidden(context, request);
                    return body(service, viewer, form);
                  });
}

std::string PremiumText(const AccountService& service, const Viewer& viewer) {
  if (service.HasPremium(viewer)) {
    return "Premium until " + FormatDisplayTime(*viewer.user.premium_until) + ".";
  }
  return "No premium: you can read a few premium stories free each month.";
}

// ---- Log in, sign up, log out ----

Response AnonymousForm(const SiteContext& context, const Request& request, bool login, int status,
                       const std::string& error, const std::string& email,
                       const std::string& next) {
  std::string token = CookieValue(request, kCsrfCookie);
  bool fresh = token.size() < 32 || token.size() > 64;
  if (fresh)
    token = accounts::RandomToken();
  std::string_view title = login ? "Log in" : "Sign up";
  PageChrome chrome = Chrome(context, request, title, "");
  Response response = Html(status, Render(chrome, title, login ? "LOGIN" : "SIGNUP", "", error,
                                          [&](TemplateDictionary&, TemplateDictionary& d) {
                                            Set(d, "CSRF_TOKEN", token);
                                            Set(d, "EMAIL", email);
                                            Set(d, "NEXT", next);
                                          }));
  if (fresh) {
    response.headers.emplace_back("Set-Cookie",
                                  CsrfCookie(token, context.config.web.secure_cookies));
  }
  return response;
}

Response HandleLoginPage(const SiteContext& context, const Request& request, const RouteParams&) {
  if (context.accounts == nullptr)
    return Unavailable(context, request);
  std::string next = SafeNext(request.Query("next").value_or(""));
  if (request.viewer != nullptr)
    return SeeOther(next);
  return AnonymousForm(context, request, true, 200, "", "", next);
}

Response HandleSignupPage(const SiteContext& context, const Request& request, const RouteParams&) {
  if (context.accounts == nullptr)
    return Unavailable(context, request);
  if (request.viewer != nullptr)
    return SeeOther("/account/");
  return AnonymousForm(context, request, false, 200, "", "", "");
}

Response StartSessionResponse(const SiteContext& context, const accounts::NewSession& session,
                              const std::string& next) {
  Response response = SeeOther(next);
  response.headers.emplace_back(
      "Set-Cookie",
      SessionCookie(session.token, context.config.web.secure_cookies,
                    std::chrono::duration_cast<std::chrono::seconds>(
                        session.viewer.session.expires_at - session.viewer.session.created_at)));
  return response;
}

Response HandleAuthPost(const SiteContext& context, const Request& request, bool login) {
  if (context.accounts == nullptr)
    return Unavailable(context, request);
  Form form = ParseForm(request.body);
  std::string email = FormValue(form, "email");
  std::string next = SafeNext(FormValue(form, "next"));
  std::string cookie = CookieValue(request, kCsrfCookie);
  if (cookie.empty() || !accounts::ConstantTimeEquals(cookie, FormValue(form, kCsrfField))) {
    return AnonymousForm(context, request, login, 403, "This form expired. Please try again.",
                         email, next);
  }
  auto session =
      login ? context.accounts->LogIn(email, FormValue(form, "password"), request.remote_address,
                                      store::SessionKind::kCookie,
                                      CookieValue(request, kSessionCookie))
            : context.accounts->SignUp(email, FormValue(form, "password"), request.remote_address,
                                       store::SessionKind::kCookie);
  if (!session) {
    int status = HttpStatusFor(session.error().code());
    std::string message =
        status >= 500 ? "Something went wrong. Please try again." : session.error().message();
    if (!message.empty())
      message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
    return AnonymousForm(context, request, login, status, message + ".", email, next);
  }
  return StartSessionResponse(context, *session, login ? next : "/account/preferences");
}

Response HandleLogout(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request, [&](AccountService& service, const Viewer&, const Form&) {
    auto done = service.LogOut(request.session_token);
    if (!done)
      return ErrorPageFor(context, done.error());
    Response response = SeeOther("/");
    response.headers.emplace_back("Set-Cookie",
                                  SessionCookie("", context.config.web.secure_cookies, {}));
    return response;
  });
}

// ---- Overview, password, deletion ----

Response Overview(const SiteContext& context, const Request& request, AccountService& service,
                  const Viewer& viewer, int status, const std::string& flash,
                  const std::string& error) {
  PageChrome chrome = Chrome(context, request, "Your account", "/account/");
  return Html(status, Render(chrome, "Your account", "OVERVIEW", flash, error,
                             [&](TemplateDictionary&, TemplateDictionary& d) {
                               Set(d, "EMAIL", viewer.user.email);
                               Set(d, "PREMIUM_TEXT", PremiumText(service, viewer));
                               Set(d, "CREATED_TEXT", FormatDisplayTime(viewer.user.created_at));
                               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
                             }));
}

Response HandleOverview(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return Overview(context, request, service, viewer, 200, "", "");
                  });
}

Response HandlePassword(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        auto done =
            service.ChangePassword(viewer, FormValue(form, "current"), FormValue(form, "password"));
        if (!done) {
          return Overview(context, request, service, viewer, HttpStatusFor(done.error().code()), "",
                          done.error().message() + ".");
        }
        return Overview(context, request, service, viewer, 200,
                        "Your password was changed. Other sessions were logged out.", "");
      });
}

Response HandleDelete(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        auto done = service.DeleteAccount(viewer, FormValue(form, "password"));
        if (!done) {
          return Overview(context, request, service, viewer, HttpStatusFor(done.error().code()), "",
                          done.error().message() + ".");
        }
        Response response = SeeOther("/");
        response.headers.emplace_back("Set-Cookie",
                                      SessionCookie("", context.config.web.secure_cookies, {}));
        return response;
      });
}

// ---- Preferences ----

std::string Capitalise(std::string_view text) {
  std::string out(text);
  if (!out.empty())
    out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  for (char& c : out) c = c == '_' ? ' ' : c;
  return out;
}

Response PreferencesPage(const SiteContext& context, const Request& request, const Viewer& viewer,
                         const accounts::Preferences& prefs, int status, const std::string& flash,
                         const std::string& error) {
  PageChrome chrome = Chrome(context, request, "Set Preferences", "/account/preferences");
  if (chrome.account)
    chrome.account->theme = std::string(accounts::ThemeName(prefs.theme));
  return Html(
      status,
      Render(chrome, "Set Preferences", "PREFERENCES", flash, error,
             [&](TemplateDictionary&, TemplateDictionary& d) {
               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
               int index = 0;
               for (const core::SectionConfig& s : context.config.sections) {
                 TemplateDictionary* c = d.AddSectionDictionary("SECTION_CHOICE");
                 c->SetIntValue("INDEX", index++);
                 Set(*c, "VALUE", s.path.ToString());
                 Set(*c, "TITLE", context.config.SectionTitle(s.path));
                 if (std::find(prefs.sections.begin(), prefs.sections.end(), s.path) !=
                     prefs.sections.end())
                   c->ShowSection("CHECKED");
               }
               std::string topics;
               for (const std::string& t : prefs.topics) topics += (topics.empty() ? "" : ", ") + t;
               Set(d, "TOPICS", topics);
               Set(d, "LANGUAGE", prefs.language);
               for (auto theme :
                    {accounts::Theme::kSystem, accounts::Theme::kLight, accounts::Theme::kDark}) {
                 TemplateDictionary* c = d.AddSectionDictionary("THEME_CHOICE");
                 Set(*c, "VALUE", accounts::ThemeName(theme));
                 Set(*c, "TITLE",
                     theme == accounts::Theme::kSystem ? "Follow my device"
                                                       : Capitalise(accounts::ThemeName(theme)));
                 if (theme == prefs.theme)
                   c->ShowSection("CHECKED");
               }
               const accounts::AlertSettings& alerts = prefs.alerts;
               if (alerts.email)
                 d.ShowSection("ALERT_EMAIL_ON");
               if (alerts.web_push)
                 d.ShowSection("ALERT_WEB_PUSH_ON");
               if (alerts.breaking)
                 d.ShowSection("ALERT_BREAKING_ON");
               Set(d, "ALERT_WHATSAPP", alerts.whatsapp);
               Set(d, "ALERT_WEBHOOK", alerts.webhook);
               Set(d, "QUIET_TZ", alerts.quiet_hours ? alerts.quiet_hours->time_zone : "UTC");
               if (alerts.quiet_hours) {
                 Set(d, "QUIET_START", accounts::FormatClockTime(alerts.quiet_hours->start_minute));
                 Set(d, "QUIET_END", accounts::FormatClockTime(alerts.quiet_hours->end_minute));
               }
               for (auto digest : {accounts::Digest::kNone, accounts::Digest::kDaily,
                                   accounts::Digest::kWeekly}) {
                 TemplateDictionary* c = d.AddSectionDictionary("DIGEST_CHOICE");
                 Set(*c, "VALUE", accounts::DigestName(digest));
                 Set(*c, "TITLE", Capitalise(accounts::DigestName(digest)));
                 if (digest == prefs.digest)
                   c->ShowSection("CHECKED");
               }
               if (prefs.history)
                 d.ShowSection("HISTORY_ON");
             }));
}

Response HandlePreferencesPage(const SiteContext& context, const Request& request,
                               const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return PreferencesPage(context, request, viewer, service.GetPreferences(viewer),
                                           200, "", "");
                  });
}

// The form as the JSON the API takes, so both are checked by one parser.
std::string PreferencesFormToJson(const Form& form) {
  namespace json = boost::json;
  json::object o;
  auto all = [&](const char* name) {
    json::array values;
    auto [begin, end] = form.equal_range(name);
    for (auto it = begin; it != end; ++it) values.emplace_back(it->second);
    return values;
  };
  o["sections"] = all("sections");
  json::array topics;
  std::string text = FormValue(form, "topics");
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string topic =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (topic.find_first_not_of(" \t") != std::string::npos)
      topics.emplace_back(topic);
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  o["topics"] = std::move(topics);
  o["language"] = FormValue(form, "language");
  o["theme"] = FormValue(form, "theme");
  o["digest"] = FormValue(form, "digest");
  json::object alerts;
  alerts["email"] = FormValue(form, "alert_email") == "on";
  alerts["web_push"] = FormValue(form, "alert_web_push") == "on";
  alerts["breaking"] = FormValue(form, "alert_breaking") == "on";
  // An empty field turns the channel off; anything else is checked as the API checks it.
  auto optional_text = [&](const char* name) -> json::value {
    std::string value = FormValue(form, name);
    if (value.find_first_not_of(" \t") == std::string::npos)
      return nullptr;
    return json::value(value);
  };
  alerts["whatsapp"] = optional_text("alert_whatsapp");
  alerts["webhook"] = optional_text("alert_webhook");
  std::string quiet_start = FormValue(form, "quiet_start");
  std::string quiet_end = FormValue(form, "quiet_end");
  if (quiet_start.empty() && quiet_end.empty()) {
    alerts["quiet_hours"] = nullptr;
  } else {
    json::object q;
    q["start"] = quiet_start;
    q["end"] = quiet_end;
    std::string zone = FormValue(form, "quiet_tz");
    q["tz"] = zone.empty() ? std::string("UTC") : zone;
    alerts["quiet_hours"] = std::move(q);
  }
  o["alerts"] = std::move(alerts);
  o["history"] = FormValue(form, "history") == "on";
  return json::serialize(o);
}

Response HandlePreferencesPost(const SiteContext& context, const Request& request,
                               const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form& form) {
                    accounts::Preferences current = service.GetPreferences(viewer);
                    auto prefs = accounts::ParsePreferences(
                        PreferencesFormToJson(form), current,
                        {.allow_private_webhooks = context.config.network.allow_private_addresses});
                    if (!prefs) {
                      return PreferencesPage(context, request, viewer, current, 400, "",
                                             prefs.error().message() + ".");
                    }
                    auto saved = service.SetPreferences(viewer, *prefs);
                    if (!saved)
                      return ErrorPageFor(context, saved.error());
                    return PreferencesPage(context, request, viewer, *prefs, 200,
                                           "Your preferences were saved.", "");
                  });
}

// ---- My Reads ----

void FillList(TemplateDictionary& page, const SiteContext& context,
              const std::vector<store::ListedArticle>& items, std::string_view when_label,
              const std::string& csrf_for_remove, const std::string& empty_text) {
  if (items.empty()) {
    Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT", empty_text);
    return;
  }
  TemplateDictionary* list = page.AddSectionDictionary("LIST");
  for (const store::ListedArticle& item : items) {
    TemplateDictionary* d = list->AddSectionDictionary("ITEM");
    Set(*d, "URL", item.article.Url());
    Set(*d, "HEADLINE", item.article.headline);
    Set(*d, "SECTION_URL", item.article.section.Url());
    Set(*d, "SECTION_TITLE", context.config.SectionTitle(item.article.section));
    Set(*d, "WHEN_LABEL", when_label);
    Set(*d, "WHEN_ISO", core::FormatRfc3339(item.at));
    Set(*d, "WHEN_TEXT", FormatDisplayTime(item.at));
    if (!csrf_for_remove.empty()) {
      TemplateDictionary* remove = d->AddSectionDictionary("REMOVE");
      Set(*remove, "CSRF_TOKEN", csrf_for_remove);
      remove->SetIntValue("ID", item.article.id);
      Set(*remove, "HEADLINE", item.article.headline);
    }
  }
}

Response ReadsPage(const SiteContext& context, const Request& request, AccountService& service,
                   const Viewer& viewer, bool saved_tab, const std::string& flash) {
  auto items = saved_tab ? service.Saved(viewer, kListLimit) : service.Reads(viewer, kListLimit);
  if (!items)
    return ErrorPageFor(context, items.error());
  bool history = service.GetPreferences(viewer).history;
  std::string title = saved_tab ? "My Reads: saved for later" : "My Reads: history";
  PageChrome chrome = Chrome(context, request, title, "/account/reads");
  return Html(200, Render(chrome, "My Reads", "READS", flash, "",
                          [&](TemplateDictionary& page, TemplateDictionary& d) {
                            d.ShowSection(saved_tab ? "SAVED_TAB" : "HISTORY_TAB");
                            if (!saved_tab && !history)
                              d.ShowSection("HISTORY_OFF");
                            FillList(page, context, *items, saved_tab ? "Saved" : "Read",
                                     saved_tab ? viewer.session.csrf_token : "",
                                     saved_tab
                                         ? "Nothing saved yet. Use \u201cSave for later\u201d "
                                           "on a story to keep it here."
                                         : "No stories read yet.");
                            if (!saved_tab && !items->empty()) {
                              Set(*page.AddSectionDictionary("CLEAR_HISTORY"), "CSRF_TOKEN",
                                  viewer.session.csrf_token);
                            }
                          }));
}

std::string_view AlertStateText(store::DeliveryState state) {
  switch (state) {
    case store::DeliveryState::kPending:
      return "Waiting";
    case store::DeliveryState::kSent:
      return "Sent";
    case store::DeliveryState::kDead:
      return "Could not be delivered";
    case store::DeliveryState::kWithdrawn:
      return "Withdrawn: the story was withdrawn by its source";
  }
  return "Waiting";
}

std::string_view ChannelTitle(std::string_view channel) {
  if (channel == "email")
    return "Email";
  if (channel == "whatsapp")
    return "WhatsApp";
  if (channel == "webhook")
    return "Webhook";
  if (channel == "webpush")
    return "Browser notification";
  return channel;
}

// The "Browser notifications" block: rendered by the server, so it reads well without
// JavaScript (saying that notifications need it); static/push.js enables the button, registers
// /sw.js, subscribes with the VAPID key and posts the subscription to
// /account/push-subscriptions with the session's CSRF token.
void FillPushBlock(const SiteContext& context, const Viewer& viewer, TemplateDictionary& page) {
  TemplateDictionary* push = page.AddSectionDictionary("PUSH");
  if (context.vapid_public_key.empty()) {
    push->ShowSection("PUSH_OFF");
    return;
  }
  TemplateDictionary* form = push->AddSectionDictionary("PUSH_AVAILABLE");
  Set(*form, "VAPID_KEY", context.vapid_public_key);
  Set(*form, "CSRF_TOKEN", viewer.session.csrf_token);
  auto subscriptions = context.accounts->store().ListPushSubscriptions(viewer.user.id);
  size_t count = subscriptions ? subscriptions->size() : 0;
  bool on = context.accounts->GetPreferences(viewer).alerts.web_push;
  std::string status;
  if (count == 0)
    status = "No browser of yours gets notifications yet.";
  else if (!on)
    status = "Browser notifications are turned off in your preferences.";
  else
    status = fmt::format("Notifications are on in {} of your browsers.", count);
  Set(*form, "PUSH_STATUS", status);
}

Response AlertsPage(const SiteContext& context, const Request& request, const Viewer& viewer,
                    int status, const std::string& flash, const std::string& error) {
  if (context.alert_outbox == nullptr)
    return ErrorPageFor(context,
                        core::Error(core::ErrorCode::kUnavailable, "alerts are not available"));
  auto alerts = context.alert_outbox->RecentForUser(viewer.user.id, kListLimit);
  if (!alerts)
    return ErrorPageFor(context, alerts.error());
  PageChrome chrome = Chrome(context, request, "Recent alerts", "/account/preferences");
  chrome.scripts.push_back("push.js");
  return Html(status, Render(chrome, "Recent alerts", "ALERTS", flash, error,
                             [&](TemplateDictionary& page, TemplateDictionary&) {
                               FillPushBlock(context, viewer, page);
                               if (alerts->empty()) {
                                 Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT",
                                     "No alerts yet. Follow companies, people or topics in your "
                                     "watchlist and turn on a channel in your preferences.");
                                 return;
                               }
                               TemplateDictionary* list = page.AddSectionDictionary("ALERT_LIST");
                               for (const store::DeliveryRecord& alert : *alerts) {
                                 TemplateDictionary* d = list->AddSectionDictionary("ALERT");
                                 std::optional<core::Article> article;
                                 if (alert.state != store::DeliveryState::kWithdrawn) {
                                   if (auto found = context.store.GetArticle(alert.article_id);
                                       found && found->state == core::ArticleState::kPublished)
                                     article = std::move(*found);
                                 }
                                 if (article) {
                                   TemplateDictionary* story = d->AddSectionDictionary("STORY");
                                   Set(*story, "URL", article->Url());
                                   Set(*story, "HEADLINE", article->headline);
                                 } else {
                                   d->ShowSection("NO_STORY");
                                 }
                                 Set(*d, "CHANNEL", ChannelTitle(alert.channel));
                                 Set(*d, "STATE", AlertStateText(alert.state));
                                 Set(*d, "REASON", alert.reason);
                                 core::TimePoint when = alert.sent_at.value_or(alert.created_at);
                                 Set(*d, "WHEN_ISO", core::FormatRfc3339(when));
                                 Set(*d, "WHEN_TEXT", FormatDisplayTime(when));
                               }
                             }));
}

Response HandleAlertsPage(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request, [&](AccountService&, const Viewer& viewer, const Form&) {
    return AlertsPage(context, request, viewer, 200, "", "");
  });
}

// POST /account/push-subscriptions from static/push.js: action "subscribe" with the browser's
// endpoint, p256dh and auth (which also turns browser notifications on in the preferences), or
// "unsubscribe" with the endpoint. Answers like every form: 303 to the alerts page, or the page
// again with the error.
Response HandlePushSubscriptionPost(const SiteContext& context, const Request& request,
                                    const RouteParams&) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        std::string endpoint = FormValue(form, "endpoint");
        if (FormValue(form, "action") == "unsubscribe") {
          auto done = service.store().DeletePushSubscription(viewer.user.id, endpoint);
          if (!done && done.error().code() != core::ErrorCode::kNotFound)
            return ErrorPageFor(context, done.error());
          return SeeOther("/account/alerts");
        }
        if (endpoint.empty()) {
          return AlertsPage(context, request, viewer, 400, "",
                            "Browser notifications need JavaScript, and a browser that supports "
                            "them.");
        }
        auto added =
            SubscribeBrowser(context, viewer.user.id,
                             {endpoint, FormValue(form, "p256dh"), FormValue(form, "auth")});
        if (!added) {
          return AlertsPage(context, request, viewer, HttpStatusFor(added.error().code()), "",
                            Capitalise(added.error().message()) + ".");
        }
        accounts::Preferences prefs = service.GetPreferences(viewer);
        if (!prefs.alerts.web_push) {
          prefs.alerts.web_push = true;
          if (auto saved = service.SetPreferences(viewer, prefs); !saved)
            return ErrorPageFor(context, saved.error());
        }
        return SeeOther("/account/alerts");
      });
}

Response HandleReads(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return ReadsPage(context, request, service, viewer, false, "");
                  });
}

Response HandleSavedPage(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return ReadsPage(context, request, service, viewer, true, "");
                  });
}

Response HandleClearReads(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    auto done = service.ClearReads(viewer);
                    if (!done)
                      return ErrorPageFor(context, done.error());
                    return SeeOther("/account/reads");
                  });
}

Response HandleSavedPost(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form& form) {
                    auto id = ParseId(FormValue(form, "article_id"));
                    if (!id)
                      return HandleErrorPage(context, request, 400);
                    auto done = FormValue(form, "action") == "remove" ? service.Unsave(viewer, *id)
                                                                      : service.Save(viewer, *id);
                    if (!done)
                      return ErrorPageFor(context, done.error());
                    return SeeOther(SafeNext(FormValue(form, "next"), "/account/saved"));
                  });
}

// ---- Watchlist ----

Response WatchlistPage(const SiteContext& context, const Request& request, AccountService& service,
                       const Viewer& viewer, int status, const std::string& flash,
                       const std::string& error) {
  auto watches = service.Watches(viewer);
  if (!watches)
    return ErrorPageFor(context, watches.error());
  PageChrome chrome = Chrome(context, request, "Watchlist", "/account/watchlist");
  return Html(status, Render(chrome, "Watchlist", "WATCHLIST", flash, error,
                             [&](TemplateDictionary& page, TemplateDictionary& d) {
                               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
                               for (std::string_view kind : accounts::WatchKinds()) {
                                 TemplateDictionary* c = d.AddSectionDictionary("KIND_CHOICE");
                                 Set(*c, "VALUE", kind);
                                 Set(*c, "TITLE", Capitalise(kind));
                               }
                               if (watches->empty()) {
                                 Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT",
                                     "Follow companies, tickers, people, places, topics or "
                                     "keywords; stories about them are marked on your home page.");
                                 return;
                               }
                               TemplateDictionary* list = d.AddSectionDictionary("WATCH_ENTRIES");
                               for (const store::WatchRecord& w : *watches) {
                                 TemplateDictionary* e = list->AddSectionDictionary("ENTRY");
                                 e->SetIntValue("ID", w.id);
                                 Set(*e, "KIND", w.kind);
                                 Set(*e, "VALUE", w.value);
                                 Set(*e, "CSRF_TOKEN", viewer.session.csrf_token);
                               }
                             }));
}

Response HandleWatchlist(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return WatchlistPage(context, request, service, viewer, 200, "", "");
                  });
}

Response HandleWatchAdd(const SiteContext& context, const Request& request, const RouteParams&) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        auto added = service.AddWatch(viewer, FormValue(form, "kind"), FormValue(form, "value"));
        if (!added) {
          int status = HttpStatusFor(added.error().code());
          if (status >= 500)
            return ErrorPageFor(context, added.error());
          return WatchlistPage(context, request, service, viewer, status, "",
                               Capitalise(added.error().message()) + ".");
        }
        return WatchlistPage(context, request, service, viewer, 200,
                             "Now following " + added->value + ".", "");
      });
}

Response HandleWatchDelete(const SiteContext& context, const Request& request,
                           const RouteParams& params) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    auto done = service.DeleteWatch(viewer, params.id);
                    if (!done)
                      return ErrorPageFor(context, done.error());
                    return SeeOther("/account/watchlist");
                  });
}

Response HandleWatchEntry(const SiteContext& context, const Request& request,
                          const RouteParams& params) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form&) {
        auto watches = service.Watches(viewer);
        if (!watches)
          return ErrorPageFor(context, watches.error());
        auto it = std::find_if(watches->begin(), watches->end(),
                               [&](const store::WatchRecord& w) { return w.id == params.id; });
        if (it == watches->end())
          return HandleErrorPage(context, request, 404);
        auto results =
            search::Search(context.store, accounts::WatchSearchQuery({it->kind, it->value}), 20, 0);
        std::vector<store::SearchHit> hits;
        if (results)
          hits = std::move(results->hits);
        std::string title = "Watchlist: " + it->value;
        PageChrome chrome = Chrome(context, request, title, "/account/watchlist");
        return Html(200, Render(chrome, title, "WATCH_ENTRY", "", "",
                                [&](TemplateDictionary& page, TemplateDictionary&) {
                                  if (hits.empty()) {
                                    Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT",
                                        "No published stories mention " + it->value + " yet.");
                                    return;
                                  }
                                  TemplateDictionary* list = page.AddSectionDictionary("LIST");
                                  for (const store::SearchHit& hit : hits) {
                                    TemplateDictionary* d = list->AddSectionDictionary("ITEM");
                                    Set(*d, "URL", hit.article.Url());
                                    Set(*d, "HEADLINE", hit.article.headline);
                                    Set(*d, "SECTION_URL", hit.article.section.Url());
                                    Set(*d, "SECTION_TITLE",
                                        context.config.SectionTitle(hit.article.section));
                                    Set(*d, "WHEN_LABEL", "Published");
                                    Set(*d, "WHEN_ISO", core::FormatRfc3339(hit.article.published));
                                    Set(*d, "WHEN_TEXT", FormatDisplayTime(hit.article.published));
                                    // Escaped text plus <mark>, made by the store (views.h).
                                    Set(*d->AddSectionDictionary("SNIPPET"), "SNIPPET_HTML",
                                        hit.snippet_html);
                                  }
                                }));
      });
}

// ---- Feedback ----

Response FeedbackPage(const SiteContext& context, const Request& request, const Viewer& viewer,
                      std::optional<core::ArticleId> article_id, int status,
                      const std::string& flash, const std::string& error) {
  std::optional<core::Article> article;
  if (article_id) {
    auto found = context.store.GetArticle(*article_id);
    if (found && found->state == core::ArticleState::kPublished)
      article = std::move(*found);
  }
  std::string title = article ? "Report an error" : "Feedback";
  PageChrome chrome = Chrome(context, request, title, "/account/feedback");
  return Html(
      status,
      Render(chrome, title, "FEEDBACK", flash, error,
             [&](TemplateDictionary&, TemplateDictionary& d) {
               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
               if (article) {
                 TemplateDictionary* a = d.AddSectionDictionary("ABOUT_ARTICLE");
                 a->SetIntValue("ARTICLE_ID", article->id);
                 Set(*a, "ARTICLE_URL", article->Url());
                 Set(*a, "ARTICLE_HEADLINE", article->headline);
               }
               for (std::string_view category : accounts::FeedbackCategories()) {
                 TemplateDictionary* c = d.AddSectionDictionary("CATEGORY_CHOICE");
                 Set(*c, "VALUE", category);
                 Set(*c, "TITLE", category == "error" ? "Report an error" : Capitalise(category));
                 if ((article && category == "error") || (!article && category == "general"))
                   c->ShowSection("CHECKED");
               }
             }));
}

Response HandleFeedbackPage(const SiteContext& context, const Request& request,
                            const RouteParams&) {
  return SignedIn(context, request, [&](AccountService&, const Viewer& viewer, const Form&) {
    return FeedbackPage(context, request, viewer, ParseId(request.Query("article").value_or("")),
                        200, "", "");
  });
}

Response HandleFeedbackPost(const SiteContext& context, const Request& request,
                            const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form& form) {
                    auto article = ParseId(FormValue(form, "article_id"));
                    auto id = service.AddFeedback(&viewer, article, FormValue(form, "category"),
                                                  FormValue(form, "message"));
                    if (!id) {
                      int status = HttpStatusFor(id.error().code());
                      if (status >= 500)
                        return ErrorPageFor(context, id.error());
                      return FeedbackPage(context, request, viewer, article, status, "",
                                          Capitalise(id.error().message()) + ".");
                    }
                    return FeedbackPage(context, request, viewer, std::nullopt, 200,
                                        "Thank you. Your feedback reached the newsroom.", "");
                  });
}

// ---- Gift cards ----

Response GiftcardPage(const SiteContext& context, const Request& request, AccountService& service,
                      const Viewer& viewer, int status, const std::string& flash,
                      const std::string& error) {
  PageChrome chrome = Chrome(context, request, "Redeem a Gift Card", "/account/giftcard");
  return Html(status, Render(chrome, "Redeem a Gift Card", "GIFTCARD", flash, error,
                             [&](TemplateDictionary&, TemplateDictionary& d) {
                               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
                               Set(d, "PREMIUM_TEXT", PremiumText(service, viewer));
                             }));
}

Response HandleGiftcardPage(const SiteContext& context, const Request& request,
                            const RouteParams&) {
  return SignedIn(context, request,
                  [&](AccountService& service, const Viewer& viewer, const Form&) {
                    return GiftcardPage(context, request, service, viewer, 200, "", "");
                  });
}

Response HandleGiftcardPost(const SiteContext& context, const Request& request,
                            const RouteParams&) {
  return SignedIn(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        auto redeemed =
            service.RedeemGiftCard(viewer, FormValue(form, "code"), request.remote_address);
        if (!redeemed) {
          int status = HttpStatusFor(redeemed.error().code());
          if (status >= 500)
            return ErrorPageFor(context, redeemed.error());
          return GiftcardPage(context, request, service, viewer, status, "",
                              Capitalise(redeemed.error().message()) + ".");
        }
        Viewer updated = viewer;
        updated.user.premium_until = redeemed->premium_until;
        return GiftcardPage(
            context, request, service, updated, 200,
            fmt::format("Gift card redeemed: {} days of premium added.", redeemed->days), "");
      });
}

// ---- Editors ----

Response HandleAdminFeedback(const SiteContext& context, const Request& request,
                             const RouteParams&) {
  return Admin(context, request, [&](AccountService& service, const Viewer& viewer, const Form&) {
    bool all = request.Query("all").value_or("") == "1";
    auto items = service.store().ListFeedback(all, 200);
    if (!items)
      return ErrorPageFor(context, items.error());
    PageChrome chrome = Chrome(context, request, "Feedback inbox", "/admin/feedback");
    return Html(
        200, Render(chrome, "Feedback inbox", "ADMIN_FEEDBACK", "", "",
                    [&](TemplateDictionary& page, TemplateDictionary& d) {
                      d.ShowSection(all ? "ALL_TAB" : "OPEN_TAB");
                      if (items->empty()) {
                        Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT", "No open feedback.");
                      }
                      for (const store::FeedbackRecord& f : *items) {
                        TemplateDictionary* e = d.AddSectionDictionary("FEEDBACK_ITEM");
                        e->SetIntValue("ID", f.id);
                        Set(*e, "CATEGORY", f.category);
                        Set(*e, "WHEN_TEXT", FormatDisplayTime(f.created_at));
                        Set(*e, "MESSAGE", f.message);
                        if (f.article_id) {
                          auto article = context.store.GetArticle(*f.article_id);
                          if (article) {
                            TemplateDictionary* a = e->AddSectionDictionary("FEEDBACK_ARTICLE");
                            Set(*a, "ARTICLE_URL", article->Url());
                            Set(*a, "ARTICLE_HEADLINE", article->headline);
                          }
                        }
                        if (f.resolved_at) {
                          Set(*e->AddSectionDictionary("RESOLVED"), "RESOLVED_TEXT",
                              FormatDisplayTime(*f.resolved_at));
                        } else {
                          TemplateDictionary* u = e->AddSectionDictionary("UNRESOLVED");
                          u->SetIntValue("ID", f.id);
                          Set(*u, "CSRF_TOKEN", viewer.session.csrf_token);
                        }
                      }
                    }));
  });
}

Response HandleAdminResolve(const SiteContext& context, const Request& request,
                            const RouteParams& params) {
  return Admin(context, request, [&](AccountService& service, const Viewer& viewer, const Form&) {
    auto done = service.store().ResolveFeedback(params.id, viewer.user.id, context.clock.Now());
    if (!done)
      return ErrorPageFor(context, done.error());
    return SeeOther("/admin/feedback");
  });
}

Response AdminGiftcardsPage(const SiteContext& context, const Request& request,
                            const Viewer& viewer, int status, const std::vector<std::string>& codes,
                            const std::string& flash, const std::string& error) {
  PageChrome chrome = Chrome(context, request, "Gift cards", "/admin/giftcards");
  return Html(status, Render(chrome, "Gift cards", "ADMIN_GIFTCARDS", flash, error,
                             [&](TemplateDictionary&, TemplateDictionary& d) {
                               Set(d, "CSRF_TOKEN", viewer.session.csrf_token);
                               if (codes.empty())
                                 return;
                               TemplateDictionary* list = d.AddSectionDictionary("CODES");
                               for (const std::string& code : codes)
                                 Set(*list->AddSectionDictionary("CODE"), "CODE_TEXT", code);
                             }));
}

Response HandleAdminGiftcards(const SiteContext& context, const Request& request,
                              const RouteParams&) {
  return Admin(context, request, [&](AccountService&, const Viewer& viewer, const Form&) {
    return AdminGiftcardsPage(context, request, viewer, 200, {}, "", "");
  });
}

Response HandleAdminMint(const SiteContext& context, const Request& request, const RouteParams&) {
  return Admin(
      context, request, [&](AccountService& service, const Viewer& viewer, const Form& form) {
        auto days = ParseId(FormValue(form, "days"));
        auto count = ParseId(FormValue(form, "count"));
        if (!days || !count || *days > accounts::kMaxGiftCardDays || *count > 1000) {
          return AdminGiftcardsPage(context, request, viewer, 400, {}, "",
                                    "Days must be 1 to 3660 and the count 1 to 1000.");
        }
        auto codes = service.MintGiftCards(static_cast<int>(*days), static_cast<int>(*count));
        if (!codes)
          return ErrorPageFor(context, codes.error());
        spdlog::info("{} minted {} gift cards of {} days", viewer.user.email, *count, *days);
        return AdminGiftcardsPage(
            context, request, viewer, 200, *codes,
            fmt::format("{} codes of {} days each were minted.", *count, *days), "");
      });
}

// ---- Failed alerts (editors) ----

Response HandleAdminAlerts(const SiteContext& context, const Request& request, const RouteParams&) {
  return Admin(context, request, [&](AccountService& service, const Viewer& viewer, const Form&) {
    if (context.alert_outbox == nullptr)
      return Unavailable(context, request);
    auto dead = context.alert_outbox->DeadLetters(kListLimit);
    if (!dead)
      return ErrorPageFor(context, dead.error());
    std::string flash = request.Query("requeued").value_or("") == "1"
                            ? "The alert is queued again and goes out within seconds."
                            : "";
    PageChrome chrome = Chrome(context, request, "Failed alerts", "/admin/alerts");
    return Html(
        200, Render(chrome, "Failed alerts", "ADMIN_ALERTS", flash, "",
                    [&](TemplateDictionary& page, TemplateDictionary& d) {
                      if (dead->empty())
                        Set(*page.AddSectionDictionary("EMPTY"), "EMPTY_TEXT", "No failed alerts.");
                      for (const store::DeliveryRecord& row : *dead) {
                        TemplateDictionary* e = d.AddSectionDictionary("DEAD_ALERT");
                        e->SetIntValue("ID", row.id);
                        Set(*e, "CHANNEL", row.channel);
                        auto user = service.store().GetUser(row.user_id);
                        Set(*e, "READER", user ? user->email : "a deleted reader");
                        Set(*e, "WHEN_TEXT", FormatDisplayTime(row.created_at));
                        e->SetIntValue("ATTEMPTS", row.attempts);
                        Set(*e, "LAST_ERROR", row.last_error.empty() ? "none" : row.last_error);
                        Set(*e, "CSRF_TOKEN", viewer.session.csrf_token);
                        auto article = context.store.GetArticle(row.article_id);
                        if (article && article->state == core::ArticleState::kPublished) {
                          TemplateDictionary* a = e->AddSectionDictionary("DEAD_ARTICLE");
                          Set(*a, "ARTICLE_URL", article->Url());
                          Set(*a, "ARTICLE_HEADLINE", article->headline);
                        }
                      }
                    }));
  });
}

Response HandleAdminAlertRetry(const SiteContext& context, const Request& request,
                               const RouteParams& params) {
  return Admin(context, request, [&](AccountService&, const Viewer& viewer, const Form&) {
    if (context.alert_outbox == nullptr)
      return Unavailable(context, request);
    auto requeued = context.alert_outbox->Requeue(params.id, context.clock.Now());
    if (!requeued) {
      if (requeued.error().code() == core::ErrorCode::kNotFound)
        return HandleErrorPage(context, request, 404);
      return ErrorPageFor(context, requeued.error());
    }
    spdlog::info("{} queued failed alert {} again", viewer.user.email, params.id);
    return SeeOther("/admin/alerts?requeued=1");
  });
}

// ---- Unsubscribe links in alert e-mails ----

// GET shows a confirmation button; POST (the button, or a mail client's RFC 8058 one-click
// POST) turns alert e-mails and digests off. The signed token in the link is the credential:
// no session and no CSRF token, since a mail provider posting one-click has neither, and a
// forged request would need the token, which only the reader's mailbox holds.
Response HandleUnsubscribe(const SiteContext& context, const Request& request, const RouteParams&) {
  if (context.accounts == nullptr)
    return Unavailable(context, request);
  store::AccountStore& accounts = context.accounts->store();
  auto key =
      accounts.SiteKey(std::string(accounts::kUnsubscribeKeyName), accounts::RandomToken(32));
  if (!key)
    return ErrorPageFor(context, key.error());
  std::string token = request.Query("t").value_or("");
  std::optional<store::UserRecord> user;
  if (auto reader = accounts::ReaderOfUnsubscribeToken(*key, token)) {
    auto found = accounts.GetUser(*reader);
    if (found)
      user = std::move(*found);
    else if (found.error().code() != core::ErrorCode::kNotFound)
      return ErrorPageFor(context, found.error());
  }
  PageChrome chrome = Chrome(context, request, "Unsubscribe", "");
  if (!user) {
    return Html(400, Render(chrome, "Unsubscribe", "UNSUBSCRIBE", "",
                            "This unsubscribe link is not valid. Sign in to change your alerts "
                            "in Preferences.",
                            [](TemplateDictionary&, TemplateDictionary&) {}));
  }
  bool done = false;
  if (request.method == Method::kPost) {
    auto preferences = accounts::ParseStoredPreferences(user->preferences_json);
    if (!preferences)
      return ErrorPageFor(context, preferences.error());
    preferences->alerts.email = false;
    preferences->digest = accounts::Digest::kNone;
    if (auto saved = accounts.SetPreferences(user->id, accounts::PreferencesToJson(*preferences));
        !saved)
      return ErrorPageFor(context, saved.error());
    spdlog::info("reader {} unsubscribed from alert e-mails by link", user->id);
    done = true;
  }
  return Html(200, Render(chrome, done ? "Unsubscribed" : "Unsubscribe", "UNSUBSCRIBE", "", "",
                          [&](TemplateDictionary&, TemplateDictionary& d) {
                            TemplateDictionary* part =
                                d.AddSectionDictionary(done ? "UNSUBSCRIBED" : "UNSUBSCRIBE_FORM");
                            Set(*part, "EMAIL", user->email);
                            Set(*part, "TOKEN", token);
                          }));
}

}  // namespace

void AddAccountMenu(PageChrome& chrome, const SiteContext& context, const Request& request) {
  const Viewer* viewer = ViewerOf(request);
  if (viewer == nullptr || context.accounts == nullptr)
    return;
  AccountMenu menu;
  menu.email = viewer->user.email;
  menu.admin = viewer->is_admin();
  menu.csrf_token = viewer->session.csrf_token;
  menu.theme = std::string(accounts::ThemeName(context.accounts->GetPreferences(*viewer).theme));
  chrome.account = std::move(menu);
}

void AddAccountPageRoutes(Router& r) {
  auto post = [&r](std::string pattern, std::string label, RouteHandler handler) {
    r.Add(Method::kPost, std::move(pattern), std::move(label), RouteKind::kPage,
          std::move(handler));
  };
  r.Get("/account/login", "account_login", RouteKind::kPage, HandleLoginPage);
  post("/account/login", "account_login_post",
       [](const SiteContext& c, const Request& q, const RouteParams&) {
         return HandleAuthPost(c, q, true);
       });
  r.Get("/account/signup", "account_signup", RouteKind::kPage, HandleSignupPage);
  post("/account/signup", "account_signup_post",
       [](const SiteContext& c, const Request& q, const RouteParams&) {
         return HandleAuthPost(c, q, false);
       });
  post("/account/logout", "account_logout", HandleLogout);
  r.Get("/account/", "account", RouteKind::kPage, HandleOverview);
  post("/account/password", "account_password", HandlePassword);
  post("/account/delete", "account_delete", HandleDelete);
  r.Get("/account/preferences", "account_preferences", RouteKind::kPage, HandlePreferencesPage);
  post("/account/preferences", "account_preferences_post", HandlePreferencesPost);
  r.Get("/account/reads", "account_reads", RouteKind::kPage, HandleReads);
  r.Get("/account/alerts", "account_alerts", RouteKind::kPage, HandleAlertsPage);
  post("/account/push-subscriptions", "account_push_subscriptions", HandlePushSubscriptionPost);
  post("/account/reads/clear", "account_reads_clear", HandleClearReads);
  r.Get("/account/saved", "account_saved", RouteKind::kPage, HandleSavedPage);
  post("/account/saved", "account_saved_post", HandleSavedPost);
  r.Get("/account/watchlist", "account_watchlist", RouteKind::kPage, HandleWatchlist);
  post("/account/watchlist", "account_watchlist_post", HandleWatchAdd);
  r.Get("/account/watchlist/{id}", "account_watch_entry", RouteKind::kPage, HandleWatchEntry);
  post("/account/watchlist/{id}/delete", "account_watch_delete", HandleWatchDelete);
  r.Get("/account/feedback", "account_feedback", RouteKind::kPage, HandleFeedbackPage);
  post("/account/feedback", "account_feedback_post", HandleFeedbackPost);
  r.Get("/account/giftcard", "account_giftcard", RouteKind::kPage, HandleGiftcardPage);
  post("/account/giftcard", "account_giftcard_post", HandleGiftcardPost);
  r.Get("/admin/feedback", "admin_feedback", RouteKind::kPage, HandleAdminFeedback);
  post("/admin/feedback/{id}/resolve", "admin_feedback_resolve", HandleAdminResolve);
  r.Get("/admin/giftcards", "admin_giftcards", RouteKind::kPage, HandleAdminGiftcards);
  post("/admin/giftcards", "admin_giftcards_post", HandleAdminMint);
  r.Get("/admin/alerts", "admin_alerts", RouteKind::kPage, HandleAdminAlerts);
  post("/admin/alerts/{id}/retry", "admin_alert_retry", HandleAdminAlertRetry);
  r.Get("/account/unsubscribe", "account_unsubscribe", RouteKind::kPage, HandleUnsubscribe);
  post("/account/unsubscribe", "account_unsubscribe_post", HandleUnsubscribe);
}

}  // namespace wiredesk::web
