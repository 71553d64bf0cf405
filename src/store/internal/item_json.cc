#include "store/internal/item_json.h"

#include <cstdint>

#include <boost/json.hpp>

#include "core/time.h"

namespace wiredesk::store::internal {
namespace json = boost::json;
namespace {

core::Error BadJson(std::string_view what) {
  return core::Error(core::ErrorCode::kDataLoss, "stored JSON: " + std::string(what));
}

json::array PersonsArray(const std::vector<core::Person>& persons) {
  json::array out;
  for (const auto& p : persons) {
    json::object o;
    o["name"] = p.name;
    if (!p.email.empty())
      o["email"] = p.email;
    if (!p.uri.empty())
      o["uri"] = p.uri;
    out.push_back(std::move(o));
  }
  return out;
}

json::array SubjectsArray(const std::vector<core::Subject>& subjects) {
  json::array out;
  for (const auto& s : subjects) {
    json::object o;
    o["name"] = s.name;
    if (!s.code.empty())
      o["code"] = s.code;
    if (!s.scheme.empty())
      o["scheme"] = s.scheme;
    out.push_back(std::move(o));
  }
  return out;
}

// Rows were written by this code, but a file can be edited by hand or damaged; reading must
// yield an error, never throw, so every access below checks the type it gets.
core::Result<json::value> Parse(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options options;
  options.allow_invalid_utf8 = true;  // Keep whatever bytes were stored rather than fail.
  json::value value = json::parse(json::string_view(text.data(), text.size()), ec, {}, options);
  if (ec)
    return tl::unexpected(BadJson(ec.message()));
  return value;
}

core::Status ReadString(const json::object& o, std::string_view key, std::string& out) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr)
    return core::Ok();
  const json::string* s = v->if_string();
  if (s == nullptr)
    return tl::unexpected(BadJson(std::string(key) + " is not a string"));
  out.assign(s->data(), s->size());
  return core::Ok();
}

core::Status ReadInt(const json::object& o, std::string_view key, std::optional<int64_t>& out) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr || v->is_null())
    return core::Ok();
  if (const int64_t* i = v->if_int64()) {
    out = *i;
  } else if (const uint64_t* u = v->if_uint64(); u != nullptr && *u <= INT64_MAX) {
    out = static_cast<int64_t>(*u);
  } else {
    return tl::unexpected(BadJson(std::string(key) + " is not an integer"));
  }
  return core::Ok();
}

core::Status ReadTime(const json::object& o, std::string_view key,
                      std::optional<core::TimePoint>& out) {
  std::string text;
  WD_RETURN_IF_ERROR(ReadString(o, key, text));
  if (text.empty())
    return core::Ok();
  out = core::ParseRfc3339(text);
  if (!out)
    return tl::unexpected(BadJson(std::string(key) + " is not an RFC 3339 time"));
  return core::Ok();
}

core::Result<const json::array*> ReadArray(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr)
    return &kEmpty;
  const json::array* a = v->if_array();
  if (a == nullptr)
    return tl::unexpected(BadJson(std::string(key) + " is not an array"));
  return a;
}

core::Result<std::vector<core::Person>> PersonsFromArray(const json::array& array) {
  std::vector<core::Person> out;
  for (const json::value& v : array) {
    const json::object* o = v.if_object();
    if (o == nullptr)
      return tl::unexpected(BadJson("a person is not an object"));
    core::Person p;
    WD_RETURN_IF_ERROR(ReadString(*o, "name", p.name));
    WD_RETURN_IF_ERROR(ReadString(*o, "email", p.email));
    WD_RETURN_IF_ERROR(ReadString(*o, "uri", p.uri));
    out.push_back(std::move(p));
  }
  return out;
}

core::Result<std::vector<core::Subject>> SubjectsFromArray(const json::array& array) {
  std::vector<core::Subject> out;
  for (const json::value& v : array) {
    const json::object* o = v.if_object();
    if (o == nullptr)
      return tl::unexpected(BadJson("a subject is not an object"));
    core::Subject s;
    WD_RETURN_IF_ERROR(ReadString(*o, "name", s.name));
    WD_RETURN_IF_ERROR(ReadString(*o, "code", s.code));
    WD_RETURN_IF_ERROR(ReadString(*o, "scheme", s.scheme));
    out.push_back(std::move(s));
  }
  return out;
}

core::Result<const json::array*> ParseArray(const json::value& value) {
  const json::array* a = value.if_array();
  if (a == nullptr)
    return tl::unexpected(BadJson("expected an array"));
  return a;
}

std::optional<core::ItemStatus> ParseStatus(std::string_view name) {
  for (auto s :
       {core::ItemStatus::kUsable, core::ItemStatus::kWithheld, core::ItemStatus::kCanceled}) {
    if (core::ItemStatusName(s) == name)
      return s;
  }
  return std::nullopt;
}

}  // namespace

