#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/account_store.h"
#include "store/sqlite_store.h"
#include "store/testing/seed.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

class SqliteAccountStoreTest : public ::testing::Test {
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
  }

  core::ArticleId Publish(const std::string& guid, int64_t rank, bool kill = false) {
    auto outcome = test_util::WriteTestVersion(*store_, guid, "news", rank,
                                               kT0 + std::chrono::seconds(rank), kT0, kill);
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  UserId AddUser(const std::string& email) {
    auto id = test_util::CreateTestUser(*accounts_, email, kT0);
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }

  test_util::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AccountStore> accounts_;
};

TEST_F(SqliteAccountStoreTest, UsersAreUniqueByEmail) {
  UserId id = AddUser("a@example.com");
  UserRecord again;
  again.email = "a@example.com";
  again.password_hash = "x";
  auto duplicate = accounts_->CreateUser(again);
  ASSERT_FALSE(duplicate);
  EXPECT_EQ(duplicate.error().code(), core::ErrorCode::kAlreadyExists);
  auto found = accounts_->FindUserByEmail("a@example.com");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, id);
  EXPECT_EQ(found->role, UserRole::kReader);
  EXPECT_EQ(accounts_->FindUserByEmail("b@example.com").error().code(), core::ErrorCode::kNotFound);
}

