#include "ingest/dedupe.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wiredesk::ingest {
namespace {

const char kBody[] =
    "<p>Ministers from twelve countries met in Geneva on Tuesday to agree a timetable for the "
    "reopening of the northern harbour, closed since the storm in March.</p><p>The talks, "
    "chaired by the Swiss foreign minister, are expected to last three days and to end with a "
    "joint statement on shipping rights and port fees.</p><p>Delegates said the main obstacle "
    "was the cost of dredging the outer channel, which engineers put at forty million francs, "
    "and the question of who would pay for it. Two of the larger countries have offered loans; "
    "the others want grants from the regional development fund instead.</p><p>Shipping lines "
    "have diverted more than two hundred vessels to southern ports since the closure.</p>";

TEST(DedupeWords, SplitsOnPunctuationMarkupAndEntities) {
  std::vector<std::string_view> words =
      DedupeWords("<p class=\"x\">Hello,&nbsp;world&amp;co</p><p>caf\xc3\xa9 2026 a&b</p>");
  std::vector<std::string> got(words.begin(), words.end());
  EXPECT_EQ(got,
            (std::vector<std::string>{"Hello", "world", "co", "caf\xc3\xa9", "2026", "a", "b"}));
  EXPECT_TRUE(DedupeWords("").empty());
  EXPECT_TRUE(DedupeWords("<unclosed tag").empty());
  EXPECT_EQ(DedupeWords("&&&x").size(), 1u);
}

TEST(SimHash, IgnoresCaseMarkupAndSpacing) {
  Fingerprint a = MakeFingerprint("Ministers meet in Geneva", kBody);
  std::string plain = kBody;
  for (std::string_view tag : {"<p>", "</p>"}) {
    for (size_t at = plain.find(tag); at != std::string::npos; at = plain.find(tag)) {
      plain.replace(at, tag.size(), "  \n");
    }
  }
  Fingerprint b = MakeFingerprint("MINISTERS MEET IN GENEVA", plain);
  EXPECT_EQ(a.simhash, b.simhash);
  EXPECT_EQ(a.shingles, b.shingles);
  EXPECT_EQ(a.body_words, 115);
  EXPECT_TRUE(a.NearEligible());
  EXPECT_TRUE(a.ExactEligible());
}

TEST(SimHash, ASmallEditMovesFewBitsAnOtherStoryMany) {
  Fingerprint original = MakeFingerprint("Ministers meet in Geneva", kBody);
  std::string edited = kBody;
  // A re-send whose last sentence was retouched: one shingle of 118 differs.
  edited.replace(edited.find("the closure"), 11, "the storm");
  Fingerprint rewrite = MakeFingerprint("Ministers meet in Geneva", edited);
  EXPECT_LE(HammingDistance(original.simhash, rewrite.simhash), kNearDuplicateMaxDistance);

  Fingerprint other = MakeFingerprint(
      "Cup final tonight",
      "<p>The two clubs meet at the national stadium tonight in front of a crowd of eighty "
      "thousand, the first final between them since the league was founded a century ago, "
      "and both managers have named unchanged sides for the occasion.</p>");
  EXPECT_GT(HammingDistance(original.simhash, other.simhash), 12);
}

TEST(SimHash, ShortTextsAreNotEligible) {
  Fingerprint short_one = MakeFingerprint("Acme Corp", "<p>Qtly div 10 cts vs 10 cts prior</p>");
  EXPECT_FALSE(short_one.NearEligible());
  EXPECT_FALSE(short_one.ExactEligible());
  EXPECT_EQ(short_one.body_words, 8);

  int shingles = -1;
  EXPECT_EQ(SimHash({}, &shingles), 0u);
  EXPECT_EQ(shingles, 0);
  std::vector<std::string_view> two = {"one", "two"};
  SimHash(two, &shingles);
  EXPECT_EQ(shingles, 1);
}

TEST(HammingDistance, CountsDifferingBits) {
  EXPECT_EQ(HammingDistance(0, 0), 0);
  EXPECT_EQ(HammingDistance(0, ~uint64_t{0}), 64);
  EXPECT_EQ(HammingDistance(0b1011, 0b0001), 2);
}

TEST(BandKeys, PairsUnderTheThresholdShareABand) {
  const uint64_t base = 0x0123456789abcdefULL;
  auto keys = BandKeys(base);
  for (int i = 0; i < kBands; ++i) {
    EXPECT_EQ(keys[static_cast<size_t>(i)] >> (64 / kBands), i);  // Band index on top.
  }
  // Flip kNearDuplicateMaxDistance bits, one in each of the first bands: one band is intact.
  uint64_t changed = base;
  for (int i = 0; i < kNearDuplicateMaxDistance; ++i) changed ^= uint64_t{1} << (i * 16 + 3);
  auto other = BandKeys(changed);
  int shared = 0;
  for (size_t i = 0; i < keys.size(); ++i) shared += keys[i] == other[i] ? 1 : 0;
  EXPECT_GE(shared, 1);
  EXPECT_EQ(BandKeys(0)[1], int64_t{1} << 16);
}

}  // namespace
}  // namespace wiredesk::ingest
