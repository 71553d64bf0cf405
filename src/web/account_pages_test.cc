// The account pages through Site::Handle: CSRF on every form, session cookies, personalised
// pages kept out of the page cache, the header menu, saving a story and the paywall.
#include "web/account_pages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "accounts/preferences.h"
#include "accounts/unsubscribe.h"
#include "core/clock.h"
#include "core/config.h"
#include "store/alert_outbox_store.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"
#include "web/account_support.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const core::TimePoint kT0 = core::FromUnixSeconds(1'764'547'200);

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name)
      return v;
  }
  return "";
}

// The value of `name` in an HTML input: value="...".
std::string InputValue(const std::string& html, std::string_view name) {
  std::string marker = "name=\"" + std::string(name) + "\" value=\"";
  size_t at = html.find(marker);
  if (at == std::string::npos)
    return "";
  at += marker.size();
  return html.substr(at, html.find('"', at) - at);
}

class AccountPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    store_ = std::move(*store::SqliteStore::Open(options));
    auto config =
        core::ParseConfig("[premium]\nsections = [\"markets\"]\nfree_articles_per_month = 1\n");
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = std::move(*config);
    site_ = std::move(*Site::Create(*store_, config_, clock_));
    ASSERT_TRUE(site_->PollOutboxOnce());
    free_id_ = Publish("free", "news/world", "Harbour reopens");
    premium_id_ = Publish("p1", "markets", "Shares rally");
    premium2_id_ = Publish("p2", "markets", "Bonds slip");
  }

  core::ArticleId Publish(const std::string& guid, std::string_view section,
                          const std::string& headline) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.headline = headline;
    v.item.body_html = "<p>" + headline + " full body text</p>";
    v.item.published = clock_.Now() - std::chrono::minutes(5);
    v.rank = 1;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = clock_.Now();
    auto outcome = store_->WriteVersion(v, [](const auto&) {
      return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                    ""};
    });
    EXPECT_TRUE(outcome);
    return outcome ? outcome->article_id : 0;
  }

  Response Get(const std::string& target, const std::string& cookie = "") {
    Request r;
    r.method = Method::kGet;
    r.target = target;
    r.path = target.substr(0, target.find('?'));
    if (target.find('?') != std::string::npos) {
      std::string q = target.substr(target.find('?') + 1);
      for (auto& [k, v] : ParseForm(q)) r.query.emplace(k, v);
    }
    if (!cookie.empty())
      r.headers["cookie"] = cookie;
    r.remote_address = "127.0.0.1";
    return site_->Handle(r);
  }

  Response Post(const std::string& path, const std::string& body, const std::string& cookie) {
    Request r;
    r.method = Method::kPost;
    r.target = path;
    r.path = path;
    r.body = body;
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    if (!cookie.empty())
      r.headers["cookie"] = cookie;
    r.remote_address = "127.0.0.1";
    return site_->Handle(r);
  }

  // Signs up through the forms; returns the session cookie ("wd_session=...").
  std::string SignUp(const std::string& email) {
    Response form = Get("/account/signup");
    EXPECT_EQ(form.status, 200);
    std::string set_cookie = HeaderOf(form, "Set-Cookie");
    EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
    std::string csrf_cookie = set_cookie.substr(0, set_cookie.find(';'));
    std::string token = InputValue(*form.body, "csrf_token");
    EXPECT_EQ(csrf_cookie, "wd_csrf=" + token);
    Response done =
        Post("/account/signup", "csrf_token=" + token + "&email=" + email + "&password=password123",
             csrf_cookie);
    EXPECT_EQ(done.status, 303) << *done.body;
    std::string session = HeaderOf(done, "Set-Cookie");
    EXPECT_THAT(session, HasSubstr("HttpOnly"));
    EXPECT_THAT(session, HasSubstr("SameSite=Lax"));
    EXPECT_THAT(session, Not(HasSubstr("Secure")));  // secure_cookies is off by default.
    return session.substr(0, session.find(';'));
  }

  std::string CsrfOf(const std::string& cookie) {
    return InputValue(*Get("/account/", cookie).body, "csrf_token");
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kT0};
  core::Config config_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<Site> site_;
  core::ArticleId free_id_ = 0;
  core::ArticleId premium_id_ = 0;
  core::ArticleId premium2_id_ = 0;
};

