#include "accounts/account_service.h"

#include <gtest/gtest.h>

#include "accounts/gift_code.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::accounts {
namespace {

using store::SessionKind;

const core::TimePoint kT0 = core::FromUnixSeconds(1'764'547'200);  // 2025-12-01 00:00 UTC.

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto store = store::SqliteStore::Open(options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_store_ = std::move(*store::OpenAccountStore(*store_));
    Rebuild(AccountOptions{});
  }

  void Rebuild(AccountOptions options) {
    options.hashing = TestPasswordHashing();
    options.premium.sections = {*core::SectionPath::Parse("markets")};
    options.premium.free_articles_per_month = 2;
    service_ = std::make_unique<AccountService>(*accounts_store_, clock_, options);
  }

  NewSession SignUp(const std::string& email, SessionKind kind = SessionKind::kCookie) {
    auto session = service_->SignUp(email, "password123", "10.0.0.1", kind);
    EXPECT_TRUE(session) << session.error().ToString();
    return session ? *session : NewSession{};
  }

  core::Article Premium(core::ArticleId id) {
    core::Article article;
    article.id = id;
    article.section = *core::SectionPath::Parse("markets/stocks");
    return article;
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kT0};
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::AccountStore> accounts_store_;
  std::unique_ptr<AccountService> service_;
};

TEST_F(AccountServiceTest, SignUpStoresOnlyHashes) {
  NewSession session = SignUp(" Reader@Example.COM ");
  EXPECT_EQ(session.viewer.user.email, "reader@example.com");
  auto user = accounts_store_->FindUserByEmail("reader@example.com");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->password_hash.rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(session.viewer.session.token_hash, Sha256Hex(session.token));
  EXPECT_FALSE(accounts_store_->FindSession(session.token));  // Never stored in the clear.
  auto viewer = service_->Authenticate(session.token, SessionKind::kCookie);
  ASSERT_TRUE(viewer);
  EXPECT_EQ(viewer->user.id, user->id);
}

TEST_F(AccountServiceTest, SignUpRejectsBadInputAndTakenEmail) {
  EXPECT_EQ(service_->SignUp("no-at-sign", "password123", "a", SessionKind::kApi).error().code(),
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(service_->SignUp("a@example.com", "short", "a", SessionKind::kApi).error().code(),
            core::ErrorCode::kInvalidArgument);
  SignUp("a@example.com");
  EXPECT_EQ(service_->SignUp("A@example.com", "password123", "a", SessionKind::kApi).error().code(),
            core::ErrorCode::kAlreadyExists);
}

TEST_F(AccountServiceTest, LoginRotatesTheSession) {
  NewSession first = SignUp("a@example.com");
  auto second = service_->LogIn("a@example.com", "password123", "10.0.0.1", SessionKind::kCookie,
                                first.token);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_NE(second->token, first.token);
  EXPECT_NE(second->viewer.session.csrf_token, first.viewer.session.csrf_token);
  EXPECT_FALSE(service_->Authenticate(first.token, SessionKind::kCookie));
  EXPECT_TRUE(service_->Authenticate(second->token, SessionKind::kCookie));
  ASSERT_TRUE(service_->LogOut(second->token));
  EXPECT_EQ(service_->Authenticate(second->token, SessionKind::kCookie).error().code(),
            core::ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, LoginFailuresDoNotTellAccountsApart) {
  SignUp("a@example.com");
  auto wrong_password =
      service_->LogIn("a@example.com", "wrong-password", "10.0.0.2", SessionKind::kApi);
  auto unknown =
      service_->LogIn("nobody@example.com", "wrong-password", "10.0.0.2", SessionKind::kApi);
  auto malformed = service_->LogIn("nobody", "wrong-password", "10.0.0.2", SessionKind::kApi);
  ASSERT_FALSE(wrong_password);
  ASSERT_FALSE(unknown);
  ASSERT_FALSE(malformed);
  EXPECT_EQ(wrong_password.error().ToString(), unknown.error().ToString());
  EXPECT_EQ(unknown.error().ToString(), malformed.error().ToString());
  EXPECT_EQ(unknown.error().code(), core::ErrorCode::kUnauthenticated);
}

TEST_F(AccountServiceTest, SessionsExpireAndKeepTheirKind) {
  NewSession api = SignUp("a@example.com", SessionKind::kApi);
  EXPECT_FALSE(service_->Authenticate(api.token, SessionKind::kCookie));
  EXPECT_TRUE(service_->Authenticate(api.token, SessionKind::kApi));
  EXPECT_FALSE(service_->Authenticate("", SessionKind::kApi));
  EXPECT_FALSE(service_->Authenticate("made-up", SessionKind::kApi));
  clock_.Advance(std::chrono::hours(24 * 31));
  EXPECT_FALSE(service_->Authenticate(api.token, SessionKind::kApi));
}

TEST_F(AccountServiceTest, CsrfTokenIsPerSessionAndCheckedExactly) {
  NewSession a = SignUp("a@example.com");
  NewSession b = SignUp("b@example.com");
  const std::string& token = a.viewer.session.csrf_token;
  EXPECT_GE(token.size(), 40u);
  EXPECT_TRUE(AccountService::CsrfTokenMatches(a.viewer, token));
  EXPECT_FALSE(AccountService::CsrfTokenMatches(a.viewer, b.viewer.session.csrf_token));
  EXPECT_FALSE(AccountService::CsrfTokenMatches(a.viewer, ""));
  EXPECT_FALSE(AccountService::CsrfTokenMatches(a.viewer, token.substr(1)));
  // The token survives the round trip through the store.
  auto viewer = service_->Authenticate(a.token, SessionKind::kCookie);
  ASSERT_TRUE(viewer);
  EXPECT_TRUE(AccountService::CsrfTokenMatches(*viewer, token));
}

TEST_F(AccountServiceTest, LoginIsRateLimitedPerAddressAndPerAccount) {
  AccountOptions options;
  options.login_per_address = {3, std::chrono::minutes(15)};
  options.login_per_account = {2, std::chrono::minutes(15)};
  Rebuild(options);
  SignUp("a@example.com");
  // Per account: two tries from different addresses, then refused even with the right password.
  EXPECT_FALSE(service_->LogIn("a@example.com", "nope-nope", "1.1.1.1", SessionKind::kApi));
  EXPECT_FALSE(service_->LogIn("a@example.com", "nope-nope", "2.2.2.2", SessionKind::kApi));
  auto limited = service_->LogIn("a@example.com", "password123", "3.3.3.3", SessionKind::kApi);
  ASSERT_FALSE(limited);
  EXPECT_EQ(limited.error().code(), core::ErrorCode::kResourceExhausted);
  // Per address: three tries at any accounts.
  for (const char* email : {"x@example.com", "y@example.com", "z@example.com"})
    EXPECT_EQ(service_->LogIn(email, "nope-nope", "9.9.9.9", SessionKind::kApi).error().code(),
              core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(
      service_->LogIn("w@example.com", "nope-nope", "9.9.9.9", SessionKind::kApi).error().code(),
      core::ErrorCode::kResourceExhausted);
  clock_.Advance(std::chrono::minutes(15));
  EXPECT_TRUE(service_->LogIn("a@example.com", "password123", "3.3.3.3", SessionKind::kApi));
}

TEST_F(AccountServiceTest, SignUpAndRedemptionAreRateLimited) {
  AccountOptions options;
  options.signup_per_address = {1, std::chrono::hours(1)};
  options.redeem_per_account = {2, std::chrono::hours(1)};
  Rebuild(options);
  NewSession a = SignUp("a@example.com");
  EXPECT_EQ(service_->SignUp("b@example.com", "password123", "10.0.0.1", SessionKind::kApi)
                .error()
                .code(),
            core::ErrorCode::kResourceExhausted);
  EXPECT_FALSE(service_->RedeemGiftCard(a.viewer, "AAAA-AAAA-AAAA-AAAA", "1.1.1.1"));
  EXPECT_FALSE(service_->RedeemGiftCard(a.viewer, "AAAA-AAAA-AAAA-AAAA", "2.2.2.2"));
  EXPECT_EQ(service_->RedeemGiftCard(a.viewer, "AAAA-AAAA-AAAA-AAAA", "3.3.3.3").error().code(),
            core::ErrorCode::kResourceExhausted);
}

TEST_F(AccountServiceTest, PasswordChangeEndsOtherSessions) {
  NewSession first = SignUp("a@example.com");
  auto second = service_->LogIn("a@example.com", "password123", "x", SessionKind::kApi);
  ASSERT_TRUE(second);
  EXPECT_EQ(service_->ChangePassword(first.viewer, "wrong-one", "new-password").error().code(),
            core::ErrorCode::kUnauthenticated);
  ASSERT_TRUE(service_->ChangePassword(first.viewer, "password123", "new-password"));
  EXPECT_TRUE(service_->Authenticate(first.token, SessionKind::kCookie));
  EXPECT_FALSE(service_->Authenticate(second->token, SessionKind::kApi));
  EXPECT_FALSE(service_->LogIn("a@example.com", "password123", "y", SessionKind::kApi));
  EXPECT_TRUE(service_->LogIn("a@example.com", "new-password", "y", SessionKind::kApi));
}

TEST_F(AccountServiceTest, DeleteAccountNeedsThePasswordAndRemovesIt) {
  NewSession a = SignUp("a@example.com");
  EXPECT_FALSE(service_->DeleteAccount(a.viewer, "wrong-one"));
  ASSERT_TRUE(service_->DeleteAccount(a.viewer, "password123"));
  EXPECT_FALSE(service_->Authenticate(a.token, SessionKind::kCookie));
  EXPECT_FALSE(accounts_store_->FindUserByEmail("a@example.com"));
}

TEST_F(AccountServiceTest, AddUserCreatesOrPromotesAnAdmin) {
  auto id = service_->AddUser("Editor@Example.com", "password123", store::UserRole::kAdmin);
  ASSERT_TRUE(id);
  EXPECT_EQ(accounts_store_->GetUser(*id)->role, store::UserRole::kAdmin);
  NewSession reader = SignUp("r@example.com");
  auto promoted = service_->AddUser("r@example.com", "another-pass", store::UserRole::kAdmin);
  ASSERT_TRUE(promoted);
  EXPECT_EQ(*promoted, reader.viewer.user.id);
  EXPECT_EQ(accounts_store_->GetUser(*promoted)->role, store::UserRole::kAdmin);
}

TEST_F(AccountServiceTest, GiftCardExtendsPremiumAndIsSingleUse) {
  auto codes = service_->MintGiftCards(30, 2);
  ASSERT_TRUE(codes);
  ASSERT_EQ(codes->size(), 2u);
  NewSession a = SignUp("a@example.com");
  NewSession b = SignUp("b@example.com");
  EXPECT_FALSE(service_->HasPremium(a.viewer));
  std::string typo = (*codes)[0];
  typo[0] = typo[0] == '0' ? '1' : '0';
  EXPECT_EQ(service_->RedeemGiftCard(a.viewer, typo, "x").error().code(),
            core::ErrorCode::kInvalidArgument);
  auto redeemed = service_->RedeemGiftCard(a.viewer, (*codes)[0], "x");
  ASSERT_TRUE(redeemed) << redeemed.error().ToString();
  EXPECT_EQ(redeemed->premium_until, kT0 + std::chrono::hours(24 * 30));
  EXPECT_EQ(service_->RedeemGiftCard(b.viewer, (*codes)[0], "y").error().code(),
            core::ErrorCode::kFailedPrecondition);
  auto viewer = service_->Authenticate(a.token, SessionKind::kCookie);
  ASSERT_TRUE(viewer);
  EXPECT_TRUE(service_->HasPremium(*viewer));
  EXPECT_EQ(service_->DecideAccess(&*viewer, Premium(1))->access, Access::kEntitled);
  clock_.Advance(std::chrono::hours(24 * 30));
  EXPECT_FALSE(service_->HasPremium(*viewer));
  EXPECT_FALSE(service_->MintGiftCards(0, 1));
  EXPECT_FALSE(service_->MintGiftCards(1, 0));
}

TEST_F(AccountServiceTest, MeterAllowsTheMonthlyQuotaThenPaywalls) {
  NewSession a = SignUp("a@example.com");
  core::Article free_story;
  free_story.id = 9;
  free_story.section = *core::SectionPath::Parse("news");
  EXPECT_EQ(service_->DecideAccess(&a.viewer, free_story)->access, Access::kFree);
  EXPECT_EQ(service_->DecideAccess(nullptr, Premium(1))->access, Access::kPaywalled);
  auto first = service_->DecideAccess(&a.viewer, Premium(1));
  EXPECT_EQ(first->access, Access::kMetered);
  EXPECT_EQ(first->meter_used, 1);
  EXPECT_EQ(first->meter_limit, 2);
  EXPECT_EQ(service_->DecideAccess(&a.viewer, Premium(1))->meter_used, 1);  // Re-reading is free.
  EXPECT_EQ(service_->DecideAccess(&a.viewer, Premium(2))->access, Access::kMetered);
  EXPECT_EQ(service_->DecideAccess(&a.viewer, Premium(3))->access, Access::kPaywalled);
  EXPECT_EQ(service_->DecideAccess(&a.viewer, Premium(2))->access, Access::kMetered);
  clock_.Advance(std::chrono::hours(24 * 31));  // January: a fresh meter.
  EXPECT_EQ(service_->DecideAccess(&a.viewer, Premium(3))->access, Access::kMetered);
}

TEST_F(AccountServiceTest, HistoryCanBeTurnedOff) {
  NewSession a = SignUp("a@example.com");
  Preferences prefs;
  prefs.history = false;
  ASSERT_TRUE(service_->SetPreferences(a.viewer, prefs));
  auto viewer = service_->Authenticate(a.token, SessionKind::kCookie);
  ASSERT_TRUE(viewer);
  EXPECT_FALSE(service_->GetPreferences(*viewer).history);
  // No article 1 exists; with history off nothing is even attempted.
  EXPECT_TRUE(service_->RecordRead(*viewer, 1));
  EXPECT_TRUE(service_->Reads(*viewer, 10)->empty());
}

TEST_F(AccountServiceTest, FeedbackAndWatchlistAreValidated) {
  NewSession a = SignUp("a@example.com");
  EXPECT_TRUE(service_->AddFeedback(&a.viewer, std::nullopt, "general", "Great site"));
  EXPECT_TRUE(service_->AddFeedback(nullptr, 12345, "error", "Typo"));  // Unknown article: null.
  EXPECT_FALSE(service_->AddFeedback(&a.viewer, std::nullopt, "spam", "x"));
  EXPECT_FALSE(service_->AddFeedback(&a.viewer, std::nullopt, "general", "   "));
  EXPECT_TRUE(service_->AddWatch(a.viewer, "ticker", "acme"));
  EXPECT_EQ(service_->AddWatch(a.viewer, "ticker", "ACME").error().code(),
            core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(service_->AddWatch(a.viewer, "nope", "x").error().code(),
            core::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace wiredesk::accounts
