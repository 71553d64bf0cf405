#include "alerts/subscription_index.h"

#include <algorithm>
#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::alerts {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<SubscriptionId> Ids(const std::vector<SubscriptionMatch>& matches) {
  std::vector<SubscriptionId> ids;
  for (const SubscriptionMatch& m : matches) ids.push_back(m.subscription);
  std::sort(ids.begin(), ids.end());  // Match() promises no order.
  return ids;
}

// One to `most` words drawn from `vocabulary` by a fixed-seed generator, so a failure names the
// same case on every run.
class RandomWords {
 public:
  RandomWords(std::vector<std::string> vocabulary, uint32_t seed)
      : vocabulary_(std::move(vocabulary)), seed_(seed) {}
  std::vector<std::string> Next(uint32_t most) {
    std::vector<std::string> words;
    for (uint32_t n = 1 + Draw() % most; n > 0; --n)
      words.push_back(vocabulary_[Draw() % vocabulary_.size()]);
    return words;
  }

 private:
  uint32_t Draw() {
    seed_ = seed_ * 1103515245u + 12345u;
    return (seed_ >> 16) & 0x7fff;
  }
  std::vector<std::string> vocabulary_;
  uint32_t seed_;
};

std::string Joined(const std::vector<std::string>& words) {
  std::string text;
  for (const std::string& word : words) text += word + " ";
  return text;
}

class SubscriptionIndexTest : public ::testing::Test {
 protected:
  void Follow(SubscriptionId id, ReaderId reader, SubscriptionKind kind, std::string value,
              int max_urgency = 0) {
    auto added = index_.Add({id, reader, kind, std::move(value), max_urgency});
    ASSERT_TRUE(added) << added.error().ToString();
  }

  std::vector<SubscriptionId> Matched(std::string_view headline, std::string_view body = "",
                                      std::string_view section = "news",
                                      std::vector<std::string_view> subjects = {},
                                      std::optional<int> urgency = std::nullopt) {
    ArticleText article{.headline = headline,
                        .summary = "",
                        .body = body,
                        .section = section,
                        .subjects = std::move(subjects),
                        .urgency = urgency};
    return Ids(index_.Match(article));
  }

  SubscriptionIndex index_;
};

TEST_F(SubscriptionIndexTest, WordsMatchInAnyOrderAndAllMustOccur) {
  Follow(1, 10, SubscriptionKind::kWords, "interest rates");
  Follow(2, 11, SubscriptionKind::kWords, "rates");
  EXPECT_THAT(Matched("Central bank holds RATES", "<p>Interest was high.</p>"), ElementsAre(1, 2));
  EXPECT_THAT(Matched("Rates steady"), ElementsAre(2));
  EXPECT_THAT(Matched("Interest in chess grows"), IsEmpty());
}

TEST_F(SubscriptionIndexTest, MatchIntoReplacesWhatTheBufferHeld) {
  Follow(1, 10, SubscriptionKind::kWords, "rates");
  Follow(2, 11, SubscriptionKind::kSection, "business");
  std::vector<SubscriptionMatch> buffer;
  index_.MatchInto({.headline = "Rates rise",
                    .summary = "",
                    .body = "",
                    .section = "business/markets",
                    .subjects = {},
                    .urgency = std::nullopt},
                   buffer);
  EXPECT_THAT(Ids(buffer), ElementsAre(1, 2));
  index_.MatchInto({.headline = "Harbour reopens",
                    .summary = "",
                    .body = "",
                    .section = "news",
                    .subjects = {},
                    .urgency = std::nullopt},
                   buffer);
  EXPECT_THAT(buffer, IsEmpty());
}

TEST_F(SubscriptionIndexTest, PhrasesAndNamesNeedTheWordsInOrderWithinOneField) {
  Follow(1, 10, SubscriptionKind::kPhrase, "Bank of England");
  EXPECT_THAT(Matched("Bank of England raises rates"), ElementsAre(1));
  EXPECT_THAT(Matched("England bank of the year"), IsEmpty());
  // Markup between the words is not a word; a field boundary is.
  EXPECT_THAT(Matched("Rates", "<p>The <b>Bank</b> of England said</p>"), ElementsAre(1));
  EXPECT_THAT(Matched("Talks at the Bank", "<p>of England</p>"), IsEmpty());
}

