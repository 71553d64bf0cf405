#include "accounts/account_service.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "accounts/gift_code.h"

namespace wiredesk::accounts {
namespace {

using core::ErrorCode;

core::Error WrongCredentials() {
  return core::Error(ErrorCode::kUnauthenticated, "wrong email or password");
}

core::Error TooMany() {
  return core::Error(ErrorCode::kResourceExhausted, "too many attempts; try again later");
}

}  // namespace

const std::vector<std::string_view>& FeedbackCategories() {
  static const std::vector<std::string_view> kCategories = {"general", "error", "suggestion",
                                                            "complaint"};
  return kCategories;
}

core::Result<std::string> NormalizeEmail(std::string_view email) {
  while (!email.empty() && email.front() == ' ') email.remove_prefix(1);
  while (!email.empty() && email.back() == ' ') email.remove_suffix(1);
  auto invalid = [] {
    return core::MakeError(ErrorCode::kInvalidArgument, "enter a valid email address");
  };
  if (email.size() < 3 || email.size() > kMaxEmailBytes)
    return invalid();
  size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == email.size() ||
      email.find('@', at + 1) != std::string_view::npos) {
    return invalid();
  }
  std::string out;
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      return invalid();
    out += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

AccountService::AccountService(store::AccountStore& store, const core::Clock& clock,
                               AccountOptions options)
    : store_(store),
      clock_(clock),
      options_(std::move(options)),
      login_by_address_(options_.login_per_address, clock),
      login_by_account_(options_.login_per_account, clock),
      signup_by_address_(options_.signup_per_address, clock),
      redeem_by_address_(options_.redeem_per_address, clock),
      redeem_by_account_(options_.redeem_per_account, clock) {}

const std::string& AccountService::DummyHash() {
  std::call_once(dummy_once_, [this] {
    auto dummy = HashPassword(RandomToken(), options_.hashing);
    dummy_hash_ = dummy ? *dummy : std::string();
  });
  return dummy_hash_;
}

core::Result<std::string> AccountService::CheckNewPassword(std::string_view password) const {
  if (password.size() < kMinPasswordBytes || password.size() > kMaxPasswordBytes) {
    return core::MakeError(
        ErrorCode::kInvalidArgument,
        fmt::format("a password needs {} to {} characters", kMinPasswordBytes, kMaxPasswordBytes));
  }
  return HashPassword(password, options_.hashing);
}

core::Result<NewSession> AccountService::StartSession(const store::UserRecord& user,
                                                      store::SessionKind kind) {
  NewSession session;
  session.token = RandomToken();
  core::TimePoint now = clock_.Now();
  session.viewer.user = user;
  session.viewer.session = store::SessionRecord{
      Sha256Hex(session.token), user.id, kind, RandomToken(), now, now + options_.session_lifetime};
  WD_RETURN_IF_ERROR(store_.CreateSession(session.viewer.session));
  return session;
}

core::Result<NewSession> AccountService::SignUp(std::string_view email, std::string_view password,
                                                const std::string& address,
                                                store::SessionKind kind) {
  if (!signup_by_address_.Allow(address))
    return tl::unexpected(TooMany());
  WD_ASSIGN_OR_RETURN(std::string normalized, NormalizeEmail(email));
  WD_ASSIGN_OR_RETURN(std::string hash, CheckNewPassword(password));
  store::UserRecord user;
  user.email = normalized;
  user.password_hash = std::move(hash);
  user.created_at = clock_.Now();
  user.preferences_json = PreferencesToJson(Preferences{});
  auto id = store_.CreateUser(user);
  if (!id) {
    if (id.error().code() == ErrorCode::kAlreadyExists) {
      return core::MakeError(ErrorCode::kAlreadyExists,
                             "cannot create an account with this email address; log in instead");
    }
    return tl::unexpected(id.error());
  }
  user.id = *id;
  return StartSession(user, kind);
}

core::Result<NewSession> AccountService::LogIn(std::string_view email, std::string_view password,
                                               const std::string& address, store::SessionKind kind,
                                               std::string_view previous_token) {
  if (!login_by_address_.Allow(address))
    return tl::unexpected(TooMany());
  auto normalized = NormalizeEmail(email);
  if (!normalized || password.size() > kMaxPasswordBytes) {
    (void)VerifyPassword(password.substr(0, kMaxPasswordBytes), DummyHash());
    return tl::unexpected(WrongCredentials());
  }
  if (!login_by_account_.Allow(*normalized))
    return tl::unexpected(TooMany());
  auto user = store_.FindUserByEmail(*normalized);
  if (!user) {
    if (user.error().code() != ErrorCode::kNotFound)
      return tl::unexpected(user.error());
    // The same work as for a real account, so the answer's timing says nothing.
    (void)VerifyPassword(password, DummyHash());
    return tl::unexpected(WrongCredentials());
  }
  if (!VerifyPassword(password, user->password_hash))
    return tl::unexpected(WrongCredentials());
  if (NeedsRehash(user->password_hash, options_.hashing)) {
    if (auto rehash = HashPassword(password, options_.hashing)) {
      if (store_.SetPasswordHash(user->id, *rehash))
        user->password_hash = *rehash;
    }
  }
  if (!previous_token.empty())
    WD_RETURN_IF_ERROR(store_.DeleteSession(Sha256Hex(previous_token)));
  return StartSession(*user, kind);
}

core::Status AccountService::LogOut(std::string_view token) {
  if (token.empty())
    return core::Ok();
  return store_.DeleteSession(Sha256Hex(token));
}

core::Result<Viewer> AccountService::Authenticate(std::string_view token, store::SessionKind kind) {
  auto unauthenticated = [] {
    return core::MakeError(ErrorCode::kUnauthenticated, "missing or invalid session token");
  };
  if (token.empty() || token.size() > 256)
    return unauthenticated();
  std::string hash = Sha256Hex(token);
  auto session = store_.FindSession(hash);
  if (!session) {
    if (session.error().code() == ErrorCode::kNotFound)
      return unauthenticated();
    return tl::unexpected(session.error());
  }
  if (session->kind != kind)
    return unauthenticated();
  if (clock_.Now() >= session->expires_at) {
    (void)store_.DeleteSession(hash);
    return unauthenticated();
  }
  auto user = store_.GetUser(session->user_id);
  if (!user)
    return unauthenticated();
  return Viewer{std::move(*user), std::move(*session)};
}

bool AccountService::CsrfTokenMatches(const Viewer& viewer, std::string_view token) {
  return !viewer.session.csrf_token.empty() && ConstantTimeEquals(viewer.session.csrf_token, token);
}

core::Status AccountService::ChangePassword(const Viewer& viewer, std::string_view current,
                                            std::string_view replacement) {
  auto user = store_.GetUser(viewer.user.id);
  if (!user)
    return tl::unexpected(user.error());
  if (current.size() > kMaxPasswordBytes || !VerifyPassword(current, user->password_hash))
    return core::MakeError(ErrorCode::kUnauthenticated, "the current password is wrong");
  WD_ASSIGN_OR_RETURN(std::string hash, CheckNewPassword(replacement));
  WD_RETURN_IF_ERROR(store_.SetPasswordHash(viewer.user.id, hash));
  // Whoever else held a session (perhaps the reason for the change) is logged out.
  return store_.DeleteUserSessions(viewer.user.id, viewer.session.token_hash);
}

core::Status AccountService::DeleteAccount(const Viewer& viewer, std::string_view password) {
  auto user = store_.GetUser(viewer.user.id);
  if (!user)
    return tl::unexpected(user.error());
  if (password.size() > kMaxPasswordBytes || !VerifyPassword(password, user->password_hash))
    return core::MakeError(ErrorCode::kUnauthenticated, "the password is wrong");
  return store_.DeleteUser(viewer.user.id);
}

core::Result<UserId> AccountService::AddUser(std::string_view email, std::string_view password,
                                             store::UserRole role) {
  WD_ASSIGN_OR_RETURN(std::string normalized, NormalizeEmail(email));
  WD_ASSIGN_OR_RETURN(std::string hash, CheckNewPassword(password));
  auto existing = store_.FindUserByEmail(normalized);
  if (existing) {
    if (role != store::UserRole::kAdmin)
      return core::MakeError(ErrorCode::kAlreadyExists, "an account with that email exists");
    WD_RETURN_IF_ERROR(store_.SetPasswordHash(existing->id, hash));
    WD_RETURN_IF_ERROR(store_.SetRole(existing->id, role));
    return existing->id;
  }
  if (existing.error().code() != ErrorCode::kNotFound)
    return tl::unexpected(existing.error());
  store::UserRecord user;
  user.email = normalized;
  user.password_hash = std::move(hash);
  user.role = role;
  user.created_at = clock_.Now();
  user.preferences_json = PreferencesToJson(Preferences{});
  return store_.CreateUser(user);
}

Preferences AccountService::GetPreferences(const Viewer& viewer) const {
  auto prefs = ParseStoredPreferences(viewer.user.preferences_json);
  return prefs ? *prefs : Preferences{};
}

core::Status AccountService::SetPreferences(const Viewer& viewer, const Preferences& preferences) {
  return store_.SetPreferences(viewer.user.id, PreferencesToJson(preferences));
}

core::Status AccountService::RecordRead(const Viewer& viewer, core::ArticleId article) {
  if (!GetPreferences(viewer).history)
    return core::Ok();
  return store_.RecordRead(viewer.user.id, article, clock_.Now());
}

core::Result<std::vector<store::ListedArticle>> AccountService::Reads(const Viewer& viewer,
                                                                      int limit) {
  return store_.ListReads(viewer.user.id, limit);
}

core::Status AccountService::ClearReads(const Viewer& viewer) {
  return store_.ClearReads(viewer.user.id);
}

core::Status AccountService::Save(const Viewer& viewer, core::ArticleId article) {
  if (article <= 0)
    return core::MakeError(ErrorCode::kInvalidArgument, "article_id must be a positive id");
  return store_.SaveArticle(viewer.user.id, article, clock_.Now());
}

core::Status AccountService::Unsave(const Viewer& viewer, core::ArticleId article) {
  return store_.UnsaveArticle(viewer.user.id, article);
}

core::Result<std::vector<store::ListedArticle>> AccountService::Saved(const Viewer& viewer,
                                                                      int limit) {
  return store_.ListSaved(viewer.user.id, limit);
}

core::Result<bool> AccountService::IsSaved(const Viewer& viewer, core::ArticleId article) {
  return store_.IsSaved(viewer.user.id, article);
}

core::Result<store::WatchRecord> AccountService::AddWatch(const Viewer& viewer,
                                                          std::string_view kind,
                                                          std::string_view value) {
  WD_ASSIGN_OR_RETURN(WatchEntry entry, CheckWatchEntry(kind, value));
  WD_ASSIGN_OR_RETURN(auto existing, store_.ListWatches(viewer.user.id));
  if (existing.size() >= kMaxWatchEntries) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           fmt::format("a watchlist holds at most {} entries", kMaxWatchEntries));
  }
  store::WatchRecord record{0, viewer.user.id, entry.kind, entry.value, clock_.Now()};
  WD_ASSIGN_OR_RETURN(record.id, store_.AddWatch(record));
  return record;
}

