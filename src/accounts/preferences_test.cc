#include "accounts/preferences.h"

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(Preferences, RoundTripsThroughJson) {
  auto prefs = ParsePreferences(
      R"({"sections": ["news/world", "markets"], "topics": [" climate "], "language": "pt-BR",
          "theme": "dark", "alert_channels": ["email", "whatsapp"],
          "quiet_hours": {"start": "22:30", "end": "06:00"}, "digest": "weekly",
          "history": false})");
  ASSERT_TRUE(prefs) << prefs.error().ToString();
  ASSERT_EQ(prefs->sections.size(), 2u);
  EXPECT_EQ(prefs->sections[0].ToString(), "news/world");
  EXPECT_EQ(prefs->topics, std::vector<std::string>{"climate"});
  EXPECT_EQ(prefs->theme, Theme::kDark);
  EXPECT_EQ(prefs->quiet_hours->start_minute, 22 * 60 + 30);
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
  for (const char* bad : {R"([])", R"({"theme": "blue"})", R"({"sections": ["Not A Path!"]})",
                          R"({"alert_channels": ["pigeon"]})",
                          R"({"quiet_hours": {"start": "25:00", "end": "01:00"}})",
                          R"({"language": "english language"})", R"({"history": "yes"})",
                          R"({"colour": "red"})", R"({"topics": ["a\"b"]})", "not json"}) {
    auto prefs = ParsePreferences(bad);
    ASSERT_FALSE(prefs) << bad;
    EXPECT_EQ(prefs.error().code(), core::ErrorCode::kInvalidArgument);
  }
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
