#include "web/account_support.h"

#include <algorithm>

#include <fmt/format.h>

#include "web/site.h"

namespace wiredesk::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string DecodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

}  // namespace

std::string CookieValue(const Request& request, std::string_view name) {
  std::string header = request.Header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
  }
  return "";
}

std::string BearerToken(const Request& request) {
  std::string header = request.Header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size())
    return "";
  for (size_t i = 0; i < kScheme.size(); ++i) {
    char c = header[i];
    if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i])
      return "";
  }
  return std::string(Trim(std::string_view(header).substr(kScheme.size())));
}

std::string SessionCookie(std::string_view token, bool secure, std::chrono::seconds max_age) {
  return fmt::format("{}={}; Path=/; Max-Age={}; HttpOnly; SameSite=Lax{}", kSessionCookie, token,
                     token.empty() ? 0 : max_age.count(), secure ? "; Secure" : "");
}

std::string CsrfCookie(std::string_view token, bool secure) {
  return fmt::format("{}={}; Path=/account; Max-Age=7200; HttpOnly; SameSite=Strict{}", kCsrfCookie,
                     token, secure ? "; Secure" : "");
}

std::multimap<std::string, std::string> ParseForm(std::string_view body) {
  std::multimap<std::string, std::string> form;
  while (!body.empty()) {
    size_t end = body.find('&');
    std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.empty())
      continue;
    size_t eq = pair.find('=');
    std::string name = DecodeComponent(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : DecodeComponent(pair.substr(eq + 1));
    form.emplace(std::move(name), std::move(value));
  }
  return form;
}

std::string FormValue(const std::multimap<std::string, std::string>& form, std::string_view name) {
  auto it = form.find(std::string(name));
  return it == form.end() ? std::string() : it->second;
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
