#include "search/spelling.h"

#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "search/searcher.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::search {
namespace {

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

class SpellingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  void Publish(const std::string& guid, const std::string& headline, const std::string& body) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.version = 1;
    v.item.headline = headline;
    v.item.body_html = body;
    v.item.language = "en";
    v.item.published = kT0;
    v.rank = 1;
    v.section = *core::SectionPath::Parse("news");
    v.received_at = kT0;
    auto outcome = store_->WriteVersion(v, [](const std::optional<store::CurrentVersion>&) {
      return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                    ""};
    });
    ASSERT_TRUE(outcome) << outcome.error().ToString();
  }

  core::Result<SearchResults> Find(std::string_view query) {
    return Search(
        *store_, query,
        {.limit = 10, .sort = SortOrder::kRelevance, .cursor = "", .now = kT0, .language = ""});
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST(EditDistance, CountsInsertionsDeletionsSubstitutionsAndTranspositions) {
  EXPECT_EQ(EditDistance(U"parliament", U"parliament", 2), 0);
  EXPECT_EQ(EditDistance(U"parlament", U"parliament", 2), 1);
  EXPECT_EQ(EditDistance(U"parliamnet", U"parliament", 2), 1);  // Transposition.
  EXPECT_EQ(EditDistance(U"parliaxyzt", U"parliament", 2), 3);  // Past max: max + 1.
  EXPECT_EQ(EditDistance(U"zürich", U"zurich", 2), 1);
  EXPECT_EQ(EditDistance(U"", U"ab", 2), 2);
}

TEST_F(SpellingTest, SuggestsTheClosestFrequentWordWhenNothingMatches) {
  Publish("g1", "Parliament votes on budget", "<p>The parliament met.</p>");
  Publish("g2", "Parliament recess", "<p>Members left.</p>");
  Publish("g3", "Parchment found", "<p>An old parchment.</p>");
  auto results = Find("parlament budget");
  ASSERT_TRUE(results) << results.error().ToString();
  EXPECT_TRUE(results->hits.empty());
  EXPECT_EQ(results->suggestion, "parliament budget");
  // Filters, phrases and prefixes are kept as written.
  EXPECT_EQ(SuggestSpelling(*store_, "parlament section:news \"old text\" bud*"),
            "parliament section:news \"old text\" bud*");
}

TEST_F(SpellingTest, NoSuggestionWhenTheQueryFindsSomethingOrNothingIsClose) {
  Publish("g1", "Glacier retreats", "<p>Ice.</p>");
  auto found = Find("glacier");
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->hits.empty());
  EXPECT_EQ(found->suggestion, "");
  auto far = Find("xylophone");
  ASSERT_TRUE(far);
  EXPECT_EQ(far->suggestion, "");
  // Every word known, but not together: respelling cannot help.
  Publish("g2", "Ice cream", "<p>Sweet.</p>");
  auto apart = Find("glacier cream");
  ASSERT_TRUE(apart);
  EXPECT_TRUE(apart->hits.empty());
  EXPECT_EQ(apart->suggestion, "");
}

TEST_F(SpellingTest, PrefersTheWordInMoreStoriesAtEqualDistance) {
  Publish("g1", "Miners strike", "<p>Coal.</p>");
  Publish("g2", "Miners return", "<p>Coal.</p>");
  Publish("g3", "Minors protected", "<p>Law.</p>");
  EXPECT_EQ(SuggestSpelling(*store_, "minars"), "miners");
}

TEST_F(SpellingTest, ComparesFoldedWords) {
  Publish("g1", "Zürich floods", "<p>Rain.</p>");
  EXPECT_EQ(SuggestSpelling(*store_, "Zurick"), "zurich");
}

}  // namespace
}  // namespace wiredesk::search