TEST_F(SubscriptionIndexTest, SectionsCoverTheirSubtreeOnly) {
  Follow(1, 10, SubscriptionKind::kSection, "news");
  Follow(2, 11, SubscriptionKind::kSection, "/news/world/");
  Follow(3, 12, SubscriptionKind::kSection, "news/wor");
  EXPECT_THAT(Matched("Anything", "", "news/world/europe"), ElementsAre(1, 2));
  EXPECT_THAT(Matched("Anything", "", "news"), ElementsAre(1));
  EXPECT_THAT(Matched("Anything", "", "business"), IsEmpty());
}

TEST_F(SubscriptionIndexTest, SubjectsMatchByCodeOrNameIgnoringCase) {
  Follow(1, 10, SubscriptionKind::kSubject, "medtop:20000344");
  Follow(2, 11, SubscriptionKind::kSubject, "Grain");
  EXPECT_THAT(Matched("Harvest", "", "business", {"grain", "medtop:20000344", "GRAIN"}),
              ElementsAre(1, 2));
  EXPECT_THAT(Matched("Harvest", "", "business", {"wheat"}), IsEmpty());
}

TEST_F(SubscriptionIndexTest, BreakingNewsMatchesUrgencyAtOrAboveTheReadersBar) {
  Follow(1, 10, SubscriptionKind::kBreaking, "", 1);
  Follow(2, 11, SubscriptionKind::kBreaking, "", 3);
  EXPECT_THAT(Matched("Flash", "", "news", {}, 1), ElementsAre(1, 2));
  EXPECT_THAT(Matched("Urgent", "", "news", {}, 3), ElementsAre(2));
  EXPECT_THAT(Matched("Routine", "", "news", {}, 5), IsEmpty());
  EXPECT_THAT(Matched("Unknown urgency"), IsEmpty());
}

TEST_F(SubscriptionIndexTest, EachSubscriptionComesOnceWithItsReader) {
  Follow(7, 30, SubscriptionKind::kWords, "oil");
  Follow(5, 20, SubscriptionKind::kWords, "oil prices");
  Follow(6, 20, SubscriptionKind::kSection, "business");
  ArticleText article;
  article.headline = "Oil prices: oil, oil, oil";
  article.section = "business";
  auto matches = index_.Match(article);
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.subscription < b.subscription; });
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0].subscription, 5);
  EXPECT_EQ(matches[0].reader, 20);
  EXPECT_EQ(matches[1].subscription, 6);
  EXPECT_EQ(matches[1].reader, 20);
  EXPECT_EQ(matches[2].subscription, 7);
  EXPECT_EQ(matches[2].reader, 30);
}

TEST_F(SubscriptionIndexTest, RemovingAndReplacingTakeEffectAtOnce) {
  Follow(1, 10, SubscriptionKind::kWords, "oil");
  EXPECT_EQ(index_.size(), 1u);
  Follow(1, 10, SubscriptionKind::kWords, "gold");  // Same id: replaces.
  EXPECT_EQ(index_.size(), 1u);
  EXPECT_THAT(Matched("Oil falls"), IsEmpty());
  EXPECT_THAT(Matched("Gold rises"), ElementsAre(1));
  EXPECT_TRUE(index_.Remove(1));
  EXPECT_FALSE(index_.Remove(1));
  EXPECT_EQ(index_.size(), 0u);
  EXPECT_THAT(Matched("Gold rises"), IsEmpty());
  Follow(2, 10, SubscriptionKind::kWords, "gold");  // The freed slot is reused correctly.
  EXPECT_THAT(Matched("Gold rises"), ElementsAre(2));
}

TEST_F(SubscriptionIndexTest, RefusesSubscriptionsThatCanNeverMatch) {
  EXPECT_FALSE(index_.Add({1, 10, SubscriptionKind::kWords, " -- ", 0}));
  EXPECT_FALSE(index_.Add({2, 10, SubscriptionKind::kPhrase, "", 0}));
  EXPECT_FALSE(index_.Add({3, 10, SubscriptionKind::kSection, "/", 0}));
  EXPECT_FALSE(index_.Add({4, 10, SubscriptionKind::kSubject, " ", 0}));
  EXPECT_FALSE(index_.Add({5, 10, SubscriptionKind::kBreaking, "", 0}));
  EXPECT_FALSE(index_.Add({6, 10, SubscriptionKind::kBreaking, "", 10}));
  EXPECT_EQ(index_.size(), 0u);
  EXPECT_GT(index_.MemoryBytes(), 0u);
}

