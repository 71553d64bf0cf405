#include "accounts/crypto.h"

#include <mutex>
#include <vector>

#include <sodium.h>

namespace wiredesk::accounts {
namespace {

void InitSodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    // sodium_init() fails only when the system's random source is unusable; continuing would
    // hand out predictable tokens, so stop.
    if (sodium_init() < 0)
      std::abort();
  });
}

}  // namespace

std::string RandomToken(size_t bytes) {
  InitSodium();
  std::vector<unsigned char> raw(bytes);
  randombytes_buf(raw.data(), raw.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), raw.data(), raw.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  sodium_memzero(raw.data(), raw.size());
  return out;
}

std::string Sha256Hex(std::string_view data) {
  InitSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  if (a.empty())
    return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

PasswordHashing TestPasswordHashing() {
  return PasswordHashing{crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

core::Result<std::string> HashPassword(std::string_view password, const PasswordHashing& params) {
  InitSodium();
  char out[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, password.data(), password.size(), params.ops_limit,
                                 params.mem_limit) != 0) {
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           "not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view password, const std::string& hash) {
  InitSodium();
  if (hash.size() >= crypto_pwhash_argon2id_STRBYTES)
    return false;
  return crypto_pwhash_argon2id_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool NeedsRehash(const std::string& hash, const PasswordHashing& params) {
  InitSodium();
  return crypto_pwhash_argon2id_str_needs_rehash(hash.c_str(), params.ops_limit,
                                                 params.mem_limit) != 0;
}

}  // namespace wiredesk::accounts