TEST_F(SqliteAccountStoreTest, SessionsAreFoundByHashAndDeletedPerUser) {
  UserId id = AddUser("a@example.com");
  for (const char* hash : {"h1", "h2", "h3"}) {
    ASSERT_TRUE(accounts_->CreateSession(
        SessionRecord{hash, id, SessionKind::kCookie, "csrf", kT0, kT0 + std::chrono::hours(1)}));
  }
  auto found = accounts_->FindSession("h2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->user_id, id);
  EXPECT_EQ(found->csrf_token, "csrf");
  ASSERT_TRUE(accounts_->DeleteUserSessions(id, "h3"));
  EXPECT_FALSE(accounts_->FindSession("h1"));
  EXPECT_FALSE(accounts_->FindSession("h2"));
  EXPECT_TRUE(accounts_->FindSession("h3"));
  ASSERT_TRUE(accounts_->DeleteSession("h3"));
  EXPECT_FALSE(accounts_->FindSession("h3"));
}

TEST_F(SqliteAccountStoreTest, ReadsAndSavedListNewestFirstAndDropKilledArticles) {
  UserId id = AddUser("a@example.com");
  core::ArticleId a = Publish("a", 1);
  core::ArticleId b = Publish("b", 2);
  ASSERT_TRUE(accounts_->RecordRead(id, a, kT0 + std::chrono::seconds(10)));
  ASSERT_TRUE(accounts_->RecordRead(id, b, kT0 + std::chrono::seconds(20)));
  ASSERT_TRUE(accounts_->SaveArticle(id, a, kT0 + std::chrono::seconds(30)));
  ASSERT_TRUE(accounts_->SaveArticle(id, b, kT0 + std::chrono::seconds(5)));
  auto reads = accounts_->ListReads(id, 10);
  ASSERT_TRUE(reads);
  ASSERT_EQ(reads->size(), 2u);
  EXPECT_EQ((*reads)[0].article.id, b);
  // Reading again moves a story to the top.
  ASSERT_TRUE(accounts_->RecordRead(id, a, kT0 + std::chrono::seconds(40)));
  EXPECT_EQ(accounts_->ListReads(id, 10)->front().article.id, a);
  EXPECT_EQ(accounts_->ListSaved(id, 10)->front().article.id, a);

  Publish("a", 2, /*kill=*/true);
  reads = accounts_->ListReads(id, 10);
  ASSERT_EQ(reads->size(), 1u);
  EXPECT_EQ((*reads)[0].article.id, b);
  ASSERT_EQ(accounts_->ListSaved(id, 10)->size(), 1u);
  // A killed story cannot be saved again.
  EXPECT_EQ(accounts_->SaveArticle(id, a, kT0).error().code(), core::ErrorCode::kNotFound);
  EXPECT_EQ(accounts_->SaveArticle(id, 9999, kT0).error().code(), core::ErrorCode::kNotFound);

  ASSERT_TRUE(accounts_->ClearReads(id));
  EXPECT_TRUE(accounts_->ListReads(id, 10)->empty());
  ASSERT_TRUE(accounts_->UnsaveArticle(id, b));
  EXPECT_TRUE(accounts_->ListSaved(id, 10)->empty());
}

TEST_F(SqliteAccountStoreTest, WatchlistEntriesBelongToTheirUser) {
  UserId a = AddUser("a@example.com");
  UserId b = AddUser("b@example.com");
  auto id = accounts_->AddWatch(WatchRecord{0, a, "ticker", "ACME", kT0});
  ASSERT_TRUE(id);
  EXPECT_EQ(accounts_->AddWatch(WatchRecord{0, a, "ticker", "ACME", kT0}).error().code(),
            core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(accounts_->DeleteWatch(b, *id).error().code(), core::ErrorCode::kNotFound);
  ASSERT_EQ(accounts_->ListWatches(a)->size(), 1u);
  EXPECT_TRUE(accounts_->ListWatches(b)->empty());
  ASSERT_TRUE(accounts_->DeleteWatch(a, *id));
  EXPECT_TRUE(accounts_->ListWatches(a)->empty());
}

TEST_F(SqliteAccountStoreTest, FollowsGenerationMovesWithEveryChangeToWhatReadersFollow) {
  auto generation = [this] {
    auto g = accounts_->FollowsGeneration();
    EXPECT_TRUE(g) << g.error().ToString();
    return g ? *g : -1;
  };
  int64_t before = generation();
  UserId a = AddUser("a@example.com");
  EXPECT_GT(generation(), before) << "a new reader's stored preferences may ask for alerts";
  before = generation();
  auto watch = accounts_->AddWatch(WatchRecord{0, a, "company", "ACME", kT0});
  ASSERT_TRUE(watch);
  int64_t after_watch = generation();
  EXPECT_GT(after_watch, before);
  ASSERT_TRUE(accounts_->SetPreferences(a, R"({"topics": ["climate"]})"));
  int64_t after_preferences = generation();
  EXPECT_GT(after_preferences, after_watch);
  auto follows = accounts_->ListAllFollows();
  ASSERT_TRUE(follows);
  EXPECT_EQ(follows->generation, after_preferences);
  ASSERT_TRUE(accounts_->DeleteWatch(a, *watch));
  int64_t after_unwatch = generation();
  EXPECT_GT(after_unwatch, after_preferences);
  ASSERT_TRUE(accounts_->AddPushSubscription({0, a, "https://push.example/1", "p", "s", kT0}));
  int64_t after_push = generation();
  EXPECT_GT(after_push, after_unwatch) << "a browser subscribed changes the reader's channels";
  ASSERT_TRUE(accounts_->DeleteUser(a));
  EXPECT_GT(generation(), after_push);
}

TEST_F(SqliteAccountStoreTest, TheFollowChangeLogNamesWhoChangedAndKnowsWhenItWasPruned) {
  UserId a = AddUser("a@example.com");
  UserId b = AddUser("b@example.com");
  UserId c = AddUser("c@example.com");
  int64_t start = *accounts_->FollowsGeneration();
  auto none = accounts_->FollowChangesAfter(start);
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_TRUE(none->complete);
  EXPECT_TRUE(none->users.empty());
  EXPECT_EQ(none->through, start);

  ASSERT_TRUE(accounts_->AddWatch(WatchRecord{0, c, "company", "ACME", kT0}));
  ASSERT_TRUE(accounts_->SetPreferences(a, R"({"topics": ["climate"]})"));
  ASSERT_TRUE(accounts_->AddWatch(WatchRecord{0, c, "person", "Ada Lovelace", kT0}));
  auto changes = accounts_->FollowChangesAfter(start);
  ASSERT_TRUE(changes);
  EXPECT_TRUE(changes->complete);
  EXPECT_EQ(changes->users, (std::vector<UserId>{a, c})) << "each reader once, b untouched";
  EXPECT_EQ(changes->through, *accounts_->FollowsGeneration());
  EXPECT_TRUE(accounts_->FollowChangesAfter(changes->through)->users.empty());
  EXPECT_FALSE(accounts_->FollowChangesAfter(changes->through + 100)->complete)
      << "a position past the end is from another database";

  // Just those readers' follows, in the shape of ListAllFollows.
  ASSERT_TRUE(accounts_->AddPushSubscription({0, c, "https://push.example/c", "p", "s", kT0}));
  auto follows = accounts_->ListFollowsOf({c, a, 999});
  ASSERT_TRUE(follows) << follows.error().ToString();
  ASSERT_EQ(follows->users.size(), 2u);
  EXPECT_EQ(follows->users[0].id, a);
  EXPECT_EQ(follows->users[0].preferences_json, R"({"topics": ["climate"]})");
  EXPECT_EQ(follows->users[1].id, c);
  ASSERT_EQ(follows->watches.size(), 2u);
  EXPECT_EQ(follows->watches[0].value, "ACME");
  EXPECT_EQ(follows->push_subscribers, (std::vector<UserId>{c}));
  EXPECT_TRUE(accounts_->ListFollowsOf({b})->watches.empty());

  // Pruning keeps the position; a reader of the log from before the pruned rows is told to
  // read everyone, one from after them is not.
  int64_t now = *accounts_->FollowsGeneration();
  ASSERT_TRUE(accounts_->PruneFollowChanges(
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
      std::chrono::hours(1)));
  EXPECT_EQ(*accounts_->FollowsGeneration(), now);
  EXPECT_FALSE(accounts_->FollowChangesAfter(start)->complete);
  EXPECT_TRUE(accounts_->FollowChangesAfter(now)->complete);
  ASSERT_TRUE(accounts_->DeleteUser(b));
  auto after_prune = accounts_->FollowChangesAfter(now);
  EXPECT_TRUE(after_prune->complete);
  EXPECT_EQ(after_prune->users, (std::vector<UserId>{b}));
  EXPECT_FALSE(accounts_->FollowChangesAfter(start)->complete);
}

TEST_F(SqliteAccountStoreTest, ASiteKeyIsStoredOnceAndTheFirstOneWins) {
  auto first = accounts_->SiteKey("unsubscribe", "key-a");
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(*first, "key-a");
  EXPECT_EQ(*accounts_->SiteKey("unsubscribe", "key-b"), "key-a");
  EXPECT_EQ(*accounts_->SiteKey("other", "key-c"), "key-c");
}

TEST_F(SqliteAccountStoreTest, PushSubscriptionsAreKeptPerBrowserAndEndpointsAreUnique) {
  UserId a = AddUser("a@example.com");
  UserId b = AddUser("b@example.com");
  auto first = accounts_->AddPushSubscription({0, a, "https://push.example/1", "p1", "a1", kT0});
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_TRUE(accounts_->AddPushSubscription(
      {0, a, "https://push.example/2", "p2", "a2", kT0 + std::chrono::seconds(1)}));
  ASSERT_TRUE(accounts_->AddPushSubscription({0, b, "https://push.example/3", "p3", "a3", kT0}));
  auto mine = accounts_->ListPushSubscriptions(a);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, *first);
  EXPECT_EQ((*mine)[0].endpoint, "https://push.example/1");
  EXPECT_EQ((*mine)[0].p256dh, "p1");
  EXPECT_EQ((*mine)[0].auth, "a1");
  EXPECT_EQ((*mine)[0].created_at, kT0);
  EXPECT_EQ((*mine)[1].endpoint, "https://push.example/2");

  // The same browser subscribing again (new keys) replaces its row in place.
  auto again = accounts_->AddPushSubscription(
      {0, a, "https://push.example/1", "p1b", "a1b", kT0 + std::chrono::seconds(5)});
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *first);
  mine = accounts_->ListPushSubscriptions(a);
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].p256dh, "p1b");
  // Another reader signing in on that browser and subscribing takes the endpoint over.
  ASSERT_TRUE(accounts_->AddPushSubscription({0, b, "https://push.example/1", "p", "s", kT0}));
  EXPECT_EQ(accounts_->ListPushSubscriptions(a)->size(), 1u);
  EXPECT_EQ(accounts_->ListPushSubscriptions(b)->size(), 2u);

  auto follows = accounts_->ListAllFollows();
  ASSERT_TRUE(follows);
  EXPECT_EQ(follows->push_subscribers, (std::vector<UserId>{a, b}));

  // Found by endpoint whoever holds it, keys and all (a renewal proves itself with them).
  auto found = accounts_->FindPushSubscription("https://push.example/1");
  ASSERT_TRUE(found) << found.error().ToString();
  EXPECT_EQ(found->user_id, b);
  EXPECT_EQ(found->auth, "s");
  EXPECT_EQ(accounts_->FindPushSubscription("https://push.example/none").error().code(),
            core::ErrorCode::kNotFound);

  // A reader removes only their own; pruning removes whoever holds it.
  EXPECT_EQ(accounts_->DeletePushSubscription(a, "https://push.example/3").error().code(),
            core::ErrorCode::kNotFound);
  ASSERT_TRUE(accounts_->DeletePushSubscription(a, "https://push.example/2"));
  EXPECT_TRUE(accounts_->ListPushSubscriptions(a)->empty());
  EXPECT_TRUE(*accounts_->DeletePushEndpoint("https://push.example/3"));
  EXPECT_FALSE(*accounts_->DeletePushEndpoint("https://push.example/3"));
  EXPECT_EQ(accounts_->ListPushSubscriptions(b)->size(), 1u);
  EXPECT_EQ(accounts_->AddPushSubscription({0, 999, "https://push.example/9", "p", "s", kT0})
                .error()
                .code(),
            core::ErrorCode::kNotFound);
}

