// JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1, /version/1.1).
//
// The feed's "version" URL decides the format name ("jsonfeed1.0" / "jsonfeed1.1"); a feed
// without one is read as 1.1 with a warning, since both versions share their fields but for
// 1.1's "authors" array (read first) and 1.0's "author" object (the fallback in either). Item
// ids must be strings per the spec, yet the spec tells readers to coerce numbers, so they are.
// content_html is the body; content_text is escaped into <p> paragraphs, whose text hash is
// that of the paragraph HTML built from it, as for NewsML-G2 plain text. An item without
// authors has the feed's, as the spec says.
#include <string>
#include <string_view>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "formats/internal/json.h"

namespace wiredesk::formats {
namespace {

namespace json = boost::json;
using internal::JsonArray;
using internal::JsonObject;
using internal::JsonRawString;
using internal::JsonString;

constexpr std::string_view kVersionPrefix = "jsonfeed.org/version/";

// The JSON Feed version a "version" URL names ("1", "1.1"), or "" when it names none.
std::string VersionOf(std::string_view url) {
  size_t at = url.find(kVersionPrefix);
  if (at == std::string_view::npos)
    return "";
  std::string version(url.substr(at + kVersionPrefix.size()));
  while (!version.empty() && (version.back() == '/' || version.back() == ' ')) version.pop_back();
  return version;
}

core::Person PersonOf(const json::object& author) {
  core::Person person;
  person.name = internal::PlainText(JsonString(author, "name"));
  person.uri = internal::WebUrl("", JsonString(author, "url"));
  return person;
}

// 1.1's "authors" array, else 1.0's "author" object; people with neither name nor URL dropped.
std::vector<core::Person> AuthorsOf(const json::object& object) {
  std::vector<core::Person> people;
  auto add = [&people](const json::value& value) {
    if (const json::object* author = value.if_object()) {
      core::Person person = PersonOf(*author);
      if (!person.name.empty() || !person.uri.empty())
        people.push_back(std::move(person));
    }
  };
  if (const json::array* authors = JsonArray(object, "authors")) {
    for (const json::value& value : *authors) add(value);
  }
  if (people.empty()) {
    if (const json::value* author = object.if_contains("author"))
      add(*author);
  }
  return people;
}

// Reads one item. Returns false (with a warning) when it must be skipped.
bool ReadItem(const json::value& value, size_t number, const FeedInfo& info,
              const std::string& base_url, core::Item& item, std::vector<std::string>& warnings) {
  const std::string where = "item " + std::to_string(number);
  const json::object* object = value.if_object();
  if (object == nullptr) {
    warnings.push_back(where + ": not a JSON object; skipped");
    return false;
  }
  item.guid = JsonString(*object, "id");
  if (item.guid.empty()) {
    warnings.push_back(where + ": no id; skipped");
    return false;
  }
  item.link = internal::WebUrl(base_url, JsonString(*object, "url"));
  if (item.link.empty())
    item.link = internal::WebUrl(base_url, JsonString(*object, "external_url"));
  item.headline = internal::PlainText(JsonString(*object, "title"));

  std::string html = JsonRawString(*object, "content_html");
  if (internal::IsBlank(html)) {
    std::string text = JsonRawString(*object, "content_text");
    html = internal::IsBlank(text) ? "" : internal::TextToParagraphs(text);
  }
  internal::SetBody(item, html, base_url);
  // "summary" is plain text in JSON Feed.
  std::string summary = JsonRawString(*object, "summary");
  if (!internal::IsBlank(summary)) {
    item.summary = internal::SanitizedHtml(internal::TextToParagraphs(summary), base_url);
  }

  internal::ReadDate(JsonString(*object, "date_published"), where + " date_published",
                     item.published, warnings);
  internal::ReadDate(JsonString(*object, "date_modified"), where + " date_modified", item.updated,
                     warnings);
  item.authors = AuthorsOf(*object);
  if (item.authors.empty())
    item.authors = info.authors;
  item.byline = internal::JoinNames(item.authors);
  item.language = JsonString(*object, "language");
  if (item.language.empty())
    item.language = info.language;

  if (const json::array* tags = JsonArray(*object, "tags")) {
    for (const json::value& tag : *tags) {
      std::string name = internal::PlainText(internal::JsonText(tag));
      if (!name.empty())
        item.subjects.push_back({.name = name, .code = "", .scheme = ""});
    }
  }
  if (const json::array* attachments = JsonArray(*object, "attachments")) {
    for (const json::value& attachment : *attachments) {
      if (const json::object* file = attachment.if_object()) {
        internal::AddEnclosure(item, base_url, JsonString(*file, "url"),
                               JsonString(*file, "mime_type"), JsonString(*file, "size_in_bytes"));
      }
    }
  }
  // The item's main image is a file of the story like an attachment; its type is unknown.
  internal::AddEnclosure(item, base_url, JsonString(*object, "image"), "", "");
  return true;
}

class JsonFeedFormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "jsonfeed"; }

  int Detect(std::string_view bytes) const override {
    if (!internal::LooksLikeJsonObject(bytes))
      return 0;
    // The version URL is the feed's first key by convention; look further in case it is not.
    if (bytes.find(kVersionPrefix) == std::string_view::npos)
      return 0;
    return bytes.find("\"items\"") != std::string_view::npos ? 100 : 80;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    WD_ASSIGN_OR_RETURN(json::value document, internal::ParseJson(bytes, options.max_bytes));
    const json::object* root = document.if_object();
    if (root == nullptr) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "not a JSON Feed: the document is not a JSON object");
    }
    ParsedFeed feed;
    feed.encoding = "utf-8";
    std::string version = VersionOf(JsonString(*root, "version"));
    if (version == "1" || version == "1.0") {
      feed.format = "jsonfeed1.0";
    } else {
      feed.format = "jsonfeed1.1";
      if (version != "1.1") {
        feed.warnings.push_back("feed: version '" + JsonString(*root, "version") +
                                "' is not JSON Feed 1 or 1.1; read as 1.1");
      }
    }
    FeedInfo& info = feed.feed;
    info.title = internal::PlainText(JsonString(*root, "title"));
    info.link = internal::WebUrl(options.base_url, JsonString(*root, "home_page_url"));
    info.id = JsonString(*root, "feed_url");
    info.description = internal::PlainText(JsonString(*root, "description"));
    info.language = JsonString(*root, "language");
    info.image_url = internal::WebUrl(options.base_url, JsonString(*root, "icon"));
    if (info.image_url.empty())
      info.image_url = internal::WebUrl(options.base_url, JsonString(*root, "favicon"));
    info.authors = AuthorsOf(*root);
    // Relative item URLs resolve against the feed's site, else where the feed came from.
    std::string base = info.link.empty() ? options.base_url : info.link;

    const json::array* items = JsonArray(*root, "items");
    if (items == nullptr) {
      feed.warnings.push_back("feed: no items array");
      return feed;
    }
    size_t number = 0;
    for (const json::value& value : *items) {
      ++number;
      core::Item item;
      if (ReadItem(value, number, info, base, item, feed.warnings))
        feed.items.push_back(std::move(item));
    }
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& JsonFeedFormat();
const FeedFormat& JsonFeedFormat() {
  static const JsonFeedFormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