// The anchor choice must never lose a match: whichever word indexes a subscription, an article
// with all its words finds it. Checked against the obvious loop over every subscription.
TEST_F(SubscriptionIndexTest, AgreesWithAFullScanOnManySubscriptions) {
  RandomWords random(
      {"oil", "gold", "bank", "rates", "grain", "china", "election", "storm", "bridge", "chess"},
      12345);
  std::vector<std::vector<std::string>> followed;
  for (int id = 0; id < 500; ++id) {
    followed.push_back(random.Next(3));
    Follow(id, id / 3, SubscriptionKind::kWords, Joined(followed.back()));
  }
  for (int article = 0; article < 50; ++article) {
    std::string headline = Joined(random.Next(5));
    std::vector<SubscriptionId> expected;
    for (size_t id = 0; id < followed.size(); ++id) {
      bool all = std::all_of(followed[id].begin(), followed[id].end(), [&](const std::string& w) {
        return (" " + headline).find(" " + w + " ") != std::string::npos;
      });
      if (all)
        expected.push_back(static_cast<SubscriptionId>(id));
    }
    EXPECT_EQ(Matched(headline), expected) << headline;
  }
}

// Phrases of one to six words over a small vocabulary: every anchor position, phrases longer
// than a posting holds inline, repeated words, all checked against a plain search.
TEST_F(SubscriptionIndexTest, PhrasesAgreeWithAPlainSearchWhateverTheirLengthAndAnchor) {
  RandomWords random({"new", "york", "city", "of", "the", "bank"}, 777);
  std::vector<std::vector<std::string>> followed;
  for (int id = 0; id < 400; ++id) {
    followed.push_back(random.Next(6));
    Follow(id, id, SubscriptionKind::kPhrase, Joined(followed.back()));
  }
  for (int article = 0; article < 200; ++article) {
    std::vector<std::string> text = random.Next(12);
    std::string headline = Joined(text);
    std::vector<SubscriptionId> expected;
    for (size_t id = 0; id < followed.size(); ++id) {
      if (std::search(text.begin(), text.end(), followed[id].begin(), followed[id].end()) !=
          text.end())
        expected.push_back(static_cast<SubscriptionId>(id));
    }
    EXPECT_EQ(Matched(headline), expected) << headline;
  }
}

TEST_F(SubscriptionIndexTest, LongWordsAndManyDistinctWordsAreFoundExactly) {
  // Words longer than a table slot holds are compared in full.
  Follow(1, 1, SubscriptionKind::kWords, "Donaudampfschifffahrtsgesellschaft");
  Follow(2, 2, SubscriptionKind::kWords, "Donaudampfschifffahrtsgesellschafts");
  EXPECT_THAT(Matched("Die Donaudampfschifffahrtsgesellschaft meldet Gewinn"), ElementsAre(1));
  EXPECT_THAT(Matched("Donaudampfschifffahrt"), IsEmpty());
  // Thousands of followed words make the table grow several times; each stays findable.
  for (int n = 0; n < 5000; ++n)
    Follow(100 + n, 3, SubscriptionKind::kWords, "w" + std::to_string(n));
  EXPECT_THAT(Matched("w0 and w4999"), ElementsAre(100, 5099));
  EXPECT_THAT(Matched("w5000"), IsEmpty());
}

TEST_F(SubscriptionIndexTest, MatchesWhileSubscriptionsChangeOnOtherThreads) {
  Follow(1, 10, SubscriptionKind::kWords, "storm");
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (SubscriptionId id = 100; id < 2000 && !stop; ++id) {
      ASSERT_TRUE(index_.Add({id, id, SubscriptionKind::kWords, "storm warning", 0}));
      if (id % 2 == 0)
        index_.Remove(id);
    }
  });
  for (int i = 0; i < 200; ++i) {
    std::vector<SubscriptionId> ids = Matched("Storm warning issued");
    ASSERT_FALSE(ids.empty());
    EXPECT_EQ(ids.front(), 1);
  }
  stop = true;
  writer.join();
}

}  // namespace
}  // namespace wiredesk::alerts
