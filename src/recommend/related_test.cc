#include "recommend/related.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::recommend {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

core::Article MakeArticle(core::ArticleId id, std::string headline, std::string body,
                          core::TimePoint published = kT0) {
  core::Article a;
  a.id = id;
  a.headline = std::move(headline);
  a.body_html = std::move(body);
  a.published = published;
  return a;
}

TEST(RankRelated, LeavesOutTheArticleAndCopiesOfIt) {
  core::Article a = MakeArticle(1, "Harbour bridge reopens", "");
  a.body_text_sha256_received = "abc";
  core::Article same_headline = MakeArticle(2, "HARBOUR BRIDGE REOPENS!", "");
  core::Article same_text = MakeArticle(3, "Bridge open again", "");
  same_text.body_text_sha256_received = "abc";
  core::Article other = MakeArticle(4, "Ferries cut back", "");
  auto ranked = RankRelated(a, {{a, -9}, {same_headline, -9}, {same_text, -8}, {other, -3}}, 5);
  ASSERT_EQ(ranked.size(), 1u);
  EXPECT_EQ(ranked[0].id, 4);
}

TEST(RankRelated, SharedSubjectsLiftAStoryAndFresherWinsAmongEquals) {
  core::Article a = MakeArticle(1, "Grain harvest forecast", "");
  a.subjects = {{.name = "grain", .code = "grain", .scheme = "topics"}};
  core::Article old_match = MakeArticle(2, "Wheat output", "", kT0 - std::chrono::hours(48));
  core::Article new_match = MakeArticle(3, "Wheat exports", "", kT0);
  core::Article weaker_but_on_topic = MakeArticle(4, "Maize prices", "", kT0);
  weaker_but_on_topic.subjects = a.subjects;
  // 2 and 3 are equally relevant: the fresher comes first. 4 is less relevant by BM25 (0.8 of
  // the best) but shares every subject: 0.8 + 0.3 beats 1.0.
  auto ranked = RankRelated(a, {{old_match, -10}, {new_match, -10}, {weaker_but_on_topic, -8}}, 3);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_EQ(ranked[0].id, 4);
  EXPECT_EQ(ranked[1].id, 3);
  EXPECT_EQ(ranked[2].id, 2);
  EXPECT_EQ(RankRelated(a, {{old_match, -1}, {new_match, -1}}, 1).size(), 1u);
  // A story sharing only a word everyone uses scores near nothing and is left out.
  EXPECT_EQ(RankRelated(a, {{old_match, -10}, {new_match, -0.1}}, 5).size(), 1u);
}

class RelatedArticlesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  core::Article Write(const std::string& guid, const std::string& headline, const std::string& body,
                      core::ItemStatus status = core::ItemStatus::kUsable, int64_t rank = 1) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.headline = headline;
    v.item.body_html = body;
    v.item.status = status;
    v.item.published = kT0 + std::chrono::seconds(next_++);
    v.rank = rank;
    v.section = *core::SectionPath::Parse("news");
    v.received_at = *v.item.published;
    store::VersionAction action =
        status == core::ItemStatus::kCanceled
            ? store::VersionAction::kKill
            : (rank == 1 ? store::VersionAction::kCreate : store::VersionAction::kSupersede);
    auto outcome = store_->WriteVersion(v, [&](const std::optional<store::CurrentVersion>&) {
      return store::VersionDecision{action, core::VersionChange::kPublish, ""};
    });
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    auto article = store_->GetArticle(outcome->article_id);
    EXPECT_TRUE(article);
    return *article;
  }

  // Other news, so that words have their usual rarity: FTS5 all but ignores a word found in
  // more than half of the archive.
  void WriteArchive() {
    int n = 0;
    for (std::string topic : {"Rail strike called", "Oil prices climb", "Chess final drawn",
                              "Flood warning issued", "Museum opens wing"}) {
      Write("archive-" + std::to_string(n++), topic, "<p>" + topic + " in the capital.</p>");
    }
  }

  std::vector<std::string> RelatedHeadlines(const core::Article& article, int limit = 5) {
    auto related = RelatedArticles(*store_, article, {.limit = limit});
    EXPECT_TRUE(related) << related.error().ToString();
    std::vector<std::string> out;
    for (const core::Article& a : *related) out.push_back(a.headline);
    return out;
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  int next_ = 0;
};