core::Status AccountService::DeleteWatch(const Viewer& viewer, int64_t id) {
  return store_.DeleteWatch(viewer.user.id, id);
}

core::Result<std::vector<store::WatchRecord>> AccountService::Watches(const Viewer& viewer) {
  return store_.ListWatches(viewer.user.id);
}

core::Result<int64_t> AccountService::AddFeedback(const Viewer* viewer,
                                                  std::optional<core::ArticleId> article,
                                                  std::string_view category,
                                                  std::string_view message) {
  const auto& categories = FeedbackCategories();
  if (std::find(categories.begin(), categories.end(), category) == categories.end()) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "category must be general, error, suggestion or complaint");
  }
  std::string_view trimmed = message;
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
    trimmed.remove_prefix(1);
  while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.back())))
    trimmed.remove_suffix(1);
  if (trimmed.empty() || trimmed.size() > kMaxFeedbackBytes) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           fmt::format("the message needs 1 to {} characters", kMaxFeedbackBytes));
  }
  store::FeedbackRecord record;
  if (viewer != nullptr)
    record.user_id = viewer->user.id;
  record.article_id = article;
  record.category = std::string(category);
  record.message = std::string(trimmed);
  record.created_at = clock_.Now();
  return store_.AddFeedback(record);
}

core::Result<std::vector<std::string>> AccountService::MintGiftCards(int days, int count) {
  if (days < 1 || days > kMaxGiftCardDays)
    return core::MakeError(ErrorCode::kInvalidArgument,
                           fmt::format("days must be 1 to {}", kMaxGiftCardDays));
  if (count < 1 || count > kMaxGiftCardsPerMint)
    return core::MakeError(ErrorCode::kInvalidArgument,
                           fmt::format("count must be 1 to {}", kMaxGiftCardsPerMint));
  std::vector<std::string> codes;
  std::vector<std::string> hashes;
  for (int i = 0; i < count; ++i) {
    codes.push_back(GenerateGiftCode());
    hashes.push_back(Sha256Hex(*NormalizeGiftCode(codes.back())));
  }
  WD_RETURN_IF_ERROR(store_.InsertGiftCards(hashes, days, clock_.Now()));
  return codes;
}

