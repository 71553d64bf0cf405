#include "core/key_terms.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(KeyTerms, CountsHeadlineWordsThriceAndSkipsMarkupAndCommonWords) {
  EXPECT_THAT(KeyTerms("Harbour bridge reopens", "",
                       "<p class=\"x\">The bridge was closed &amp; the harbour ferries ran. The "
                       "bridge reopened after repairs.</p>",
                       4),
              ElementsAre("bridge", "harbour", "reopens", "reopened"));
}

TEST(KeyTerms, IgnoresNumbersAndShortWordsAndHonoursTheCap) {
  EXPECT_THAT(KeyTerms("1987 GDP up 3 pct", "", "<p>of at in 42 gdp</p>", 10), ElementsAre("gdp"));
  EXPECT_THAT(KeyTerms("1987 GDP up 3 pct", "", "", 0), IsEmpty());
}

TEST(KeyTerms, RanksByCountThenLengthThenAlphabetAndFoldsCase) {
  // Counts: ore 6 (two headline mentions, either case), copper 4, zinc 4, prices 3.
  EXPECT_THAT(KeyTerms("Zinc ORE and copper Ore prices", "<p>zinc copper</p>", "", 10),
              ElementsAre("ore", "copper", "zinc", "prices"));
}

TEST(KeyTerms, AHeadlineIsPlainTextSoAngleBracketsAreWords) {
  // Reuters marks company names so; as markup they were dropped, and every "YEAR NET" notice
  // had the same key terms.
  EXPECT_THAT(KeyTerms("<GEORGE WESTON LTD> YEAR NET", "", "<p>Shr 1.10 dlrs</p>", 3),
              ElementsAre("george", "weston", "ltd"));
}

TEST(KeyTerms, TheArticleFormReadsHeadlineSummaryAndBody) {
  Article a;
  a.headline = "Harbour bridge reopens";
  a.summary_html = "<p>Ferries stop</p>";
  a.body_html = "<p>Ferries ferries</p>";
  EXPECT_THAT(KeyTerms(a, 2), ElementsAre("ferries", "harbour"));
}

}  // namespace
}  // namespace wiredesk::core
