// A JSON Schema validator for the tests that run the ninjs validation plan (IPTC's
// test-plan.json): the keywords the ninjs and GeoJSON schemas use, with the differences
// between drafts 3, 4, 7 and 2020-12 that matter to them. For formats/ tests only; not used by
// the program.
//
// Supported: type (names or, in draft 3, a list), enum, const, properties, patternProperties,
// additionalProperties, unevaluatedProperties (2020-12, with the properties evaluated by $ref,
// allOf, anyOf and oneOf), required (a list, or draft 3's per-property `true`), items (one
// schema or a tuple), prefixItems, minItems, maxItems, minimum, maximum, minLength, maxLength,
// pattern (ECMAScript), allOf, anyOf, oneOf, not, and $ref to "#", "#/<path>" and to other
// registered schemas by their $id / id. A $ref beside other keywords hides them before 2019
// drafts, as those drafts say. `format` is an annotation, as in the reference validators
// without a format checker.
//
// Thread-compatible: one validator per thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

namespace wiredesk::formats::testing {

class JsonSchemaValidator {
 public:
  // Makes `schema` known by its $id (or draft 4's id), without a trailing '#', and by `uri`
  // when that is not empty, for $ref from other schemas. The value must outlive the validator.
  void Register(const boost::json::value& schema, std::string_view uri = "");

  // True when `instance` is valid against `schema`. On false, `error` (when not null) says
  // where and why, e.g. "/headline: expected string".
  bool Validate(const boost::json::value& schema, const boost::json::value& instance,
                std::string* error = nullptr) const;

 private:
  std::map<std::string, const boost::json::value*> schemas_;
};

}  // namespace wiredesk::formats::testing
