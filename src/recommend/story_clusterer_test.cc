#include "recommend/story_clusterer.h"

#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/cluster_stories.h"
#include "store/testing/forwarding_store.h"

namespace wiredesk::recommend {
namespace {

using std::chrono::hours;
using testing::kNow;
using testing::kQuakeBody;
using testing::kQuakeHeadline;
using testing::kQuakeOtherBody;
using testing::kQuakeOtherHeadline;

class StoryClustererTest : public testing::ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    // The fixture's background is older than what the clusterer holds; term weights need
    // other stories of the same days, and a day's news repeats its common words ("warning",
    // "reported", "according") far more than its names.
    for (const auto& story : testing::kBackground) Story(story[0], story[1], kNow - hours(10));
    const char* const kCommon[] = {"warning", "reported", "according", "immediate", "residents",
                                   "strikes", "issued",   "survey",    "higher",    "ground"};
    for (int i = 0; i < 30; ++i) {
      std::string text;
      for (int k = 0; k < 4; ++k) text += std::string(kCommon[(i + 3 * k) % 10]) + " ";
      Story("Regional report " + std::to_string(i) + ": " + text,
            "The council " + text + "on Tuesday, officials said.", kNow - hours(20));
    }
    clusterer_ = std::make_unique<StoryClusterer>(*store_, clock_);
  }

  core::ArticleId Assign(core::ArticleId id) {
    auto cluster = clusterer_->Assign(id);
    EXPECT_TRUE(cluster) << cluster.error().ToString();
    return cluster ? *cluster : -1;
  }

  std::unique_ptr<StoryClusterer> clusterer_;
};

constexpr const char* kFloodHeadline = "Floods force thousands from homes in Bangladesh";
constexpr const char* kFloodBody =
    "Monsoon floods forced thousands of people from their homes in northern Bangladesh on "
    "Wednesday after the Brahmaputra burst its banks, officials said. Rescue boats reached "
    "villages cut off by the water.";

TEST_F(StoryClustererTest, SameEventInOtherWordsJoinsAndOtherEventsStayApart) {
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  EXPECT_EQ(Assign(first), first);  // Nothing like it yet: it starts its own cluster.
  core::ArticleId flood = Story(kFloodHeadline, kFloodBody, kNow - hours(2));
  EXPECT_EQ(Assign(flood), flood);
  // Shares the weekday, "officials said" and "no damage" with the quake, nothing that matters.
  core::ArticleId fire =
      Story("Fire at Rotterdam refinery put out, no damage to tanks",
            "Firefighters put out a blaze at a Rotterdam oil refinery on Wednesday. No damage was "
            "reported to the storage tanks, officials said, and production continued.",
            kNow - hours(2));
  EXPECT_EQ(Assign(fire), fire);
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1), "agency-b");
  EXPECT_EQ(Assign(second), first);
  EXPECT_EQ(store_->GetArticle(second)->cluster_id, first);
  // Clustering is once: asking again changes nothing.
  EXPECT_EQ(Assign(second), first);
}

TEST_F(StoryClustererTest, SeesStoriesWrittenAfterItLoadedAndNeverJoinsAKilledOne) {
  // The clusterer loads on first use; the later stories reach it through the outbox, as those
  // another process ingests do.
  core::ArticleId flood = Story(kFloodHeadline, kFloodBody, kNow - hours(5));
  ASSERT_EQ(Assign(flood), flood);
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(2), "agency-b");
  // The first was never clustered (stored by a process without the hook): it starts the cluster
  // both share.
  EXPECT_EQ(Assign(second), first);
  EXPECT_EQ(store_->GetArticle(first)->cluster_id, first);
  Kill(first);
  Kill(second);
  core::ArticleId third = Story(kQuakeHeadline, kQuakeOtherBody, kNow - hours(1), "agency-c");
  EXPECT_EQ(Assign(third), third);
}

TEST_F(StoryClustererTest, AnArchiveLoadedInOrderFindsItsNeighboursButNotOlderStoredStories) {
  // Stored before the clusterer started, and older than what it loads: not compared.
  Story(kQuakeHeadline, kQuakeBody, kNow - hours(24 * 20), "agency-a");
  core::ArticleId second =
      Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(24 * 20 - 2), "agency-b");
  EXPECT_EQ(Assign(second), second);
  // Arrived since: held whatever its date.
  core::ArticleId third =
      Story(kQuakeHeadline, kQuakeOtherBody, kNow - hours(24 * 20 - 3), "agency-c");
  EXPECT_EQ(Assign(third), second);
}

TEST_F(StoryClustererTest, UnknownArticleIsNotFoundAndUnpublishedOnesWait) {
  auto cluster = clusterer_->Assign(9999);
  ASSERT_FALSE(cluster);
  EXPECT_EQ(cluster.error().code(), core::ErrorCode::kNotFound);
  core::ArticleId killed = Story(kQuakeHeadline, kQuakeBody, kNow - hours(1));
  Kill(killed);
  EXPECT_EQ(Assign(killed), 0);
}

