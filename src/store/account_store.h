// AccountStore: the system of record for readers' accounts — users, sessions, preferences,
// My Reads (history and saved), watchlists, browsers' Web Push subscriptions, feedback, gift
// cards and the premium meter.
//
// It holds no policy: hashing, token generation, validation, rate limits and entitlement rules
// live in accounts/; this interface only reads and writes rows. Secrets never reach it in the
// clear: sessions and gift cards are looked up by the SHA-256 of their token or code, and
// passwords arrive as argon2id hash strings. Lists of articles (reads, saved) only return
// published articles, so a killed story drops out of them with the kill's commit.
//
// Implementation: SqliteAccountStore (sqlite_account_store.cc) over the same database file,
// writer and reader pool as SqliteStore; OpenAccountStore() builds it from an open Store.
//
// Thread safety: every method may be called from any thread concurrently; writes are
// serialised with the article writes of the Store they share a database with.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"
#include "store/store.h"

namespace wiredesk::store {

using UserId = int64_t;

enum class UserRole { kReader, kAdmin };

struct UserRecord {
  UserId id = 0;
  std::string email;          // Normalised (lower case) by accounts/.
  std::string password_hash;  // An argon2id hash string ("$argon2id$v=19$...").
  UserRole role = UserRole::kReader;
  core::TimePoint created_at;
  std::optional<core::TimePoint> premium_until;  // Premium while now < premium_until.
  std::string preferences_json;                  // accounts/preferences.h's JSON; "{}" at first.
};

// What a session token is for: a browser cookie (forms need its CSRF token) or an API bearer
// token (no CSRF: browsers never send it on their own).
enum class SessionKind { kCookie, kApi };

struct SessionRecord {
  std::string token_hash;  // SHA-256 (hex) of the token the client holds.
  UserId user_id = 0;
  SessionKind kind = SessionKind::kCookie;
  std::string csrf_token;  // The synchronizer token of the session's forms.
  core::TimePoint created_at;
  core::TimePoint expires_at;
};

// An article in a reader's list with the time it entered it.
struct ListedArticle {
  core::Article article;  // body_html is left empty, as in other lists.
  core::TimePoint at;
};

struct WatchRecord {
  int64_t id = 0;
  UserId user_id = 0;
  std::string kind;  // accounts/watchlist.h names the kinds.
  std::string value;
  core::TimePoint created_at;
};

// A browser's Web Push subscription (the PushSubscription of the Push API): where the push
// service accepts messages for it and the keys that encrypt them. An endpoint names one browser
// profile, so it belongs to one reader at a time.
struct PushSubscriptionRecord {
  int64_t id = 0;
  UserId user_id = 0;
  std::string endpoint;  // The push service's URL for this browser; unique.
  std::string p256dh;    // base64url of the browser's P-256 public key (65 bytes).
  std::string auth;      // base64url of the 16-byte authentication secret.
  core::TimePoint created_at;
};

struct FeedbackRecord {
  int64_t id = 0;
  std::optional<UserId> user_id;  // Null for a deleted account's (none remain) or anonymous.
  std::optional<core::ArticleId> article_id;
  std::string category;
  std::string message;
  core::TimePoint created_at;
  std::optional<core::TimePoint> resolved_at;
};

// Outcome of RedeemGiftCard.
struct Redemption {
  int days = 0;
  core::TimePoint premium_until;  // The reader's new entitlement end.
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // ---- Users ----
  // kAlreadyExists when the email is taken.
  virtual core::Result<UserId> CreateUser(const UserRecord& user) = 0;
  // kNotFound when no user has that email / id.
  virtual core::Result<UserRecord> FindUserByEmail(const std::string& email) = 0;
  virtual core::Result<UserRecord> GetUser(UserId id) = 0;
  virtual core::Status SetPasswordHash(UserId id, const std::string& hash) = 0;
  virtual core::Status SetRole(UserId id, UserRole role) = 0;
  virtual core::Status SetPreferences(UserId id, const std::string& preferences_json) = 0;
  // Deletes the user and every row about them: sessions, reads, saved, watchlist, push
  // subscriptions, feedback and meter. Redeemed gift cards stay redeemed, with the redeemer
  // forgotten. kNotFound if absent.
  virtual core::Status DeleteUser(UserId id) = 0;

  // ---- Sessions ----
  virtual core::Status CreateSession(const SessionRecord& session) = 0;
  // The session with that token hash; kNotFound when there is none (expiry is the caller's
  // check, so it can delete the row).
  virtual core::Result<SessionRecord> FindSession(const std::string& token_hash) = 0;
  virtual core::Status DeleteSession(const std::string& token_hash) = 0;
  // Deletes every session of the user except `keep_token_hash` (empty: all of them).
  virtual core::Status DeleteUserSessions(UserId id, const std::string& keep_token_hash) = 0;

  // ---- My Reads ----
  // Records (or refreshes the time of) a read.
  virtual core::Status RecordRead(UserId id, core::ArticleId article, core::TimePoint at) = 0;
  virtual core::Status ClearReads(UserId id) = 0;
  // Published articles only, most recent first, at most `limit` (1..200).
  virtual core::Result<std::vector<ListedArticle>> ListReads(UserId id, int limit) = 0;
  // kNotFound when the article does not exist.
  virtual core::Status SaveArticle(UserId id, core::ArticleId article, core::TimePoint at) = 0;
  // Removing an article that is not saved is not an error.
  virtual core::Status UnsaveArticle(UserId id, core::ArticleId article) = 0;
  virtual core::Result<std::vector<ListedArticle>> ListSaved(UserId id, int limit) = 0;
  virtual core::Result<bool> IsSaved(UserId id, core::ArticleId article) = 0;

