// AccountService: the rules of readers' accounts over an AccountStore — sign-up, login and
// logout with argon2id passwords and server-side sessions, CSRF tokens, rate limits, password
// change and account deletion, preferences, My Reads, the watchlist, feedback, gift cards and
// the premium entitlement with its monthly meter.
//
// Sessions: a login or sign-up makes a new random 32-byte token (the client's cookie or bearer
// token); the store keeps only its SHA-256, so a leaked database opens no session. A login
// always issues a new token and deletes the one the client sent (rotation, against session
// fixation). Each session carries its own random CSRF token for the forms of its pages.
//
// Enumeration: a failed login says "wrong email or password" whether or not the account
// exists, and an unknown email still costs one argon2id verification (against a dummy hash),
// so timing does not tell either. Sign-up cannot hide that an address is taken without email
// confirmation; it says so in one generic sentence and is rate limited per address.
//
// Rate limits (RateLimiter, in this process's memory; per node with several nodes): login 20
// per 15 min per client address and 10 per 15 min per account, sign-up 10 per hour per
// address, gift-card redemption 20 per hour per address and 10 per hour per account.
//
// Thread safety: every method may be called from any thread concurrently.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounts/crypto.h"
#include "accounts/preferences.h"
#include "accounts/rate_limiter.h"
#include "accounts/watchlist.h"
#include "core/article.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "store/account_store.h"

namespace wiredesk::accounts {

using store::UserId;

struct AccountOptions {
  PasswordHashing hashing;  // Default: libsodium's INTERACTIVE argon2id limits (crypto.h).
  std::chrono::seconds session_lifetime{30 * 24 * 3600};  // Default 30 days.
  RateLimit login_per_address{20, std::chrono::minutes(15)};
  RateLimit login_per_account{10, std::chrono::minutes(15)};
  RateLimit signup_per_address{10, std::chrono::hours(1)};
  RateLimit redeem_per_address{20, std::chrono::hours(1)};
  RateLimit redeem_per_account{10, std::chrono::hours(1)};
  core::PremiumConfig premium;  // What is premium and the monthly meter (core/config.h).
};

inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxFeedbackBytes = 5000;
inline constexpr int kMaxGiftCardDays = 3660;
inline constexpr int kMaxGiftCardsPerMint = 10000;

// A signed-in caller: the account and the session the request came with.
struct Viewer {
  store::UserRecord user;
  store::SessionRecord session;
  bool is_admin() const { return user.role == store::UserRole::kAdmin; }
};

// A new session: `token` goes to the client once and is never stored.
struct NewSession {
  std::string token;
  Viewer viewer;
};

enum class Access {
  kFree,       // Not a premium story.
  kEntitled,   // Premium story, reader has premium.
  kMetered,    // Premium story read on the monthly meter.
  kPaywalled,  // Premium story, no premium and the meter is used up (or not logged in).
};

struct AccessDecision {
  Access access = Access::kFree;
  int meter_used = 0;   // Premium stories on this month's meter, after this one.
  int meter_limit = 0;  // free_articles_per_month.
};

// "general", "error" (report an error in a story), "suggestion", "complaint".
const std::vector<std::string_view>& FeedbackCategories();

// The email in canonical form (trimmed, ASCII lower case) when it looks like an address:
// one '@' with text on both sides, at most 254 bytes, no spaces or control characters.
core::Result<std::string> NormalizeEmail(std::string_view email);

class AccountService {
 public:
  AccountService(store::AccountStore& store, const core::Clock& clock, AccountOptions options);
  AccountService(const AccountService&) = delete;
  AccountService& operator=(const AccountService&) = delete;

