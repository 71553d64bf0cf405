#include "recommend/for_you.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/story_fixture.h"

namespace wiredesk::recommend {
namespace {

using testing::kNow;
using testing::StoryFixture;

core::SectionPath Section(const std::string& path) { return *core::SectionPath::Parse(path); }

class ForYouTest : public StoryFixture {
 protected:
  void SetUp() override {
    StoryFixture::SetUp();
    trending_ = std::make_unique<Trending>(*reading_, clock_, TrendingOptions{});
    recommender_ =
        std::make_unique<Recommender>(*store_, *accounts_, *reading_, *trending_, clock_);
  }

  std::vector<Recommendation> For(const ReaderInterests& interests, int limit = 10,
                                  std::optional<core::ArticleId> exclude = std::nullopt) {
    ForYouOptions options;
    options.limit = limit;
    options.exclude = exclude;
    auto recs = recommender_->ForReader(
        interests.user, [&] { return interests; }, options);
    EXPECT_TRUE(recs) << recs.error().ToString();
    return recs ? *recs : std::vector<Recommendation>{};
  }

  static std::vector<core::ArticleId> Ids(const std::vector<Recommendation>& recs) {
    std::vector<core::ArticleId> ids;
    for (const Recommendation& r : recs) ids.push_back(r.article.id);
    return ids;
  }