TEST_F(RelatedArticlesTest, FindsStoriesSharingTheArticlesTelltaleWords) {
  WriteArchive();
  core::Article bridge =
      Write("a", "Harbour bridge reopens after repairs",
            "<p>The harbour bridge reopened to traffic after cable repairs.</p>");
  Write("b", "Ferry timetable cut as harbour bridge traffic returns",
        "<p>Harbour ferries run less often now the bridge carries traffic.</p>");
  Write("c", "Cable repairs on the bridge cost more than planned",
        "<p>The bridge cable repairs ran over budget.</p>");
  Write("d", "Central bank holds interest rates",
        "<p>The central bank kept rates steady after its meeting.</p>");
  Write("e", "Harbour bridge reopens after repairs", "<p>The same story from a second source.</p>");
  auto related = RelatedHeadlines(bridge);
  ASSERT_EQ(related.size(), 2u);
  EXPECT_THAT(related, ::testing::UnorderedElementsAre(
                           "Ferry timetable cut as harbour bridge traffic returns",
                           "Cable repairs on the bridge cost more than planned"));
}

TEST_F(RelatedArticlesTest, KilledStoriesAreNeverRelated) {
  WriteArchive();
  core::Article bridge = Write("a", "Harbour bridge reopens", "<p>Harbour bridge news.</p>");
  Write("b", "Harbour bridge toll", "<p>Harbour bridge toll rises.</p>");
  EXPECT_THAT(RelatedHeadlines(bridge), ElementsAre("Harbour bridge toll"));
  Write("b", "Harbour bridge toll", "", core::ItemStatus::kCanceled, 2);
  EXPECT_THAT(RelatedHeadlines(bridge), IsEmpty());
}

TEST_F(RelatedArticlesTest, RefusesABadLimitAndCopesWithAnEmptyArticle) {
  core::Article empty = Write("a", "…", "");
  EXPECT_THAT(RelatedHeadlines(empty), IsEmpty());
  EXPECT_FALSE(RelatedArticles(*store_, empty, {.limit = 0}).has_value());
  EXPECT_FALSE(RelatedArticles(*store_, empty, {.limit = 21}).has_value());
}

TEST_F(RelatedArticlesTest, KeptListsHoldUntilForgottenTheArticleChangesOrTenMinutesPass) {
  core::FakeClock clock(kT0);
  RelatedStories kept(*store_, clock);
  auto headlines = [&](const core::Article& article) {
    auto related = kept.For(article, {.limit = 5, .candidates = 40, .max_terms = 12});
    EXPECT_TRUE(related) << related.error().ToString();
    std::vector<std::string> out;
    for (const core::Article& a : related ? *related : std::vector<core::Article>{})
      out.push_back(a.headline);
    return out;
  };
  WriteArchive();
  core::Article bridge = Write("a", "Harbour bridge reopens", "<p>Harbour bridge news.</p>");
  Write("b", "Harbour bridge toll", "<p>Harbour bridge toll rises.</p>");
  EXPECT_THAT(headlines(bridge), ElementsAre("Harbour bridge toll"));
  Write("c", "Harbour bridge queues", "<p>Harbour bridge queues grow.</p>");
  EXPECT_THAT(headlines(bridge), ElementsAre("Harbour bridge toll")) << "the kept list";
  clock.Advance(kRelatedReuse);
  EXPECT_EQ(headlines(bridge).size(), 2u) << "ten minutes on, made anew";
  Write("c", "Harbour bridge queues", "", core::ItemStatus::kCanceled, 2);
  kept.Forget();  // As the server does when the outbox reports the kill.
  EXPECT_THAT(headlines(bridge), ElementsAre("Harbour bridge toll"));
  Write("d", "Harbour bridge lorries banned", "<p>Harbour bridge lorries banned.</p>");
  core::Article updated = Write("a", "Harbour bridge reopens to lorries",
                                "<p>Harbour bridge lorries.</p>", core::ItemStatus::kUsable, 2);
  EXPECT_EQ(headlines(updated).size(), 2u) << "a new version of the article: a new list";
}

}  // namespace
}  // namespace wiredesk::recommend
