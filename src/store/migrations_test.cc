#include "store/migrations.h"

#include <gtest/gtest.h>

#include "store/internal/sqlite.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

using internal::Connection;
using internal::ConnectionMode;

std::unique_ptr<Connection> OpenDb(const std::string& path) {
  auto db = Connection::Open(path, ConnectionMode::kReadWrite, 1000);
  EXPECT_TRUE(db) << db.error().ToString();
  return db ? std::move(*db) : nullptr;
}

int64_t Count(Connection& db, const std::string& sql) {
  auto stmt = db.Prepare(sql);
  EXPECT_TRUE(stmt) << stmt.error().ToString();
  if (!stmt)
    return -1;
  auto row = stmt->Step();
  EXPECT_TRUE(row && *row);
  return row && *row ? stmt->ColumnInt(0) : -1;
}

bool TableExists(Connection& db, const std::string& name) {
  return Count(db, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                       "'") == 1;
}

TEST(Migrations, AreNumberedWithoutGaps) {
  auto migrations = SqliteMigrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(migrations[i].name.empty());
  }
}

TEST(Migrations, CreateTheSchemaOnAFreshFile) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  auto before = SchemaVersion(*db);
  ASSERT_TRUE(before);
  EXPECT_EQ(*before, 0);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  auto after = SchemaVersion(*db);
  ASSERT_TRUE(after);
  EXPECT_EQ(*after, static_cast<int>(SqliteMigrations().size()));
  for (const char* table : {"articles", "article_versions", "outbox", "schema_migrations"}) {
    EXPECT_TRUE(TableExists(*db, table)) << table;
  }
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(SqliteMigrations().size()));
}

TEST(Migrations, ApplyingTwiceIsIdempotent) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  auto again = ApplyMigrations(*db, SqliteMigrations());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(SqliteMigrations().size()));
}

TEST(Migrations, OpeningTheStoreTwiceIsIdempotent) {
  test_util::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.File("w.db");
  for (int i = 0; i < 3; ++i) {
    auto store = SqliteStore::Open(options);
    ASSERT_TRUE(store) << "open " << i << ": " << store.error().ToString();
  }
  // Two stores on one file at once, as a server and `wiredesk ingest` would be.
  auto first = SqliteStore::Open(options);
  auto second = SqliteStore::Open(options);
  ASSERT_TRUE(first);
  ASSERT_TRUE(second) << second.error().ToString();
  auto db = OpenDb(options.path);
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM schema_migrations"),
            static_cast<int64_t>(SqliteMigrations().size()));
}

TEST(Migrations, ApplyOnlyThoseNotYetApplied) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  const Migration v1[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"}};
  ASSERT_TRUE(ApplyMigrations(*db, v1));
  ASSERT_TRUE(db->Exec("INSERT INTO t1 VALUES (7)"));
  // Migration 1 would fail if it ran again (the table exists), so success shows it did not.
  const Migration v2[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"},
                          {2, "two", "ALTER TABLE t1 ADD COLUMN y TEXT DEFAULT 'y'"}};
  auto applied = ApplyMigrations(*db, v2);
  ASSERT_TRUE(applied) << applied.error().ToString();
  EXPECT_EQ(*SchemaVersion(*db), 2);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM t1 WHERE x = 7 AND y = 'y'"), 1);
}

TEST(Migrations, AFailingMigrationLeavesTheSchemaAsItWas) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  const Migration list[] = {{1, "one", "CREATE TABLE t1 (x INTEGER)"},
                            {2, "broken", "CREATE TABLE t2 (x INTEGER); SELECT * FROM missing"}};
  auto applied = ApplyMigrations(*db, list);
  ASSERT_FALSE(applied);
  EXPECT_NE(applied.error().message().find("migration 2 (broken)"), std::string::npos)
      << applied.error().message();
  EXPECT_EQ(*SchemaVersion(*db), 0);
  EXPECT_FALSE(TableExists(*db, "t1"));
  EXPECT_FALSE(TableExists(*db, "t2"));
}

