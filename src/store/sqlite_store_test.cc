#include "store/sqlite_store.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "store/internal/sqlite.h"
#include "store/migrations.h"
#include "store/store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

using core::ArticleState;
using core::ItemStatus;
using core::VersionChange;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

VersionDecider Decide(VersionAction action, VersionChange change = VersionChange::kPublish) {
  return [action, change](const std::optional<CurrentVersion>&) {
    return VersionDecision{action, change, action == VersionAction::kIgnore ? "test" : ""};
  };
}

core::SectionPath Section(std::string_view text) { return *core::SectionPath::Parse(text); }

IncomingVersion Version(const std::string& guid, int64_t rank, const std::string& headline,
                        std::string_view section = "news") {
  IncomingVersion v;
  v.source = "wire";
  v.item.guid = guid;
  v.item.version = rank;
  v.item.headline = headline;
  v.item.byline = "By A. Reporter";
  v.item.body_html = "<p>" + headline + " body</p>";
  v.item.body_text_sha256 = "hash-" + headline;
  v.item.published = kT0 + std::chrono::seconds(rank);
  v.item.authors = {{"A. Reporter", "a@example.com", ""}};
  v.item.subjects = {{"World", "medtop:11000000", "http://cv.iptc.org/newscodes/mediatopic/"}};
  v.rank = rank;
  v.section = Section(section);
  v.received_at = kT0 + std::chrono::hours(1);
  v.stored_body_text_sha256 = "hash-" + headline;
  return v;
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { store_ = Open(); }

  std::unique_ptr<SqliteStore> Open() {
    SqliteStoreOptions options;
    options.path = dir_.File("db/wiredesk.db");  // The folder does not exist yet.
    auto store = SqliteStore::Open(options);
    EXPECT_TRUE(store) << store.error().ToString();
    return store ? std::move(*store) : nullptr;
  }

  WriteOutcome Write(const IncomingVersion& v, const VersionDecider& decide) {
    auto outcome = store_->WriteVersion(v, decide);
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? *outcome : WriteOutcome{};
  }

  // Creates a published article at rank 1 and returns its id.
  core::ArticleId Create(const std::string& guid, const std::string& headline,
                         std::string_view section = "news") {
    return Write(Version(guid, 1, headline, section), Decide(VersionAction::kCreate)).article_id;
  }

  std::vector<OutboxEvent> Events(int64_t after = 0) {
    auto events = store_->EventsAfter(after, 1000);
    EXPECT_TRUE(events) << events.error().ToString();
    return events ? *events : std::vector<OutboxEvent>{};
  }

  core::Article Get(core::ArticleId id) {
    auto article = store_->GetArticle(id);
    EXPECT_TRUE(article) << article.error().ToString();
    return article ? *article : core::Article{};
  }

  std::vector<std::string> Headlines(const ArticleQuery& query) {
    auto page = store_->ListArticles(query);
    EXPECT_TRUE(page) << page.error().ToString();
    std::vector<std::string> out;
    if (page) {
      for (const auto& a : page->articles) out.push_back(a.headline);
    }
    return out;
  }

  test_util::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
};

TEST_F(SqliteStoreTest, CreateStoresArticleVersionAndOneEvent) {
  IncomingVersion v = Version("g1", 1, "Ministers meet in Geneva", "news/world");
  v.item.urgency = 3;
  v.item.language = "en";
  WriteOutcome outcome = Write(v, Decide(VersionAction::kCreate));
  EXPECT_EQ(outcome.decision.action, VersionAction::kCreate);
  ASSERT_GT(outcome.article_id, 0);
  EXPECT_GT(outcome.event_seq, 0);

  core::Article a = Get(outcome.article_id);
  EXPECT_EQ(a.guid, "g1");
  EXPECT_EQ(a.source, "wire");
  EXPECT_EQ(a.source_kind, core::SourceKind::kWire);
  EXPECT_EQ(a.slug, "ministers-meet-in-geneva");
  EXPECT_EQ(a.section.ToString(), "news/world");
  EXPECT_EQ(a.state, ArticleState::kPublished);
  EXPECT_EQ(a.version_rank, 1);
  EXPECT_EQ(a.version_count, 1);
  EXPECT_EQ(a.last_change, VersionChange::kPublish);
  EXPECT_EQ(a.body_html, "<p>Ministers meet in Geneva body</p>");
  EXPECT_EQ(a.byline, "By A. Reporter");
  EXPECT_EQ(a.urgency, 3);
  EXPECT_EQ(a.language, "en");
  EXPECT_EQ(a.published, kT0 + std::chrono::seconds(1));
  EXPECT_EQ(a.received_at, kT0 + std::chrono::hours(1));
  ASSERT_EQ(a.authors.size(), 1u);
  EXPECT_EQ(a.authors[0].email, "a@example.com");
  ASSERT_EQ(a.subjects.size(), 1u);
  EXPECT_EQ(a.subjects[0].code, "medtop:11000000");
  EXPECT_TRUE(a.ShowsWireNotice());
  EXPECT_EQ(a.Url(), "/news/world/ministers-meet-in-geneva-" + std::to_string(a.id));

  auto events = Events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq, outcome.event_seq);
  EXPECT_EQ(events[0].article_id, a.id);
  EXPECT_EQ(events[0].change, VersionChange::kPublish);
  EXPECT_EQ(events[0].section, "news/world");
  EXPECT_EQ(events[0].created_at, v.received_at);

  auto versions = store_->GetVersions(a.id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].rank, 1);
  EXPECT_EQ((*versions)[0].status, ItemStatus::kUsable);
  EXPECT_EQ((*versions)[0].body_text_sha256, "hash-Ministers meet in Geneva");
}

TEST_F(SqliteStoreTest, CreateWithoutPublishedTimeUsesReceivedTime) {
  IncomingVersion v = Version("g1", 1, "Undated");
  v.item.published.reset();
  core::Article a = Get(Write(v, Decide(VersionAction::kCreate)).article_id);
  EXPECT_EQ(a.published, v.received_at);
  EXPECT_EQ(a.updated, v.received_at);
}

TEST_F(SqliteStoreTest, SupersedeKeepsIdSlugSectionAndFirstPublishedTime) {
  core::ArticleId id = Create("g1", "First headline", "news/world");
  core::Article before = Get(id);

  IncomingVersion v2 = Version("g1", 2, "Second headline", "markets");
  v2.item.updated = kT0 + std::chrono::minutes(30);
  v2.item.ednote = "Corrects spelling";
  v2.received_at = kT0 + std::chrono::hours(2);
  WriteOutcome outcome = Write(v2, Decide(VersionAction::kSupersede, VersionChange::kCorrection));
  EXPECT_EQ(outcome.article_id, id);

  core::Article a = Get(id);
  EXPECT_EQ(a.headline, "Second headline");
  EXPECT_EQ(a.body_html, "<p>Second headline body</p>");
  EXPECT_EQ(a.ednote, "Corrects spelling");
  EXPECT_EQ(a.slug, before.slug);
  EXPECT_EQ(a.section.ToString(), "news/world");
  EXPECT_EQ(a.published, before.published);
  EXPECT_EQ(a.updated, kT0 + std::chrono::minutes(30));
  EXPECT_EQ(a.received_at, v2.received_at);
  EXPECT_EQ(a.version_rank, 2);
  EXPECT_EQ(a.version_count, 2);
  EXPECT_EQ(a.last_change, VersionChange::kCorrection);
  EXPECT_EQ(a.state, ArticleState::kPublished);

  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change, VersionChange::kCorrection);
  EXPECT_EQ(events[1].section, "news/world");
  EXPECT_LT(events[0].seq, events[1].seq);
  auto versions = store_->GetVersions(id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].headline, "First headline");
  EXPECT_EQ((*versions)[1].headline, "Second headline");
  EXPECT_EQ((*versions)[1].ednote, "Corrects spelling");
}

