#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "store/account_store.h"
#include "store/alert_outbox_store.h"
#include "store/sqlite_store.h"
#include "store/testing/seed.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::store {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

class SqliteAlertOutboxStoreTest : public ::testing::Test {
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
    auto outbox = OpenAlertOutboxStore(*store_);
    ASSERT_TRUE(outbox) << outbox.error().ToString();
    outbox_ = std::move(*outbox);
  }

  // Publishes `guid` (or, with kill, kills its story).
  core::ArticleId Publish(const std::string& guid, int64_t rank, bool kill = false) {
    auto outcome =
        test_util::WriteTestVersion(*store_, guid, "news", rank, kT0 + seconds(rank), kT0, kill);
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  UserId AddUser(const std::string& email) {
    auto id = test_util::CreateTestUser(*accounts_, email, kT0);
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }

  static NewDelivery Delivery(UserId user, core::ArticleId article, const std::string& channel,
                              core::TimePoint due = kT0) {
    NewDelivery d;
    d.key = std::to_string(user) + ":" + std::to_string(article) + ":" + channel;
    d.user_id = user;
    d.article_id = article;
    d.channel = channel;
    d.recipient = "reader@example.org";
    d.reason = "follows ACME";
    d.due_at = due;
    return d;
  }

  test_util::TempDir dir_;
  std::unique_ptr<SqliteStore> store_;
  std::unique_ptr<AccountStore> accounts_;
  std::unique_ptr<AlertOutboxStore> outbox_;
};

TEST_F(SqliteAlertOutboxStoreTest, AKeyIsQueuedOnceEvenAfterItWasSent) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  auto queued =
      outbox_->Enqueue({Delivery(reader, story, "email"), Delivery(reader, story, "webhook"),
                        Delivery(reader, story, "email")},
                       kT0);
  ASSERT_TRUE(queued) << queued.error().ToString();
  EXPECT_EQ(*queued, 2);
  auto due = outbox_->ClaimDue(kT0, 10, minutes(1));
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  ASSERT_TRUE(outbox_->MarkSent((*due)[0].id, kT0));
  // The same match again (a correction, a restart, a second matcher) queues nothing.
  EXPECT_EQ(outbox_->Enqueue({Delivery(reader, story, "email"), Delivery(reader, story, "webhook")},
                             kT0 + minutes(5)),
            0);
}

TEST_F(SqliteAlertOutboxStoreTest, ClaimsLeaseRowsSoAnotherDispatcherWaitsUntilTheLeaseEnds) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, story, "email")}, kT0));
  auto first = outbox_->ClaimDue(kT0, 10, minutes(2));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->size(), 1u);
  EXPECT_EQ((*first)[0].next_attempt_at, kT0 + minutes(2));
  EXPECT_TRUE(outbox_->ClaimDue(kT0 + minutes(1), 10, minutes(2))->empty());
  // The dispatcher died without an answer: the row comes due again (at-least-once).
  auto again = outbox_->ClaimDue(kT0 + minutes(2), 10, minutes(2));
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].attempts, 0);
}

TEST_F(SqliteAlertOutboxStoreTest, NotDueRowsWaitAndDueOnesComeOldestFirst) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId a = Publish("urn:a", 1);
  core::ArticleId b = Publish("urn:b", 2);
  core::ArticleId c = Publish("urn:c", 3);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, a, "email", kT0 + minutes(10)),
                                Delivery(reader, b, "email", kT0 + minutes(1)),
                                Delivery(reader, c, "email", kT0 + minutes(3))},
                               kT0));
  EXPECT_TRUE(outbox_->ClaimDue(kT0, 10, minutes(1))->empty());
  auto due = outbox_->ClaimDue(kT0 + minutes(5), 10, minutes(1));
  ASSERT_TRUE(due);
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].article_id, b);
  EXPECT_EQ((*due)[1].article_id, c);
  auto one = outbox_->ClaimDue(kT0 + minutes(20), 1, minutes(1));
  ASSERT_TRUE(one);
  ASSERT_EQ(one->size(), 1u);
}

