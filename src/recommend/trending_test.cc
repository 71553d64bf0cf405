#include "recommend/trending.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/story_fixture.h"

namespace wiredesk::recommend {
namespace {

using testing::StoryFixture;

core::SectionPath Section(const std::string& path) { return *core::SectionPath::Parse(path); }

class TrendingTest : public StoryFixture {
 protected:
  void SetUp() override {
    StoryFixture::SetUp();
    trending_ = std::make_unique<Trending>(*reading_, clock_, TrendingOptions{});
    views_ = std::make_unique<ViewRecorder>(*reading_, clock_, 1000);
  }

  std::vector<core::ArticleId> Ids(const core::SectionPath& section = {}, int limit = 10,
                                   std::optional<int> hours = std::nullopt) {
    auto entries = trending_->MostRead(section, limit, hours);
    EXPECT_TRUE(entries) << entries.error().ToString();
    std::vector<core::ArticleId> ids;
    if (entries) {
      for (const auto& e : *entries) ids.push_back(e.article.id);
    }
    return ids;
  }

  void Flush() {
    auto flushed = views_->Flush();
    ASSERT_TRUE(flushed) << flushed.error().ToString();
  }

  std::unique_ptr<Trending> trending_;
  std::unique_ptr<ViewRecorder> views_;
};

TEST(VisitorKey, IsStablePerSaltAndGroupsAnIpv6Slash64) {
  EXPECT_EQ(VisitorKey("s", "192.0.2.1"), VisitorKey("s", "192.0.2.1"));
  EXPECT_NE(VisitorKey("s", "192.0.2.1"), VisitorKey("s", "192.0.2.2"));
  EXPECT_NE(VisitorKey("s", "192.0.2.1"), VisitorKey("t", "192.0.2.1"));
  EXPECT_EQ(VisitorKey("s", "2001:db8:1:2::1"), VisitorKey("s", "2001:db8:1:2:ffff::9"));
  EXPECT_NE(VisitorKey("s", "2001:db8:1:2::1"), VisitorKey("s", "2001:db8:1:3::1"));
  EXPECT_NE(VisitorKey("s", "::ffff:192.0.2.1"), VisitorKey("s", "::ffff:192.0.2.2"));
  EXPECT_EQ(VisitorKey("s", "192.0.2.1").size(), 16u);
}

TEST_F(TrendingTest, ARefreshLoopCountsOnceAndReadersOutweighAddresses) {
  core::ArticleId looped = Publish("Looped story", "news");
  core::ArticleId read = Publish("Read story", "news");
  core::ArticleId viewed = Publish("Viewed story", "sport");
  // One client refreshing a thousand times is one visitor.
  for (int i = 0; i < 1000; ++i) views_->Record(looped, "198.51.100.7");
  // Two signed-in readers (one of them reading twice) beat three anonymous addresses.
  store::UserId a = AddReader();
  store::UserId b = AddReader();
  Read(a, read, std::chrono::hours(2));
  Read(a, read);
  Read(b, read);
  for (const char* address : {"198.51.100.1", "198.51.100.2", "198.51.100.3"})
    views_->Record(viewed, address);
  Flush();
  auto entries = trending_->MostRead({}, 10);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 3u);
  EXPECT_EQ((*entries)[0].article.id, read);
  EXPECT_EQ((*entries)[0].readers, 2);
  EXPECT_EQ((*entries)[1].article.id, viewed);
  EXPECT_EQ((*entries)[1].visitors, 3);
  EXPECT_EQ((*entries)[2].article.id, looped);
  EXPECT_EQ((*entries)[2].visitors, 1);

  // Scores gives every story's score at once, by the same rule.
  auto scores = trending_->Scores();
  ASSERT_TRUE(scores) << scores.error().ToString();
  std::map<core::ArticleId, double> by_id(scores->begin(), scores->end());
  EXPECT_EQ(by_id, (std::map<core::ArticleId, double>{{read, 2.0}, {viewed, 1.5}, {looped, 0.5}}));
}

TEST_F(TrendingTest, PerSectionAndWindow) {
  core::ArticleId world = Publish("World story", "news/world");
  core::ArticleId sport = Publish("Sport story", "sport");
  core::ArticleId old = Publish("Old story", "news", std::chrono::hours(100));
  store::UserId a = AddReader();
  Read(a, world, std::chrono::hours(1));
  Read(a, sport, std::chrono::hours(1));
  Read(a, old, std::chrono::hours(30));  // Outside the default 24-hour window.
  EXPECT_EQ(Ids(Section("news")), std::vector<core::ArticleId>{world});
  EXPECT_EQ(Ids(Section("sport")), std::vector<core::ArticleId>{sport});
  EXPECT_EQ(Ids({}, 10, 48).size(), 3u);
  EXPECT_EQ(Ids({}, 1).size(), 1u);
}

TEST_F(TrendingTest, ListsAreKeptUntilRefreshOrInvalidation) {
  core::ArticleId first = Publish("First", "news");
  store::UserId a = AddReader();
  Read(a, first);
  EXPECT_EQ(Ids().size(), 1u);
  core::ArticleId second = Publish("Second", "news");
  Read(a, second);
  EXPECT_EQ(Ids().size(), 1u) << "served from the list made a moment ago";
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(Ids().size(), 2u);
  core::ArticleId third = Publish("Third", "news");
  Read(a, third);
  trending_->Invalidate();
  EXPECT_EQ(Ids().size(), 3u);
}

TEST_F(TrendingTest, RejectsBadLimitsAndWindows) {
  EXPECT_EQ(trending_->MostRead({}, 0).error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(trending_->MostRead({}, 51).error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(trending_->MostRead({}, 5, 0).error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(trending_->MostRead({}, 5, 73).error().code(), core::ErrorCode::kInvalidArgument);
}

TEST_F(TrendingTest, ViewsPastTheHourlyBoundAreDroppedUntilTheHourTurns) {
  core::ArticleId story = Publish("Story", "news");
  for (int i = 0; i < 1500; ++i)
    views_->Record(story, "10.0.0." + std::to_string(i % 250) + "." + std::to_string(i));
  auto written = views_->Flush();
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 1000);
  clock_.Advance(std::chrono::hours(1));
  views_->Record(story, "203.0.113.9");
  written = views_->Flush();
  ASSERT_TRUE(written);
  EXPECT_EQ(*written, 1);
}

}  // namespace
}  // namespace wiredesk::recommend
