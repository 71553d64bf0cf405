#include "ingest/push_token.h"

#include <array>
#include <cstdlib>

#include <sodium.h>

namespace wiredesk::ingest {
namespace {

void InitSodium() {
  // sodium_init is idempotent and thread-safe; -1 means no usable randomness source, where
  // issuing a token would be worse than stopping.
  if (sodium_init() < 0)
    std::abort();
}

}  // namespace

std::string GeneratePushToken() {
  InitSodium();
  std::array<unsigned char, 32> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::string encoded(
      sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  encoded.resize(encoded.find('\0'));
  return "wdp_" + encoded;
}

std::string HashPushToken(std::string_view token) {
  InitSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool PushTokenMatches(std::string_view token, std::string_view stored_hash) {
  if (token.empty() || stored_hash.size() != crypto_hash_sha256_BYTES * 2)
    return false;
  const std::string presented = HashPushToken(token);
  return sodium_memcmp(presented.data(), stored_hash.data(), presented.size()) == 0;
}

}  // namespace wiredesk::ingest
