// Small text utilities shared by every part. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace wiredesk::core {

// Lower-case hex SHA-256 of the bytes.
std::string Sha256Hex(std::string_view bytes);

// Collapses runs of ASCII white space to one space and trims both ends.
std::string CollapseWhitespace(std::string_view text);

// True when `text` is valid UTF-8.
bool IsValidUtf8(std::string_view text);

}  // namespace wiredesk::core
