// JSON plumbing shared by the JSON-based formats (JSON Feed, ninjs; private to formats/):
// safe parsing with Boost.JSON and tolerant field access.
//
// Parsing never throws: Boost.JSON's error codes and exceptions (bad_alloc included) become
// an Error. Nesting is bounded by Boost.JSON's max_depth, so hostile depth cannot exhaust the
// stack. Accessors return "" / nullptr for a missing key or a value of the wrong type, since
// feeds in the wild get types wrong and one bad field must not lose the item. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/result.h"

namespace wiredesk::formats::internal {

// True when `bytes` (after a UTF-8 byte-order mark and white space) opens a JSON object.
bool LooksLikeJsonObject(std::string_view bytes);

// Parses `bytes` as one JSON value; invalid UTF-8 is repaired (U+FFFD) first, and a UTF-8
// byte-order mark is dropped. Fails with kResourceExhausted over `max_bytes`, else with
// kInvalidArgument and Boost.JSON's reason.
core::Result<boost::json::value> ParseJson(std::string_view bytes, size_t max_bytes);

// The string at `key`, trimmed; numbers are written as decimal text (ids, versions). "" when
// absent or of another type.
std::string JsonString(const boost::json::object& object, std::string_view key);

// The string at `key` exactly as written (HTML bodies keep their white space); "" otherwise.
std::string JsonRawString(const boost::json::object& object, std::string_view key);

// The string or number at `key` as text, like JsonString; for any other value, "".
std::string JsonText(const boost::json::value& value);

// The integer at `key`: a JSON integer, or a string holding one. Nullopt otherwise.
std::optional<int64_t> JsonInteger(const boost::json::object& object, std::string_view key);

// The object / array at `key`, or nullptr when absent or of another type.
const boost::json::object* JsonObject(const boost::json::object& object, std::string_view key);
const boost::json::array* JsonArray(const boost::json::object& object, std::string_view key);

}  // namespace wiredesk::formats::internal