TEST_F(SqliteAccountStoreTest, FeedbackIsListedAndResolved) {
  UserId a = AddUser("a@example.com");
  core::ArticleId article = Publish("a", 1);
  auto f1 = accounts_->AddFeedback(FeedbackRecord{0, a, article, "error", "Typo", kT0, {}});
  auto f2 = accounts_->AddFeedback(FeedbackRecord{0, a, std::nullopt, "general", "Hi", kT0, {}});
  ASSERT_TRUE(f1 && f2);
  ASSERT_EQ(accounts_->ListFeedback(false, 10)->size(), 2u);
  ASSERT_TRUE(accounts_->ResolveFeedback(*f1, a, kT0));
  auto open = accounts_->ListFeedback(false, 10);
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].message, "Hi");
  EXPECT_EQ(accounts_->ListFeedback(true, 10)->size(), 2u);
  EXPECT_EQ(accounts_->ResolveFeedback(12345, a, kT0).error().code(), core::ErrorCode::kNotFound);
}

TEST_F(SqliteAccountStoreTest, GiftCardExtendsPremiumOnce) {
  UserId a = AddUser("a@example.com");
  ASSERT_TRUE(accounts_->InsertGiftCards({"c1", "c2"}, 30, kT0));
  auto first = accounts_->RedeemGiftCard("c1", a, kT0);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->premium_until, kT0 + std::chrono::hours(24 * 30));
  EXPECT_EQ(accounts_->RedeemGiftCard("c1", a, kT0).error().code(),
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(accounts_->RedeemGiftCard("nope", a, kT0).error().code(), core::ErrorCode::kNotFound);
  // A second card stacks onto the running entitlement.
  auto second = accounts_->RedeemGiftCard("c2", a, kT0 + std::chrono::hours(24));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->premium_until, kT0 + std::chrono::hours(24 * 60));
  EXPECT_EQ(accounts_->GetUser(a)->premium_until, second->premium_until);
}

