// AlertService with Web Push, over a real SQLite store and without network: who gets a webpush
// row queued, and what the dispatcher does with a browser whose endpoint can never be reached.
// Delivery to a push service that checks and decrypts each request is tests/e2e/webpush.test.mjs.
#include <gtest/gtest.h>

#include "accounts/preferences.h"
#include "alerts/alert_service.h"
#include "store/sqlite_store.h"
#include "store/testing/seed.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::alerts {
namespace {

const core::TimePoint kT0 = core::FromUnixSeconds(1'764'547'200);

// The RFC 8291 example browser's keys: valid, so only the endpoint decides what happens.
constexpr std::string_view kP256dh =
    "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
constexpr std::string_view kAuth = "BTBZMqHH6r4Tts7J_aSIgg";

class AlertServiceWebPushTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto store = store::SqliteStore::Open(options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::move(*store::OpenAccountStore(*store_));
    outbox_ = std::move(*store::OpenAlertOutboxStore(*store_));
  }

  std::unique_ptr<AlertService> MakeService(bool with_vapid) {
    AlertServiceOptions options;
    options.config.max_attempts = 3;
    if (with_vapid) {
      auto key = VapidKey::Generate();
      EXPECT_TRUE(key);
      options.vapid = key->first;
    }
    // Public addresses only: the loopback endpoints below are refused at connect time.
    options.policy = core::AddressPolicy(core::AddressPolicy::Scope::kPublicOnly);
    auto service = std::make_unique<AlertService>(*store_, *accounts_, *outbox_, clock_, options);
    EXPECT_TRUE(service->MatchNewEvents());  // Starts at the end of the event log.
    return service;
  }

  // A reader following the keyword "harbour", with browser notifications `on`.
  store::UserId Reader(const std::string& email, bool on) {
    store::UserId id = *store::test_util::CreateTestUser(*accounts_, email, kT0);
    accounts::Preferences prefs;
    prefs.alerts.web_push = on;
    EXPECT_TRUE(accounts_->SetPreferences(id, accounts::PreferencesToJson(prefs)));
    EXPECT_TRUE(accounts_->AddWatch({0, id, "keyword", "harbour", kT0}));
    return id;
  }

  void Subscribe(store::UserId id, const std::string& endpoint) {
    ASSERT_TRUE(accounts_->AddPushSubscription(
        {0, id, endpoint, std::string(kP256dh), std::string(kAuth), kT0}));
  }

  void PublishHarbourStory(const std::string& guid) {
    ASSERT_TRUE(
        store::test_util::WriteTestVersion(*store_, "harbour-" + guid, "news", 1, kT0, kT0, false));
  }

  std::vector<store::DeliveryRecord> AlertsOf(store::UserId id) {
    auto alerts = outbox_->RecentForUser(id, 10);
    EXPECT_TRUE(alerts);
    return alerts ? *alerts : std::vector<store::DeliveryRecord>{};
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kT0};
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<store::AlertOutboxStore> outbox_;
};

TEST_F(AlertServiceWebPushTest, QueuesOneRowForReadersWithTheSwitchOnAndABrowserSubscribed) {
  store::UserId two_browsers = Reader("two@example.com", true);
  Subscribe(two_browsers, "https://push.example.net/a");
  Subscribe(two_browsers, "https://push.example.net/b");
  store::UserId no_browser = Reader("none@example.com", true);
  store::UserId switched_off = Reader("off@example.com", false);
  Subscribe(switched_off, "https://push.example.net/c");

  auto service = MakeService(true);
  PublishHarbourStory("1");
  auto queued = service->MatchNewEvents();
  ASSERT_TRUE(queued) << queued.error().ToString();
  EXPECT_EQ(*queued, 1);
  auto alerts = AlertsOf(two_browsers);
  ASSERT_EQ(alerts.size(), 1u);  // One row for both browsers: the key is per channel.
  EXPECT_EQ(alerts[0].channel, "webpush");
  EXPECT_EQ(alerts[0].key.substr(alerts[0].key.rfind(':') + 1), "webpush");
  EXPECT_TRUE(AlertsOf(no_browser).empty());
  EXPECT_TRUE(AlertsOf(switched_off).empty());
}

TEST_F(AlertServiceWebPushTest, WithoutAVapidKeyNoWebPushIsQueued) {
  store::UserId reader = Reader("r@example.com", true);
  Subscribe(reader, "https://push.example.net/a");
  auto service = MakeService(false);
  PublishHarbourStory("1");
  ASSERT_TRUE(service->MatchNewEvents());
  EXPECT_TRUE(AlertsOf(reader).empty());
}

TEST_F(AlertServiceWebPushTest, ABrowserThatCanNeverBeReachedIsPrunedAndTheAlertGivenUp) {
  store::UserId reader = Reader("r@example.com", true);
  // Refused by the address policy on connect, like a push service answering 410: gone for good.
  Subscribe(reader, "https://127.0.0.1:9/push/a");
  Subscribe(reader, "https://[::1]:9/push/b");
  auto service = MakeService(true);
  PublishHarbourStory("1");
  ASSERT_TRUE(service->MatchNewEvents());
  auto handled = service->DispatchDue();
  ASSERT_TRUE(handled) << handled.error().ToString();
  EXPECT_EQ(*handled, 1);
  EXPECT_TRUE(accounts_->ListPushSubscriptions(reader)->empty());
  auto alerts = AlertsOf(reader);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].state, store::DeliveryState::kDead);
  EXPECT_EQ(alerts[0].last_error, "no subscribed browser can receive");
  // With no browser left, the next story queues nothing for the reader.
  PublishHarbourStory("2");
  ASSERT_TRUE(service->MatchNewEvents());
  EXPECT_EQ(AlertsOf(reader).size(), 1u);
}

}  // namespace
}  // namespace wiredesk::alerts
