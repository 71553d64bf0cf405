#include "web/account_support.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/site.h"

namespace wiredesk::web {

std::string SessionCookie(std::string_view token, bool secure, std::chrono::seconds max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookie, token,
                     token.empty() ? 0 : max_age.count(), secure ? "; Secure" : "");
}

std::string CsrfCookie(std::string_view token, bool secure) {
  return fmt::format("{}={}; Path=/account; Max-Age=7200; HttpOnly; SameSite=Strict{}", kCsrfCookie,
                     token, secure ? "; Secure" : "");
}

core::Result<store::PushSubscriptionRecord> SubscribeBrowser(
    const SiteContext& context, store::UserId reader,
    const alerts::PushSubscription& subscription) {
  if (context.accounts == nullptr || context.vapid_public_key.empty())
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "browser notifications are not available on this server");
  WD_RETURN_IF_ERROR(
      alerts::CheckPushSubscription(subscription, context.config.network.allow_private_addresses));
  store::AccountStore& store = context.accounts->store();
  WD_ASSIGN_OR_RETURN(std::vector<store::PushSubscriptionRecord> existing,
                      store.ListPushSubscriptions(reader));
  bool known = std::any_of(existing.begin(), existing.end(),
                           [&](const auto& s) { return s.endpoint == subscription.endpoint; });
  if (!known && existing.size() >= kMaxPushSubscriptions)
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           fmt::format("at most {} browsers may be subscribed; remove one first",
                                       kMaxPushSubscriptions));
  store::PushSubscriptionRecord record{0,
                                       reader,
                                       subscription.endpoint,
                                       subscription.p256dh,
                                       subscription.auth,
                                       context.clock.Now()};
  WD_ASSIGN_OR_RETURN(record.id, store.AddPushSubscription(record));
  return record;
}

}  // namespace wiredesk::web
