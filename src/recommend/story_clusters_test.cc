#include "recommend/story_clusters.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/cluster_stories.h"

namespace wiredesk::recommend {
namespace {

using std::chrono::hours;
using testing::kNow;

using testing::kQuakeBody;
using testing::kQuakeHeadline;
using testing::kQuakeOtherBody;
using testing::kQuakeOtherHeadline;

class StoryClustersTest : public testing::ClusterFixture {
 protected:
  core::ArticleId Assign(core::ArticleId id) {
    auto cluster = AssignCluster(*store_, id);
    EXPECT_TRUE(cluster) << cluster.error().ToString();
    return cluster ? *cluster : -1;
  }
};

TEST_F(StoryClustersTest, SameEventInOtherWordsJoinsTheFirstStorysCluster) {
  // As at ingest: each story is clustered when it is stored.
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  EXPECT_EQ(Assign(first), first);  // Nothing like it yet: it starts its own cluster.
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1), "agency-b");
  auto candidates = ClusterCandidates(*store_, *store_->GetArticle(second));
  ASSERT_TRUE(candidates);
  ASSERT_FALSE(candidates->empty());
  EXPECT_EQ(candidates->front().article_id, first);
  EXPECT_GE(candidates->front().similarity, kMinClusterSimilarity);
  EXPECT_EQ(Assign(second), first);
  EXPECT_EQ(Members(first), (std::vector<core::ArticleId>{first, second}));
  EXPECT_EQ(store_->GetArticle(second)->cluster_id, first);
}

TEST_F(StoryClustersTest, OtherEventsOfTheSameHoursStayApart) {
  core::ArticleId quake = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3));
  EXPECT_EQ(Assign(quake), quake);
  core::ArticleId flood =
      Story("Floods force thousands from homes in Bangladesh",
            "Monsoon floods forced thousands of people from their homes in northern Bangladesh on "
            "Wednesday after the Brahmaputra burst its banks, officials said. Rescue boats reached "
            "villages cut off by the water.",
            kNow - hours(2));
  EXPECT_EQ(Assign(flood), flood);
  // Shares the weekday, "officials said" and "no damage" with the quake, nothing that matters.
  core::ArticleId fire =
      Story("Fire at Rotterdam refinery put out, no damage to tanks",
            "Firefighters put out a blaze at a Rotterdam oil refinery on Wednesday. No damage was "
            "reported to the storage tanks, officials said, and production continued.",
            kNow - hours(1));
  EXPECT_EQ(Assign(fire), fire);
  EXPECT_EQ(Members(quake), (std::vector<core::ArticleId>{quake}));
}

TEST_F(StoryClustersTest, SameWordsOutsideTheWindowStartANewCluster) {
  core::ArticleId old_quake = Story(kQuakeHeadline, kQuakeBody, kNow - hours(24 * 6));
  EXPECT_EQ(Assign(old_quake), old_quake);
  core::ArticleId quake = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1));
  EXPECT_EQ(Assign(quake), quake);
  // The window is the only reason: a week closer, it would have joined.
  auto candidates = ClusterCandidates(*store_, *store_->GetArticle(quake),
                                      {.window = hours(24 * 7),
                                       .min_similarity = kMinClusterSimilarity,
                                       .max_terms = 12,
                                       .candidates = 20});
  ASSERT_TRUE(candidates);
  ASSERT_FALSE(candidates->empty());
  EXPECT_EQ(candidates->front().article_id, old_quake);
  EXPECT_GE(candidates->front().similarity, kMinClusterSimilarity);
}

TEST_F(StoryClustersTest, KilledMembersAreNeitherListedNorJoined) {
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  ASSERT_EQ(Assign(first), first);
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(2), "agency-b");
  ASSERT_EQ(Assign(second), first);
  Kill(second);
  EXPECT_EQ(Members(first), (std::vector<core::ArticleId>{first}));

  // A story like only a killed one finds nothing to join.
  Kill(first);
  core::ArticleId third = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1), "agency-c");
  EXPECT_EQ(Assign(third), third);
  EXPECT_TRUE(Members(first).empty());
}

TEST_F(StoryClustersTest, StoriesStoredBeforeClustersShareTheirKeyWithTheNewOne) {
  core::ArticleId unclustered = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3));
  core::ArticleId quake = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1));
  EXPECT_EQ(Assign(quake), unclustered);
  EXPECT_EQ(store_->GetArticle(unclustered)->cluster_id, unclustered);
  // Clustering is once: asking again changes nothing.
  EXPECT_EQ(Assign(quake), unclustered);
}

TEST_F(StoryClustersTest, UnknownArticleIsNotFound) {
  auto cluster = AssignCluster(*store_, 9999);
  ASSERT_FALSE(cluster);
  EXPECT_EQ(cluster.error().code(), core::ErrorCode::kNotFound);
}

TEST(ChooseCluster, TakesTheMostSimilarWithinTheWindowAboveTheThreshold) {
  const core::TimePoint t = kNow;
  std::vector<ClusterCandidate> candidates = {
      {.article_id = 1,
       .cluster_key = 1,
       .clustered = true,
       .published = t - hours(60),
       .similarity = 0.9},
      {.article_id = 2,
       .cluster_key = 7,
       .clustered = true,
       .published = t + hours(5),
       .similarity = 0.6},
      {.article_id = 3, .cluster_key = 3, .clustered = true, .published = t, .similarity = 0.4}};
  auto chosen = ChooseCluster(candidates, t, hours(48), 0.5);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->article_id, 2);
  EXPECT_EQ(chosen->cluster_key, 7);
  EXPECT_FALSE(ChooseCluster(candidates, t, hours(48), 0.7));
  EXPECT_FALSE(ChooseCluster({}, t, hours(48), 0.5));
}

TEST(KeepOnePerCluster, KeepsTheFirstMemberOfEachClusterInOrder) {
  auto article = [](core::ArticleId id, core::ArticleId cluster) {
    core::Article a;
    a.id = id;
    a.cluster_id = cluster;
    return a;
  };
  // 5 and 6 are unclustered: each is its own.
  std::vector<core::Article> list = {article(4, 1), article(5, 0), article(1, 1),
                                     article(6, 0), article(7, 4), article(8, 4)};
  KeepOnePerCluster(list);
  std::vector<core::ArticleId> ids;
  for (const core::Article& a : list) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<core::ArticleId>{4, 5, 6, 7}));
}

}  // namespace
}  // namespace wiredesk::recommend