TEST_F(SqliteStoreTest, SupersedeWithoutUpdatedTimeUsesReceivedTime) {
  core::ArticleId id = Create("g1", "First");
  IncomingVersion v2 = Version("g1", 2, "Second");
  v2.received_at = kT0 + std::chrono::hours(5);
  Write(v2, Decide(VersionAction::kSupersede, VersionChange::kUpdate));
  EXPECT_EQ(Get(id).updated, v2.received_at);
}

TEST_F(SqliteStoreTest, WithholdHidesArticleKeepsContentAndWritesOneEvent) {
  core::ArticleId id = Create("g1", "Original");
  IncomingVersion v2 = Version("g1", 2, "Withheld version");
  v2.item.status = ItemStatus::kWithheld;
  Write(v2, Decide(VersionAction::kWithhold, VersionChange::kWithhold));

  core::Article a = Get(id);
  EXPECT_EQ(a.state, ArticleState::kWithheld);
  EXPECT_EQ(a.headline, "Original");
  EXPECT_EQ(a.version_count, 2);
  EXPECT_EQ(a.version_rank, 2);
  EXPECT_EQ(a.last_change, VersionChange::kWithhold);
  EXPECT_TRUE(Headlines({}).empty());
  ArticleQuery all;
  all.include_hidden = true;
  EXPECT_EQ(Headlines(all), std::vector<std::string>{"Original"});
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change, VersionChange::kWithhold);
  auto versions = store_->GetVersions(id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1].status, ItemStatus::kWithheld);
}

TEST_F(SqliteStoreTest, KillKeepsContentForProvenanceAndWritesOneEvent) {
  core::ArticleId id = Create("g1", "Doomed story", "news/world");
  IncomingVersion kill = Version("g1", 1, "Doomed story");
  kill.item.status = ItemStatus::kCanceled;
  WriteOutcome outcome = Write(kill, Decide(VersionAction::kKill, VersionChange::kKill));
  EXPECT_GT(outcome.event_seq, 0);

  core::Article a = Get(id);
  EXPECT_EQ(a.state, ArticleState::kKilled);
  EXPECT_EQ(a.body_html, "<p>Doomed story body</p>");
  EXPECT_EQ(a.last_change, VersionChange::kKill);
  EXPECT_TRUE(Headlines({}).empty());
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change, VersionChange::kKill);
  EXPECT_EQ(events[1].section, "news/world");
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_killed, 1);
  EXPECT_EQ(stats->articles_published, 0);
}

TEST_F(SqliteStoreTest, IgnoreWritesNothing) {
  core::ArticleId id = Create("g1", "Story");
  WriteOutcome outcome = Write(Version("g1", 0, "Stale"), Decide(VersionAction::kIgnore));
  EXPECT_EQ(outcome.decision.action, VersionAction::kIgnore);
  EXPECT_EQ(outcome.decision.reason, "test");
  EXPECT_EQ(outcome.article_id, id);
  EXPECT_EQ(outcome.event_seq, 0);
  EXPECT_EQ(Get(id).headline, "Story");
  EXPECT_EQ(Events().size(), 1u);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->versions, 1);

  WriteOutcome unknown = Write(Version("g2", 1, "Nothing"), Decide(VersionAction::kIgnore));
  EXPECT_EQ(unknown.article_id, 0);
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(SqliteStoreTest, CreateWithheldStoresAHiddenArticle) {
  IncomingVersion v = Version("g1", 1, "Held back");
  v.item.status = ItemStatus::kWithheld;
  WriteOutcome outcome = Write(v, Decide(VersionAction::kCreateWithheld, VersionChange::kWithhold));
  core::Article a = Get(outcome.article_id);
  EXPECT_EQ(a.state, ArticleState::kWithheld);
  EXPECT_EQ(a.last_change, VersionChange::kWithhold);
  EXPECT_TRUE(Headlines({}).empty());
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(SqliteStoreTest, DeciderSeesTheCurrentVersion) {
  std::optional<CurrentVersion> seen;
  auto spy = [&seen](const std::optional<CurrentVersion>& current) {
    seen = current;
    return VersionDecision{};
  };
  Write(Version("g1", 1, "Story"), spy);
  EXPECT_FALSE(seen.has_value());

  core::ArticleId id = Create("g1", "Story");
  Write(Version("g1", 5, "Story"), spy);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->id, id);
  EXPECT_EQ(seen->state, ArticleState::kPublished);
  EXPECT_EQ(seen->version_rank, 1);
  EXPECT_EQ(seen->body_text_sha256, "hash-Story");
  EXPECT_TRUE(seen->has_usable_version);

  IncomingVersion held = Version("g2", 1, "Held");
  held.item.status = ItemStatus::kWithheld;
  Write(held, Decide(VersionAction::kCreateWithheld, VersionChange::kWithhold));
  Write(Version("g2", 2, "Held"), spy);
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->state, ArticleState::kWithheld);
  EXPECT_FALSE(seen->has_usable_version);
}

TEST_F(SqliteStoreTest, SameGuidFromAnotherSourceIsAnotherArticle) {
  core::ArticleId first = Create("g1", "From the wire");
  IncomingVersion v = Version("g1", 1, "From the web");
  v.source = "web-site";
  v.source_kind = core::SourceKind::kWeb;
  core::ArticleId second = Write(v, Decide(VersionAction::kCreate)).article_id;
  EXPECT_NE(first, second);
  EXPECT_EQ(Get(second).source_kind, core::SourceKind::kWeb);
  EXPECT_FALSE(Get(second).ShowsWireNotice());
}