  // ---- Watchlist ----
  // kAlreadyExists for a duplicate (kind, value) of the same user.
  virtual core::Result<int64_t> AddWatch(const WatchRecord& watch) = 0;
  // kNotFound when the user has no entry with that id.
  virtual core::Status DeleteWatch(UserId id, int64_t watch_id) = 0;
  virtual core::Result<std::vector<WatchRecord>> ListWatches(UserId id) = 0;
  // Every user's preferences and watchlist, for the alerts matcher: `users` with id, email,
  // role and preferences (password hashes left empty), `watches` ordered by user, and the ids
  // of users with at least one Web Push subscription, ascending. One read snapshot, so they
  // agree.
  struct Follows {
    std::vector<UserRecord> users;
    std::vector<WatchRecord> watches;
    std::vector<UserId> push_subscribers;  // Readers with at least one browser subscribed.
    int64_t generation = 0;                // FollowsGeneration() as of this snapshot.
  };
  virtual core::Result<Follows> ListAllFollows() = 0;
  // The same for just these readers (any order; unknown ids are left out), so a matcher can
  // bring the few readers who changed up to date. `generation` is left 0.
  virtual core::Result<Follows> ListFollowsOf(const std::vector<UserId>& users) = 0;
  // A position in the log of changes to what readers follow (watchlist entries, preferences,
  // e-mail addresses, browsers subscribed, accounts added or deleted), kept by triggers so that
  // every writer — this process, another web node, the CLI — moves it. Equal positions mean
  // ListAllFollows() would answer the same. One row read: cheap enough to ask per story batch.
  virtual core::Result<int64_t> FollowsGeneration() = 0;
  // The readers whose follows changed after log position `after` (a `generation` or `through`
  // from an earlier answer), ascending and distinct, and the position this answer reaches.
  // `complete` is false when the log no longer reaches back to `after` (old entries are pruned)
  // or `after` is past its end (a position from another database): the caller must then read
  // everyone again.
  struct FollowChanges {
    std::vector<UserId> users;
    int64_t through = 0;
    bool complete = true;
  };
  virtual core::Result<FollowChanges> FollowChangesAfter(int64_t after) = 0;
  // Forgets log entries written before `before`; a matcher that far behind reads everyone.
  virtual core::Status PruneFollowChanges(core::TimePoint before) = 0;

  // ---- Site keys ----
  // The key stored under `name`; when there is none yet, stores `candidate` (fresh random bytes
  // from the caller) and answers it. Nodes racing to create one all get the same winner.
  virtual core::Result<std::string> SiteKey(const std::string& name,
                                            const std::string& candidate) = 0;

  // ---- Web Push subscriptions ----
  // Stores the subscription under its endpoint and returns its id. A known endpoint is taken
  // over: its keys, owner and time are replaced, because a browser that subscribes again (new
  // keys, or another reader signed in on it) speaks for itself now. kNotFound for no such user.
  virtual core::Result<int64_t> AddPushSubscription(const PushSubscriptionRecord& subscription) = 0;
  // The user's subscriptions, oldest first.
  virtual core::Result<std::vector<PushSubscriptionRecord>> ListPushSubscriptions(UserId id) = 0;
  // Removes the user's subscription with that endpoint; kNotFound when the user has none.
  virtual core::Status DeletePushSubscription(UserId id, const std::string& endpoint) = 0;
  // Removes the subscription with that endpoint whoever holds it (the push service said it is
  // gone). Returns whether there was one.
  virtual core::Result<bool> DeletePushEndpoint(const std::string& endpoint) = 0;
  // The subscription with that endpoint, whoever holds it; kNotFound when there is none.
  virtual core::Result<PushSubscriptionRecord> FindPushSubscription(
      const std::string& endpoint) = 0;

  // ---- Feedback ----
  virtual core::Result<int64_t> AddFeedback(const FeedbackRecord& feedback) = 0;
  // Newest first; resolved ones only when `include_resolved`.
  virtual core::Result<std::vector<FeedbackRecord>> ListFeedback(bool include_resolved,
                                                                 int limit) = 0;
  // kNotFound when there is no such feedback.
  virtual core::Status ResolveFeedback(int64_t feedback_id, UserId by, core::TimePoint at) = 0;

  // ---- Gift cards and premium ----
  // Stores new unredeemed cards by the SHA-256 (hex) of their codes, in one transaction.
  virtual core::Status InsertGiftCards(const std::vector<std::string>& code_hashes, int days,
                                       core::TimePoint at) = 0;
  // Marks the card redeemed by `user` and extends the user's premium entitlement by the card's
  // days from max(now, premium_until), in one write transaction, so a code is redeemed at most
  // once even by concurrent requests or processes. kNotFound for an unknown code,
  // kFailedPrecondition for a code already redeemed.
  virtual core::Result<Redemption> RedeemGiftCard(const std::string& code_hash, UserId user,
                                                  core::TimePoint now) = 0;
  // Counts `article` against the user's meter for `month` ("2026-12") unless it was counted
  // already: returns true when the article is (now) on the meter, false when the meter already
  // holds `limit` other articles. Atomic.
  virtual core::Result<bool> MeterPremiumRead(UserId user, const std::string& month,
                                              core::ArticleId article, int limit,
                                              core::TimePoint at) = 0;
  // How many articles the user's meter holds for `month`.
  virtual core::Result<int> MeterCount(UserId user, const std::string& month) = 0;
};

// The AccountStore over the same database as `store`, sharing its connections. `store` must
// outlive the result. kFailedPrecondition for a Store implementation without accounts.
core::Result<std::unique_ptr<AccountStore>> OpenAccountStore(Store& store);

}  // namespace wiredesk::store
