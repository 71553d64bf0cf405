// Gift card codes: 15 random characters of Crockford's base32 alphabet (75 bits from
// libsodium's generator, far beyond guessing under the redemption rate limits) and one check
// character (Luhn mod 32), written in four groups: "7K2Q-9XRD-M4TN-H8WZ". The check character
// catches every single mistyped character and most swaps of neighbours before the database is
// asked. Only the SHA-256 of the normalised code is stored.
//
// Thread safety: pure functions (GenerateGiftCode uses libsodium's thread-safe generator).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::accounts {

inline constexpr size_t kGiftCodeRandomChars = 15;

// A new code, grouped with hyphens.
std::string GenerateGiftCode();

// The Luhn mod 32 check character of `payload` (characters of the alphabet).
char GiftCodeCheckChar(std::string_view payload);

// The canonical 16 characters of what a reader typed: hyphens and spaces dropped, upper case,
// O read as 0 and I or L as 1 (Crockford). nullopt when it is not 16 alphabet characters or
// the check character does not match.
std::optional<std::string> NormalizeGiftCode(std::string_view typed);

}  // namespace wiredesk::accounts