TEST_F(SqliteStoreTest, DeciderThatBreaksItsContractWritesNothing) {
  Create("g1", "Story");
  auto bad_create = store_->WriteVersion(Version("g1", 2, "Again"), Decide(VersionAction::kCreate));
  ASSERT_FALSE(bad_create);
  EXPECT_EQ(bad_create.error().code(), core::ErrorCode::kInternal);
  auto bad_kill = store_->WriteVersion(Version("g9", 2, "X"), Decide(VersionAction::kKill));
  ASSERT_FALSE(bad_kill);
  auto no_decider = store_->WriteVersion(Version("g1", 2, "X"), VersionDecider());
  ASSERT_FALSE(no_decider);
  EXPECT_EQ(no_decider.error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Events().size(), 1u);
  // The writer is still usable after the failed transactions rolled back.
  Create("g2", "Next");
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(SqliteStoreTest, ArticleVersionAndEventAreOneTransaction) {
  // Make the outbox insert fail, as a full disk might; the article must not appear either.
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("db/wiredesk.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
                           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  auto outcome = store_->WriteVersion(Version("g1", 1, "Story"), Decide(VersionAction::kCreate));
  ASSERT_FALSE(outcome);
  EXPECT_NE(outcome.error().message().find("injected failure"), std::string::npos);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 0);
  EXPECT_EQ(stats->versions, 0);
  ArticleQuery all;
  all.include_hidden = true;
  EXPECT_TRUE(Headlines(all).empty());
}

TEST_F(SqliteStoreTest, BatchWritesEachVersionAsWriteVersionWould) {
  // g1 is created and superseded within the batch: the second version sees the first.
  std::vector<IncomingVersion> batch = {Version("g1", 1, "First"), Version("g2", 1, "Other"),
                                        Version("g1", 2, "Second"), Version("g2", 1, "Other")};
  std::vector<std::optional<CurrentVersion>> seen;
  auto outcomes = store_->WriteVersions(
      batch, [&seen](size_t index, const std::optional<CurrentVersion>& current) {
        seen.push_back(current);
        if (!current)
          return VersionDecision{VersionAction::kCreate, VersionChange::kPublish, ""};
        if (index == 2)
          return VersionDecision{VersionAction::kSupersede, VersionChange::kUpdate, ""};
        return VersionDecision{VersionAction::kIgnore, VersionChange::kPublish, "same version"};
      });
  ASSERT_EQ(outcomes.size(), 4u);
  for (const auto& outcome : outcomes) ASSERT_TRUE(outcome) << outcome.error().ToString();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_FALSE(seen[0]);
  EXPECT_FALSE(seen[1]);
  ASSERT_TRUE(seen[2]);
  EXPECT_EQ(seen[2]->id, outcomes[0]->article_id);
  ASSERT_TRUE(seen[3]);
  EXPECT_EQ(outcomes[2]->article_id, outcomes[0]->article_id);
  EXPECT_EQ(outcomes[3]->decision.action, VersionAction::kIgnore);
  EXPECT_EQ(outcomes[3]->event_seq, 0);
  EXPECT_EQ(Get(outcomes[0]->article_id).headline, "Second");
  // One event per change, in order, each naming its article.
  std::vector<OutboxEvent> events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].seq, outcomes[0]->event_seq);
  EXPECT_EQ(events[1].seq, outcomes[1]->event_seq);
  EXPECT_EQ(events[2].seq, outcomes[2]->event_seq);
  EXPECT_EQ(events[2].change, VersionChange::kUpdate);
  auto versions = store_->GetVersions(outcomes[0]->article_id);
  ASSERT_TRUE(versions);
  EXPECT_EQ(versions->size(), 2u);
}

TEST_F(SqliteStoreTest, AFailedVersionInABatchWritesNothingAndSparesTheOthers) {
  Create("g1", "Story");
  // The second version's decider breaks its contract after nothing was written; the third's
  // write fails half-way (the outbox insert of g4 is refused), so its article row, written
  // before, must go too.
  {
    sqlite3* raw = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("db/wiredesk.db").c_str(), &raw), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(raw,
                           "CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox "
                           "WHEN (SELECT guid FROM articles WHERE id = NEW.article_id) = 'g4' "
                           "BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(raw);
  }
  std::vector<IncomingVersion> batch = {Version("g2", 1, "Two"), Version("g1", 2, "Again"),
                                        Version("g4", 1, "Four"), Version("g3", 1, "Three")};
  auto outcomes = store_->WriteVersions(batch, [](size_t, const std::optional<CurrentVersion>&) {
    return VersionDecision{VersionAction::kCreate, VersionChange::kPublish, ""};
  });
  ASSERT_EQ(outcomes.size(), 4u);
  EXPECT_TRUE(outcomes[0]);
  ASSERT_FALSE(outcomes[1]);
  EXPECT_EQ(outcomes[1].error().code(), core::ErrorCode::kInternal);
  ASSERT_FALSE(outcomes[2]);
  EXPECT_NE(outcomes[2].error().message().find("injected failure"), std::string::npos);
  EXPECT_TRUE(outcomes[3]);
  ArticleQuery all;
  all.include_hidden = true;
  std::vector<std::string> headlines = Headlines(all);
  EXPECT_EQ(std::set<std::string>(headlines.begin(), headlines.end()),
            (std::set<std::string>{"Story", "Two", "Three"}));
  EXPECT_EQ(Events().size(), 3u);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->versions, 3);
}

TEST_F(SqliteStoreTest, EmptyBatchAndMissingBatchDecider) {
  EXPECT_TRUE(
      store_
          ->WriteVersions(
              {}, [](size_t, const std::optional<CurrentVersion>&) { return VersionDecision{}; })
          .empty());
  auto outcomes = store_->WriteVersions({Version("g1", 1, "One")}, BatchVersionDecider());
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_FALSE(outcomes[0]);
  EXPECT_EQ(outcomes[0].error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Events().empty());
}

TEST_F(SqliteStoreTest, EmbargoedArticleIsHiddenUntilReleased) {
  IncomingVersion v = Version("g1", 1, "Embargoed results");
  v.item.published = v.received_at;
  v.item.embargo = v.received_at + std::chrono::hours(2);
  core::ArticleId id = Write(v, Decide(VersionAction::kCreate)).article_id;
  EXPECT_EQ(Get(id).state, ArticleState::kEmbargoed);
  EXPECT_TRUE(Headlines({}).empty());
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_hidden, 1);

  auto early = store_->ReleaseEmbargoes(*v.item.embargo - std::chrono::seconds(1));
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, 0);
  EXPECT_EQ(Events().size(), 1u);

  auto released = store_->ReleaseEmbargoes(*v.item.embargo);
  ASSERT_TRUE(released);
  EXPECT_EQ(*released, 1);
  core::Article a = Get(id);
  EXPECT_EQ(a.state, ArticleState::kPublished);
  EXPECT_EQ(a.published, *v.item.embargo);
  EXPECT_EQ(Headlines({}), std::vector<std::string>{"Embargoed results"});
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].article_id, id);
  EXPECT_EQ(events[1].change, VersionChange::kPublish);
  EXPECT_EQ(events[1].created_at, *v.item.embargo);

  auto again = store_->ReleaseEmbargoes(*v.item.embargo + std::chrono::hours(1));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
}

TEST_F(SqliteStoreTest, PastEmbargoPublishesAtOnce) {
  IncomingVersion v = Version("g1", 1, "Old embargo");
  v.item.embargo = v.received_at - std::chrono::minutes(1);
  EXPECT_EQ(Get(Write(v, Decide(VersionAction::kCreate)).article_id).state,
            ArticleState::kPublished);
}

TEST_F(SqliteStoreTest, PaginatesNewestFirstWithCursor) {
  // Seven articles; two share a published time so the id breaks the tie.
  for (int i = 1; i <= 7; ++i) {
    IncomingVersion v = Version("g" + std::to_string(i), 1, "Story " + std::to_string(i));
    v.item.published = kT0 + std::chrono::minutes(i == 4 ? 3 : i);
    Write(v, Decide(VersionAction::kCreate));
  }
  ArticleQuery query;
  query.limit = 3;
  std::vector<std::string> seen;
  int pages = 0;
  while (true) {
    auto page = store_->ListArticles(query);
    ASSERT_TRUE(page) << page.error().ToString();
    ++pages;
    for (const auto& a : page->articles) {
      seen.push_back(a.headline);
      EXPECT_TRUE(a.body_html.empty());
      EXPECT_FALSE(a.byline.empty());
    }
    if (page->next_cursor.empty())
      break;
    ASSERT_LT(pages, 10);
    query.cursor = page->next_cursor;
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, (std::vector<std::string>{"Story 7", "Story 6", "Story 5", "Story 4", "Story 3",
                                            "Story 2", "Story 1"}));
}

