#include "accounts/unsubscribe.h"

#include <charconv>

#include <sodium.h>

#include "accounts/crypto.h"

namespace wiredesk::accounts {
namespace {

std::string Signature(std::string_view key, store::UserId reader) {
  std::string message = "unsubscribe:" + std::to_string(reader);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac);
  std::string out(sodium_base64_ENCODED_LEN(sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), mac, sizeof mac,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

}  // namespace

std::string MakeUnsubscribeToken(std::string_view key, store::UserId reader) {
  return std::to_string(reader) + "." + Signature(key, reader);
}

std::optional<store::UserId> ReaderOfUnsubscribeToken(std::string_view key,
                                                      std::string_view token) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos || dot == 0 || token.size() > 200)
    return std::nullopt;
  store::UserId reader = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + dot, reader);
  if (ec != std::errc() || end != token.data() + dot || reader <= 0)
    return std::nullopt;
  if (!ConstantTimeEquals(token.substr(dot + 1), Signature(key, reader)))
    return std::nullopt;
  return reader;
}

}  // namespace wiredesk::accounts
