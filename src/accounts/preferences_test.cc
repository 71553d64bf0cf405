#include "accounts/preferences.h"

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(Preferences, RoundTripsThroughJson) {
  auto prefs = ParsePreferences(
      R"({"sections": ["news/world", "markets"], "topics": [" climate "], "language": "pt-BR",
          "theme": "dark",
          "alerts": {"email": true, "whatsapp": "+15551234567", "webhook": "https://hooks.example.com/a",
                     "quiet_hours": {"start": "22:30", "end": "06:00", "tz": "Asia/Kolkata"}},
          "digest": "weekly", "history": false})");
  ASSERT_TRUE(prefs) << prefs.error().ToString();
  ASSERT_EQ(prefs->sections.size(), 2u);
  EXPECT_EQ(prefs->sections[0].ToString(), "news/world");
  EXPECT_EQ(prefs->topics, std::vector<std::string>{"climate"});
  EXPECT_EQ(prefs->theme, Theme::kDark);
  EXPECT_TRUE(prefs->alerts.email);
  EXPECT_FALSE(prefs->alerts.web_push);
  EXPECT_EQ(prefs->alerts.whatsapp, "+15551234567");
  EXPECT_EQ(prefs->alerts.webhook, "https://hooks.example.com/a");
  ASSERT_TRUE(prefs->alerts.quiet_hours);
  EXPECT_EQ(prefs->alerts.quiet_hours->start_minute, 22 * 60 + 30);
  EXPECT_EQ(prefs->alerts.quiet_hours->time_zone, "Asia/Kolkata");
  EXPECT_EQ(prefs->digest, Digest::kWeekly);
  EXPECT_FALSE(prefs->history);
  auto again = ParsePreferences(PreferencesToJson(*prefs));
  ASSERT_TRUE(again);
  EXPECT_EQ(PreferencesToJson(*again), PreferencesToJson(*prefs));
}

TEST(Preferences, AbsentKeysKeepTheBase) {
  Preferences base;
  base.theme = Theme::kLight;
  base.topics = {"energy"};
  auto prefs = ParsePreferences(R"({"digest": "daily"})", base);
  ASSERT_TRUE(prefs);
  EXPECT_EQ(prefs->theme, Theme::kLight);
  EXPECT_EQ(prefs->topics, std::vector<std::string>{"energy"});
  EXPECT_EQ(prefs->digest, Digest::kDaily);
}

TEST(Preferences, RejectsBadValuesNamingTheKey) {
  for (const char* bad :
       {R"([])", R"({"theme": "blue"})", R"({"sections": ["Not A Path!"]})",
        R"({"alerts": {"pigeon": true}})", R"({"alerts": []})", R"({"alerts": {"email": "yes"}})",
        R"({"alerts": {"whatsapp": "15551234567"}})",
        R"({"alerts": {"webhook": "ftp://example.com/x"}})",
        R"({"alerts": {"quiet_hours": {"start": "25:00", "end": "01:00"}}})",
        R"({"alerts": {"quiet_hours": {"start": "22:00", "end": "07:00", "tz": "Moon/Base"}}})",
        R"({"language": "english language"})", R"({"history": "yes"})", R"({"colour": "red"})",
        R"({"topics": ["a\"b"]})", "not json"}) {
    auto prefs = ParsePreferences(bad);
    ASSERT_FALSE(prefs) << bad;
    EXPECT_EQ(prefs.error().code(), core::ErrorCode::kInvalidArgument);
  }
}

