// A store on a temporary file with helpers to publish stories and add readers, for the tests of
// trending and Recommended For You. Test-only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/clock.h"
#include "store/account_store.h"
#include "store/reading_store.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::recommend::testing {

inline const core::TimePoint kNow = core::FromUnixSeconds(1'800'000'000);

class StoryFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
    auto accounts = store::OpenAccountStore(*store_);
    ASSERT_TRUE(accounts) << accounts.error().ToString();
    accounts_ = std::move(*accounts);
    auto reading = store::OpenReadingStore(*store_);
    ASSERT_TRUE(reading) << reading.error().ToString();
    reading_ = std::move(*reading);
  }

  core::ArticleId Publish(const std::string& headline, const std::string& section,
                          std::chrono::hours age = std::chrono::hours(1),
                          const std::string& summary = "",
                          std::vector<core::Subject> subjects = {}) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = "g" + std::to_string(++guid_);
    v.item.headline = headline;
    v.item.summary = summary;
    v.item.subjects = std::move(subjects);
    v.item.published = kNow - age;
    v.rank = 1;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = kNow - age;
    auto outcome = store_->WriteVersion(v, [](const std::optional<store::CurrentVersion>&) {
      return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                    ""};
    });
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  // Writes a newer version of the story published as `guid_number` (Publish's n-th story):
  // a write-thru with `headline`, or a kill when `headline` is empty.
  void Revise(int guid_number, const std::string& headline) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = "g" + std::to_string(guid_number);
    v.item.headline = headline.empty() ? "Killed" : headline;
    v.item.published = kNow;
    v.rank = 2;
    v.section = *core::SectionPath::Parse("news");
    v.received_at = kNow;
    const bool kill = headline.empty();
    auto outcome = store_->WriteVersion(v, [kill](const std::optional<store::CurrentVersion>&) {
      return kill ? store::VersionDecision{store::VersionAction::kKill, core::VersionChange::kKill,
                                           ""}
                  : store::VersionDecision{store::VersionAction::kSupersede,
                                           core::VersionChange::kUpdate, ""};
    });
    ASSERT_TRUE(outcome) << outcome.error().ToString();
  }

  store::UserId AddReader() {
    store::UserRecord user;
    user.email = "r" + std::to_string(++users_) + "@example.com";
    user.password_hash = "$argon2id$test";
    user.created_at = kNow;
    auto id = accounts_->CreateUser(user);
    EXPECT_TRUE(id) << id.error().ToString();
    return id ? *id : 0;
  }

  void Read(store::UserId user, core::ArticleId article,
            std::chrono::hours ago = std::chrono::hours(0)) {
    ASSERT_TRUE(accounts_->RecordRead(user, article, kNow - ago));
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kNow};
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<store::ReadingStore> reading_;
  int guid_ = 0;
  int users_ = 0;
};

}  // namespace wiredesk::recommend::testing
