#include "formats/internal/json.h"

#include <cmath>
#include <exception>
#include <system_error>

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.h"
#include "formats/encoding.h"
#include "formats/internal/fields.h"

namespace wiredesk::formats::internal {

namespace json = boost::json;

namespace {

std::string_view StripBom(std::string_view bytes) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF")
    bytes.remove_prefix(3);
  return bytes;
}

}  // namespace

bool LooksLikeJsonObject(std::string_view bytes) {
  bytes = StripBom(bytes);
  size_t start = bytes.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && bytes[start] == '{';
}

core::Result<json::value> ParseJson(std::string_view bytes, size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           "document is " + std::to_string(bytes.size()) +
                               " bytes, over the limit of " + std::to_string(max_bytes));
  }
  try {
    std::string text = RepairUtf8(StripBom(bytes));
    std::error_code error;
    json::parse_options options;
    options.max_depth = 64;
    json::value value = json::parse(text, error, {}, options);
    if (error) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "not valid JSON: " + error.message());
    }
    return value;
  } catch (const std::exception& e) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           std::string("not valid JSON: ") + e.what());
  }
}

std::string JsonText(const json::value& value) {
  if (const json::string* text = value.if_string())
    return core::CollapseWhitespace(std::string_view(text->data(), text->size()));
  if (const int64_t* number = value.if_int64())
    return std::to_string(*number);
  if (const uint64_t* number = value.if_uint64())
    return std::to_string(*number);
  if (const double* number = value.if_double()) {
    // Integral doubles ("id": 1e3) read as integers; others keep JSON's shortest form.
    if (*number > -9e18 && *number < 9e18 && std::trunc(*number) == *number)
      return std::to_string(static_cast<int64_t>(*number));
    return json::serialize(value);
  }
  return "";
}

std::string JsonString(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr ? "" : JsonText(*value);
}

std::string JsonRawString(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  const json::string* text = value == nullptr ? nullptr : value->if_string();
  return text == nullptr ? "" : std::string(text->data(), text->size());
}

std::optional<int64_t> JsonInteger(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr)
    return std::nullopt;
  if (const int64_t* number = value->if_int64())
    return *number;
  if (const json::string* text = value->if_string())
    return ParseInteger(std::string_view(text->data(), text->size()));
  return std::nullopt;
}

const json::object* JsonObject(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr ? nullptr : value->if_object();
}

const json::array* JsonArray(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value == nullptr ? nullptr : value->if_array();
}

}  // namespace wiredesk::formats::internal