TEST_F(SqliteAlertOutboxStoreTest, RetriesCountAttemptsAndDeadLettersAreListed) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, story, "whatsapp")}, kT0));
  auto due = outbox_->ClaimDue(kT0, 10, minutes(1));
  ASSERT_EQ(due->size(), 1u);
  int64_t id = (*due)[0].id;
  ASSERT_TRUE(outbox_->MarkRetry(id, kT0 + minutes(5), "HTTP 503"));
  EXPECT_TRUE(outbox_->ClaimDue(kT0 + minutes(4), 10, minutes(1))->empty());
  due = outbox_->ClaimDue(kT0 + minutes(5), 10, minutes(1));
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].attempts, 1);
  EXPECT_EQ((*due)[0].last_error, "HTTP 503");
  ASSERT_TRUE(outbox_->MarkDead(id, "WhatsApp 131026: not a WhatsApp number"));
  auto dead = outbox_->DeadLetters(10);
  ASSERT_TRUE(dead);
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0].state, DeliveryState::kDead);
  EXPECT_EQ((*dead)[0].attempts, 2);
  EXPECT_EQ((*dead)[0].last_error, "WhatsApp 131026: not a WhatsApp number");
  // A dead letter is not pending: no more changes, no more claims.
  EXPECT_FALSE(outbox_->MarkSent(id, kT0));
  EXPECT_TRUE(outbox_->ClaimDue(kT0 + std::chrono::hours(24), 10, minutes(1))->empty());
}

TEST_F(SqliteAlertOutboxStoreTest, AnAdminRequeuesADeadLetterOfAPublishedStoryOnly) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  core::ArticleId killed = Publish("urn:2", 2);
  ASSERT_TRUE(outbox_->Enqueue(
      {Delivery(reader, story, "webhook"), Delivery(reader, killed, "webhook")}, kT0));
  auto due = outbox_->ClaimDue(kT0, 10, minutes(1));
  ASSERT_EQ(due->size(), 2u);
  for (const DeliveryRecord& d : *due) ASSERT_TRUE(outbox_->MarkDead(d.id, "HTTP 500"));
  Publish("urn:2", 3, /*kill=*/true);
  int64_t story_row = (*due)[0].article_id == story ? (*due)[0].id : (*due)[1].id;
  int64_t killed_row = (*due)[0].article_id == story ? (*due)[1].id : (*due)[0].id;
  ASSERT_TRUE(outbox_->Requeue(story_row, kT0 + minutes(10)));
  EXPECT_EQ(outbox_->Requeue(killed_row, kT0 + minutes(10)).error().code(),
            core::ErrorCode::kNotFound);
  EXPECT_EQ(outbox_->Requeue(story_row, kT0 + minutes(10)).error().code(),
            core::ErrorCode::kNotFound)
      << "no longer dead";
  due = outbox_->ClaimDue(kT0 + minutes(10), 10, minutes(1));
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].id, story_row);
  EXPECT_EQ((*due)[0].attempts, 0);
  EXPECT_EQ((*due)[0].last_error, "");
}

TEST_F(SqliteAlertOutboxStoreTest, ClaimDueForTakesOneReadersRowsOnOneChannel) {
  UserId a = AddUser("a@example.org");
  UserId b = AddUser("b@example.org");
  core::ArticleId s1 = Publish("urn:1", 1);
  core::ArticleId s2 = Publish("urn:2", 2);
  core::ArticleId s3 = Publish("urn:3", 3);
  ASSERT_TRUE(outbox_->Enqueue(
      {Delivery(a, s1, "digest"), Delivery(a, s2, "digest"), Delivery(a, s1, "email"),
       Delivery(b, s1, "digest"), Delivery(a, s3, "digest", kT0 + minutes(30))},
      kT0));
  auto mine = outbox_->ClaimDueFor(a, "digest", kT0, 100, minutes(1));
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u) << "a's due digest rows only (the later one is not due)";
  for (const DeliveryRecord& d : *mine) {
    EXPECT_EQ(d.user_id, a);
    EXPECT_EQ(d.channel, "digest");
  }
  EXPECT_TRUE(outbox_->ClaimDueFor(a, "digest", kT0, 100, minutes(1))->empty()) << "leased";
  EXPECT_EQ(outbox_->ClaimDue(kT0, 100, minutes(1))->size(), 2u) << "a's email and b's digest";
}