TEST(Preferences, AlertSettingsMergeKeyByKeyAndNullClears) {
  Preferences base;
  base.alerts.email = true;
  base.alerts.whatsapp = "+919876543210";
  auto prefs = ParsePreferences(R"({"alerts": {"web_push": true}})", base);
  ASSERT_TRUE(prefs);
  EXPECT_TRUE(prefs->alerts.email);
  EXPECT_TRUE(prefs->alerts.web_push);
  EXPECT_EQ(prefs->alerts.whatsapp, "+919876543210");
  EXPECT_FALSE(prefs->alerts.breaking);
  prefs = ParsePreferences(R"({"alerts": {"breaking": true}})", *prefs);
  ASSERT_TRUE(prefs);
  EXPECT_TRUE(prefs->alerts.breaking);
  EXPECT_TRUE(prefs->alerts.web_push);
  EXPECT_NE(PreferencesToJson(*prefs).find(R"("breaking":true)"), std::string::npos);
  EXPECT_FALSE(ParsePreferences(R"({"alerts": {"breaking": "yes"}})", *prefs));
  prefs = ParsePreferences(R"({"alerts": {"whatsapp": null, "quiet_hours": null}})", *prefs);
  ASSERT_TRUE(prefs);
  EXPECT_TRUE(prefs->alerts.whatsapp.empty());
  EXPECT_FALSE(prefs->alerts.quiet_hours);
  // Quiet hours without a zone are in UTC.
  prefs = ParsePreferences(R"({"alerts": {"quiet_hours": {"start": "22:00", "end": "07:00"}}})");
  ASSERT_TRUE(prefs);
  EXPECT_EQ(prefs->alerts.quiet_hours->time_zone, "UTC");
}

TEST(Preferences, WebhookUrlsMustBePublicHttp) {
  EXPECT_TRUE(CheckWebhookUrl("https://hooks.example.com/wiredesk?x=1"));
  // A name that starts like an address is a name; its addresses are checked at connect time.
  EXPECT_TRUE(CheckWebhookUrl("http://10.0.0.1.example.net/x"));
  for (const char* bad :
       {"https://127.0.0.1/x", "http://10.1.2.3/", "https://[::1]/",
        "https://[::ffff:192.168.0.1]/", "http://169.254.169.254/latest/meta-data",
        "https://localhost:8080/", "https://a.localhost/", "https://user:pw@example.com/",
        "javascript:alert(1)", "example.com/x", "http://0x7f.1/", "http://2130706433/"}) {
    auto checked = CheckWebhookUrl(bad);
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().code(), core::ErrorCode::kInvalidArgument);
  }
}

TEST(Preferences, PushEndpointsMustBePublicHttpsUnlessPrivateAddressesAreAllowed) {
  EXPECT_TRUE(CheckPushEndpoint("https://fcm.googleapis.com/fcm/send/abc:def"));
  for (const char* bad : {"http://push.example.net/x", "https://127.0.0.1/x", "https://10.0.0.8/",
                          "https://localhost/", "https://u:p@push.example.net/", "ftp://a.b/",
                          "push.example.net/x"}) {
    auto checked = CheckPushEndpoint(bad);
    ASSERT_FALSE(checked) << bad;
    EXPECT_EQ(checked.error().code(), core::ErrorCode::kInvalidArgument);
    EXPECT_NE(checked.error().message().find("endpoint"), std::string::npos);
  }
  EXPECT_NE(CheckPushEndpoint("http://push.example.net/x").error().message().find("https"),
            std::string::npos);
  // A push service on the operator's own network (tests): private addresses and plain http.
  EXPECT_TRUE(CheckPushEndpoint("http://127.0.0.1:8443/push/1", true));
  EXPECT_TRUE(CheckPushEndpoint("https://10.0.0.8/push/1", true));
  EXPECT_FALSE(CheckPushEndpoint("ftp://127.0.0.1/", true));
}

TEST(Preferences, PhoneNumbersAndTimeZones) {
  EXPECT_TRUE(IsE164("+15551234567"));
  EXPECT_TRUE(IsE164("+919876543210"));
  EXPECT_FALSE(IsE164("15551234567"));
  EXPECT_FALSE(IsE164("+0551234567"));
  EXPECT_FALSE(IsE164("+1555 123 4567"));
  EXPECT_FALSE(IsE164("+1234567"));
  EXPECT_FALSE(IsE164("+1234567890123456"));
  EXPECT_TRUE(IsKnownTimeZone("Asia/Kolkata"));
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_FALSE(IsKnownTimeZone("Asia/Atlantis"));
  EXPECT_FALSE(IsKnownTimeZone(""));
}

TEST(Preferences, ClockTimes) {
  EXPECT_EQ(ParseClockTime("00:00"), 0);
  EXPECT_EQ(ParseClockTime("23:59"), 23 * 60 + 59);
  EXPECT_FALSE(ParseClockTime("24:00"));
  EXPECT_FALSE(ParseClockTime("7:00"));
  EXPECT_EQ(FormatClockTime(7 * 60 + 5), "07:05");
}

}  // namespace
}  // namespace wiredesk::accounts