  std::unique_ptr<Trending> trending_;
  std::unique_ptr<Recommender> recommender_;
};

TEST_F(ForYouTest, RanksByWhatTheReaderReadAndSaysSo) {
  core::ArticleId read1 =
      Publish("Glacier melt speeds up in the Alps", "science", std::chrono::hours(30));
  core::ArticleId read2 =
      Publish("Alps glacier loses record ice", "science", std::chrono::hours(20));
  core::ArticleId match = Publish("Glacier retreat threatens Alps villages", "news");
  core::ArticleId other = Publish("Football cup final tonight", "sport");
  store::UserId reader = AddReader();
  Read(reader, read1, std::chrono::hours(10));
  Read(reader, read2, std::chrono::hours(2));
  std::vector<Recommendation> recs = For({.user = reader, .sections = {}, .follows = {}});
  ASSERT_GE(recs.size(), 2u);
  EXPECT_EQ(recs[0].article.id, match);
  EXPECT_EQ(recs[0].reason_kind, ReasonKind::kRead);
  EXPECT_EQ(recs[0].reason.rfind("Because you read \u201c", 0), 0u) << recs[0].reason;
  for (const Recommendation& r : recs) {
    EXPECT_NE(r.article.id, read1);
    EXPECT_NE(r.article.id, read2);
  }
  EXPECT_NE(std::find(Ids(recs).begin(), Ids(recs).end(), other), Ids(recs).end());
}

TEST_F(ForYouTest, NeverRecommendsReadSavedOrTheStoryOnScreen) {
  std::vector<core::ArticleId> ids;
  for (int i = 0; i < 8; ++i)
    ids.push_back(
        Publish("Harbour story number " + std::to_string(i), "news/s" + std::to_string(i)));
  store::UserId reader = AddReader();
  Read(reader, ids[0]);
  Read(reader, ids[1], std::chrono::hours(24 * 30));
  ASSERT_TRUE(accounts_->SaveArticle(reader, ids[2], kNow));
  std::vector<core::ArticleId> got =
      Ids(For({.user = reader, .sections = {}, .follows = {}}, 10, ids[3]));
  for (size_t i = 0; i < 4; ++i)
    EXPECT_EQ(std::find(got.begin(), got.end(), ids[i]), got.end()) << i;
  EXPECT_EQ(got.size(), 4u);
}

TEST_F(ForYouTest, ReadsOlderThanTheProfileAreFoundWhenTheStoriesAreReadAgain) {
  // The reader read the six newest Acme stories long ago, before 200 other stories, so the
  // profile's newest reads do not hold them: the store's answer, when the best stories are read
  // again, drops them, and the walk takes the next ones.
  std::vector<core::ArticleId> acme;
  for (int i = 0; i < 12; ++i) {
    acme.push_back(Publish("Acme Corp story " + std::to_string(i), "business/b" + std::to_string(i),
                           std::chrono::hours(i)));
  }
  store::UserId reader = AddReader();
  for (int i = 0; i < 6; ++i) Read(reader, acme[static_cast<size_t>(i)], std::chrono::hours(2));
  for (int i = 0; i < kProfileReads; ++i)
    Read(reader, Publish("Filler " + std::to_string(i), "news"), std::chrono::hours(1));
  const ReaderInterests interests{
      .user = reader, .sections = {}, .follows = {{.kind = "company", .value = "Acme Corp"}}};
  EXPECT_EQ(Ids(For(interests, 3)), (std::vector<core::ArticleId>{acme[6], acme[7], acme[8]}));
}

TEST_F(ForYouTest, AReaderOfMoreThanTheProfileInTheWindowStillGetsAFullList) {
  // The reader read the 150 best Acme stories this week, then 200 others: more of the best are
  // read than the walk would re-read from the store one batch at a time.
  constexpr int kRead = 150;
  std::vector<core::ArticleId> acme;
  for (int i = 0; i < kRead + 5; ++i) {
    acme.push_back(Publish("Acme Corp story " + std::to_string(i), "business/b" + std::to_string(i),
                           std::chrono::hours(i)));
  }
  store::UserId reader = AddReader();
  for (int i = 0; i < kRead; ++i) Read(reader, acme[static_cast<size_t>(i)], std::chrono::hours(3));
  for (int i = 0; i < kProfileReads; ++i)
    Read(reader, Publish("Filler " + std::to_string(i), "news"), std::chrono::hours(1));
  const ReaderInterests interests{
      .user = reader, .sections = {}, .follows = {{.kind = "company", .value = "Acme Corp"}}};
  EXPECT_EQ(Ids(For(interests, 3)),
            (std::vector<core::ArticleId>{acme[kRead], acme[kRead + 1], acme[kRead + 2]}));
}

TEST_F(ForYouTest, FollowsMatchAsPhrasesAndNameTheFollow) {
  Publish("Acme Corp profits jump", "business", std::chrono::hours(40));
  Publish("Weather turns cold", "news");
  store::UserId reader = AddReader();
  std::vector<Recommendation> recs =
      For({.user = reader, .sections = {}, .follows = {{.kind = "company", .value = "Acme Corp"}}});
  ASSERT_FALSE(recs.empty());
  EXPECT_EQ(recs[0].article.headline, "Acme Corp profits jump");
  EXPECT_EQ(recs[0].reason, "Because you follow Acme Corp");
  EXPECT_EQ(recs[0].reason_kind, ReasonKind::kFollow);
}

TEST_F(ForYouTest, AtMostTwoPerSectionInTheTopTen) {
  for (int i = 0; i < 12; ++i) Publish("Markets story " + std::to_string(i), "markets");
  for (int i = 0; i < 6; ++i)
    Publish("Other story " + std::to_string(i), "other/s" + std::to_string(i));
  store::UserId reader = AddReader();
  std::vector<Recommendation> recs =
      For({.user = reader, .sections = {}, .follows = {{.kind = "topic", .value = "markets"}}}, 10);
  std::map<std::string, int> per_section;
  for (const Recommendation& r : recs) ++per_section[r.article.section.ToString()];
  for (const auto& [section, count] : per_section) EXPECT_LE(count, 2) << section;
  EXPECT_EQ(per_section["markets"], 2);
  EXPECT_EQ(recs.size(), 8u);
}

TEST_F(ForYouTest, ColdStartShowsPopularStoriesInChosenSections) {
  core::ArticleId quiet = Publish("Quiet sport story", "sport");
  core::ArticleId popular = Publish("Popular sport story", "sport", std::chrono::hours(5));
  core::ArticleId third = Publish("Another sport story", "sport", std::chrono::hours(6));
  core::ArticleId news = Publish("Popular news story", "news");
  for (int i = 0; i < 3; ++i) {
    store::UserId other = AddReader();
    Read(other, popular);
    Read(other, news);
  }
  store::UserId reader = AddReader();
  std::vector<Recommendation> recs =
      For({.user = reader, .sections = {Section("sport")}, .follows = {}});
  ASSERT_EQ(recs.size(), 3u) << "two from the chosen section, then the most read elsewhere";
  EXPECT_EQ(recs[0].article.id, popular);
  EXPECT_EQ(recs[0].reason, "Popular in sport");
  EXPECT_EQ(recs[0].reason_kind, ReasonKind::kPopular);
  EXPECT_TRUE(recs[1].article.id == quiet || recs[1].article.id == third);
  EXPECT_EQ(recs[2].article.id, news);
  EXPECT_EQ(recs[2].reason, "Popular in news");
}

TEST_F(ForYouTest, KeptListsGoWhenTheServerSeesStoriesChangeOrAfterAMinute) {
  Publish("Acme Corp opens a plant", "business");  // g1
  store::UserId reader = AddReader();
  const ReaderInterests interests{
      .user = reader, .sections = {}, .follows = {{.kind = "company", .value = "Acme Corp"}}};
  ASSERT_EQ(For(interests).size(), 1u);
  core::ArticleId later = Publish("Acme Corp shares fall", "markets");  // g2
  EXPECT_EQ(For(interests).size(), 1u) << "the kept list, until the server's next refresh";
  clock_.Advance(kListReuse);
  std::vector<Recommendation> recs = For(interests);
  ASSERT_EQ(recs.size(), 2u) << "a minute on, the list is made anew";
  EXPECT_EQ(recs[0].article.id, later);
  Revise(1, "Acme Corp plant opening delayed");
  ASSERT_TRUE(recommender_->RefreshCandidates());  // As the server does after an outbox poll.
  recs = For(interests);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[1].article.headline, "Acme Corp plant opening delayed");
  Revise(2, "");  // Killed.
  ASSERT_TRUE(recommender_->RefreshCandidates());
  recs = For(interests);
  ASSERT_EQ(recs.size(), 1u);
  EXPECT_EQ(recs[0].article.headline, "Acme Corp plant opening delayed");
}

TEST_F(ForYouTest, AKeptListGoesWhenOneOfItsStoriesIsReadOrTheFollowsChange) {
  core::ArticleId first = Publish("Acme Corp opens a plant", "business");
  core::ArticleId second = Publish("Acme Corp shares fall", "markets");
  core::ArticleId other = Publish("Zenith Ltd wins a contract", "business");
  store::UserId reader = AddReader();
  ReaderInterests interests{
      .user = reader, .sections = {}, .follows = {{.kind = "company", .value = "Acme Corp"}}};
  ASSERT_EQ(Ids(For(interests, 2)), (std::vector<core::ArticleId>{second, first}));
  // The story on screen is left out of the kept list without making a new one.
  EXPECT_EQ(Ids(For(interests, 2, second)), (std::vector<core::ArticleId>{first, other}));
  Read(reader, second);
  std::vector<Recommendation> recs = For(interests, 2);
  ASSERT_EQ(Ids(recs), (std::vector<core::ArticleId>{first, other}));
  EXPECT_NE(recs[1].reason, "Because you follow Zenith Ltd");
  // The reader follows another company: the store's change log says so to the next refresh.
  interests.follows = {{.kind = "company", .value = "Zenith Ltd"}};
  ASSERT_TRUE(accounts_->AddWatch(
      {.id = 0, .user_id = reader, .kind = "company", .value = "Zenith Ltd", .created_at = kNow}));
  ASSERT_TRUE(recommender_->RefreshCandidates());
  recs = For(interests, 2);
  ASSERT_EQ(Ids(recs), (std::vector<core::ArticleId>{first, other}));
  EXPECT_EQ(recs[1].reason, "Because you follow Zenith Ltd");
}

TEST_F(ForYouTest, RejectsABadLimit) {
  for (int limit : {0, kMaxRecommendations + 1}) {
    ForYouOptions options;
    options.limit = limit;
    auto recs = recommender_->ForReader(
        0, [] { return ReaderInterests{}; }, options);
    ASSERT_FALSE(recs) << limit;
    EXPECT_EQ(recs.error().code(), core::ErrorCode::kInvalidArgument);
  }
}

core::Article Story(core::ArticleId id, std::string headline, std::string section,
                    std::chrono::hours age) {
  core::Article a;
  a.id = id;
  a.headline = std::move(headline);
  a.section = *core::SectionPath::Parse(section);
  a.published = kNow - age;
  return a;
}

TEST(ScoreCandidates, RecentReadsWeighMoreThanOldOnes) {
  std::vector<HistoryEntry> history = {
      {Story(1, "Volcano erupts on island", "news", std::chrono::hours(24 * 60)),
       kNow - std::chrono::hours(24 * 60), false},
      {Story(2, "Election results announced", "news", std::chrono::hours(2)),
       kNow - std::chrono::hours(2), false},
  };
  std::vector<core::Article> candidates = {
      Story(3, "Volcano island ash cloud spreads", "a", std::chrono::hours(3)),
      Story(4, "Election results recount ordered", "b", std::chrono::hours(3)),
  };
  auto recs = ScoreCandidates(history, {}, candidates, {}, kNow, {});
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].article.id, 4);
  EXPECT_EQ(recs[0].reason,
            "Because you read \u201c"
            "Election results announced\u201d");
}

TEST(ScoreCandidates, FresherFirstAmongEquallyRelevantAndSameHeadlinesOnce) {
  std::vector<core::Article> candidates = {
      Story(1, "Storm hits coast", "a", std::chrono::hours(20)),
      Story(2, "Storm hits coast", "b", std::chrono::hours(1)),
      Story(3, "Rain expected", "c", std::chrono::hours(2)),
  };
  ForYouOptions options;
  options.section_title = [](const core::SectionPath& s) { return "Section " + s.ToString(); };
  auto recs = ScoreCandidates({}, {}, candidates, {}, kNow, options);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].article.id, 2);
  EXPECT_EQ(recs[0].reason, "New in Section b");
  EXPECT_EQ(recs[1].article.id, 3);
}

}  // namespace
}  // namespace wiredesk::recommend
