// Test data written straight through the store, without the ingest pipeline: a story's first
// version (or its kill), and a reader. Shared by the store tests of the parts that hang off
// articles and accounts.
#pragma once

#include <optional>
#include <string>

#include "core/section_path.h"
#include "store/account_store.h"
#include "store/store.h"

namespace wiredesk::store::test_util {

// Creates `guid` in `section` on its first call; a later call with `kill` kills it, one without
// changes nothing.
inline core::Result<WriteOutcome> WriteTestVersion(Store& store, const std::string& guid,
                                                   const std::string& section, int64_t rank,
                                                   core::TimePoint published,
                                                   core::TimePoint received, bool kill) {
  IncomingVersion v;
  v.source = "wire";
  v.item.guid = guid;
  v.item.headline = "Story " + guid;
  v.item.published = published;
  v.rank = rank;
  v.section = *core::SectionPath::Parse(section);
  v.received_at = received;
  return store.WriteVersion(v, [kill](const std::optional<CurrentVersion>& current) {
    if (!current)
      return VersionDecision{VersionAction::kCreate, core::VersionChange::kPublish, ""};
    return kill ? VersionDecision{VersionAction::kKill, core::VersionChange::kKill, ""}
                : VersionDecision{VersionAction::kIgnore, core::VersionChange::kPublish, "x"};
  });
}

inline core::Result<UserId> CreateTestUser(AccountStore& accounts, const std::string& email,
                                           core::TimePoint created_at) {
  UserRecord user;
  user.email = email;
  user.password_hash = "$argon2id$test";
  user.created_at = created_at;
  return accounts.CreateUser(user);
}

}  // namespace wiredesk::store::test_util