TEST_F(AccountPagesTest, AnonymousFormsNeedTheirDoubleSubmitToken) {
  Response no_cookie =
      Post("/account/signup", "csrf_token=x&email=a%40b.example&password=pw123456", "");
  EXPECT_EQ(no_cookie.status, 403);
  Response mismatch =
      Post("/account/login", "csrf_token=abc&email=a%40b.example&password=x", "wd_csrf=abd");
  EXPECT_EQ(mismatch.status, 403);
  EXPECT_THAT(*mismatch.body, HasSubstr("This form expired"));
}

TEST_F(AccountPagesTest, SignedInFormsNeedTheSessionCsrfToken) {
  std::string cookie = SignUp("a%40example.com");
  std::string csrf = CsrfOf(cookie);
  ASSERT_FALSE(csrf.empty());
  // Without the token, with another session's token, or with none at all: 403, nothing done.
  std::string other = CsrfOf(SignUp("b%40example.com"));
  for (const std::string& body :
       {std::string("kind=topic&value=ports"), "csrf_token=" + other + "&kind=topic&value=ports",
        std::string("csrf_token=&kind=topic&value=ports")}) {
    EXPECT_EQ(Post("/account/watchlist", body, cookie).status, 403) << body;
  }
  EXPECT_THAT(*Get("/account/watchlist", cookie).body, Not(HasSubstr(">ports<")));
  Response added =
      Post("/account/watchlist", "csrf_token=" + csrf + "&kind=topic&value=ports", cookie);
  EXPECT_EQ(added.status, 200);
  EXPECT_THAT(*added.body, HasSubstr("Now following ports"));
  // Logout needs it too.
  EXPECT_EQ(Post("/account/logout", "", cookie).status, 403);
  Response out = Post("/account/logout", "csrf_token=" + csrf, cookie);
  EXPECT_EQ(out.status, 303);
  EXPECT_THAT(HeaderOf(out, "Set-Cookie"), HasSubstr("Max-Age=0"));
  EXPECT_EQ(Get("/account/", cookie).status, 303);  // The session is gone.
}

