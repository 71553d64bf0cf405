// Small text utilities shared by every part. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::core {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

// Collapses runs of ASCII white space to one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

// Appends the UTF-8 encoding of the code point `cp`; NUL, surrogates and values past U+10FFFF
// become U+FFFD, so the result is always valid UTF-8.
void AppendUtf8(std::string& out, uint32_t cp);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

// `tag` in lower case when it reads as a BCP 47 language tag: a primary subtag of 2-3 letters,
// then optional -subtags of 1-8 letters or digits ("en", "pt-BR", "zh-hant-tw"); nothing
// otherwise.
std::optional<std::string> LanguageTag(std::string_view tag);

}  // namespace wiredesk::core