  // ---- Identity ----
  // kInvalidArgument for a malformed email or a password outside 8..1024 bytes,
  // kAlreadyExists when the email is taken, kResourceExhausted past the rate limit.
  core::Result<NewSession> SignUp(std::string_view email, std::string_view password,
                                  const std::string& address, store::SessionKind kind);
  // kUnauthenticated "wrong email or password" for any mismatch; kResourceExhausted past the
  // rate limits. `previous_token`, when the client sent one, is deleted (rotation).
  core::Result<NewSession> LogIn(std::string_view email, std::string_view password,
                                 const std::string& address, store::SessionKind kind,
                                 std::string_view previous_token = {});
  // Ends the session of `token`; unknown tokens are not an error.
  core::Status LogOut(std::string_view token);
  // The viewer of a token of `kind`; kUnauthenticated when it is unknown, of the other kind or
  // expired (an expired session is deleted).
  core::Result<Viewer> Authenticate(std::string_view token, store::SessionKind kind);
  // Whether `token` is the session's CSRF token (constant time).
  static bool CsrfTokenMatches(const Viewer& viewer, std::string_view token);
  // kUnauthenticated when `current` is wrong; ends every other session of the account.
  core::Status ChangePassword(const Viewer& viewer, std::string_view current,
                              std::string_view replacement);
  // Deletes the account and all personal data; kUnauthenticated when `password` is wrong.
  core::Status DeleteAccount(const Viewer& viewer, std::string_view password);
  // For `wiredesk user add`: creates the account, or with an existing email and kAdmin,
  // promotes it and sets the password. Returns the user id.
  core::Result<UserId> AddUser(std::string_view email, std::string_view password,
                               store::UserRole role);

  // ---- Preferences ----
  // Stored preferences, or the defaults when none (or unreadable ones) are stored.
  Preferences GetPreferences(const Viewer& viewer) const;
  core::Status SetPreferences(const Viewer& viewer, const Preferences& preferences);

  // ---- My Reads ----
  // Records a read unless the reader turned history off.
  core::Status RecordRead(const Viewer& viewer, core::ArticleId article);
  core::Result<std::vector<store::ListedArticle>> Reads(const Viewer& viewer, int limit);
  core::Status ClearReads(const Viewer& viewer);
  core::Status Save(const Viewer& viewer, core::ArticleId article);
  core::Status Unsave(const Viewer& viewer, core::ArticleId article);
  core::Result<std::vector<store::ListedArticle>> Saved(const Viewer& viewer, int limit);
  core::Result<bool> IsSaved(const Viewer& viewer, core::ArticleId article);

  // ---- Watchlist ----
  // kInvalidArgument per CheckWatchEntry or past kMaxWatchEntries; kAlreadyExists for a
  // duplicate.
  core::Result<store::WatchRecord> AddWatch(const Viewer& viewer, std::string_view kind,
                                            std::string_view value);
  core::Status DeleteWatch(const Viewer& viewer, int64_t id);
  core::Result<std::vector<store::WatchRecord>> Watches(const Viewer& viewer);

  // ---- Feedback ----
  // kInvalidArgument for an unknown category or a message empty or over kMaxFeedbackBytes.
  core::Result<int64_t> AddFeedback(const Viewer* viewer, std::optional<core::ArticleId> article,
                                    std::string_view category, std::string_view message);

  // ---- Gift cards and premium ----
  // `count` new codes worth `days` days each (GenerateGiftCode), stored hashed.
  core::Result<std::vector<std::string>> MintGiftCards(int days, int count);
  // kInvalidArgument when the code is malformed or its check character is wrong, kNotFound
  // for an unknown code, kFailedPrecondition when it was redeemed already, kResourceExhausted
  // past the rate limits.
  core::Result<store::Redemption> RedeemGiftCard(const Viewer& viewer, std::string_view code,
                                                 const std::string& address);
  bool HasPremium(const Viewer& viewer) const;
  bool IsPremiumArticle(const core::Article& article) const;
  // Decides whether the viewer (nullptr: anonymous) may read the whole story, counting it on
  // the monthly meter when that is what lets them.
  core::Result<AccessDecision> DecideAccess(const Viewer* viewer, const core::Article& article);

  store::AccountStore& store() { return store_; }
  const core::Clock& clock() const { return clock_; }

 private:
  core::Result<NewSession> StartSession(const store::UserRecord& user, store::SessionKind kind);
  core::Result<std::string> CheckNewPassword(std::string_view password) const;
  // "2026-12" for the clock's current month (UTC).
  std::string CurrentMonth() const;

  store::AccountStore& store_;
  const core::Clock& clock_;
  const AccountOptions options_;
  // A hash of the configured cost, verified against for unknown emails so timing matches.
  // Made on first need: every Site builds a service, and most never see a failed login.
  const std::string& DummyHash();
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  RateLimiter login_by_address_;
  RateLimiter login_by_account_;
  RateLimiter signup_by_address_;
  RateLimiter redeem_by_address_;
  RateLimiter redeem_by_account_;
};

}  // namespace wiredesk::accounts
