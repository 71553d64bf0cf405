// Push tokens: the secret a wire presents to POST /ingest/{source}.
//
// A token is "wdp_" and 43 base64url characters (256 random bits from libsodium). Only its
// SHA-256 is stored; a slow password hash is not needed because the token is random, not
// chosen by a person. Checking compares hashes in constant time.
//
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace wiredesk::ingest {

// A new random token. Shown to the operator once; never stored.
std::string GeneratePushToken();

// Lower-case hex SHA-256 of the token, the form SourceRecord::push_token_hash keeps.
std::string HashPushToken(std::string_view token);

// Whether `token` hashes to `stored_hash`, compared in constant time. False when either is
// empty or the hash is malformed.
bool PushTokenMatches(std::string_view token, std::string_view stored_hash);

}  // namespace wiredesk::ingest
