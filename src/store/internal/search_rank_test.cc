#include "store/internal/search_rank.h"

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "store/internal/sqlite.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store::internal {
namespace {

TEST(DocsizeTokens, SumsOneVarintPerColumn) {
  EXPECT_EQ(DocsizeTokens(""), 0);
  EXPECT_EQ(DocsizeTokens(std::string("\x05", 1)), 5);
  // 200 takes two bytes (0x81 0x48), 0 one; five columns in all.
  EXPECT_EQ(DocsizeTokens(std::string("\x03\x81\x48\x00\x01\x00", 6)), 204);
  EXPECT_EQ(DocsizeTokens("\xFF\xFF\x7F"), (1 << 21) - 1);
  // A value cut short counts what it has, and never reads past the end.
  EXPECT_EQ(DocsizeTokens("\x81"), 1);
}

// A table shaped like article_search (five columns, the store's tokenizer) and the rows
// wd_rank reads beside it, in a fresh file.
class WdRankTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Connection::Open(dir_.File("rank.db"), ConnectionMode::kReadWrite, 1000);
    ASSERT_TRUE(opened) << opened.error().ToString();
    db_ = std::move(*opened);
    ASSERT_TRUE(db_->Exec(
        "CREATE TABLE articles (id INTEGER PRIMARY KEY, published INTEGER NOT NULL);"
        "CREATE VIRTUAL TABLE article_search USING fts5 (headline, summary, body, byline, "
        "subjects, tokenize = 'wiredesk');"
        "CREATE TABLE article_search_rank (id INTEGER PRIMARY KEY, tokens INTEGER NOT NULL, "
        "published INTEGER NOT NULL, seq INTEGER NOT NULL);"
        "INSERT INTO articles VALUES (1, 1000), (2, 200000), (3, 900000);"
        "INSERT INTO article_search (rowid, headline, summary, body, byline, subjects) VALUES "
        "(1, 'Harbour reopens', '', 'Ships return to the harbour', '', 'Ports'),"
        "(2, 'Markets', 'harbour trade', 'Long story about trade and ships and more', '', ''),"
        "(3, 'Weather', '', 'Calm seas near the harbour, harbour crews say', 'Harbour Desk', ''),"
        // Stories without the word, so that it is rare enough to weigh something (idf > 0).
        "(4, 'Elections', '', 'Votes counted', '', ''), (5, 'Football', '', 'A late goal', '', ''),"
        "(6, 'Budget', '', 'Taxes rise', '', ''), (7, 'Music', '', 'A new album', '', '');"
        "INSERT INTO articles VALUES (4, 1), (5, 1), (6, 1), (7, 1);"
        "INSERT INTO article_search_rank SELECT d.id, wd_docsize_tokens(d.sz), a.published, d.id "
        "FROM article_search_docsize d JOIN articles a ON a.id = d.id;"));
  }

  // Each matching row's score, by id, from the SQL expression `score`.
  std::map<int64_t, double> Scores(const std::string& score, SearchRankCache* cache) {
    std::map<int64_t, double> out;
    auto stmt = db_->Prepare("SELECT rowid, " + score +
                             " FROM article_search WHERE article_search MATCH 'harbour'");
    EXPECT_TRUE(stmt) << stmt.error().ToString();
    if (!stmt)
      return out;
    stmt->Bind(1, int64_t{1'000'000});
    if (score.find("?2") != std::string::npos)
      stmt->BindPointer(2, cache, kSearchRankCachePointerType);
    while (true) {
      auto row = stmt->Step();
      EXPECT_TRUE(row) << row.error().ToString();
      if (!row || !*row)
        break;
      out[stmt->ColumnInt(0)] = stmt->ColumnDouble(1);
    }
    return out;
  }

  std::map<int64_t, double> Fts5Scores() {
    return Scores(
        "bm25(article_search, 10.0, 4.0, 1.0, 2.0, 3.0) * (1.0 + 1.0 / (1.0 + MAX(0, ?1 - "
        "(SELECT published FROM articles WHERE id = article_search.rowid)) / 172800.0))",
        nullptr);
  }

  test_util::TempDir dir_;
  std::unique_ptr<Connection> db_;
};

