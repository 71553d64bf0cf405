#include "formats/testing/json_schema.h"

#include <deque>
#include <string>

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::formats::testing {
namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

bool Valid(std::string_view schema, std::string_view instance, std::string* error = nullptr) {
  static std::deque<json::value> kept;  // Registered schemas must outlive the validator.
  kept.push_back(json::parse(schema));
  JsonSchemaValidator validator;
  validator.Register(kept.back());
  return validator.Validate(kept.back(), json::parse(instance), error);
}

TEST(JsonSchema, ChecksTypesEnumsRangesAndPatterns) {
  constexpr std::string_view kSchema = R"({"type": "object", "required": ["uri"],
    "properties": {"uri": {"type": "string", "pattern": "^urn:"},
                   "urgency": {"type": "integer", "minimum": 1, "maximum": 9},
                   "pubstatus": {"enum": ["usable", "withheld", "canceled"]}},
    "additionalProperties": false})";
  EXPECT_TRUE(Valid(kSchema, R"({"uri": "urn:x", "urgency": 3, "pubstatus": "usable"})"));
  std::string error;
  EXPECT_FALSE(Valid(kSchema, R"({"urgency": 3})", &error));
  EXPECT_THAT(error, HasSubstr("missing required property uri"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "http://x"})", &error));
  EXPECT_THAT(error, HasSubstr("/uri: does not match pattern"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "urn:x", "urgency": 10})", &error));
  EXPECT_THAT(error, HasSubstr("/urgency: above the maximum"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "urn:x", "urgency": 2.5})"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "urn:x", "pubstatus": "cancelled"})"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "urn:x", "extra": 1})", &error));
  EXPECT_THAT(error, HasSubstr("/extra: the schema is false"));
}

TEST(JsonSchema, FollowsRefsAndCountsTheirPropertiesAsEvaluated) {
  // 2020-12: $ref applies beside its siblings, and unevaluatedProperties sees through it.
  constexpr std::string_view kSchema = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$defs": {"item": {"type": "object", "properties": {"uri": {"type": "string"},
                                                       "children": {"type": "array",
                                                                    "items": {"$ref": "#"}}}}},
    "$ref": "#/$defs/item", "required": ["uri"], "unevaluatedProperties": false})";
  EXPECT_TRUE(Valid(kSchema, R"({"uri": "a", "children": [{"uri": "b"}]})"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "a", "children": [{"uri": 3}]})"));
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "a", "children": [{}]})"));
  std::string error;
  EXPECT_FALSE(Valid(kSchema, R"({"uri": "a", "other": true})", &error));
  EXPECT_THAT(error, HasSubstr("unevaluated property other"));
  // Draft 4: a $ref hides its siblings.
  constexpr std::string_view kDraft4 = R"({"$schema": "http://json-schema.org/draft-04/schema#",
    "definitions": {"s": {"type": "string"}},
    "properties": {"a": {"$ref": "#/definitions/s", "type": "integer"}}})";
  EXPECT_TRUE(Valid(kDraft4, R"({"a": "text"})"));
}

TEST(JsonSchema, ReadsDraft3RequiredAndCombinators) {
  constexpr std::string_view kDraft3 = R"({"$schema": "http://json-schema.org/draft-03/schema#",
    "type": "object", "properties": {"uri": {"type": "string", "required": true}}})";
  EXPECT_TRUE(Valid(kDraft3, R"({"uri": "x"})"));
  EXPECT_FALSE(Valid(kDraft3, R"({})"));
  constexpr std::string_view kOneOf = R"({"oneOf": [{"type": "string"}, {"maxLength": 3}]})";
  EXPECT_TRUE(Valid(kOneOf, R"(5)"));            // Only the second holds (not a string).
  EXPECT_TRUE(Valid(kOneOf, R"("long text")"));  // Only the first.
  EXPECT_FALSE(Valid(kOneOf, R"("abc")"));       // Both.
  EXPECT_TRUE(Valid(R"({"anyOf": [{"type": "null"}, {"minItems": 2}]})", R"([1, 2])"));
  EXPECT_FALSE(Valid(R"({"not": {"type": "string"}})", R"("x")"));
}

TEST(JsonSchema, ResolvesRefsToOtherRegisteredSchemas) {
  json::value point = json::parse(R"({"$id": "https://example.com/point.json",
    "type": "array", "items": {"type": "number"}, "minItems": 2})");
  json::value feature = json::parse(R"({"type": "object",
    "properties": {"where": {"$ref": "https://example.com/point.json#"}}})");
  JsonSchemaValidator validator;
  validator.Register(point);
  EXPECT_TRUE(validator.Validate(feature, json::parse(R"({"where": [1.5, 2]})")));
  EXPECT_FALSE(validator.Validate(feature, json::parse(R"({"where": [1.5]})")));
  std::string error;
  EXPECT_FALSE(validator.Validate(json::parse(R"({"$ref": "https://nowhere.example/x.json"})"),
                                  json::parse("1"), &error));
  EXPECT_THAT(error, HasSubstr("unresolvable $ref"));
}

}  // namespace
}  // namespace wiredesk::formats::testing
