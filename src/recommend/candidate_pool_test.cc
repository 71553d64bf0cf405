#include "recommend/candidate_pool.h"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/story_fixture.h"

namespace wiredesk::recommend {
namespace {

using testing::kNow;
using testing::StoryFixture;

class CandidatePoolTest : public StoryFixture {
 protected:
  void SetUp() override {
    StoryFixture::SetUp();
    pool_ = std::make_unique<CandidatePool>(*store_, *reading_, clock_);
  }

  // Headlines of the live stories in the pool, sorted.
  std::vector<std::string> Headlines() {
    auto refreshed = pool_->Refresh();
    EXPECT_TRUE(refreshed) << refreshed.error().ToString();
    std::vector<std::string> out = pool_->WithIndex([](const CandidateIndex& index) {
      std::vector<std::string> headlines;
      for (CandidateIndex::Slot slot = 0; slot < index.slot_count(); ++slot) {
        if (index.live(slot))
          headlines.push_back(index.article(slot).headline);
      }
      return headlines;
    });
    std::sort(out.begin(), out.end());
    return out;
  }

  std::unique_ptr<CandidatePool> pool_;
};

using Names = std::vector<std::string>;

TEST_F(CandidatePoolTest, LoadsThePublishedStoriesOfTheWindow) {
  Publish("Fresh story", "news", std::chrono::hours(1));
  Publish("Week old story", "news", std::chrono::hours(24 * 7 - 1));
  Publish("Older story", "news", std::chrono::hours(24 * 7 + 1));
  for (int i = 0; i < 150; ++i)  // More than one page of the store's list.
    Publish("Filler " + std::to_string(i), "sport", std::chrono::hours(2));
  Names got = Headlines();
  EXPECT_EQ(got.size(), 152u);
  EXPECT_TRUE(std::binary_search(got.begin(), got.end(), "Week old story"));
  EXPECT_FALSE(std::binary_search(got.begin(), got.end(), "Older story"));
}

TEST_F(CandidatePoolTest, FollowsPublishesWriteThrusAndKillsFromTheOutbox) {
  Publish("Storm nears the coast", "news");  // g1
  Publish("Cup final tonight", "sport");     // g2
  auto first = pool_->Refresh();
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_TRUE(first->loaded);
  EXPECT_EQ(Headlines(), (Names{"Cup final tonight", "Storm nears the coast"}));
  EXPECT_FALSE(pool_->Refresh()->any()) << "nothing happened";
  Revise(1, "Storm makes landfall");
  Revise(2, "");  // Killed.
  Publish("Rates held", "business");
  auto changes = pool_->Refresh();
  ASSERT_TRUE(changes) << changes.error().ToString();
  EXPECT_FALSE(changes->loaded);
  EXPECT_EQ(changes->changed.size(), 3u) << "the write-thru, the kill and the new story";
  EXPECT_EQ(Headlines(), (Names{"Rates held", "Storm makes landfall"}));
}

TEST_F(CandidatePoolTest, StoriesAgeOutOfTheWindow) {
  Publish("Day old story", "news", std::chrono::hours(24));
  Publish("Five day old story", "news", std::chrono::hours(24 * 5));
  EXPECT_EQ(Headlines().size(), 2u);
  clock_.Advance(std::chrono::hours(24 * 3));
  EXPECT_EQ(Headlines(), (Names{"Day old story"}));
}

}  // namespace
}  // namespace wiredesk::recommend