TEST(Migrations, PrefixIndexRebuildKeepsPublishedStoriesSearchable) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_GE(SqliteMigrations().size(), 6u);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(5)));
  // A published and a killed story as migration 5 left them: only the first is indexed.
  for (const char* row : {"(1, 'published', 'Harbour strike ends', '<p>Dockers <b>return</b></p>')",
                          "(2, 'killed', 'Harbour fire', '<p>Withdrawn</p>')"}) {
    ASSERT_TRUE(db->Exec(
        std::string("INSERT INTO articles (id, state, headline, body_html, source, source_kind, "
                    "guid, section, slug, version_rank, last_change, version_count, published, "
                    "updated, received_at) SELECT column1, column2, column3, column4, 'wire', "
                    "'wire', 'g' || column1, 'news', 's', 1, 'publish', 1, 0, 0, 0 FROM (VALUES ") +
        row + ")"));
  }
  ASSERT_TRUE(
      db->Exec("INSERT INTO article_search (rowid, headline, summary, body, byline, "
               "subjects) VALUES (1, 'Harbour strike ends', '', 'Dockers return', '', '')"));
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  EXPECT_EQ(*SchemaVersion(*db), static_cast<int>(SqliteMigrations().size()));
  EXPECT_EQ(Count(*db,
                  "SELECT COUNT(*) FROM sqlite_master WHERE name = 'article_search' "
                  "AND sql LIKE '%prefix = ''2 3''%'"),
            1);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM article_search"), 1);
  for (const char* match : {"\"ha\"*", "\"har\"*", "\"harbo\"*", "\"ret\"*", "dockers"}) {
    EXPECT_EQ(Count(*db, std::string("SELECT COUNT(*) FROM article_search WHERE article_search "
                                     "MATCH '") +
                             match + "'"),
              1)
        << match;
  }
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'fire'"), 0);
}

TEST(Migrations, TokenizerRebuildIndexesEachStoryInItsLanguage) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_GE(SqliteMigrations().size(), 12u);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(8)));
  // A German and an English story as migration 8 left them, indexed by unicode61.
  for (const char* row : {"(1, 'de', 'Neue Häuser', '<p>In Köln</p>')",
                          "(2, 'en', 'Runners return', '<p>Running again</p>')"}) {
    ASSERT_TRUE(db->Exec(
        std::string("INSERT INTO articles (id, language, headline, body_html, state, source, "
                    "source_kind, guid, section, slug, version_rank, last_change, version_count, "
                    "published, updated, received_at) SELECT column1, column2, column3, column4, "
                    "'published', 'wire', 'wire', 'g' || column1, 'news', 's', 1, 'publish', 1, "
                    "0, 0, 0 FROM (VALUES ") +
        row + ")"));
  }
  ASSERT_TRUE(
      db->Exec("INSERT INTO article_search (rowid, headline, summary, body, byline, subjects) "
               "VALUES (1, 'Neue Häuser', '', 'In Köln', '', ''), "
               "(2, 'Runners return', '', 'Running again', '', '')"));
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  EXPECT_EQ(Count(*db,
                  "SELECT COUNT(*) FROM sqlite_master WHERE name = 'article_search' "
                  "AND sql LIKE '%tokenize = ''wiredesk''%'"),
            1);
  auto matches = [&](const std::string& match) {
    return Count(*db,
                 "SELECT COUNT(*) FROM article_search WHERE article_search MATCH '" + match + "'");
  };
  EXPECT_EQ(matches("\"\x1F"
                    "de\x1F"
                    "haus\""),
            1);                   // The German stem of Häuser.
  EXPECT_EQ(matches("koln"), 1);  // Diacritics folded.
  EXPECT_EQ(matches("run"), 1);   // English, the default, stemmed.
  EXPECT_GT(Count(*db, "SELECT COUNT(*) FROM article_search_vocab WHERE term = 'koln'"), 0);
}

// Stories as migration 17 left them: published, indexed from `indexed`, which the index's
// stored text then reads as `stored` (the tokens an older tokenizer made of it).
void InsertIndexedAsBefore(Connection& db, int id, const std::string& indexed,
                           const std::string& stored) {
  ASSERT_TRUE(db.Exec(
      "INSERT INTO articles (id, headline, body_html, state, source, source_kind, guid, section, "
      "slug, version_rank, last_change, version_count, published, updated, received_at) VALUES "
      "(" +
      std::to_string(id) + ", 'h', '<p>" + stored + "</p>', 'published', 'wire', 'wire', 'g" +
      std::to_string(id) + "', 'news', 's', 1, 'publish', 1, 0, 0, 0)"));
  ASSERT_TRUE(
      db.Exec("INSERT INTO article_search (rowid, headline, summary, body, byline, "
              "subjects) VALUES (" +
              std::to_string(id) + ", 'h', '', '" + indexed + "', '', '')"));
  ASSERT_TRUE(db.Exec("UPDATE article_search_content SET c2 = '" + stored +
                      "' WHERE id = " + std::to_string(id)));
}

