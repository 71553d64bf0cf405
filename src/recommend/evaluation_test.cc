#include "recommend/evaluation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::recommend {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;

TEST(RankingMetrics, MatchHandComputedValues) {
  std::vector<double> scores = {3, 2, 1};
  std::vector<bool> clicked = {true, false, true};
  EXPECT_DOUBLE_EQ(AucOf(scores, clicked), 0.5);
  EXPECT_DOUBLE_EQ(MrrOf(scores, clicked), (1.0 + 1.0 / 3) / 2);
  // DCG 1 + 1/log2(4); ideal 1 + 1/log2(3).
  EXPECT_THAT(NdcgOf(scores, clicked, 5), DoubleNear(1.5 / (1 + 1 / std::log2(3.0)), 1e-12));
  EXPECT_DOUBLE_EQ(NdcgOf(scores, clicked, 1), 1.0);
  EXPECT_DOUBLE_EQ(AucOf({1, 1}, {true, false}), 0.5) << "ties count half";
  EXPECT_DOUBLE_EQ(AucOf({1, 2}, {true, false}), 0.0);
}

TEST(ParseMind, ReadsNewsAndImpressionsAndSkipsWhatItCannotRead) {
  const char* news =
      "N1\tsports\tgolf\tPGA Tour event moves\tThe tour said so.\thttps://x\t"
      "[{\"Label\": \"PGA Tour\", \"Type\": \"O\", \"WikidataId\": \"Q910409\"}]\t[]\n"
      "N2\tnews\tnewsworld\tStorm hits coast\t\thttps://y\t[]\t[]\n"
      "bad line\n";
  const char* behaviors =
      "1\tU7\t11/15/2019 8:55:22 AM\tN1 N9\tN2-1 N1-0 N8-1\n"
      "2\tU8\tyesterday\tN1\tN2-1\n";
  int skipped = 0;
  EvaluationSet set = ParseMind(news, behaviors, &skipped);
  EXPECT_EQ(skipped, 2);
  ASSERT_EQ(set.stories.size(), 2u);
  const core::Article& golf = set.stories.at(1);
  EXPECT_EQ(golf.section.ToString(), "sports/golf");
  EXPECT_EQ(golf.headline, "PGA Tour event moves");
  EXPECT_EQ(golf.summary_html, "<p>The tour said so.</p>");
  ASSERT_EQ(golf.subjects.size(), 1u);
  EXPECT_EQ(golf.subjects[0].code, "Q910409");
  EXPECT_EQ(golf.subjects[0].name, "PGA Tour");
  ASSERT_EQ(set.impressions.size(), 1u);
  const Impression& impression = set.impressions[0];
  EXPECT_EQ(impression.reader, "U7");
  EXPECT_EQ(core::FormatRfc3339(impression.time), "2019-11-15T08:55:22Z");
  EXPECT_THAT(impression.history, ElementsAre(1)) << "N9 is not in news.tsv";
  EXPECT_THAT(impression.candidates, ElementsAre(2, 1));
  EXPECT_THAT(impression.clicked, ElementsAre(true, false));
  EXPECT_EQ(set.stories.at(2).published, impression.time);
}

std::vector<core::Article> LabelledStories(
    std::unordered_map<core::ArticleId, std::vector<std::string>>& labels) {
  std::vector<core::Article> stories;
  const char* const kTopics[] = {"grain", "crude", "gold"};
  const char* const kWords[] = {"wheat harvest exports", "oil barrel opec", "bullion ounce mine"};
  for (int i = 0; i < 300; ++i) {
    core::Article a;
    a.id = i + 1;
    a.headline = std::string(kWords[i % 3]) + " report " + std::to_string(i);
    a.section = *core::SectionPath::Parse("news");
    a.published = core::FromUnixSeconds(1'000'000 + i * 3600);
    labels[a.id] = {kTopics[i % 3]};
    stories.push_back(std::move(a));
  }
  return stories;
}

TEST(SimulateReaders, ReadersReadAndClickTheirInterestsOnly) {
  std::unordered_map<core::ArticleId, std::vector<std::string>> labels;
  std::vector<core::Article> stories = LabelledStories(labels);
  SimulationOptions options;
  options.readers = 20;
  options.interests_per_reader = 1;
  options.history = 10;
  options.clicked = 3;
  options.candidates = 12;
  EvaluationSet set = SimulateReaders(stories, labels, options);
  ASSERT_EQ(set.impressions.size(), 20u);
  for (const Impression& impression : set.impressions) {
    ASSERT_EQ(impression.history.size(), 10u);
    ASSERT_EQ(impression.candidates.size(), 12u);
    const std::string& interest = labels.at(impression.history[0])[0];
    for (core::ArticleId id : impression.history) EXPECT_EQ(labels.at(id)[0], interest);
    for (size_t i = 0; i < impression.candidates.size(); ++i) {
      EXPECT_EQ(labels.at(impression.candidates[i])[0] == interest, impression.clicked[i]);
      EXPECT_LE(set.stories.at(impression.candidates[i]).published, impression.time);
    }
  }
  EvaluationSet again = SimulateReaders(stories, labels, options);
  EXPECT_EQ(again.impressions[5].candidates, set.impressions[5].candidates) << "seeded";
}

TEST(Evaluate, TheRecommenderRanksARegularReadersTopicFirst) {
  std::unordered_map<core::ArticleId, std::vector<std::string>> labels;
  std::vector<core::Article> stories = LabelledStories(labels);
  SimulationOptions options;
  options.readers = 30;
  options.interests_per_reader = 1;
  options.history = 10;
  options.clicked = 3;
  options.candidates = 12;
  EvaluationSet set = SimulateReaders(stories, labels, options);
  RankingMetrics ours = Evaluate(set, ForYouScorer());
  EXPECT_EQ(ours.impressions, 30);
  EXPECT_GT(ours.auc, 0.95);
  EXPECT_GT(ours.ndcg10, 0.9);
  // Newest first knows nothing of the reader: about chance.
  RankingMetrics newest = Evaluate(set, [](const auto&, const auto& candidates, core::TimePoint) {
    std::vector<double> scores;
    for (const core::Article* a : candidates)
      scores.push_back(static_cast<double>(core::ToUnixSeconds(a->published)));
    return scores;
  });
  EXPECT_LT(newest.auc, 0.7);
}

}  // namespace
}  // namespace wiredesk::recommend
