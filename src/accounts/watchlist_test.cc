#include "accounts/watchlist.h"

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(Watchlist, ChecksKindAndValue) {
  auto ticker = CheckWatchEntry("ticker", " acme ");
  ASSERT_TRUE(ticker);
  EXPECT_EQ(ticker->value, "ACME");
  EXPECT_FALSE(CheckWatchEntry("planet", "Mars"));
  EXPECT_FALSE(CheckWatchEntry("topic", "   "));
  EXPECT_FALSE(CheckWatchEntry("topic", "say \"hi\""));
  EXPECT_FALSE(CheckWatchEntry("topic", std::string(101, 'a')));
}

TEST(Watchlist, MatchesWholeWordsInHeadlineSummaryAndSubjects) {
  core::Article article;
  article.headline = "Acme Corp shares rise";
  article.summary_html = "<p>Trading in <b>Port Averin</b> was brisk.</p>";
  article.subjects = {{"Climate change", "", ""}};
  EXPECT_TRUE(MatchesWatch(article, {"company", "acme corp"}));
  EXPECT_TRUE(MatchesWatch(article, {"place", "Port Averin"}));
  EXPECT_TRUE(MatchesWatch(article, {"topic", "climate"}));
  EXPECT_FALSE(MatchesWatch(article, {"company", "acm"}));  // Not a whole word.
  EXPECT_FALSE(MatchesWatch(article, {"keyword", "b"}));    // Markup never matches.
  EXPECT_EQ(WatchSearchQuery({"place", "Port Averin"}), "\"Port Averin\"");
}

}  // namespace
}  // namespace wiredesk::accounts