TEST_F(SqliteStoreTest, ExactlyFullLastPageHasNoCursor) {
  for (int i = 1; i <= 4; ++i) Create("g" + std::to_string(i), "S" + std::to_string(i));
  ArticleQuery query;
  query.limit = 2;
  auto first = store_->ListArticles(query);
  ASSERT_TRUE(first);
  ASSERT_FALSE(first->next_cursor.empty());
  query.cursor = first->next_cursor;
  auto second = store_->ListArticles(query);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->articles.size(), 2u);
  EXPECT_TRUE(second->next_cursor.empty());
}

TEST_F(SqliteStoreTest, RejectsGarbageCursors) {
  Create("g1", "Story");
  for (const std::string& cursor :
       std::vector<std::string>{"garbage!", "Zm9v", "MTIz", "OjE", "MTIzOg", "MTIzOjA", "MTIzOi0x",
                                "MTIzOjF4", std::string(200, 'A')}) {
    ArticleQuery query;
    query.cursor = cursor;
    auto page = store_->ListArticles(query);
    ASSERT_FALSE(page) << cursor;
    EXPECT_EQ(page.error().code(), core::ErrorCode::kInvalidArgument) << cursor;
  }
}

TEST_F(SqliteStoreTest, ClampsLimit) {
  for (int i = 0; i < 3; ++i) Create("g" + std::to_string(i), "S" + std::to_string(i));
  ArticleQuery query;
  query.limit = 0;
  auto page = store_->ListArticles(query);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->articles.size(), 1u);
  query.limit = 100000;
  page = store_->ListArticles(query);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->articles.size(), 3u);
}

TEST_F(SqliteStoreTest, SectionFilterIncludesSubsectionsOnly) {
  Create("a", "News", "news");
  Create("b", "World", "news/world");
  Create("c", "Europe", "news/world/europe");
  Create("d", "Newsletters", "newsletters");
  Create("e", "New", "new");
  Create("f", "Markets", "markets");
  auto query = [](std::string_view section) {
    ArticleQuery q;
    q.section = Section(section);
    return q;
  };
  auto sorted = [this](const ArticleQuery& q) {
    auto h = Headlines(q);
    return std::set<std::string>(h.begin(), h.end());
  };
  EXPECT_EQ(sorted(query("news")), (std::set<std::string>{"News", "World", "Europe"}));
  EXPECT_EQ(sorted(query("news/world")), (std::set<std::string>{"World", "Europe"}));
  EXPECT_EQ(sorted(query("new")), (std::set<std::string>{"New"}));
  EXPECT_EQ(sorted(query("news/worl")), (std::set<std::string>{}));
  EXPECT_EQ(sorted(query("")).size(), 6u);  // Home: every section.
}

TEST_F(SqliteStoreTest, GuidFilterFindsOneArticle) {
  Create("urn:wire:1", "One");
  Create("urn:wire:2", "Two");
  ArticleQuery query;
  query.guid = "urn:wire:2";
  EXPECT_EQ(Headlines(query), std::vector<std::string>{"Two"});
  query.guid = "urn:wire:3";
  EXPECT_TRUE(Headlines(query).empty());
}

TEST_F(SqliteStoreTest, ListsSectionsWithPublishedCounts) {
  Create("a", "A", "news/world");
  Create("b", "B", "news/world");
  core::ArticleId killed = Create("c", "C", "markets");
  Write(Version("c", 2, "C"), Decide(VersionAction::kKill, VersionChange::kKill));
  Create("d", "D", "technology");
  EXPECT_EQ(Get(killed).state, ArticleState::kKilled);
  auto sections = store_->ListSections();
  ASSERT_TRUE(sections);
  ASSERT_EQ(sections->size(), 2u);
  EXPECT_EQ((*sections)[0].section.ToString(), "news/world");
  EXPECT_EQ((*sections)[0].published_count, 2);
  EXPECT_EQ((*sections)[1].section.ToString(), "technology");
}

TEST_F(SqliteStoreTest, EventsAfterPagesThroughTheOutbox) {
  for (int i = 0; i < 5; ++i) Create("g" + std::to_string(i), "S");
  auto first = store_->EventsAfter(0, 2);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 2u);
  auto rest = store_->EventsAfter(first->back().seq, 100);
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 3u);
  EXPECT_GT(rest->front().seq, first->back().seq);
  auto zero = store_->EventsAfter(0, 0);
  ASSERT_TRUE(zero);
  EXPECT_TRUE(zero->empty());
  auto none = store_->EventsAfter(rest->back().seq, 100);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->last_event_seq, rest->back().seq);
}

TEST_F(SqliteStoreTest, MissingArticlesAreNotFound) {
  auto article = store_->GetArticle(12345);
  ASSERT_FALSE(article);
  EXPECT_EQ(article.error().code(), core::ErrorCode::kNotFound);
  auto versions = store_->GetVersions(12345);
  ASSERT_FALSE(versions);
  EXPECT_EQ(versions.error().code(), core::ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ReopenSeesTheSameData) {
  core::ArticleId id = Create("g1", "Persistent story", "news/india");
  Write(Version("g1", 2, "Persistent story, updated"),
        Decide(VersionAction::kSupersede, VersionChange::kUpdate));
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  core::Article a = Get(id);
  EXPECT_EQ(a.headline, "Persistent story, updated");
  EXPECT_EQ(a.section.ToString(), "news/india");
  EXPECT_EQ(Events().size(), 2u);
  // New writes continue the sequence.
  core::ArticleId next = Create("g2", "Another");
  EXPECT_GT(next, id);
  EXPECT_EQ(Events().size(), 3u);
}

TEST_F(SqliteStoreTest, ConcurrentReadersWhileWriting) {
  constexpr int kWrites = 60;
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      // Runs at least once even if the writer finishes first.
      do {
        auto page = store_->ListArticles({});
        auto stats = store_->Stats();
        auto events = store_->EventsAfter(0, 10);
        if (!page || !stats || !events) {
          failures.fetch_add(1);
          continue;
        }
        for (const auto& a : page->articles) {
          if (!store_->GetArticle(a.id))
            failures.fetch_add(1);
        }
        reads.fetch_add(1);
      } while (!done.load());
    });
  }
  for (int i = 0; i < kWrites; ++i) {
    Create("g" + std::to_string(i), "Story " + std::to_string(i));
  }
  done.store(true);
  for (auto& t : readers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GE(reads.load(), 4);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, kWrites);
}

TEST_F(SqliteStoreTest, ConcurrentWritersAreSerialised) {
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int t = 0; t < 3; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        // Every thread writes the same guids: exactly one create per guid must win.
        auto decide = [](const std::optional<CurrentVersion>& current) {
          return current ? VersionDecision{VersionAction::kIgnore, VersionChange::kPublish, "dup"}
                         : VersionDecision{VersionAction::kCreate, VersionChange::kPublish, ""};
        };
        auto outcome = store_->WriteVersion(Version("g" + std::to_string(i), 1, "S"), decide);
        if (!outcome)
          failures.fetch_add(1);
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Events().size(), 10u);
}

