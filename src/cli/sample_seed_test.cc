#include "cli/sample_seed.h"

#include <filesystem>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "core/config.h"

namespace wiredesk::cli {
namespace {

class SampleSeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wiredesk-seed-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    auto store = store::OpenStore("sqlite:" + (dir_ / "wiredesk.db").string());
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = *config;
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  core::Config config_;
  core::FakeClock clock_{*core::ParseRfc3339("2026-11-30T12:00:00Z")};
};

TEST_F(SampleSeedTest, SeedsALivingSiteOnceWithUpdateCorrectionAndKill) {
  ingest::IngestPipeline pipeline(*store_, config_, clock_);
  auto seeded = SeedSampleIfEmpty(*store_, pipeline);
  ASSERT_TRUE(seeded) << seeded.error().ToString();
  EXPECT_TRUE(seeded->seeded);
  EXPECT_EQ(seeded->report.rejected, 0) << seeded->report.ToString();
  EXPECT_GE(seeded->report.new_count, 40) << seeded->report.ToString();
  EXPECT_EQ(seeded->report.killed, 1) << seeded->report.ToString();
  EXPECT_GE(seeded->report.updated, 2) << seeded->report.ToString();

  store::ArticleQuery query;
  query.limit = 100;
  auto page = store_->ListArticles(query);
  ASSERT_TRUE(page) << page.error().ToString();
  EXPECT_GE(page->articles.size(), 40u);
  std::set<std::string> sections;
  int corrections = 0;
  int updates = 0;
  for (const auto& article : page->articles) {
    sections.insert(article.section.ToString());
    if (article.last_change == core::VersionChange::kCorrection)
      ++corrections;
    if (article.last_change == core::VersionChange::kUpdate)
      ++updates;
    EXPECT_TRUE(article.ShowsWireNotice()) << article.headline;
  }
  EXPECT_GE(sections.size(), 5u);
  EXPECT_EQ(corrections, 1);
  EXPECT_GE(updates, 1);

  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_killed, 1);

  // A store that has received anything is never seeded again.
  auto again = SeedSampleIfEmpty(*store_, pipeline);
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->seeded);
}

TEST(SampleFeeds, AreEmbeddedInArrivalOrder) {
  auto names = SampleFeedNames();
  ASSERT_GE(names.size(), 6u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
}

}  // namespace
}  // namespace wiredesk::cli
