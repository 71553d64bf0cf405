#include "formats/feed_json.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.h"
#include "formats/encoding.h"

namespace wiredesk::formats {
namespace {

namespace json = boost::json;

void PutString(json::object& object, std::string_view key, const std::string& value) {
  if (value.empty())
    return;
  // Parsers hand out UTF-8, but JSON must never carry anything else, whatever a caller built.
  if (core::IsValidUtf8(value)) {
    object[key] = value;
  } else {
    object[key] = RepairUtf8(value);
  }
}

void PutTime(json::object& object, std::string_view key,
             const std::optional<core::TimePoint>& value) {
  if (value)
    object[key] = core::FormatRfc3339(*value);
}

json::array PeopleJson(const std::vector<core::Person>& people) {
  json::array array;
  for (const core::Person& person : people) {
    json::object object;
    PutString(object, "name", person.name);
    PutString(object, "email", person.email);
    PutString(object, "uri", person.uri);
    array.push_back(std::move(object));
  }
  return array;
}

void PutArray(json::object& object, std::string_view key, json::array array) {
  if (!array.empty())
    object[key] = std::move(array);
}

json::object FeedInfoJson(const FeedInfo& info) {
  json::object object;
  PutString(object, "title", info.title);
  PutString(object, "link", info.link);
  PutString(object, "description", info.description);
  PutString(object, "language", info.language);
  PutString(object, "rights", info.rights);
  PutString(object, "id", info.id);
  PutTime(object, "updated", info.updated);
  PutString(object, "generator", info.generator);
  if (!info.image_url.empty()) {
    json::object image;
    PutString(image, "url", info.image_url);
    object["image"] = std::move(image);
  }
  PutArray(object, "authors", PeopleJson(info.authors));
  return object;
}

json::object ItemJson(const core::Item& item) {
  json::object object;
  PutString(object, "guid", item.guid);
  if (item.version)
    object["version"] = *item.version;
  object["status"] = core::ItemStatusName(item.status);
  PutString(object, "headline", item.headline);
  PutString(object, "byline", item.byline);
  PutString(object, "dateline", item.dateline);
  PutString(object, "summary", item.summary);
  PutString(object, "body_html", item.body_html);
  PutString(object, "body_text_sha256", item.body_text_sha256);
  PutString(object, "language", item.language);
  PutTime(object, "published", item.published);
  PutTime(object, "updated", item.updated);
  PutTime(object, "embargo", item.embargo);
  PutString(object, "link", item.link);
  PutString(object, "rights", item.rights);
  if (item.urgency)
    object["urgency"] = *item.urgency;
  PutArray(object, "authors", PeopleJson(item.authors));
  json::array subjects;
  for (const core::Subject& subject : item.subjects) {
    json::object entry;
    PutString(entry, "name", subject.name);
    PutString(entry, "code", subject.code);
    PutString(entry, "scheme", subject.scheme);
    subjects.push_back(std::move(entry));
  }
  PutArray(object, "subjects", std::move(subjects));
  json::array enclosures;
  for (const core::Enclosure& enclosure : item.enclosures) {
    json::object entry;
    PutString(entry, "url", enclosure.url);
    PutString(entry, "type", enclosure.type);
    if (enclosure.length)
      entry["length"] = *enclosure.length;
    enclosures.push_back(std::move(entry));
  }
  PutArray(object, "enclosures", std::move(enclosures));
  return object;
}

}  // namespace

std::string ParsedFeedToJson(const ParsedFeed& feed) {
  json::object root;
  root["format"] = feed.format;
  root["encoding"] = feed.encoding;
  root["feed"] = FeedInfoJson(feed.feed);
  json::array items;
  for (const core::Item& item : feed.items) items.push_back(ItemJson(item));
  root["items"] = std::move(items);
  json::array warnings;
  for (const std::string& warning : feed.warnings) {
    warnings.push_back(json::string(core::IsValidUtf8(warning) ? warning : RepairUtf8(warning)));
  }
  root["warnings"] = std::move(warnings);
  return json::serialize(root);
}

}  // namespace wiredesk::formats