TEST(OpenStore, AcceptsSqliteUrlsAndRejectsOthers) {
  test_util::TempDir dir;
  auto store = OpenStore("sqlite:" + dir.File("x/y.db"));
  ASSERT_TRUE(store) << store.error().ToString();
  auto stats = (*store)->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 0);

  auto triple = OpenStore("sqlite://" + dir.File("z.db"));
  ASSERT_TRUE(triple) << triple.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(dir.File("z.db")));

  auto mysql = OpenStore("mysql://localhost/db");
  ASSERT_FALSE(mysql);
  EXPECT_EQ(mysql.error().code(), core::ErrorCode::kInvalidArgument);
  auto memory = OpenStore("sqlite::memory:");
  ASSERT_FALSE(memory);
  EXPECT_EQ(memory.error().code(), core::ErrorCode::kInvalidArgument);
}

TEST(OpenStore, FailsCleanlyOnAFileThatIsNotADatabase) {
  test_util::TempDir dir;
  {
    std::FILE* f = std::fopen(dir.File("junk.db").c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::string junk(4096, 'x');
    std::fwrite(junk.data(), 1, junk.size(), f);
    std::fclose(f);
  }
  auto store = OpenStore("sqlite:" + dir.File("junk.db"));
  ASSERT_FALSE(store);
  EXPECT_EQ(store.error().code(), core::ErrorCode::kDataLoss) << store.error().ToString();
}

// ---- Search ---------------------------------------------------------------------------------

std::vector<std::string> SearchHeadlines(Store& store, const std::string& match) {
  SearchQuery q;
  q.fts_match = match;
  auto hits = store.Search(q);
  EXPECT_TRUE(hits) << hits.error().ToString();
  std::vector<std::string> out;
  if (hits) {
    for (const SearchHit& h : *hits) out.push_back(h.article.headline);
  }
  return out;
}

TEST_F(SqliteStoreTest, SearchFollowsWithholdKillEmbargoAndRelease) {
  core::ArticleId withheld = Create("g1", "Harbour strike");
  Create("g2", "Harbour reopens");
  EXPECT_EQ(SearchHeadlines(*store_, "\"harbour\"").size(), 2u);
  Write(Version("g1", 2, "Harbour strike"),
        Decide(VersionAction::kWithhold, VersionChange::kWithhold));
  EXPECT_EQ(SearchHeadlines(*store_, "\"harbour\""), std::vector<std::string>{"Harbour reopens"});
  Write(Version("g2", 2, "Harbour reopens"), Decide(VersionAction::kKill, VersionChange::kKill));
  EXPECT_TRUE(SearchHeadlines(*store_, "\"harbour\"").empty());
  EXPECT_EQ(Get(withheld).state, ArticleState::kWithheld);

  IncomingVersion v = Version("g3", 1, "Harbour embargo");
  v.item.embargo = v.received_at + std::chrono::hours(2);
  Write(v, Decide(VersionAction::kCreate));
  EXPECT_TRUE(SearchHeadlines(*store_, "\"harbour\"").empty());
  ASSERT_TRUE(store_->ReleaseEmbargoes(*v.item.embargo));
  EXPECT_EQ(SearchHeadlines(*store_, "\"harbour\""), std::vector<std::string>{"Harbour embargo"});
}

TEST_F(SqliteStoreTest, SearchSnippetIsEscapedAndMarked) {
  IncomingVersion v = Version("g1", 1, "Plain headline");
  v.item.body_html =
      "<p>The &lt;script&gt;alert(1)&lt;/script&gt; tag &amp; the word zebra, "
      "\xEE\x80\x80"
      "forged\xEE\x80\x81 marks.</p><script>zebra()</script>";
  Write(v, Decide(VersionAction::kCreate));
  SearchQuery q;
  q.fts_match = "\"zebra\"";
  auto hits = store_->Search(q);
  ASSERT_TRUE(hits) << hits.error().ToString();
  ASSERT_EQ(hits->size(), 1u);
  const std::string& snippet = (*hits)[0].snippet_html;
  EXPECT_NE(snippet.find("<mark>zebra</mark>"), std::string::npos) << snippet;
  EXPECT_NE(snippet.find("&lt;script&gt;"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<script"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("<mark>forged"), std::string::npos) << snippet;
  EXPECT_EQ(snippet.find("zebra()"), std::string::npos) << snippet;  // Script text not indexed.
}

TEST_F(SqliteStoreTest, SearchRanksHeadlineFirstAndFiltersSection) {
  IncomingVersion body_only = Version("g1", 1, "Budget talks", "news/world");
  body_only.item.body_html = "<p>Talks about the volcano went on. Nothing else.</p>";
  Write(body_only, Decide(VersionAction::kCreate));
  Create("g2", "Volcano erupts", "sport");
  EXPECT_EQ(SearchHeadlines(*store_, "\"volcano\""),
            (std::vector<std::string>{"Volcano erupts", "Budget talks"}));
  SearchQuery q;
  q.fts_match = "\"volcano\"";
  q.section = Section("news");
  auto hits = store_->Search(q);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].article.headline, "Budget talks");
}

TEST_F(SqliteStoreTest, SearchInDateOrderScoresEachHitAsRelevanceOrderDoes) {
  // Published out of id order, and matching in different fields, so scores differ.
  for (int64_t rank : {30, 10, 50, 20, 40}) {
    IncomingVersion v = Version("g" + std::to_string(rank), rank,
                                rank % 20 == 0 ? "Harbour reopens " + std::to_string(rank)
                                               : "Port story " + std::to_string(rank));
    v.item.body_html =
        "<p>The harbour " + std::string(static_cast<size_t>(rank / 10), 'x') + " ships.</p>";
    Write(v, Decide(VersionAction::kCreate));
  }
  SearchQuery query;
  query.fts_match = "harbour";
  query.ranked_at = kT0 + std::chrono::hours(30);
  auto by_relevance = store_->Search(query);
  query.order = SearchOrder::kNewest;
  auto by_date = store_->Search(query);
  ASSERT_TRUE(by_relevance) << by_relevance.error().ToString();
  ASSERT_TRUE(by_date) << by_date.error().ToString();
  ASSERT_EQ(by_date->size(), 5u);
  std::map<core::ArticleId, double> relevance_scores;
  for (const SearchHit& hit : *by_relevance) relevance_scores[hit.article.id] = hit.score;
  std::vector<std::string> headlines;
  for (const SearchHit& hit : *by_date) {
    headlines.push_back(hit.article.headline);
    EXPECT_EQ(hit.score, relevance_scores.at(hit.article.id)) << hit.article.headline;
    EXPECT_LT(hit.score, 0);
  }
  EXPECT_EQ(headlines,
            (std::vector<std::string>{"Port story 50", "Harbour reopens 40", "Port story 30",
                                      "Harbour reopens 20", "Port story 10"}));
  // The next page in date order starts after the cursor's story.
  query.limit = 2;
  query.after = SearchAfter{
      .score = 0, .published = (*by_date)[1].article.published, .id = (*by_date)[1].article.id};
  auto next = store_->Search(query);
  ASSERT_TRUE(next) << next.error().ToString();
  ASSERT_EQ(next->size(), 2u);
  EXPECT_EQ((*next)[0].article.headline, "Port story 30");
  EXPECT_EQ((*next)[0].score, relevance_scores.at((*next)[0].article.id));
}

// FTS5's own bm25() with the store's weights, times the recency boost, for each story that
// matches: what every search score must equal, whichever way the store computes it.
std::map<core::ArticleId, double> Fts5Scores(const std::string& path, const std::string& match,
                                             core::TimePoint ranked_at) {
  std::map<core::ArticleId, double> scores;
  auto db = internal::Connection::Open(path, internal::ConnectionMode::kReadOnly, 1000);
  EXPECT_TRUE(db) << db.error().ToString();
  if (!db)
    return scores;
  auto stmt = (*db)->Prepare(
      "SELECT a.id, bm25(article_search, 10.0, 4.0, 1.0, 2.0, 3.0) * (1.0 + 1.0 / (1.0 + "
      "MAX(0, ? - a.published) / 172800.0)) FROM article_search JOIN articles a ON a.id = "
      "article_search.rowid WHERE article_search MATCH ?");
  EXPECT_TRUE(stmt) << stmt.error().ToString();
  if (!stmt)
    return scores;
  stmt->Bind(1, core::ToUnixSeconds(ranked_at)).Bind(2, match);
  while (true) {
    auto row = stmt->Step();
    EXPECT_TRUE(row) << row.error().ToString();
    if (!row || !*row)
      break;
    scores[stmt->ColumnInt(0)] = stmt->ColumnDouble(1);
  }
  return scores;
}

TEST_F(SqliteStoreTest, SearchScoresAreFts5Bm25TimesRecencyAcrossUpdatesAndProcesses) {
  for (int64_t k = 1; k <= 6; ++k) {
    IncomingVersion v = Version(
        "g" + std::to_string(k), k * 40000,
        k % 2 == 0 ? "Harbour story " + std::to_string(k) : "Port story " + std::to_string(k),
        k % 3 == 0 ? "sport" : "news");
    v.item.body_html =
        "<p>The harbour " + std::string(static_cast<size_t>(k), 'x') + " ships and harbour.</p>";
    Write(v, Decide(VersionAction::kCreate));
  }
  const std::string path = dir_.File("db/wiredesk.db");
  SearchQuery query;
  query.fts_match = "harbour";
  query.ranked_at = kT0 + std::chrono::hours(60);
  query.limit = 100;
  auto expect_fts5_scores = [&](Store& store, const std::string& when, size_t count) {
    const std::map<core::ArticleId, double> expected =
        Fts5Scores(path, query.fts_match, query.ranked_at);
    ASSERT_EQ(expected.size(), count) << when;
    for (bool by_section : {false, true}) {
      SearchQuery asked = query;
      if (by_section)
        asked.section = Section("news");  // Joins the articles: the filtered plan.
      auto hits = store.Search(asked);
      ASSERT_TRUE(hits) << hits.error().ToString();
      EXPECT_EQ(hits->size(), by_section ? count - count / 3 : count) << when;
      for (const SearchHit& hit : *hits) {
        ASSERT_TRUE(expected.contains(hit.article.id)) << when;
        EXPECT_NEAR(hit.score, expected.at(hit.article.id), 1e-9) << when << " " << hit.article.id;
      }
    }
  };
  expect_fts5_scores(*store_, "as written", 6);

  // An update makes story 2 much longer, which changes its score and, through the average
  // length, everyone's: the next search sees the new length.
  IncomingVersion longer = Version("g2", 2 * 40000 + 1, "Harbour story 2");
  longer.item.body_html = "<p>The harbour " + std::string(2000, 'y') + " and many more words " +
                          std::string(50, ' ') + "here and there and everywhere.</p>";
  for (int k = 0; k < 40; ++k) longer.item.body_html += "<p>Another sentence about ships.</p>";
  Write(longer, Decide(VersionAction::kSupersede, VersionChange::kUpdate));
  expect_fts5_scores(*store_, "after an update", 6);

  // Another process (a second store on the same file) writes; this one's next search sees it.
  {
    auto other = Open();
    ASSERT_NE(other, nullptr);
    IncomingVersion added = Version("g7", 7 * 40000, "Harbour story 7");
    ASSERT_TRUE(other->WriteVersion(added, Decide(VersionAction::kCreate)));
    IncomingVersion shorter = Version("g4", 4 * 40000 + 1, "Harbour story 4");
    ASSERT_TRUE(
        other->WriteVersion(shorter, Decide(VersionAction::kSupersede, VersionChange::kUpdate)));
  }
  expect_fts5_scores(*store_, "after another process wrote", 7);

  // An embargoed story enters the index at its release, dated then: its recency comes from
  // that time, not from the time it arrived.
  IncomingVersion embargoed = Version("g8", 8 * 40000, "Harbour story 8");
  embargoed.item.published = kT0 + std::chrono::hours(1);
  embargoed.item.embargo = kT0 + std::chrono::hours(40);
  Write(embargoed, Decide(VersionAction::kCreate));
  expect_fts5_scores(*store_, "while embargoed", 7);
  ASSERT_TRUE(store_->ReleaseEmbargoes(*embargoed.item.embargo));
  expect_fts5_scores(*store_, "after the release", 8);
}

TEST_F(SqliteStoreTest, SearchWithAPrefixTermGivesEachPageItsOwnStoriesOnly) {
  // A prefix query's page is read in one pass over the ids between its lowest and highest:
  // stories in that span that match but are not on the page stay off it.
  const std::vector<std::string> headlines = {"Harbour closed",  "Weather today",
                                              "Harbours reopen", "Harbinger of storms",
                                              "Markets calm",    "Harbourmaster retires"};
  for (size_t k = 0; k < headlines.size(); ++k) {
    IncomingVersion v = Version("g" + std::to_string(k), static_cast<int64_t>(k) + 1, headlines[k]);
    v.item.body_html = "<p>" + std::string(k * 3 + 1, 'y') + " harbinger of nothing.</p>";
    Write(v, Decide(VersionAction::kCreate));
  }
  SearchQuery query;
  query.fts_match = "\"harb\"*";
  query.ranked_at = kT0 + std::chrono::hours(1);
  query.limit = 100;
  auto all = store_->Search(query);
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 6u);  // Every body holds "harbinger".
  std::map<core::ArticleId, double> scores;
  for (size_t k = 0; k < all->size(); ++k) {
    scores[(*all)[k].article.id] = (*all)[k].score;
    if (k > 0) {
      EXPECT_LE((*all)[k - 1].score, (*all)[k].score);
    }
    EXPECT_NE((*all)[k].snippet_html.find("<mark>"), std::string::npos) << (*all)[k].snippet_html;
  }
  // Pages of two, in both orders: each holds exactly its own stories, scored as before.
  for (SearchOrder order : {SearchOrder::kRelevance, SearchOrder::kNewest}) {
    query.order = order;
    query.limit = 2;
    std::vector<core::ArticleId> seen;
    for (query.offset = 0; query.offset < 6; query.offset += 2) {
      auto page = store_->Search(query);
      ASSERT_TRUE(page) << page.error().ToString();
      ASSERT_EQ(page->size(), 2u);
      for (const SearchHit& hit : *page) {
        seen.push_back(hit.article.id);
        EXPECT_EQ(hit.score, scores.at(hit.article.id)) << hit.article.headline;
      }
    }
    if (order == SearchOrder::kRelevance) {
      std::vector<core::ArticleId> best_first;
      for (const SearchHit& hit : *all) best_first.push_back(hit.article.id);
      EXPECT_EQ(seen, best_first);
    } else {
      EXPECT_TRUE(std::is_sorted(seen.rbegin(), seen.rend()));  // Published in id order here.
      EXPECT_EQ(std::set<core::ArticleId>(seen.begin(), seen.end()).size(), 6u);
    }
  }
}