TEST_F(SqliteAlertOutboxStoreTest, AKillWithdrawsEveryPendingAlertButNotSentOnes) {
  UserId reader = AddUser("a@example.org");
  UserId other = AddUser("b@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  core::ArticleId unrelated = Publish("urn:2", 2);
  ASSERT_TRUE(
      outbox_->Enqueue({Delivery(reader, story, "email"), Delivery(reader, story, "webhook"),
                        Delivery(other, story, "email", kT0 + std::chrono::hours(8)),
                        Delivery(other, unrelated, "email")},
                       kT0));
  auto due = outbox_->ClaimDue(kT0, 1, minutes(1));
  ASSERT_EQ(due->size(), 1u);
  ASSERT_TRUE(outbox_->MarkSent((*due)[0].id, kT0));
  Publish("urn:1", 2, /*kill=*/true);
  auto withdrawn = outbox_->WithdrawArticle(story);
  ASSERT_TRUE(withdrawn);
  EXPECT_EQ(*withdrawn, 2);  // The other channel and the one deferred to the morning.
  auto rest = outbox_->ClaimDue(kT0 + std::chrono::hours(9), 10, minutes(1));
  ASSERT_TRUE(rest);
  ASSERT_EQ(rest->size(), 1u);
  EXPECT_EQ((*rest)[0].article_id, unrelated);
  auto mine = outbox_->RecentForUser(reader, 10);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->size(), 2u);
}

TEST_F(SqliteAlertOutboxStoreTest, AClaimWithdrawsAlertsOfAStoryKilledWithoutAWithdrawal) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, story, "email")}, kT0));
  Publish("urn:1", 2, /*kill=*/true);
  EXPECT_TRUE(outbox_->ClaimDue(kT0, 10, minutes(1))->empty());
  auto mine = outbox_->RecentForUser(reader, 10);
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ((*mine)[0].state, DeliveryState::kWithdrawn);
}

TEST_F(SqliteAlertOutboxStoreTest, DeferKeepsAttemptsAndSentSinceFeedsRateLimits) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId a = Publish("urn:a", 1);
  core::ArticleId b = Publish("urn:b", 2);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, a, "email"), Delivery(reader, b, "email")}, kT0));
  auto due = outbox_->ClaimDue(kT0, 10, minutes(1));
  ASSERT_EQ(due->size(), 2u);
  ASSERT_TRUE(outbox_->MarkSent((*due)[0].id, kT0 + seconds(1)));
  ASSERT_TRUE(outbox_->Defer((*due)[1].id, kT0 + std::chrono::hours(7)));
  auto sent = outbox_->SentSince(reader, kT0);
  ASSERT_TRUE(sent);
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ((*sent)[0], kT0 + seconds(1));
  auto later = outbox_->ClaimDue(kT0 + std::chrono::hours(7), 10, minutes(1));
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].attempts, 0);
}

TEST_F(SqliteAlertOutboxStoreTest, ParallelEnqueuesOfTheSameMatchQueueItOnce) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  std::atomic<int> total{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      auto queued = outbox_->Enqueue({Delivery(reader, story, "email")}, kT0);
      if (queued)
        total += *queued;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(total.load(), 1);
}

TEST_F(SqliteAlertOutboxStoreTest, DeletingTheReaderDeletesTheirAlerts) {
  UserId reader = AddUser("a@example.org");
  core::ArticleId story = Publish("urn:1", 1);
  ASSERT_TRUE(outbox_->Enqueue({Delivery(reader, story, "email")}, kT0));
  ASSERT_TRUE(accounts_->DeleteUser(reader));
  EXPECT_TRUE(outbox_->RecentForUser(reader, 10)->empty());
  EXPECT_TRUE(outbox_->ClaimDue(kT0, 10, minutes(1))->empty());
}

}  // namespace
}  // namespace wiredesk::store
