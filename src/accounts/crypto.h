// The secrets of accounts, all from libsodium: random tokens, SHA-256 for looking tokens up
// without storing them, constant-time comparison, and argon2id password hashes.
//
// Password hashing parameters (PasswordHashing): argon2id (crypto_pwhash_argon2id_str, the
// PHC string "$argon2id$v=19$m=...,t=...,p=1$salt$hash" with a random 16-byte salt), by default
// libsodium's INTERACTIVE limits: 2 passes over 64 MiB, about 0.1 s on a server core, the
// figure libsodium recommends for online logins. Parameters travel inside each hash, so they
// can be raised later: a login with a hash made with other parameters rehashes it.
//
// Thread safety: every function may be called from any thread; libsodium is initialised once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace wiredesk::accounts {

// A random token of `bytes` random bytes, base64url without padding (43 chars for 32 bytes).
std::string RandomToken(size_t bytes = 32);

// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

// Equality in time independent of where the inputs differ (sodium_memcmp); unequal lengths
// compare unequal at once, which reveals only the length.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

struct PasswordHashing {
  // argon2id passes. Default crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE (2).
  uint64_t ops_limit = 2;
  // argon2id memory in bytes. Default crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE (64 MiB).
  size_t mem_limit = 64u * 1024 * 1024;
};

// The cheapest parameters libsodium allows, for tests only.
PasswordHashing TestPasswordHashing();

// An argon2id PHC string for `password`; kResourceExhausted when memory runs out.
core::Result<std::string> HashPassword(std::string_view password, const PasswordHashing& params);

// Whether `password` matches `hash`. Runs the full argon2id computation even for a malformed
// hash of the right shape, so timing does not tell accounts apart.
bool VerifyPassword(std::string_view password, const std::string& hash);

// Whether `hash` was made with parameters other than `params` (and should be replaced).
bool NeedsRehash(const std::string& hash, const PasswordHashing& params);

}  // namespace wiredesk::accounts