TEST_F(SqliteStoreTest, SearchRejectsBadExpressionsAndBounds) {
  Create("g1", "Anything");
  SearchQuery q;
  q.fts_match = "NEAR(";
  auto bad = store_->Search(q);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), core::ErrorCode::kInvalidArgument) << bad.error().ToString();
  q.fts_match = "\"anything\"";
  q.limit = 0;
  EXPECT_EQ(store_->Search(q).error().code(), core::ErrorCode::kInvalidArgument);
  q.limit = 10;
  q.offset = -1;
  EXPECT_EQ(store_->Search(q).error().code(), core::ErrorCode::kInvalidArgument);
}

// ---- Dedupe ---------------------------------------------------------------------------------

DedupeKeys Keys(std::string text_sha256, std::optional<uint64_t> simhash,
                core::TimePoint published) {
  DedupeKeys keys;
  keys.text_sha256 = std::move(text_sha256);
  keys.simhash = simhash;
  if (simhash) {
    // Four 16-bit bands, keyed as ingest/dedupe.h does.
    for (int64_t i = 0; i < 4; ++i)
      keys.band_keys.push_back((i << 16) | static_cast<int64_t>((*simhash >> (16 * i)) & 0xffff));
  }
  keys.max_distance = 3;
  keys.window_seconds = 72 * 3600;
  keys.published = published;
  return keys;
}