std::string ItemToJson(const core::Item& item) {
  json::object o;
  o["guid"] = item.guid;
  if (item.version)
    o["version"] = *item.version;
  o["status"] = std::string(core::ItemStatusName(item.status));
  if (!item.signals.empty()) {
    json::array signals;
    for (const auto& s : item.signals) signals.push_back(json::string(s));
    o["signals"] = std::move(signals);
  }
  auto put = [&o](std::string_view key, const std::string& value) {
    if (!value.empty())
      o[json::string_view(key.data(), key.size())] = value;
  };
  put("ednote", item.ednote);
  put("headline", item.headline);
  put("byline", item.byline);
  put("dateline", item.dateline);
  put("summary", item.summary);
  put("body_html", item.body_html);
  put("body_text_sha256", item.body_text_sha256);
  put("language", item.language);
  put("link", item.link);
  put("rights", item.rights);
  if (item.urgency)
    o["urgency"] = *item.urgency;
  if (item.published)
    o["published"] = core::FormatRfc3339(*item.published);
  if (item.updated)
    o["updated"] = core::FormatRfc3339(*item.updated);
  if (item.embargo)
    o["embargo"] = core::FormatRfc3339(*item.embargo);
  if (!item.authors.empty())
    o["authors"] = PersonsArray(item.authors);
  if (!item.subjects.empty())
    o["subjects"] = SubjectsArray(item.subjects);
  if (!item.enclosures.empty()) {
    json::array enclosures;
    for (const auto& e : item.enclosures) {
      json::object eo;
      eo["url"] = e.url;
      if (!e.type.empty())
        eo["type"] = e.type;
      if (e.length)
        eo["length"] = *e.length;
      enclosures.push_back(std::move(eo));
    }
    o["enclosures"] = std::move(enclosures);
  }
  return json::serialize(o);
}

core::Result<core::Item> ItemFromJson(std::string_view text) {
  WD_ASSIGN_OR_RETURN(json::value value, Parse(text));
  const json::object* o = value.if_object();
  if (o == nullptr)
    return tl::unexpected(BadJson("an item is not an object"));
  core::Item item;
  WD_RETURN_IF_ERROR(ReadString(*o, "guid", item.guid));
  WD_RETURN_IF_ERROR(ReadInt(*o, "version", item.version));
  std::string status = "usable";
  WD_RETURN_IF_ERROR(ReadString(*o, "status", status));
  auto parsed_status = ParseStatus(status);
  if (!parsed_status)
    return tl::unexpected(BadJson("unknown item status '" + status + "'"));
  item.status = *parsed_status;
  WD_ASSIGN_OR_RETURN(const json::array* signals, ReadArray(*o, "signals"));
  for (const json::value& v : *signals) {
    const json::string* s = v.if_string();
    if (s == nullptr)
      return tl::unexpected(BadJson("a signal is not a string"));
    item.signals.emplace_back(s->data(), s->size());
  }
  WD_RETURN_IF_ERROR(ReadString(*o, "ednote", item.ednote));
  WD_RETURN_IF_ERROR(ReadString(*o, "headline", item.headline));
  WD_RETURN_IF_ERROR(ReadString(*o, "byline", item.byline));
  WD_RETURN_IF_ERROR(ReadString(*o, "dateline", item.dateline));
  WD_RETURN_IF_ERROR(ReadString(*o, "summary", item.summary));
  WD_RETURN_IF_ERROR(ReadString(*o, "body_html", item.body_html));
  WD_RETURN_IF_ERROR(ReadString(*o, "body_text_sha256", item.body_text_sha256));
  WD_RETURN_IF_ERROR(ReadString(*o, "language", item.language));
  WD_RETURN_IF_ERROR(ReadString(*o, "link", item.link));
  WD_RETURN_IF_ERROR(ReadString(*o, "rights", item.rights));
  std::optional<int64_t> urgency;
  WD_RETURN_IF_ERROR(ReadInt(*o, "urgency", urgency));
  if (urgency)
    item.urgency = static_cast<int>(*urgency);
  WD_RETURN_IF_ERROR(ReadTime(*o, "published", item.published));
  WD_RETURN_IF_ERROR(ReadTime(*o, "updated", item.updated));
  WD_RETURN_IF_ERROR(ReadTime(*o, "embargo", item.embargo));
  WD_ASSIGN_OR_RETURN(const json::array* authors, ReadArray(*o, "authors"));
  WD_ASSIGN_OR_RETURN(item.authors, PersonsFromArray(*authors));
  WD_ASSIGN_OR_RETURN(const json::array* subjects, ReadArray(*o, "subjects"));
  WD_ASSIGN_OR_RETURN(item.subjects, SubjectsFromArray(*subjects));
  WD_ASSIGN_OR_RETURN(const json::array* enclosures, ReadArray(*o, "enclosures"));
  for (const json::value& v : *enclosures) {
    const json::object* eo = v.if_object();
    if (eo == nullptr)
      return tl::unexpected(BadJson("an enclosure is not an object"));
    core::Enclosure e;
    WD_RETURN_IF_ERROR(ReadString(*eo, "url", e.url));
    WD_RETURN_IF_ERROR(ReadString(*eo, "type", e.type));
    WD_RETURN_IF_ERROR(ReadInt(*eo, "length", e.length));
    item.enclosures.push_back(std::move(e));
  }
  return item;
}

std::string PersonsToJson(const std::vector<core::Person>& persons) {
  return json::serialize(PersonsArray(persons));
}

core::Result<std::vector<core::Person>> PersonsFromJson(std::string_view text) {
  WD_ASSIGN_OR_RETURN(json::value value, Parse(text));
  WD_ASSIGN_OR_RETURN(const json::array* array, ParseArray(value));
  return PersonsFromArray(*array);
}

std::string SubjectsToJson(const std::vector<core::Subject>& subjects) {
  return json::serialize(SubjectsArray(subjects));
}

core::Result<std::vector<core::Subject>> SubjectsFromJson(std::string_view text) {
  WD_ASSIGN_OR_RETURN(json::value value, Parse(text));
  WD_ASSIGN_OR_RETURN(const json::array* array, ParseArray(value));
  return SubjectsFromArray(*array);
}

}  // namespace wiredesk::store::internal
