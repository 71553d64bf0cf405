#include "formats/testing/json_schema.h"

#include <cmath>
#include <regex>
#include <set>

#include <boost/json.hpp>

namespace wiredesk::formats::testing {
namespace {

namespace json = boost::json;

enum class Draft { k3, k4, k7, k2020 };

Draft DraftOf(const json::value& root) {
  const json::object* object = root.if_object();
  const json::value* declared = object ? object->if_contains("$schema") : nullptr;
  std::string_view uri;
  if (declared != nullptr && declared->is_string())
    uri = declared->get_string();
  if (uri.find("draft-03") != std::string_view::npos)
    return Draft::k3;
  if (uri.find("draft-04") != std::string_view::npos)
    return Draft::k4;
  if (uri.find("draft-06") != std::string_view::npos ||
      uri.find("draft-07") != std::string_view::npos) {
    return Draft::k7;
  }
  return Draft::k2020;
}

std::string StripFragment(std::string_view uri) {
  std::string out(uri.substr(0, uri.find('#')));
  return out;
}

size_t CodePoints(std::string_view text) {
  size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++count;
  }
  return count;
}

std::optional<double> NumberOf(const json::value& value) {
  if (value.is_int64())
    return static_cast<double>(value.get_int64());
  if (value.is_uint64())
    return static_cast<double>(value.get_uint64());
  if (value.is_double())
    return value.get_double();
  return std::nullopt;
}

bool HasType(const json::value& value, std::string_view type) {
  if (type == "any")
    return true;
  if (type == "null")
    return value.is_null();
  if (type == "boolean")
    return value.is_bool();
  if (type == "object")
    return value.is_object();
  if (type == "array")
    return value.is_array();
  if (type == "string")
    return value.is_string();
  if (type == "number")
    return value.is_number();
  if (type == "integer") {
    if (value.is_int64() || value.is_uint64())
      return true;
    return value.is_double() && std::trunc(value.get_double()) == value.get_double();
  }
  return false;
}

class Run {
 public:
  Run(const std::map<std::string, const json::value*>& schemas, std::string* error)
      : schemas_(schemas), error_(error) {}

  // Validates `instance` (at JSON pointer `where`) against `schema`, a part of `root`. Adds the
  // names of the properties it evaluated to `evaluated` (for unevaluatedProperties).
  bool Check(const json::value& schema, const json::value& root, const json::value& instance,
             const std::string& where, std::set<std::string>* evaluated) {
    if (++depth_ > 512)
      return Fail(where, "schema recursion too deep");
    bool ok = CheckInner(schema, root, instance, where, evaluated);
    --depth_;
    return ok;
  }

 private:
  bool Fail(const std::string& where, const std::string& why) {
    if (error_ != nullptr && !quiet_)
      *error_ = (where.empty() ? "/" : where) + ": " + why;
    return false;
  }

  // Runs `check` without recording its failure (for anyOf, oneOf, not).
  template <typename F>
  bool Quietly(F check) {
    bool was = quiet_;
    quiet_ = true;
    bool ok = check();
    quiet_ = was;
    return ok;
  }

  const json::value* Resolve(std::string_view ref, const json::value& root,
                             const json::value** new_root) {
    const json::value* document = &root;
    std::string_view fragment;
    size_t hash = ref.find('#');
    if (hash != 0) {
      auto it = schemas_.find(StripFragment(ref));
      if (it == schemas_.end())
        return nullptr;
      document = it->second;
    }
    if (hash != std::string_view::npos)
      fragment = ref.substr(hash + 1);
    *new_root = document;
    if (fragment.empty())
      return document;
    std::string pointer(fragment);
    std::error_code code;
    const json::value* found = document->find_pointer(pointer, code);
    return code ? nullptr : found;
  }

  const std::regex& Regex(const std::string& pattern) {
    auto it = regexes_.find(pattern);
    if (it == regexes_.end())
      it = regexes_.emplace(pattern, std::regex(pattern, std::regex::ECMAScript)).first;
    return it->second;
  }