TEST_F(StoryClustererTest, ABatchIsAssignedInOrderWithOneResultPerStory) {
  // As an ingest batch hands them over: a later story joins an earlier one of the same batch
  // (the earlier one does not join the later, though both are stored by the time the batch is
  // assigned, so the cluster is named after its first story), an unknown id fails alone, and
  // the store holds every cluster afterwards.
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  core::ArticleId flood = Story(kFloodHeadline, kFloodBody, kNow - hours(2));
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1), "agency-b");
  core::ArticleId killed = Story(kQuakeHeadline, kQuakeOtherBody, kNow - hours(1), "agency-c");
  Kill(killed);
  const core::ArticleId batch[] = {first, flood, 9999, second, killed};
  std::vector<core::Result<core::ArticleId>> clusters = clusterer_->AssignAll(batch);
  ASSERT_EQ(clusters.size(), 5u);
  EXPECT_EQ(clusters[0].value_or(-1), first);
  EXPECT_EQ(clusters[1].value_or(-1), flood);
  ASSERT_FALSE(clusters[2]);
  EXPECT_EQ(clusters[2].error().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(clusters[3].value_or(-1), first);
  EXPECT_EQ(clusters[4].value_or(-1), 0);  // Killed: never clustered.
  EXPECT_EQ(store_->GetArticle(first)->cluster_id, first);
  EXPECT_EQ(store_->GetArticle(flood)->cluster_id, flood);
  EXPECT_EQ(store_->GetArticle(second)->cluster_id, first);
  EXPECT_EQ(store_->GetArticle(killed)->cluster_id, 0);
  // Once is enough: asking again, one at a time or together, changes nothing.
  EXPECT_EQ(Assign(second), first);
  std::vector<core::Result<core::ArticleId>> again = clusterer_->AssignAll(batch);
  EXPECT_EQ(again[3].value_or(-1), first);
  EXPECT_TRUE(clusterer_->AssignAll({}).empty());
}

// Passes everything on to the real store, but fails the write of clusters while `fail` is set,
// as a full disk or a lock timeout would.
class ClusterWriteFailingStore final : public store::test_util::ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  bool fail = true;

  core::Status SetArticleClusters(std::span<const store::ClusterAssignment> writes) override {
    if (fail)
      return core::MakeError(core::ErrorCode::kUnavailable, "database is locked");
    return ForwardingStore::SetArticleClusters(writes);
  }
};

TEST_F(StoryClustererTest, WhenTheStoreCannotWriteTheBatchNoStoryClaimsACluster) {
  ClusterWriteFailingStore failing(*store_);
  StoryClusterer clusterer(failing, clock_);
  core::ArticleId first = Story(kQuakeHeadline, kQuakeBody, kNow - hours(3), "agency-a");
  core::ArticleId second = Story(kQuakeOtherHeadline, kQuakeOtherBody, kNow - hours(1), "agency-b");
  const core::ArticleId batch[] = {first, second};
  for (const core::Result<core::ArticleId>& cluster : clusterer.AssignAll(batch)) {
    ASSERT_FALSE(cluster);
    EXPECT_EQ(cluster.error().code(), core::ErrorCode::kUnavailable);
  }
  EXPECT_EQ(store_->GetArticle(first)->cluster_id, 0);
  // The held copies did not keep the clusters that were never written: once the store
  // recovers, both are placed and written.
  failing.fail = false;
  std::vector<core::Result<core::ArticleId>> clusters = clusterer.AssignAll(batch);
  EXPECT_EQ(clusters[0].value_or(-1), first);
  EXPECT_EQ(clusters[1].value_or(-1), first);
  EXPECT_EQ(store_->GetArticle(first)->cluster_id, first);
  EXPECT_EQ(store_->GetArticle(second)->cluster_id, first);
}

// A business story published at kNow, for the candidate index alone.
core::Article BusinessStory(core::ArticleId id, const std::string& headline,
                            const std::string& body) {
  core::Article a;
  a.id = id;
  a.headline = headline;
  a.body_html = "<p>" + body + "</p>";
  a.published = kNow;
  a.section = *core::SectionPath::Parse("business");
  return a;
}