TEST_F(SqliteAccountStoreTest, ConcurrentRedemptionsOfOneCodeSucceedOnce) {
  std::vector<UserId> users;
  for (int i = 0; i < 8; ++i) users.push_back(AddUser("u" + std::to_string(i) + "@example.com"));
  ASSERT_TRUE(accounts_->InsertGiftCards({"shared"}, 7, kT0));
  std::atomic<int> successes{0};
  std::vector<std::thread> threads;
  for (UserId user : users) {
    threads.emplace_back([&, user] {
      if (accounts_->RedeemGiftCard("shared", user, kT0))
        ++successes;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(successes.load(), 1);
}

TEST_F(SqliteAccountStoreTest, MeterCountsDistinctArticlesUpToTheLimit) {
  UserId a = AddUser("a@example.com");
  EXPECT_TRUE(*accounts_->MeterPremiumRead(a, "2026-12", 1, 2, kT0));
  EXPECT_TRUE(*accounts_->MeterPremiumRead(a, "2026-12", 1, 2, kT0));  // Same article again.
  EXPECT_TRUE(*accounts_->MeterPremiumRead(a, "2026-12", 2, 2, kT0));
  EXPECT_FALSE(*accounts_->MeterPremiumRead(a, "2026-12", 3, 2, kT0));
  EXPECT_TRUE(*accounts_->MeterPremiumRead(a, "2026-12", 2, 2, kT0));  // Already counted.
  EXPECT_TRUE(*accounts_->MeterPremiumRead(a, "2027-01", 3, 2, kT0));  // A new month.
  EXPECT_EQ(*accounts_->MeterCount(a, "2026-12"), 2);
}

TEST_F(SqliteAccountStoreTest, DeletingAUserRemovesTheirRows) {
  UserId a = AddUser("a@example.com");
  core::ArticleId article = Publish("a", 1);
  ASSERT_TRUE(accounts_->CreateSession(
      SessionRecord{"h", a, SessionKind::kApi, "c", kT0, kT0 + std::chrono::hours(1)}));
  ASSERT_TRUE(accounts_->RecordRead(a, article, kT0));
  ASSERT_TRUE(accounts_->SaveArticle(a, article, kT0));
  ASSERT_TRUE(accounts_->AddWatch(WatchRecord{0, a, "topic", "x", kT0}));
  ASSERT_TRUE(accounts_->AddFeedback(FeedbackRecord{0, a, article, "error", "m", kT0, {}}));
  ASSERT_TRUE(accounts_->InsertGiftCards({"g"}, 1, kT0));
  ASSERT_TRUE(accounts_->RedeemGiftCard("g", a, kT0));
  ASSERT_TRUE(accounts_->AddPushSubscription({0, a, "https://push.example/a", "k", "s", kT0}));
  ASSERT_TRUE(accounts_->DeleteUser(a));
  EXPECT_FALSE(accounts_->GetUser(a));
  EXPECT_FALSE(accounts_->FindSession("h"));
  EXPECT_TRUE(accounts_->ListReads(a, 10)->empty());
  EXPECT_TRUE(accounts_->ListSaved(a, 10)->empty());
  EXPECT_TRUE(accounts_->ListWatches(a)->empty());
  EXPECT_TRUE(accounts_->ListFeedback(true, 10)->empty());
  EXPECT_TRUE(accounts_->ListPushSubscriptions(a)->empty());
  EXPECT_FALSE(*accounts_->DeletePushEndpoint("https://push.example/a"));
  // The card stays spent for everyone.
  UserId b = AddUser("b@example.com");
  EXPECT_EQ(accounts_->RedeemGiftCard("g", b, kT0).error().code(),
            core::ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace wiredesk::store
