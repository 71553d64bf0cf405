// Unsubscribe links in alert e-mails: a token that lets whoever holds the e-mail turn that
// reader's alert e-mails off (RFC 8058 one-click, or the link in the footer) without signing in,
// and can do nothing else.
//
// A token is "<reader id>.<base64url HMAC-SHA256(key, "unsubscribe:<reader id>")>", the key
// being the site's "unsubscribe" key kept in the store (AccountStore::SiteKey), so every web
// node and the alert sender agree on it, and a token stays valid as long as the key does. It
// carries no expiry on purpose: an alert read a month later must still unsubscribe.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/account_store.h"

namespace wiredesk::accounts {

// The name of the site key the tokens are signed with.
inline constexpr std::string_view kUnsubscribeKeyName = "unsubscribe";

std::string MakeUnsubscribeToken(std::string_view key, store::UserId reader);

// The reader a token names, when its signature is right; nullopt for anything else.
std::optional<store::UserId> ReaderOfUnsubscribeToken(std::string_view key, std::string_view token);

}  // namespace wiredesk::accounts
