#include "store/sqlite_source_store.h"

#include <gtest/gtest.h>

#include "store/store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

SourceRecord HttpSource(const std::string& name) {
  SourceRecord s;
  s.name = name;
  s.kind = SourceKind::kHttp;
  s.location = "https://example.com/" + name + ".xml";
  s.interval_seconds = 120;
  s.section_rules = {{"Sport", *core::SectionPath::Parse("sport")},
                     {"*", *core::SectionPath::Parse("news/world")}};
  s.created_at = core::FromUnixSeconds(1'700'000'000);
  s.poll.next_poll_at = s.created_at;
  return s;
}

TEST(SqliteSourceStore, AddsListsGetsAndRemoves) {
  test_util::TempDir dir;
  auto store = SqliteSourceStore::Open(dir.File("wd.db"));
  ASSERT_TRUE(store) << store.error().ToString();
  ASSERT_TRUE((*store)->AddSource(HttpSource("reuters")));
  SourceRecord push;
  push.name = "ap";
  push.kind = SourceKind::kPush;
  push.push_token_hash = std::string(64, 'a');
  ASSERT_TRUE((*store)->AddSource(push));

  auto all = (*store)->ListSources();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "ap");
  EXPECT_EQ((*all)[0].kind, SourceKind::kPush);
  EXPECT_EQ((*all)[0].push_token_hash, std::string(64, 'a'));

  auto reuters = (*store)->GetSource("reuters");
  ASSERT_TRUE(reuters) << reuters.error().ToString();
  EXPECT_EQ(reuters->location, "https://example.com/reuters.xml");
  EXPECT_EQ(reuters->interval_seconds, 120);
  ASSERT_EQ(reuters->section_rules.size(), 2u);
  EXPECT_EQ(reuters->section_rules[0].match, "Sport");
  EXPECT_EQ(reuters->section_rules[1].section.ToString(), "news/world");
  EXPECT_EQ(reuters->created_at, core::FromUnixSeconds(1'700'000'000));
  EXPECT_FALSE(reuters->poll.last_polled_at.has_value());

  ASSERT_TRUE((*store)->RemoveSource("reuters"));
  auto gone = (*store)->GetSource("reuters");
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code(), core::ErrorCode::kNotFound);
  auto again = (*store)->RemoveSource("reuters");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), core::ErrorCode::kNotFound);
}

TEST(SqliteSourceStore, RefusesDuplicateAndInvalidNames) {
  test_util::TempDir dir;
  auto store = SqliteSourceStore::Open(dir.File("wd.db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->AddSource(HttpSource("afp")));
  auto duplicate = (*store)->AddSource(HttpSource("afp"));
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code(), core::ErrorCode::kAlreadyExists);
  for (const char* bad : {"", "AFP", "-afp", "a/b", "a b", "ä", "x'); DROP TABLE sources; --"}) {
    auto added = (*store)->AddSource(HttpSource(bad));
    ASSERT_FALSE(added) << bad;
    EXPECT_EQ(added.error().code(), core::ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(IsValidSourceName(std::string(65, 'a')));
  EXPECT_TRUE(IsValidSourceName(std::string(64, 'a')));
  EXPECT_TRUE(IsValidSourceName("pti_wire-2"));
}

TEST(SqliteSourceStore, SavesPollStateAcrossReopen) {
  test_util::TempDir dir;
  {
    auto store = SqliteSourceStore::Open(dir.File("wd.db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->AddSource(HttpSource("pti")));
    SourcePollState state;
    state.etag = "\"abc\"";
    state.last_modified = "Mon, 30 Nov 2026 10:00:00 GMT";
    state.last_status = "error: unavailable";
    state.last_polled_at = core::FromUnixSeconds(1'800'000'000);
    state.next_poll_at = core::FromUnixSeconds(1'800'000'600);
    state.failure_count = 3;
    ASSERT_TRUE((*store)->SavePollState("pti", state));
    auto missing = (*store)->SavePollState("nobody", state);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
  }
  auto store = OpenSourceStore("sqlite:" + dir.File("wd.db"));
  ASSERT_TRUE(store) << store.error().ToString();
  auto pti = (*store)->GetSource("pti");
  ASSERT_TRUE(pti);
  EXPECT_EQ(pti->poll.etag, "\"abc\"");
  EXPECT_EQ(pti->poll.last_modified, "Mon, 30 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(pti->poll.last_status, "error: unavailable");
  EXPECT_EQ(pti->poll.last_polled_at, core::FromUnixSeconds(1'800'000'000));
  EXPECT_EQ(pti->poll.next_poll_at, core::FromUnixSeconds(1'800'000'600));
  EXPECT_EQ(pti->poll.failure_count, 3);
}

TEST(SqliteSourceStore, LivesBesideTheArticleStore) {
  test_util::TempDir dir;
  const std::string url = "sqlite:" + dir.File("wd.db");
  auto articles = OpenStore(url);
  ASSERT_TRUE(articles) << articles.error().ToString();
  auto sources = OpenSourceStore(url);
  ASSERT_TRUE(sources) << sources.error().ToString();
  ASSERT_TRUE((*sources)->AddSource(HttpSource("one")));
  EXPECT_TRUE((*articles)->Stats());
  auto bad = OpenSourceStore("postgres://x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wiredesk::store