TEST(KeyTermCandidates, RareSharedTermsWeighMoreThanCommonOnes) {
  CandidateIndex index;
  // Earnings notices share their template; only the company names differ.
  for (int i = 0; i < 20; ++i) {
    index.Add(BusinessStory(
        i + 1,
        "Company" + std::string(1, static_cast<char>('a' + i)) + " quarterly shr cts net revs",
        "shr cts net revs quarterly dividend payable record"));
  }
  index.Add(
      BusinessStory(100, "Zanzibar spice harvest fails", "Zanzibar cloves spice harvest drought"));
  const core::Article twin =
      BusinessStory(101, "Zanzibar clove harvest fails after drought", "Zanzibar spice cloves");
  const core::Article notice = BusinessStory(102, "Companyz quarterly shr cts net revs",
                                             "shr cts net revs quarterly dividend payable record");
  index.Add(twin);
  index.Add(notice);
  std::vector<ClusterCandidate> twins = KeyTermCandidates(index, twin, hours(48), 5);
  ASSERT_FALSE(twins.empty());
  EXPECT_EQ(twins.front().article_id, 100);
  EXPECT_GE(twins.front().similarity, kMinKeyTermSimilarity);
  // From the held copy's slot (the story clusterer's way), the same candidates, as similar.
  for (const core::Article& held : {twin, notice}) {
    std::vector<ClusterCandidate> by_text = KeyTermCandidates(index, held, hours(48), 5);
    std::vector<ClusterCandidate> by_slot =
        KeyTermCandidates(index, *index.SlotOf(held.id), hours(48), 5);
    ASSERT_EQ(by_slot.size(), by_text.size()) << held.headline;
    for (size_t k = 0; k < by_text.size(); ++k) {
      EXPECT_EQ(by_slot[k].article_id, by_text[k].article_id);
      EXPECT_EQ(by_slot[k].similarity, by_text[k].similarity);
    }
  }
  // Looking only for stories that can reach the threshold finds the same one, as similar.
  std::vector<ClusterCandidate> pruned =
      KeyTermCandidates(index, twin, hours(48), 5, kMinKeyTermSimilarity);
  ASSERT_FALSE(pruned.empty());
  EXPECT_EQ(pruned.front().article_id, 100);
  EXPECT_DOUBLE_EQ(pruned.front().similarity, twins.front().similarity);
  std::vector<ClusterCandidate> notices = KeyTermCandidates(index, notice, hours(48), 5);
  ASSERT_FALSE(notices.empty());
  EXPECT_LT(notices.front().similarity, kMinKeyTermSimilarity)
      << "the template's words are common; the company name is not shared";
  EXPECT_EQ(notices.size(), 5u);
  EXPECT_TRUE(KeyTermCandidates(index, notice, hours(48), 5, kMinKeyTermSimilarity).empty())
      << "notices sharing no rare term cannot reach the threshold and are not looked for";
  // Outside the window: not a candidate at all.
  core::Article far = twin;
  far.published = kNow + hours(49);
  far.id = 103;
  EXPECT_TRUE(KeyTermCandidates(index, far, hours(48), 5).empty());
}

TEST(KeyTermCandidates, TemplateTwinsAboutDifferentBanksAreKeptApartByTheHeadline) {
  CandidateIndex index;
  // Both banks are in other news too, so their names are not words of one story only; the
  // day's rate news makes the template's words common.
  index.Add(BusinessStory(1, "Citibank opens Tokyo branch", "Citibank opened a branch in Tokyo."));
  index.Add(BusinessStory(2, "Chase names chairman", "Chase Manhattan named a new chairman."));
  for (int i = 0; i < 10; ++i) {
    index.Add(
        BusinessStory(10 + i, "More banks expected to follow prime rate cuts",
                      "Analyst " + std::to_string(i) +
                          " expects the prime lending rate cut to 7-1/2 pct from 7-3/4 pct after "
                          "the Federal Reserve's discount rate cut, effective tomorrow."));
  }
  const core::Article citibank = BusinessStory(
      30, "Citibank cuts prime rate to 7-1/2 pct",
      "Citibank said it cut its prime lending rate to 7-1/2 pct from 7-3/4 pct, effective "
      "tomorrow, following the Federal Reserve's discount rate cut.");
  const core::Article chase = BusinessStory(
      31, "Chase cuts prime rate to 7-1/2 pct",
      "Chase said it cut its prime lending rate to 7-1/2 pct from 7-3/4 pct, effective "
      "tomorrow, following the Federal Reserve's discount rate cut.");
  index.Add(citibank);
  index.Add(chase);
  std::vector<ClusterCandidate> by_weight =
      KeyTermCandidates(index, chase, hours(48), 5, 0, /*headline_anchor=*/false);
  ASSERT_FALSE(by_weight.empty());
  EXPECT_EQ(by_weight.front().article_id, 30);
  EXPECT_GE(by_weight.front().similarity, kMinKeyTermSimilarity)
      << "the template outweighs the bank's name";
  for (const ClusterCandidate& c : KeyTermCandidates(index, chase, hours(48), 5))
    EXPECT_NE(c.article_id, 30) << "Citibank's cut is not Chase's";
  // The same report from another agency, headline reworded, still finds its twin.
  const core::Article reworded = BusinessStory(
      32, "Chase Manhattan lowers its prime rate",
      "Chase Manhattan said it lowered its prime lending rate to 7-1/2 pct from 7-3/4 pct, "
      "effective tomorrow, after the Federal Reserve's discount rate cut.");
  index.Add(reworded);
  std::vector<ClusterCandidate> twins = KeyTermCandidates(index, reworded, hours(48), 5);
  ASSERT_FALSE(twins.empty());
  EXPECT_EQ(twins.front().article_id, 31);
}

}  // namespace
}  // namespace wiredesk::recommend
