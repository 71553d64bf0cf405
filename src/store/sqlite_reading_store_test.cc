#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/account_store.h"
#include "store/reading_store.h"
#include "store/sqlite_store.h"
#include "store/testing/seed.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);
const int64_t kHour0 = 1'700'000'000 / 3600;

class SqliteReadingStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    auto accounts = OpenAccountStore(*store_);
    ASSERT_TRUE(accounts) << accounts.error().ToString();
    accounts_ = std::move(*accounts);
    auto reading = OpenReadingStore(*store_);
    ASSERT_TRUE(reading) << reading.error().ToString();
    reading_ = std::move(*reading);
  }

  core::ArticleId Publish(const std::string& guid, const std::string& section, bool kill = false) {
    auto outcome =
        test_util::WriteTestVersion(*store_, guid, section, kill ? 2 : 1, kT0, kT0, kill);
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  UserId AddUser(const std::string& email) {
    auto id = test_util::CreateTestUser(*accounts_, email, kT0);
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }

  std::vector<MostReadEntry> MostRead(std::optional<std::string> section = std::nullopt) {
    MostReadQuery query;
    query.reads_since = kT0;
    query.views_since_hour = kHour0;
    if (section)
      query.section = *core::SectionPath::Parse(*section);
    auto entries = reading_->MostRead(query);
    EXPECT_TRUE(entries) << entries.error().ToString();
    return entries ? *entries : std::vector<MostReadEntry>{};
  }

  test_util::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<ReadingStore> reading_;
};

TEST_F(SqliteReadingStoreTest, CountsDistinctReadersAndVisitorsInTheWindow) {
  core::ArticleId a = Publish("a", "news/world");
  core::ArticleId b = Publish("b", "sport");
  UserId u1 = AddUser("1@example.com");
  UserId u2 = AddUser("2@example.com");
  // A reader reading the same story again is still one reader.
  ASSERT_TRUE(accounts_->RecordRead(u1, b, kT0 + std::chrono::minutes(1)));
  ASSERT_TRUE(accounts_->RecordRead(u1, b, kT0 + std::chrono::minutes(2)));
  ASSERT_TRUE(accounts_->RecordRead(u2, b, kT0 + std::chrono::minutes(3)));
  // Before the window: not counted.
  ASSERT_TRUE(accounts_->RecordRead(u2, a, kT0 - std::chrono::hours(1)));
  // Three distinct visitors on a, one of them seen in two hours and twice in one.
  ASSERT_TRUE(reading_->RecordViews({{a, "v1", kHour0},
                                     {a, "v1", kHour0},
                                     {a, "v1", kHour0 + 1},
                                     {a, "v2", kHour0},
                                     {a, "v3", kHour0 + 2},
                                     {a, "old", kHour0 - 1},
                                     {999999, "v1", kHour0}}));
  std::vector<MostReadEntry> top = MostRead();
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].article.id, b);
  EXPECT_EQ(top[0].readers, 2);
  EXPECT_EQ(top[0].visitors, 0);
  EXPECT_EQ(top[1].article.id, a);
  EXPECT_EQ(top[1].readers, 0);
  EXPECT_EQ(top[1].visitors, 3);
  EXPECT_DOUBLE_EQ(top[1].score, 1.5);
}

TEST_F(SqliteReadingStoreTest, FiltersBySectionSubtreeAndDropsKilledStories) {
  core::ArticleId world = Publish("w", "news/world");
  core::ArticleId news = Publish("n", "news");
  core::ArticleId sport = Publish("s", "sport");
  core::ArticleId killed = Publish("k", "news");
  core::ArticleId newsroom = Publish("r", "newsroom");
  for (core::ArticleId id : {world, news, sport, killed, newsroom})
    ASSERT_TRUE(reading_->RecordViews({{id, "v", kHour0}}));
  Publish("k", "news", /*kill=*/true);
  std::vector<core::ArticleId> ids;
  for (const MostReadEntry& e : MostRead("news")) ids.push_back(e.article.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<core::ArticleId>{world, news}));
  EXPECT_EQ(MostRead().size(), 4u);
}

TEST_F(SqliteReadingStoreTest, PrunesOldViewsAndChecksLimits) {
  core::ArticleId a = Publish("a", "news");
  ASSERT_TRUE(reading_->RecordViews({{a, "v", kHour0 - 5}, {a, "v", kHour0}}));
  auto pruned = reading_->PruneViews(kHour0 - 1);
  ASSERT_TRUE(pruned);
  EXPECT_EQ(*pruned, 1);
  MostReadQuery query;
  query.limit = 0;
  EXPECT_EQ(reading_->MostRead(query).error().code(), core::ErrorCode::kInvalidArgument);
}

TEST_F(SqliteReadingStoreTest, RecentMatchesTakesTheNewestIdsWithinBounds) {
  core::ArticleId a = Publish("a", "news");  // Headlines are "Story <guid>".
  core::ArticleId b = Publish("b", "news");
  core::ArticleId c = Publish("c", "news", /*kill=*/false);
  Publish("c", "news", /*kill=*/true);
  auto all = reading_->RecentMatches("\"story\"", kT0, 1000, 10);
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);  // The killed one is left out.
  EXPECT_EQ((*all)[0].id, b);
  EXPECT_EQ((*all)[1].id, a);
  auto newest = reading_->RecentMatches("\"story\"", kT0, 2, 10);  // Ids above max - 2.
  ASSERT_TRUE(newest);
  EXPECT_EQ(newest->size(), 1u);
  EXPECT_TRUE(
      reading_->RecentMatches("\"story\"", kT0 + std::chrono::seconds(1), 1000, 10)->empty());
  EXPECT_EQ(reading_->RecentMatches("\"story\"", kT0, 1000, 1)->size(), 1u);
  EXPECT_EQ(reading_->RecentMatches("\"story\" AND", kT0, 1000, 10).error().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(reading_->RecentMatches("", kT0, 1000, 10).error().code(),
            core::ErrorCode::kInvalidArgument);
  (void)c;
}

TEST_F(SqliteReadingStoreTest, ReadAmongFindsOnlyTheUsersReads) {
  core::ArticleId a = Publish("a", "news");
  core::ArticleId b = Publish("b", "news");
  core::ArticleId c = Publish("c", "news");
  UserId u1 = AddUser("1@example.com");
  UserId u2 = AddUser("2@example.com");
  ASSERT_TRUE(accounts_->RecordRead(u1, a, kT0));
  ASSERT_TRUE(accounts_->RecordRead(u2, b, kT0));
  auto read = reading_->ReadAmong(u1, {a, b, c});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, std::vector<core::ArticleId>{a});
  EXPECT_FALSE(reading_->ReadAmong(u1, std::vector<core::ArticleId>(1001, a)));
}

}  // namespace
}  // namespace wiredesk::store