// A decider that records the match it was shown and aliases duplicates.
struct RecordingDecider {
  std::optional<CurrentVersion> seen;
  VersionDecider Get() {
    return [this](const std::optional<CurrentVersion>& current) {
      seen = current;
      if (!current)
        return VersionDecision{VersionAction::kCreate, VersionChange::kPublish, ""};
      if (current->match == ArticleMatch::kExactDuplicate ||
          current->match == ArticleMatch::kNearDuplicate) {
        return VersionDecision{VersionAction::kAlias, VersionChange::kPublish, "dup"};
      }
      if (current->match == ArticleMatch::kAlias)
        return VersionDecision{VersionAction::kKill, VersionChange::kKill, ""};
      return VersionDecision{VersionAction::kIgnore, VersionChange::kPublish, "same"};
    };
  }
};

TEST_F(SqliteStoreTest, DedupeFindsExactThenNearestWithinTheWindow) {
  IncomingVersion original = Version("g-1", 1, "Original");
  original.dedupe = Keys("text-1", 0xF0F0'0000'0000'00FFULL, kT0);
  core::ArticleId id = Write(original, Decide(VersionAction::kCreate)).article_id;

  RecordingDecider decider;
  // Exact: same text hash, any time, another source.
  IncomingVersion exact = Version("other-guid", 1, "Copy");
  exact.source = "other-wire";
  exact.dedupe = Keys("text-1", std::nullopt, kT0 + std::chrono::hours(24 * 400));
  WriteOutcome aliased = Write(exact, decider.Get());
  ASSERT_TRUE(decider.seen);
  EXPECT_EQ(decider.seen->id, id);
  EXPECT_EQ(decider.seen->match, ArticleMatch::kExactDuplicate);
  EXPECT_EQ(aliased.decision.action, VersionAction::kAlias);
  EXPECT_EQ(aliased.match, ArticleMatch::kExactDuplicate);
  EXPECT_EQ(aliased.article_id, id);
  EXPECT_EQ(aliased.event_seq, 0);
  EXPECT_EQ(Events().size(), 1u);  // Nothing changed for readers.

  // Near: 3 bits apart inside the window matches; the same 3 bits outside it does not, nor
  // do 4 bits inside it.
  IncomingVersion near = Version("near", 1, "Near copy");
  near.dedupe = Keys("text-2", 0xF0F0'0000'0000'00FFULL ^ 0b10101, kT0 + std::chrono::hours(71));
  decider.seen.reset();
  EXPECT_EQ(Write(near, decider.Get()).decision.action, VersionAction::kAlias);
  ASSERT_TRUE(decider.seen);
  EXPECT_EQ(decider.seen->match, ArticleMatch::kNearDuplicate);
  EXPECT_EQ(decider.seen->distance, 3);

  IncomingVersion late = Version("late", 1, "Late copy");
  late.dedupe = Keys("text-3", 0xF0F0'0000'0000'00FFULL ^ 0b10101, kT0 + std::chrono::hours(73));
  EXPECT_EQ(Write(late, decider.Get()).decision.action, VersionAction::kCreate);
  IncomingVersion far = Version("far", 1, "Far copy");
  far.dedupe = Keys("text-4", 0xF0F0'0000'0000'00FFULL ^ 0b1111, kT0);
  EXPECT_EQ(Write(far, decider.Get()).decision.action, VersionAction::kCreate);

  // The aliased guid's next version finds the story as kAlias, and its kill kills it.
  IncomingVersion again = exact;
  again.item.status = ItemStatus::kCanceled;
  again.dedupe.reset();
  decider.seen.reset();
  WriteOutcome killed = Write(again, decider.Get());
  ASSERT_TRUE(decider.seen);
  EXPECT_EQ(decider.seen->match, ArticleMatch::kAlias);
  EXPECT_EQ(killed.article_id, id);
  EXPECT_EQ(Get(id).state, ArticleState::kKilled);
}

TEST_F(SqliteStoreTest, AliasWithoutADuplicateIsRefusedAndWritesNothing) {
  IncomingVersion v = Version("g-1", 1, "Story");
  auto outcome = store_->WriteVersion(v, Decide(VersionAction::kAlias));
  ASSERT_FALSE(outcome);
  EXPECT_EQ(outcome.error().code(), core::ErrorCode::kInternal);
  // A decider may also decline to merge: the duplicate becomes an article of its own.
  IncomingVersion original = Version("g-2", 1, "Original");
  original.dedupe = Keys("same", std::nullopt, kT0);
  Write(original, Decide(VersionAction::kCreate));
  IncomingVersion copy = Version("g-3", 1, "Copy");
  copy.dedupe = Keys("same", std::nullopt, kT0);
  WriteOutcome separate = Write(copy, Decide(VersionAction::kCreate));
  EXPECT_NE(separate.article_id, 0);
  EXPECT_EQ(separate.match, ArticleMatch::kSameGuid);
  // A change through a duplicate match (not an alias) is refused.
  IncomingVersion third = Version("g-4", 1, "Third");
  third.dedupe = Keys("same", std::nullopt, kT0);
  auto changed = store_->WriteVersion(third, Decide(VersionAction::kSupersede));
  ASSERT_FALSE(changed);
  EXPECT_EQ(changed.error().code(), core::ErrorCode::kInternal);
}

TEST_F(SqliteStoreTest, OnlyUsableVersionsAreMatched) {
  IncomingVersion original = Version("g-1", 1, "Original");
  original.dedupe = Keys("text", std::nullopt, kT0);
  Write(original, Decide(VersionAction::kCreate));
  RecordingDecider decider;
  IncomingVersion withheld = Version("g-2", 1, "Withheld copy");
  withheld.item.status = ItemStatus::kWithheld;
  withheld.dedupe = Keys("text", std::nullopt, kT0);
  Write(withheld, decider.Get());
  EXPECT_FALSE(decider.seen);
}

TEST(SqliteStoreMigration, BackfillsSearchFromPublishedArticles) {
  test_util::TempDir dir;
  const std::string path = dir.File("old.db");
  {
    // A database at schema version 1, as an older wiredesk left it.
    auto db = internal::Connection::Open(path, internal::ConnectionMode::kReadWrite, 1000);
    ASSERT_TRUE(db);
    ASSERT_TRUE(ApplyMigrations(**db, SqliteMigrations().first(1)));
    ASSERT_TRUE((*db)->Exec(
        "INSERT INTO articles (source, source_kind, guid, section, slug, state, version_rank, "
        "last_change, version_count, headline, body_html, subjects_json, published, updated, "
        "received_at) VALUES "
        "('w', 'wire', 'a', 'news', 'a', 'published', 1, 'publish', 1, 'Old story', "
        "'<p>kestrel <b>sighting</b></p>', '[{\"name\":\"Wildlife\"}]', 1, 1, 1), "
        "('w', 'wire', 'b', 'news', 'b', 'killed', 1, 'kill', 1, 'Killed story', "
        "'<p>kestrel</p>', '[]', 1, 1, 1)"));
  }
  SqliteStoreOptions options;
  options.path = path;
  auto store = SqliteStore::Open(options);
  ASSERT_TRUE(store) << store.error().ToString();
  EXPECT_EQ(SearchHeadlines(**store, "\"kestrel\""), std::vector<std::string>{"Old story"});
  EXPECT_EQ(SearchHeadlines(**store, "\"wildlife\""), std::vector<std::string>{"Old story"});
}

TEST_F(SqliteStoreTest, SearchNarrowedToTheSpanFindsTheSameHits) {
  // Stored out of order: ids do not follow publication times.
  std::vector<core::ArticleId> ids;
  for (int64_t rank : {50, 10, 30, 20, 40, 5, 60}) {
    ids.push_back(
        Write(Version("g" + std::to_string(rank), rank, "Harbour story " + std::to_string(rank)),
              Decide(VersionAction::kCreate))
            .article_id);
  }
  SearchQuery query;
  query.fts_match = "harbour";
  query.published_from = kT0 + std::chrono::seconds(10);
  query.published_before = kT0 + std::chrono::seconds(41);
  auto wide = store_->Search(query);
  query.narrow_to_span = true;
  auto narrow = store_->Search(query);
  ASSERT_TRUE(wide) << wide.error().ToString();
  ASSERT_TRUE(narrow) << narrow.error().ToString();
  auto headlines = [](const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& hit : hits) out.push_back(hit.article.headline);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(headlines(*narrow), (std::vector<std::string>{"Harbour story 10", "Harbour story 20",
                                                          "Harbour story 30", "Harbour story 40"}));
  EXPECT_EQ(headlines(*narrow), headlines(*wide));
  EXPECT_FALSE((*narrow)[0].snippet_html.empty());
  // Hits scored only, for clustering: the same hits without snippets.
  query.with_snippets = false;
  auto bare = store_->Search(query);
  ASSERT_TRUE(bare) << bare.error().ToString();
  EXPECT_EQ(headlines(*bare), headlines(*wide));
  for (const SearchHit& hit : *bare) EXPECT_TRUE(hit.snippet_html.empty());
  // An empty span finds nothing rather than everything.
  query.published_from = kT0 + std::chrono::seconds(100);
  query.published_before = kT0 + std::chrono::seconds(200);
  auto none = store_->Search(query);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST_F(SqliteStoreTest, ClusterMembersAreThePublishedOnesOldestFirst) {
  // Version() publishes rank seconds after kT0: g3 (rank 3) is newer than g1.
  core::ArticleId a =
      Write(Version("g3", 3, "Quake strikes"), Decide(VersionAction::kCreate)).article_id;
  core::ArticleId b = Create("g1", "Tsunami warning lifted");
  core::ArticleId killed = Create("g2", "Quake toll rises");
  core::ArticleId alone = Create("g4", "Budget passed");
  EXPECT_EQ(Get(a).cluster_id, 0);
  EXPECT_EQ(Get(a).ClusterKey(), a);
  for (core::ArticleId id : {a, b, killed}) ASSERT_TRUE(store_->SetArticleCluster(id, a));
  IncomingVersion kill = Version("g2", 2, "Quake toll rises");
  kill.item.status = ItemStatus::kCanceled;
  Write(kill, Decide(VersionAction::kKill, VersionChange::kKill));

  auto members = store_->ClusterMembers(a, 10);
  ASSERT_TRUE(members) << members.error().ToString();
  std::vector<core::ArticleId> ids;
  for (const core::Article& m : *members) {
    ids.push_back(m.id);
    EXPECT_EQ(m.cluster_id, a);
    EXPECT_TRUE(m.body_html.empty());  // As in lists.
  }
  EXPECT_EQ(ids, (std::vector<core::ArticleId>{b, a}));
  EXPECT_EQ(store_->ClusterMembers(a, 1)->size(), 1u);
  EXPECT_TRUE(store_->ClusterMembers(alone, 10)->empty());

  // Every way of reading an article carries its cluster.
  EXPECT_EQ(Get(b).cluster_id, a);
  EXPECT_EQ(Get(killed).cluster_id, a);  // Kept in every state.
  auto page = store_->ListArticles({});
  ASSERT_TRUE(page);
  for (const core::Article& listed : page->articles)
    EXPECT_EQ(listed.cluster_id, listed.id == alone ? 0 : a) << listed.headline;
  SearchQuery query;
  query.fts_match = "tsunami";
  auto hits = store_->Search(query);
  ASSERT_TRUE(hits);
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].article.cluster_id, a);
  EXPECT_FALSE((*hits)[0].snippet_html.empty());
}

TEST_F(SqliteStoreTest, ClusteringAnUnknownArticleIsNotFound) {
  auto set = store_->SetArticleCluster(42, 42);
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().code(), core::ErrorCode::kNotFound);
}

TEST_F(SqliteStoreTest, ABatchOfClusterAssignmentsIsWrittenWholeOrNotAtAll) {
  const core::ArticleId a = Create("g1", "Quake strikes");
  const core::ArticleId b = Create("g2", "Quake toll rises");
  const core::ArticleId c = Create("g3", "Budget passed");

  const ClusterAssignment with_unknown[] = {
      {.id = a, .cluster_id = a}, {.id = 4242, .cluster_id = a}, {.id = b, .cluster_id = a}};
  auto failed = store_->SetArticleClusters(with_unknown);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code(), core::ErrorCode::kNotFound);
  EXPECT_NE(failed.error().message().find("4242"), std::string::npos);
  EXPECT_EQ(Get(a).cluster_id, 0);  // The assignment before the unknown id was undone.

  const ClusterAssignment batch[] = {
      {.id = a, .cluster_id = a}, {.id = b, .cluster_id = a}, {.id = c, .cluster_id = c}};
  ASSERT_TRUE(store_->SetArticleClusters(batch));
  EXPECT_EQ(Get(a).cluster_id, a);
  EXPECT_EQ(Get(b).cluster_id, a);
  EXPECT_EQ(Get(c).cluster_id, c);
  EXPECT_TRUE(store_->SetArticleClusters({}));
}

}  // namespace
}  // namespace wiredesk::store