void ExpectSameScores(const std::map<int64_t, double>& actual,
                      const std::map<int64_t, double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [id, score] : expected) {
    ASSERT_TRUE(actual.contains(id)) << id;
    EXPECT_NEAR(actual.at(id), score, 1e-12) << id;
    EXPECT_LT(actual.at(id), 0) << id;
  }
}

TEST_F(WdRankTest, EqualsFts5Bm25TimesTheRecencyBoostWithOrWithoutTheCache) {
  const std::map<int64_t, double> expected = Fts5Scores();
  ASSERT_EQ(expected.size(), 3u);
  // Without a cache each story's length comes from FTS5 and its time from articles.
  ExpectSameScores(Scores("wd_rank(article_search, ?1, ?2)", nullptr), expected);
  SearchRankCache cache;
  ASSERT_TRUE(cache.CatchUp(*db_));
  ExpectSameScores(Scores("wd_rank(article_search, ?1, ?2)", &cache), expected);
}

TEST_F(WdRankTest, TakesLengthAndTimeFromTheCacheWhenItKnowsTheStory) {
  const std::map<int64_t, double> expected = Fts5Scores();
  // The cache is what the ranking reads: a newer row for story 3 (made twice as long and a
  // week older) changes its score and only its.
  ASSERT_TRUE(db_->Exec(
      "UPDATE article_search_rank SET tokens = tokens * 2, published = published - 604800, "
      "seq = 8 WHERE id = 3"));
  SearchRankCache cache;
  ASSERT_TRUE(cache.CatchUp(*db_));
  const std::map<int64_t, double> ranked = Scores("wd_rank(article_search, ?1, ?2)", &cache);
  ASSERT_EQ(ranked.size(), 3u);
  EXPECT_NEAR(ranked.at(1), expected.at(1), 1e-12);
  EXPECT_NEAR(ranked.at(2), expected.at(2), 1e-12);
  EXPECT_GT(ranked.at(3), expected.at(3) * 0.9);  // Worse (nearer 0): longer and older.
  // A pointer bound under another type name is not taken for a cache.
  auto stmt = db_->Prepare(
      "SELECT wd_rank(article_search, 1000000, ?1) FROM article_search WHERE rowid = 3 AND "
      "article_search MATCH 'harbour'");
  ASSERT_TRUE(stmt);
  stmt->BindPointer(1, &cache, "something_else");
  auto row = stmt->Step();
  ASSERT_TRUE(row && *row);
  EXPECT_NEAR(stmt->ColumnDouble(0), expected.at(3), 1e-12);
}

TEST_F(WdRankTest, CatchesUpWithRowsWrittenSinceItLastLooked) {
  SearchRankCache cache;
  ASSERT_TRUE(cache.CatchUp(*db_));
  ASSERT_TRUE(db_->Exec(
      "INSERT INTO articles VALUES (9, 950000);"
      "INSERT INTO article_search (rowid, headline, summary, body, byline, subjects) VALUES "
      "(9, 'Harbour', '', 'harbour harbour', '', '');"
      "INSERT INTO article_search_rank SELECT 9, wd_docsize_tokens(sz), 950000, "
      "(SELECT MAX(seq) + 1 FROM article_search_rank) FROM article_search_docsize WHERE id = 9;"));
  ASSERT_TRUE(cache.CatchUp(*db_));
  {
    const auto held = cache.Hold();
    const SearchRankCache::Story* story = cache.Find(9);
    ASSERT_NE(story, nullptr);
    EXPECT_EQ(story->tokens, 3u);
    EXPECT_EQ(story->published, 950000);
    EXPECT_EQ(cache.Find(8), nullptr);
    EXPECT_EQ(cache.Find(-1), nullptr);
    EXPECT_EQ(cache.Find(1 << 30), nullptr);
  }
  ExpectSameScores(Scores("wd_rank(article_search, ?1, ?2)", &cache), Fts5Scores());
}

TEST_F(WdRankTest, RefusesTheWrongNumberOfArguments) {
  auto stmt = db_->Prepare(
      "SELECT wd_rank(article_search) FROM article_search WHERE article_search MATCH 'harbour'");
  ASSERT_TRUE(stmt);
  auto row = stmt->Step();
  ASSERT_FALSE(row);
  EXPECT_NE(row.error().message().find("three arguments"), std::string::npos);
}

}  // namespace
}  // namespace wiredesk::store::internal
