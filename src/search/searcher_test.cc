#include "search/searcher.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::search {
namespace {

using store::VersionAction;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

store::VersionDecider Decide(VersionAction action, core::VersionChange change) {
  return [action, change](const std::optional<store::CurrentVersion>&) {
    return store::VersionDecision{action, change, ""};
  };
}

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  core::ArticleId Write(const std::string& guid, int64_t rank, const std::string& headline,
                        const std::string& body, VersionAction action,
                        core::VersionChange change = core::VersionChange::kPublish,
                        std::string_view section = "news") {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.version = rank;
    v.item.headline = headline;
    v.item.body_html = body;
    v.item.published = kT0 + std::chrono::seconds(rank);
    v.rank = rank;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = kT0 + std::chrono::minutes(rank);
    auto outcome = store_->WriteVersion(v, Decide(action, change));
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  std::vector<std::string> Headlines(std::string_view query) {
    auto results = Search(*store_, query, 10, 0);
    EXPECT_TRUE(results) << query << ": " << results.error().ToString();
    std::vector<std::string> out;
    if (results) {
      for (const auto& hit : results->hits) out.push_back(hit.article.headline);
    }
    return out;
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(SearcherTest, FindsIngestedArticlesHeadlineMatchFirst) {
  Write("g1", 1, "Markets steady", "<p>Analysts said the glacier story moved markets.</p>",
        VersionAction::kCreate);
  Write("g2", 1, "Glacier retreats", "<p>Scientists measured the ice.</p>", VersionAction::kCreate);
  Write("g3", 1, "Unrelated", "<p>Nothing to see.</p>", VersionAction::kCreate);
  EXPECT_EQ(Headlines("glacier"), (std::vector<std::string>{"Glacier retreats", "Markets steady"}));
  EXPECT_EQ(Headlines("glac*"), (std::vector<std::string>{"Glacier retreats", "Markets steady"}));
  EXPECT_EQ(Headlines("glacier -ice"), std::vector<std::string>{"Markets steady"});
  EXPECT_EQ(Headlines("\"glacier story\""), std::vector<std::string>{"Markets steady"});
  auto results = Search(*store_, "scientists", 10, 0);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_NE(results->hits[0].snippet_html.find("<mark>Scientists</mark>"), std::string::npos)
      << results->hits[0].snippet_html;
}

TEST_F(SearcherTest, KilledArticleIsNotFound) {
  Write("g1", 1, "Tornado warning", "<p>Take shelter.</p>", VersionAction::kCreate);
  EXPECT_EQ(Headlines("tornado").size(), 1u);
  Write("g1", 2, "Tornado warning", "", VersionAction::kKill, core::VersionChange::kKill);
  EXPECT_TRUE(Headlines("tornado").empty());
}

TEST_F(SearcherTest, UpdatedArticleIsFoundByNewWordsOnly) {
  Write("g1", 1, "Ferry delayed", "<p>The ferry waits for a pilot.</p>", VersionAction::kCreate);
  Write("g1", 2, "Ferry cancelled", "<p>The crossing is off because of a storm.</p>",
        VersionAction::kSupersede, core::VersionChange::kUpdate);
  EXPECT_EQ(Headlines("storm"), std::vector<std::string>{"Ferry cancelled"});
  EXPECT_TRUE(Headlines("pilot").empty());
  EXPECT_TRUE(Headlines("delayed").empty());
}

TEST_F(SearcherTest, SectionFilterPagingAndHostileQueries) {
  Write("w1", 1, "Drought one", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "news/world");
  Write("w2", 1, "Drought two", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "news/world");
  Write("s1", 1, "Drought sport", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "sport");
  EXPECT_EQ(Headlines("drought section:news/world").size(), 2u);
  EXPECT_EQ(Headlines("drought section:sport"), std::vector<std::string>{"Drought sport"});
  auto first = Search(*store_, "drought", 2, 0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->hits.size(), 2u);
  EXPECT_TRUE(first->has_more);
  auto second = Search(*store_, "drought", 2, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->hits.size(), 1u);
  EXPECT_FALSE(second->has_more);
  for (std::string_view hostile : {"NEAR(drought", "drought\"", "headline:drought", "drought^",
                                   "{headline}:drought", "drought*:*"}) {
    auto r = Search(*store_, hostile, 10, 0);
    EXPECT_TRUE(r) << hostile << ": " << r.error().ToString();
  }
  for (std::string_view bad : {"", "-drought", "*", "^ ( :"}) {
    auto r = Search(*store_, bad, 10, 0);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), core::ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(Search(*store_, "drought", 0, 0));
  EXPECT_FALSE(Search(*store_, "drought", 10, -1));
}

}  // namespace
}  // namespace wiredesk::search