TEST(Migrations, CharacterBigramsRebuildTheIndexWhereChineseOrJapaneseIs) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_GE(SqliteMigrations().size(), 18u);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(17)));
  // The dictionary's words, as the tokenizer indexed them before: no 京大 across them.
  InsertIndexedAsBefore(*db, 1, "北京 大学", "北京大学");
  auto matches = [&](const std::string& match) {
    return Count(*db,
                 "SELECT COUNT(*) FROM article_search WHERE article_search MATCH '" + match + "'");
  };
  ASSERT_EQ(matches("\"京大\""), 0);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  EXPECT_EQ(matches("\"京大\""), 1);
  EXPECT_EQ(matches("\"北京大学\""), 1);
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM article_search_vocab WHERE term = '京大'"), 1);
}

TEST(Migrations, CharacterBigramsLeaveAnIndexWithoutChineseOrJapanese) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(17)));
  // Were the index rebuilt, "ferry" would give way to "harbour".
  InsertIndexedAsBefore(*db, 1, "ferry", "harbour");
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  EXPECT_EQ(*SchemaVersion(*db), static_cast<int>(SqliteMigrations().size()));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM article_search WHERE article_search MATCH 'ferry'"),
            1);
}

TEST(Migrations, SearchRankHoldsEachIndexedStorysLengthAndTime) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_GE(SqliteMigrations().size(), 19u);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(18)));
  InsertIndexedAsBefore(*db, 4, "ferry crossing to the harbour", "ferry crossing to the harbour");
  InsertIndexedAsBefore(*db, 9, "bridge", "bridge");
  ASSERT_TRUE(db->Exec("UPDATE articles SET published = 1700000000 WHERE id = 9"));
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  // Lengths count every column's words: the headline "h" and the body's.
  EXPECT_EQ(Count(*db, "SELECT tokens FROM article_search_rank WHERE id = 4"), 6);
  EXPECT_EQ(Count(*db, "SELECT tokens FROM article_search_rank WHERE id = 9"), 2);
  EXPECT_EQ(Count(*db, "SELECT published FROM article_search_rank WHERE id = 9"), 1700000000);
  // Numbered by id, so the store's next number comes after both.
  EXPECT_EQ(Count(*db, "SELECT MAX(seq) FROM article_search_rank"), 9);
}

TEST(Migrations, StoryFeaturesAreFilledForPublishedStories) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_GE(SqliteMigrations().size(), 15u);
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations().first(14)));
  for (const char* row : {"(1, 'published', 'Harbour bridge reopens', '<p>Ferries resume</p>')",
                          "(2, 'killed', 'Withdrawn story', '')"}) {
    ASSERT_TRUE(db->Exec(
        std::string("INSERT INTO articles (id, state, headline, summary_html, language, "
                    "source, source_kind, guid, section, slug, version_rank, last_change, "
                    "version_count, published, updated, received_at, subjects_json) SELECT "
                    "column1, column2, column3, column4, 'en', 'wire', 'wire', 'g' || column1, "
                    "'news/world', 's', 1, 'publish', 1, 0, 0, 0, '[{\"name\":\"Ports\"}]' "
                    "FROM (VALUES ") +
        row + ")"));
  }
  ASSERT_TRUE(ApplyMigrations(*db, SqliteMigrations()));
  EXPECT_EQ(Count(*db, "SELECT COUNT(*) FROM story_features"), 1);
  EXPECT_EQ(Count(*db,
                  "SELECT COUNT(*) FROM story_features WHERE article_id = 1 AND section = "
                  "'news/world' AND key_terms = 'harbour reopens bridge ferries resume' AND "
                  "subjects_json LIKE '%Ports%'"),
            1);
}

TEST(Migrations, RefuseADatabaseFromANewerVersion) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  ASSERT_TRUE(db->Exec("PRAGMA user_version = 99"));
  auto applied = ApplyMigrations(*db, SqliteMigrations());
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code(), core::ErrorCode::kFailedPrecondition);
  EXPECT_FALSE(TableExists(*db, "articles"));

  SqliteStoreOptions options;
  options.path = dir.File("w.db");
  db.reset();
  auto store = SqliteStore::Open(options);
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), core::ErrorCode::kFailedPrecondition);
}

TEST(Migrations, RejectAMisnumberedList) {
  test_util::TempDir dir;
  auto db = OpenDb(dir.File("w.db"));
  ASSERT_NE(db, nullptr);
  const Migration list[] = {{1, "one", "SELECT 1"}, {3, "three", "SELECT 1"}};
  auto applied = ApplyMigrations(*db, list);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().code(), core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wiredesk::store