  bool CheckInner(const json::value& schema, const json::value& root, const json::value& instance,
                  const std::string& where, std::set<std::string>* evaluated) {
    if (schema.is_bool())
      return schema.get_bool() ? true : Fail(where, "the schema is false");
    const json::object* s = schema.if_object();
    if (s == nullptr)
      return true;
    const Draft draft = DraftOf(root);
    std::set<std::string> seen;  // Properties evaluated here, for unevaluatedProperties.

    if (const json::value* ref = s->if_contains("$ref"); ref && ref->is_string()) {
      const json::value* target_root = nullptr;
      const json::value* target = Resolve(ref->get_string(), root, &target_root);
      if (target == nullptr)
        return Fail(where, "unresolvable $ref " + std::string(ref->get_string()));
      if (!Check(*target, *target_root, instance, where, &seen))
        return false;
      // Before 2019-09 a $ref replaces its siblings.
      if (draft != Draft::k2020) {
        if (evaluated != nullptr)
          evaluated->insert(seen.begin(), seen.end());
        return true;
      }
    }

    if (const json::value* type = s->if_contains("type")) {
      bool matched = false;
      if (type->is_string()) {
        matched = HasType(instance, type->get_string());
      } else if (const json::array* types = type->if_array()) {
        for (const json::value& t : *types) {
          if (t.is_string() ? HasType(instance, t.get_string())
                            : Quietly([&] { return Check(t, root, instance, where, nullptr); })) {
            matched = true;
            break;
          }
        }
      } else {
        matched = true;
      }
      if (!matched)
        return Fail(where, "expected type " + json::serialize(*type));
    }
    if (const json::value* values = s->if_contains("enum"); values && values->is_array()) {
      bool found = false;
      for (const json::value& v : values->get_array()) found = found || v == instance;
      if (!found)
        return Fail(where, "not one of the enum values");
    }
    if (const json::value* value = s->if_contains("const");
        value && draft != Draft::k3 && draft != Draft::k4) {
      if (*value != instance)
        return Fail(where, "not the const value");
    }

    if (std::optional<double> number = NumberOf(instance)) {
      if (auto min = s->if_contains("minimum"); min && NumberOf(*min) && *number < *NumberOf(*min))
        return Fail(where, "below the minimum");
      if (auto max = s->if_contains("maximum"); max && NumberOf(*max) && *number > *NumberOf(*max))
        return Fail(where, "above the maximum");
    }

    if (const json::string* text = instance.if_string()) {
      size_t length = CodePoints(*text);
      if (auto min = s->if_contains("minLength"); min && NumberOf(*min) && length < *NumberOf(*min))
        return Fail(where, "shorter than minLength");
      if (auto max = s->if_contains("maxLength"); max && NumberOf(*max) && length > *NumberOf(*max))
        return Fail(where, "longer than maxLength");
      if (auto pattern = s->if_contains("pattern"); pattern && pattern->is_string()) {
        std::string subject(text->data(), text->size());
        if (!std::regex_search(subject, Regex(std::string(pattern->get_string()))))
          return Fail(where, "does not match pattern " + std::string(pattern->get_string()));
      }
    }

    if (const json::array* array = instance.if_array()) {
      if (auto min = s->if_contains("minItems");
          min && NumberOf(*min) && array->size() < *NumberOf(*min)) {
        return Fail(where, "fewer than minItems");
      }
      if (auto max = s->if_contains("maxItems");
          max && NumberOf(*max) && array->size() > *NumberOf(*max)) {
        return Fail(where, "more than maxItems");
      }
      size_t first_rest = 0;
      const json::array* tuple = nullptr;
      if (auto prefix = s->if_contains("prefixItems"); prefix && prefix->is_array())
        tuple = &prefix->get_array();
      const json::value* items = s->if_contains("items");
      if (items != nullptr && items->is_array() && draft != Draft::k2020) {
        tuple = &items->get_array();
        items = s->if_contains("additionalItems");
      }
      if (tuple != nullptr) {
        for (size_t i = 0; i < tuple->size() && i < array->size(); ++i) {
          if (!Check((*tuple)[i], root, (*array)[i], where + "/" + std::to_string(i), nullptr))
            return false;
        }
        first_rest = tuple->size();
      }
      if (items != nullptr && !items->is_array()) {
        for (size_t i = first_rest; i < array->size(); ++i) {
          if (!Check(*items, root, (*array)[i], where + "/" + std::to_string(i), nullptr))
            return false;
        }
      }
    }

    if (const json::object* object = instance.if_object()) {
      if (auto required = s->if_contains("required"); required && required->is_array()) {
        for (const json::value& name : required->get_array()) {
          if (name.is_string() && !object->contains(name.get_string()))
            return Fail(where, "missing required property " + std::string(name.get_string()));
        }
      }
      const json::object* properties = nullptr;
      if (auto p = s->if_contains("properties"))
        properties = p->if_object();
      if (properties != nullptr) {
        for (const auto& [name, subschema] : *properties) {
          const json::value* value = object->if_contains(name);
          if (value == nullptr) {
            const json::object* sub = subschema.if_object();
            const json::value* flag = sub ? sub->if_contains("required") : nullptr;
            if (draft == Draft::k3 && flag && flag->is_bool() && flag->get_bool())
              return Fail(where, "missing required property " + std::string(name));
            continue;
          }
          seen.insert(std::string(name));
          if (!Check(subschema, root, *value, where + "/" + std::string(name), nullptr))
            return false;
        }
      }
      std::set<std::string> by_pattern;
      if (auto p = s->if_contains("patternProperties"); p && p->is_object()) {
        for (const auto& [pattern, subschema] : p->get_object()) {
          const std::regex& regex = Regex(std::string(pattern));
          for (const auto& [name, value] : *object) {
            std::string key(name);
            if (!std::regex_search(key, regex))
              continue;
            by_pattern.insert(key);
            seen.insert(key);
            if (!Check(subschema, root, value, where + "/" + key, nullptr))
              return false;
          }
        }
      }
      if (auto additional = s->if_contains("additionalProperties")) {
        for (const auto& [name, value] : *object) {
          std::string key(name);
          if ((properties != nullptr && properties->contains(name)) || by_pattern.count(key))
            continue;
          seen.insert(key);
          if (!Check(*additional, root, value, where + "/" + key, nullptr))
            return false;
        }
      }
    }

    // Applicators: what they evaluate counts for unevaluatedProperties below.
    if (auto all = s->if_contains("allOf"); all && all->is_array()) {
      for (const json::value& sub : all->get_array()) {
        if (!Check(sub, root, instance, where, &seen))
          return false;
      }
    }
    if (auto any = s->if_contains("anyOf"); any && any->is_array()) {
      bool matched = false;
      for (const json::value& sub : any->get_array()) {
        std::set<std::string> sub_seen;
        if (Quietly([&] { return Check(sub, root, instance, where, &sub_seen); })) {
          matched = true;
          seen.insert(sub_seen.begin(), sub_seen.end());
        }
      }
      if (!matched)
        return Fail(where, "matches none of anyOf");
    }
    if (auto one = s->if_contains("oneOf"); one && one->is_array()) {
      int matched = 0;
      for (const json::value& sub : one->get_array()) {
        std::set<std::string> sub_seen;
        if (Quietly([&] { return Check(sub, root, instance, where, &sub_seen); })) {
          ++matched;
          seen.insert(sub_seen.begin(), sub_seen.end());
        }
      }
      if (matched != 1)
        return Fail(where, "matches " + std::to_string(matched) + " of oneOf, not exactly one");
    }
    if (auto negated = s->if_contains("not")) {
      if (Quietly([&] { return Check(*negated, root, instance, where, nullptr); }))
        return Fail(where, "matches the schema under not");
    }

    if (auto unevaluated = s->if_contains("unevaluatedProperties");
        unevaluated && draft == Draft::k2020) {
      if (const json::object* object = instance.if_object()) {
        for (const auto& [name, value] : *object) {
          std::string key(name);
          if (seen.count(key))
            continue;
          if (!Check(*unevaluated, root, value, where + "/" + key, nullptr))
            return Fail(where, "unevaluated property " + key);
          seen.insert(key);
        }
      }
    }
    if (evaluated != nullptr)
      evaluated->insert(seen.begin(), seen.end());
    return true;
  }

  const std::map<std::string, const json::value*>& schemas_;
  std::string* error_;
  std::map<std::string, std::regex> regexes_;
  int depth_ = 0;
  bool quiet_ = false;
};

}  // namespace

void JsonSchemaValidator::Register(const json::value& schema, std::string_view uri) {
  if (const json::object* object = schema.if_object()) {
    for (std::string_view key : {"$id", "id"}) {
      const json::value* id = object->if_contains(key);
      if (id != nullptr && id->is_string()) {
        schemas_[StripFragment(id->get_string())] = &schema;
        break;
      }
    }
  }
  if (!uri.empty())
    schemas_[StripFragment(uri)] = &schema;
}

bool JsonSchemaValidator::Validate(const json::value& schema, const json::value& instance,
                                   std::string* error) const {
  Run run(schemas_, error);
  return run.Check(schema, schema, instance, "", nullptr);
}

}  // namespace wiredesk::formats::testing
