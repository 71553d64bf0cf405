#include <map>
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

  // The same counts for every story at once, and the window moves them.
  auto counts = reading_->ReadCounts(kT0, kHour0);
  ASSERT_TRUE(counts) << counts.error().ToString();
  std::map<core::ArticleId, std::pair<int64_t, int64_t>> by_id;
  for (const ReadCount& c : *counts) by_id[c.article_id] = {c.readers, c.visitors};
  EXPECT_EQ(by_id,
            (std::map<core::ArticleId, std::pair<int64_t, int64_t>>{{a, {0, 3}}, {b, {2, 0}}}));
  counts = reading_->ReadCounts(kT0 - std::chrono::hours(1), kHour0 + 2);
  ASSERT_TRUE(counts) << counts.error().ToString();
  by_id.clear();
  for (const ReadCount& c : *counts) by_id[c.article_id] = {c.readers, c.visitors};
  EXPECT_EQ(by_id,
            (std::map<core::ArticleId, std::pair<int64_t, int64_t>>{{a, {1, 1}}, {b, {2, 0}}}));
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

TEST_F(SqliteReadingStoreTest, PublishedAmongLeavesOutKilledAndUnknownStories) {
  core::ArticleId a = Publish("a", "news");  // Headlines are "Story <guid>".
  core::ArticleId b = Publish("b", "world");
  core::ArticleId c = Publish("c", "news");
  Publish("c", "news", /*kill=*/true);
  auto found = reading_->PublishedAmong({b, c, a, 999'999, b});  // An id twice: one story.
  ASSERT_TRUE(found) << found.error().ToString();
  std::map<core::ArticleId, core::Article> by_id;
  for (core::Article& article : *found) by_id.emplace(article.id, std::move(article));
  ASSERT_EQ(found->size(), 2u);
  ASSERT_EQ(by_id.size(), 2u);
  EXPECT_EQ(by_id.at(a).headline, "Story a");
  EXPECT_EQ(by_id.at(b).section.ToString(), "world");
  EXPECT_TRUE(reading_->PublishedAmong({})->empty());
  EXPECT_EQ(reading_->PublishedAmong(std::vector<core::ArticleId>(1001, a)).error().code(),
            core::ErrorCode::kInvalidArgument);
}

TEST_F(SqliteReadingStoreTest, HistoryRowsAndFeaturesOfTheStoriesInThem) {
  IncomingVersion v;
  v.source = "wire";
  v.item.guid = "ports";
  v.item.headline = "Harbour bridge reopens";
  v.item.summary = "Ferries resume";
  v.item.subjects = {{.name = "Ports", .code = "medtop:1", .scheme = "iptc"}};
  v.item.published = kT0;
  v.rank = 1;
  v.section = *core::SectionPath::Parse("news/world");
  v.received_at = kT0;
  auto written = store_->WriteVersion(v, [](const std::optional<CurrentVersion>&) {
    return VersionDecision{VersionAction::kCreate, core::VersionChange::kPublish, ""};
  });
  ASSERT_TRUE(written) << written.error().ToString();
  const core::ArticleId ports = written->article_id;
  core::ArticleId a = Publish("a", "sport");
  core::ArticleId b = Publish("b", "news");
  Publish("b", "news", /*kill=*/true);
  UserId user = AddUser("1@example.com");
  UserId other = AddUser("2@example.com");
  ASSERT_TRUE(accounts_->RecordRead(user, ports, kT0 + std::chrono::hours(1)));
  ASSERT_TRUE(accounts_->RecordRead(user, a, kT0 + std::chrono::hours(2)));
  ASSERT_TRUE(accounts_->RecordRead(user, b, kT0 + std::chrono::hours(3)));  // Killed since.
  ASSERT_TRUE(accounts_->RecordRead(other, a, kT0));
  ASSERT_TRUE(accounts_->SaveArticle(user, ports, kT0 + std::chrono::hours(4)));

  auto rows = reading_->HistoryRows(user, 10, 10);
  ASSERT_TRUE(rows) << rows.error().ToString();
  // Reads newest first, then saved: the killed story's read is a row all the same.
  ASSERT_EQ(rows->size(), 4u);
  EXPECT_EQ((*rows)[0].article_id, b);
  EXPECT_EQ((*rows)[1].article_id, a);
  EXPECT_EQ((*rows)[2].article_id, ports);
  EXPECT_EQ((*rows)[2].at, kT0 + std::chrono::hours(1));
  EXPECT_FALSE((*rows)[2].saved);
  EXPECT_EQ((*rows)[3].article_id, ports);
  EXPECT_EQ((*rows)[3].at, kT0 + std::chrono::hours(4));
  EXPECT_TRUE((*rows)[3].saved);
  EXPECT_EQ(reading_->HistoryRows(user, 1, 0)->size(), 1u);
  EXPECT_EQ(reading_->HistoryRows(user, 0, 1)->at(0).article_id, ports);
  EXPECT_EQ(reading_->HistoryRows(user, 501, 0).error().code(), core::ErrorCode::kInvalidArgument);

  // Reads since a time: newest first, only this user's, the killed story's too.
  EXPECT_EQ(*reading_->ReadSince(user, kT0 + std::chrono::hours(2), 10),
            (std::vector<core::ArticleId>{b, a}));
  EXPECT_EQ(*reading_->ReadSince(user, kT0, 1), (std::vector<core::ArticleId>{b}));
  EXPECT_TRUE(reading_->ReadSince(user, kT0 + std::chrono::hours(5), 10)->empty());
  EXPECT_EQ(reading_->ReadSince(user, kT0, 0).error().code(), core::ErrorCode::kInvalidArgument);

  auto features = reading_->FeaturesOf({a, b, ports, 999'999});
  ASSERT_TRUE(features) << features.error().ToString();
  ASSERT_EQ(features->size(), 2u);  // Not the killed story, nor the unknown id.
  std::map<core::ArticleId, StoryFeatures> by_id;
  for (StoryFeatures& f : *features) by_id.emplace(f.article_id, std::move(f));
  EXPECT_EQ(by_id.at(a).section.ToString(), "sport");
  const StoryFeatures& read_ports = by_id.at(ports);
  EXPECT_EQ(read_ports.key_terms,
            (std::vector<std::string>{"harbour", "reopens", "bridge", "ferries", "resume"}));
  ASSERT_EQ(read_ports.subjects.size(), 1u);
  EXPECT_EQ(read_ports.subjects[0].code, "medtop:1");
  EXPECT_EQ(read_ports.section.ToString(), "news/world");
  EXPECT_TRUE(reading_->FeaturesOf({})->empty());
  EXPECT_EQ(reading_->FeaturesOf(std::vector<core::ArticleId>(1001, a)).error().code(),
            core::ErrorCode::kInvalidArgument);

  // A write-thru brings the story's features up to date in its own transaction.
  v.item.headline = "Lighthouse keepers strike";
  v.item.summary = "";
  v.rank = 2;
  ASSERT_TRUE(store_->WriteVersion(v, [](const std::optional<CurrentVersion>&) {
    return VersionDecision{VersionAction::kSupersede, core::VersionChange::kUpdate, ""};
  }));
  auto rewritten = reading_->FeaturesOf({ports});
  ASSERT_TRUE(rewritten) << rewritten.error().ToString();
  ASSERT_EQ(rewritten->size(), 1u);
  EXPECT_EQ((*rewritten)[0].key_terms,
            (std::vector<std::string>{"lighthouse", "keepers", "strike"}));
}

TEST_F(SqliteReadingStoreTest, ReadAmongFindsOnlyTheUsersReads) {
  core::ArticleId a = Publish("a", "news");
  core::ArticleId b = Publish("b", "news");
  core::ArticleId c = Publish("c", "news");
  UserId u1 = AddUser("1@example.com");
  UserId u2 = AddUser("2@example.com");
  ASSERT_TRUE(accounts_->RecordRead(u1, a, kT0));
  ASSERT_TRUE(accounts_->RecordRead(u2, b, kT0));
  auto read = reading_->ReadAmong(u1, {c, a, b, a});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, std::vector<core::ArticleId>{a});
  EXPECT_FALSE(reading_->ReadAmong(u1, std::vector<core::ArticleId>(1001, a)));
}

}  // namespace
}  // namespace wiredesk::store