core::Result<store::Redemption> AccountService::RedeemGiftCard(const Viewer& viewer,
                                                               std::string_view code,
                                                               const std::string& address) {
  if (!redeem_by_address_.Allow(address) ||
      !redeem_by_account_.Allow(std::to_string(viewer.user.id))) {
    return tl::unexpected(TooMany());
  }
  auto normalized = NormalizeGiftCode(code);
  if (!normalized) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "this is not a valid gift card code; check it for typos");
  }
  auto redeemed = store_.RedeemGiftCard(Sha256Hex(*normalized), viewer.user.id, clock_.Now());
  if (!redeemed && redeemed.error().code() == ErrorCode::kNotFound)
    return core::MakeError(ErrorCode::kNotFound, "no gift card has this code");
  if (!redeemed && redeemed.error().code() == ErrorCode::kFailedPrecondition)
    return core::MakeError(ErrorCode::kFailedPrecondition, "this gift card was already redeemed");
  return redeemed;
}

bool AccountService::HasPremium(const Viewer& viewer) const {
  return viewer.user.premium_until && clock_.Now() < *viewer.user.premium_until;
}

bool AccountService::IsPremiumArticle(const core::Article& article) const {
  const auto& p = options_.premium;
  return std::any_of(p.sections.begin(), p.sections.end(),
                     [&](const core::SectionPath& s) { return article.section.IsWithin(s); }) ||
         std::find(p.articles.begin(), p.articles.end(), article.guid) != p.articles.end();
}

std::string AccountService::CurrentMonth() const {
  auto day = std::chrono::floor<std::chrono::days>(clock_.Now());
  std::chrono::year_month_day ymd(day);
  return fmt::format("{:04}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()));
}

core::Result<AccessDecision> AccountService::DecideAccess(const Viewer* viewer,
                                                          const core::Article& article) {
  AccessDecision decision;
  decision.meter_limit = options_.premium.free_articles_per_month;
  if (!IsPremiumArticle(article))
    return decision;
  if (viewer == nullptr) {
    decision.access = Access::kPaywalled;
    return decision;
  }
  if (HasPremium(*viewer)) {
    decision.access = Access::kEntitled;
    return decision;
  }
  std::string month = CurrentMonth();
  WD_ASSIGN_OR_RETURN(bool allowed, store_.MeterPremiumRead(viewer->user.id, month, article.id,
                                                            decision.meter_limit, clock_.Now()));
  WD_ASSIGN_OR_RETURN(decision.meter_used, store_.MeterCount(viewer->user.id, month));
  decision.access = allowed ? Access::kMetered : Access::kPaywalled;
  return decision;
}

}  // namespace wiredesk::accounts