TEST_F(AccountPagesTest, AlertsPageOffersBrowserNotificationsThroughSameOriginScript) {
  std::string cookie = SignUp("a%40example.com");
  // Without a VAPID key the block says so and loads nothing to subscribe with.
  Response off = Get("/account/alerts", cookie);
  ASSERT_EQ(off.status, 200);
  EXPECT_THAT(*off.body, HasSubstr("Browser notifications are not available on this server"));
  EXPECT_THAT(*off.body, Not(HasSubstr("data-vapid-key")));

  site_->SetVapidPublicKey("BKey_for-test");
  Response page = Get("/account/alerts", cookie);
  ASSERT_EQ(page.status, 200);
  const std::string& html = *page.body;
  // Rendered by the server, disabled until static/push.js enables it; no inline script.
  EXPECT_THAT(html, HasSubstr("data-vapid-key=\"BKey_for-test\""));
  EXPECT_THAT(html, HasSubstr("Turn on browser notifications"));
  EXPECT_THAT(html, HasSubstr("data-push-subscribe disabled"));
  EXPECT_THAT(html, HasSubstr("<noscript><p class=\"hint\">Browser notifications need JavaScript"));
  EXPECT_THAT(html, HasSubstr("<script src=\"/static/push.js?v="));
  EXPECT_THAT(html, Not(HasSubstr("<script>")));
  EXPECT_THAT(html, HasSubstr("No browser of yours gets notifications yet."));

  // The script's POST is a form like any other: the session's CSRF token or 403.
  std::string subscription =
      "action=subscribe&endpoint=https%3A%2F%2Fpush.example.net%2Fpush%2Fabc"
      "&p256dh=BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-"
      "AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
      "&auth=BTBZMqHH6r4Tts7J_aSIgg";
  EXPECT_EQ(Post("/account/push-subscriptions", subscription, cookie).status, 403);
  std::string csrf = CsrfOf(cookie);
  Response bad = Post("/account/push-subscriptions",
                      "csrf_token=" + csrf + "&action=subscribe&endpoint=https%3A%2F%2F" +
                          "push.example.net%2Fx&p256dh=AAAA&auth=BTBZMqHH6r4Tts7J_aSIgg",
                      cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(*bad.body, HasSubstr("Keys.p256dh must be"));
  Response added =
      Post("/account/push-subscriptions", "csrf_token=" + csrf + "&" + subscription, cookie);
  EXPECT_EQ(added.status, 303) << *added.body;
  EXPECT_EQ(HeaderOf(added, "Location"), "/account/alerts");
  EXPECT_THAT(*Get("/account/alerts", cookie).body,
              HasSubstr("Notifications are on in 1 of your browsers."));
  // Subscribing turned the channel on.
  EXPECT_THAT(*Get("/account/preferences", cookie).body,
              HasSubstr("name=\"alert_web_push\" value=\"on\" checked"));
  Response removed =
      Post("/account/push-subscriptions",
           "csrf_token=" + csrf + "&action=unsubscribe&endpoint=https%3A%2F%2Fpush.example.net" +
               "%2Fpush%2Fabc",
           cookie);
  EXPECT_EQ(removed.status, 303);
  EXPECT_THAT(*Get("/account/alerts", cookie).body,
              HasSubstr("No browser of yours gets notifications yet."));
}

TEST_F(AccountPagesTest, ServiceWorkerIsServedFromTheRootAsJavaScript) {
  Response worker = Get("/sw.js");
  ASSERT_EQ(worker.status, 200);
  EXPECT_EQ(worker.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(HeaderOf(worker, "Cache-Control"), "no-cache");
  EXPECT_THAT(*worker.body, HasSubstr("showNotification"));
  EXPECT_THAT(*worker.body, HasSubstr("notificationclick"));
  EXPECT_EQ(Get("/static/push.js").status, 200);
}

TEST_F(AccountPagesTest, LoginRotatesTheSessionCookie) {
  std::string first = SignUp("a%40example.com");
  Response form = Get("/account/login");  // Signed-in readers are sent on; take a fresh form.
  std::string token = InputValue(*form.body, "csrf_token");
  std::string csrf_cookie = HeaderOf(form, "Set-Cookie");
  csrf_cookie = csrf_cookie.substr(0, csrf_cookie.find(';'));
  Response done =
      Post("/account/login", "csrf_token=" + token + "&email=a%40example.com&password=password123",
           first + "; " + csrf_cookie);
  ASSERT_EQ(done.status, 303);
  std::string second = HeaderOf(done, "Set-Cookie");
  second = second.substr(0, second.find(';'));
  EXPECT_NE(second, first);
  EXPECT_EQ(Get("/account/", first).status, 303);
  EXPECT_EQ(Get("/account/", second).status, 200);
}

TEST_F(AccountPagesTest, PersonalPagesArePrivateAndNeverCached) {
  std::string cookie = SignUp("a%40example.com");
  Response home = Get("/", cookie);
  EXPECT_EQ(home.status, 200);
  EXPECT_THAT(*home.body, HasSubstr("a@example.com"));
  EXPECT_THAT(*home.body, HasSubstr("Redeem a Gift Card"));
  EXPECT_EQ(HeaderOf(home, "Cache-Control"), "private, no-store");
  // The anonymous home page, served from the page cache, never shows the reader.
  Response anonymous = Get("/");
  Response again = Get("/");
  EXPECT_THAT(*again.body, Not(HasSubstr("a@example.com")));
  EXPECT_THAT(*again.body, HasSubstr("Log in"));
  EXPECT_FALSE(HeaderOf(again, "ETag").empty());
  // A response that sets a cookie is not cached for others.
  Response login1 = Get("/account/login");
  Response login2 = Get("/account/login");
  EXPECT_NE(InputValue(*login1.body, "csrf_token"), InputValue(*login2.body, "csrf_token"));
}

TEST_F(AccountPagesTest, SaveFromTheArticlePageAndSeeItInMyReads) {
  std::string cookie = SignUp("a%40example.com");
  auto article = store_->GetArticle(free_id_);
  Response page = Get(article->Url(), cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(*page.body, HasSubstr("Save for later"));
  EXPECT_THAT(*page.body, HasSubstr("Report an error"));
  std::string csrf = InputValue(*page.body, "csrf_token");
  Response saved = Post("/account/saved",
                        "csrf_token=" + csrf + "&article_id=" + std::to_string(free_id_) +
                            "&action=save&next=" + article->Url(),
                        cookie);
  EXPECT_EQ(saved.status, 303);
  EXPECT_EQ(HeaderOf(saved, "Location"), article->Url());
  EXPECT_THAT(*Get("/account/saved", cookie).body, HasSubstr("Harbour reopens"));
  EXPECT_THAT(*Get("/account/reads", cookie).body, HasSubstr("Harbour reopens"));
  // An open redirect is not possible through "next".
  Response evil = Post("/account/saved",
                       "csrf_token=" + csrf + "&article_id=" + std::to_string(free_id_) +
                           "&action=remove&next=//evil.example/",
                       cookie);
  EXPECT_EQ(HeaderOf(evil, "Location"), "/account/saved");
}

TEST_F(AccountPagesTest, PremiumStoriesMeterThenPaywall) {
  auto premium = store_->GetArticle(premium_id_);
  auto premium2 = store_->GetArticle(premium2_id_);
  Response anonymous = Get(premium->Url());
  EXPECT_EQ(anonymous.status, 200);
  EXPECT_THAT(*anonymous.body, HasSubstr("This is a premium story"));
  EXPECT_THAT(*anonymous.body, Not(HasSubstr("full body text")));
  std::string cookie = SignUp("a%40example.com");
  Response metered = Get(premium->Url(), cookie);
  EXPECT_THAT(*metered.body, HasSubstr("full body text"));
  EXPECT_THAT(*metered.body, HasSubstr("0 free premium stories left"));
  Response walled = Get(premium2->Url(), cookie);
  EXPECT_THAT(*walled.body, HasSubstr("You have read this month"));
  EXPECT_THAT(*walled.body, Not(HasSubstr("full body text")));
}

TEST_F(AccountPagesTest, AdminPagesAreForEditorsOnly) {
  std::string cookie = SignUp("a%40example.com");
  EXPECT_EQ(Get("/admin/feedback", cookie).status, 403);
  EXPECT_EQ(Get("/admin/giftcards").status, 303);
  ASSERT_TRUE(site_->context().accounts->AddUser("editor@example.com", "editor-pass",
                                                 store::UserRole::kAdmin));
  Response form = Get("/account/login");
  std::string token = InputValue(*form.body, "csrf_token");
  std::string csrf_cookie = HeaderOf(form, "Set-Cookie");
  csrf_cookie = csrf_cookie.substr(0, csrf_cookie.find(';'));
  Response done =
      Post("/account/login",
           "csrf_token=" + token + "&email=editor%40example.com&password=editor-pass", csrf_cookie);
  std::string admin = HeaderOf(done, "Set-Cookie");
  admin = admin.substr(0, admin.find(';'));
  Response inbox = Get("/admin/feedback", admin);
  EXPECT_EQ(inbox.status, 200);
  std::string csrf = CsrfOf(admin);
  Response minted = Post("/admin/giftcards", "csrf_token=" + csrf + "&days=30&count=2", admin);
  EXPECT_EQ(minted.status, 200);
  EXPECT_THAT(*minted.body, HasSubstr("2 codes of 30 days each were minted"));
}

TEST_F(AccountPagesTest, EditorsSeeFailedAlertsAndSendOneAgain) {
  store::AlertOutboxStore* outbox = site_->context().alert_outbox;
  ASSERT_NE(outbox, nullptr);
  std::string reader_cookie = SignUp("reader%40example.com");
  auto reader = site_->context().accounts->store().FindUserByEmail("reader@example.com");
  ASSERT_TRUE(reader);
  ASSERT_TRUE(outbox->Enqueue({{.key = "failed-1",
                                .user_id = reader->id,
                                .article_id = free_id_,
                                .channel = "webhook",
                                .recipient = "https://hooks.example/x",
                                .reason = "you follow Harbour",
                                .due_at = kT0}},
                              kT0));
  auto claimed = outbox->ClaimDue(kT0, 10, std::chrono::seconds(60));
  ASSERT_EQ(claimed->size(), 1u);
  ASSERT_TRUE(outbox->MarkDead((*claimed)[0].id, "HTTP 500 from hooks.example"));
  EXPECT_EQ(Get("/admin/alerts", reader_cookie).status, 403);

  ASSERT_TRUE(site_->context().accounts->AddUser("editor@example.com", "editor-pass",
                                                 store::UserRole::kAdmin));
  Response form = Get("/account/login");
  std::string csrf_cookie = HeaderOf(form, "Set-Cookie");
  csrf_cookie = csrf_cookie.substr(0, csrf_cookie.find(';'));
  Response done = Post("/account/login",
                       "csrf_token=" + InputValue(*form.body, "csrf_token") +
                           "&email=editor%40example.com&password=editor-pass",
                       csrf_cookie);
  std::string admin = HeaderOf(done, "Set-Cookie");
  admin = admin.substr(0, admin.find(';'));
  Response page = Get("/admin/alerts", admin);
  ASSERT_EQ(page.status, 200);
  EXPECT_THAT(*page.body, HasSubstr("webhook to reader@example.com"));
  EXPECT_THAT(*page.body, HasSubstr("HTTP 500 from hooks.example"));
  EXPECT_THAT(*page.body, HasSubstr("Harbour reopens"));
  std::string retry = "/admin/alerts/" + std::to_string((*claimed)[0].id) + "/retry";
  EXPECT_EQ(Post(retry, "", admin).status, 403) << "no CSRF token";
  Response requeued = Post(retry, "csrf_token=" + CsrfOf(admin), admin);
  EXPECT_EQ(requeued.status, 303);
  EXPECT_EQ(HeaderOf(requeued, "Location"), "/admin/alerts?requeued=1");
  EXPECT_EQ(outbox->ClaimDue(kT0, 10, std::chrono::seconds(60))->size(), 1u);
  EXPECT_EQ(Post(retry, "csrf_token=" + CsrfOf(admin), admin).status, 404) << "no longer dead";
}

TEST_F(AccountPagesTest, AnUnsubscribeLinkTurnsAlertEmailsOffWithoutSigningIn) {
  SignUp("reader%40example.com");
  store::AccountStore& accounts = site_->context().accounts->store();
  auto reader = accounts.FindUserByEmail("reader@example.com");
  ASSERT_TRUE(reader);
  ASSERT_TRUE(accounts.SetPreferences(
      reader->id, R"({"alerts": {"email": true, "breaking": true}, "digest": "daily"})"));
  auto key = accounts.SiteKey(std::string(accounts::kUnsubscribeKeyName), "test-key");
  ASSERT_TRUE(key);
  std::string token = accounts::MakeUnsubscribeToken(*key, reader->id);

  Response confirm = Get("/account/unsubscribe?t=" + token);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_THAT(*confirm.body, HasSubstr("Stop all alert e-mails and digests to reader@example.com"));
  EXPECT_EQ(Get("/account/unsubscribe?t=" + token + "x").status, 400);

  // A mail provider's RFC 8058 one-click POST: no cookie, no CSRF token.
  Request one_click;
  one_click.method = Method::kPost;
  one_click.target = "/account/unsubscribe?t=" + token;
  one_click.path = "/account/unsubscribe";
  one_click.query.emplace("t", token);
  one_click.body = "List-Unsubscribe=One-Click";
  one_click.headers["content-type"] = "application/x-www-form-urlencoded";
  one_click.remote_address = "203.0.113.9";
  Response done = site_->Handle(one_click);
  ASSERT_EQ(done.status, 200);
  EXPECT_THAT(*done.body, HasSubstr("No more alert e-mails or digests will go to"));
  auto after = accounts::ParseStoredPreferences(accounts.GetUser(reader->id)->preferences_json);
  ASSERT_TRUE(after);
  EXPECT_FALSE(after->alerts.email);
  EXPECT_EQ(after->digest, accounts::Digest::kNone);
  EXPECT_TRUE(after->alerts.breaking) << "other settings stay";
}

}  // namespace
}  // namespace wiredesk::web
