// IPTC ninjs (News in JSON) 1.x, 2.x and 3.x: one item per document, or a JSON array of them.
//
// The three majors differ in shape, not meaning: 1.x has flat snake_case fields (headline,
// body_html, byline, subject), 2.x lists them (headlines, bodies, descriptions, subjects, by),
// and 3.x writes 2.x's names in camelCase (versionCreated, pubStatus, contentType, edNote).
// Every field is read under each of its names, so a document mixing styles still reads. The
// major reported in ParsedFeed::format comes from the declared standard or schema, else from
// the property style. Only text and composite items (or items without a type) that carry a
// headline or a body become Items; pictures, audio, video and events carry no story and are
// skipped with a warning. A body is taken as HTML when its content type or role says so, else
// as plain text split into paragraphs; NITF bodies are left for a plain-text sibling.
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

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
using Keys = std::initializer_list<std::string_view>;

std::string Lower(std::string_view text) {
  std::string out = core::CollapseWhitespace(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The first of `keys` that holds a non-blank string or number, as text.
std::string FirstString(const json::object& object, Keys keys) {
  for (std::string_view key : keys) {
    std::string text = JsonString(object, key);
    if (!text.empty())
      return text;
  }
  return "";
}

// The first of `keys` that holds a non-blank string, exactly as written.
std::string FirstRaw(const json::object& object, Keys keys) {
  for (std::string_view key : keys) {
    std::string text = JsonRawString(object, key);
    if (!internal::IsBlank(text))
      return text;
  }
  return "";
}

const json::array* FirstArray(const json::object& object, Keys keys) {
  for (std::string_view key : keys) {
    if (const json::array* array = JsonArray(object, key))
      return array;
  }
  return nullptr;
}

// The declared ninjs version ("3.1") from standard / $standard / $schema, or "".
std::string DeclaredVersion(const json::object& object) {
  for (std::string_view key : {"standard", "$standard"}) {
    if (const json::object* standard = JsonObject(object, key)) {
      std::string version = JsonString(*standard, "version");
      if (!version.empty())
        return version;
      std::string schema = JsonString(*standard, "schema");
      if (size_t at = schema.find("ninjs-schema_"); at != std::string::npos)
        return schema.substr(at + 13, schema.find(".json", at) - at - 13);
    }
  }
  std::string schema = JsonString(object, "$schema");
  if (size_t at = schema.find("ninjs-schema_"); at != std::string::npos)
    return schema.substr(at + 13, schema.find(".json", at) - at - 13);
  return "";
}

// The ninjs major version of an item: declared, else guessed from its property style.
int MajorVersion(const json::object& object) {
  std::string declared = DeclaredVersion(object);
  if (!declared.empty() && declared[0] >= '1' && declared[0] <= '3')
    return declared[0] - '0';
  for (std::string_view key : {"versionCreated", "pubStatus", "firstCreated", "edNote",
                               "rightsInfo", "copyrightNotice", "altIds", "contentCreated"}) {
    if (object.contains(key))
      return 3;
  }
  for (std::string_view key : {"headlines", "bodies", "descriptions", "subjects", "by"}) {
    if (object.contains(key))
      return 2;
  }
  return 1;
}

// True when a top-level object looks like a ninjs item, not merely JSON with a "uri".
int NinjsScore(const json::object& object) {
  // Superdesk's ninjs writes its guid where ninjs has uri; alone, a guid says less.
  bool has_uri = !JsonString(object, "uri").empty();
  if (!has_uri && JsonString(object, "guid").empty())
    return 0;
  std::string declared = Lower(JsonString(object, "$schema"));
  for (std::string_view key : {"standard", "$standard"}) {
    if (const json::object* standard = JsonObject(object, key)) {
      declared += Lower(JsonString(*standard, "name")) + Lower(JsonString(*standard, "schema"));
    }
  }
  if (declared.find("ninjs") != std::string::npos)
    return 100;
  bool typed = object.contains("type");
  for (std::string_view key :
       {"versioncreated", "versionCreated", "pubstatus", "pubStatus", "firstcreated",
        "firstCreated", "headlines", "bodies", "body_html", "body_xhtml", "body_text",
        "body_richtext", "body_main", "headline_main", "renditions", "associations"}) {
    if (object.contains(key))
      return typed ? 90 : 70;
  }
  if (object.contains("headline") && has_uri)
    return typed ? 60 : 50;
  return 0;
}

// The items of a document: the object itself, the objects of a top-level array, or those of
// an API response that wraps them ({"total", "limit", "offset", "item": [...]}, as the BBC's
// ninjs API answers).
std::vector<const json::value*> Candidates(const json::value& document) {
  std::vector<const json::value*> candidates;
  if (const json::object* object = document.if_object()) {
    const json::value* wrapped = object->if_contains("item");
    if (wrapped != nullptr && !object->contains("uri") && !object->contains("guid")) {
      if (const json::array* array = wrapped->if_array()) {
        for (const json::value& value : *array) candidates.push_back(&value);
      } else {
        candidates.push_back(wrapped);
      }
    } else {
      candidates.push_back(&document);
    }
  } else if (const json::array* array = document.if_array()) {
    for (const json::value& value : *array) candidates.push_back(&value);
  }
  return candidates;
}

// Item types that carry no story of their own. Others (text, composite, and the "story" or
// "advisory" some producers write) are read when they have a headline or a body.
bool IsNonStoryType(std::string_view type) {
  return type == "picture" || type == "graphic" || type == "audio" || type == "video" ||
         type == "event" || type == "planning";
}

// The value of the entry of a 2.x/3.x list ({role, contenttype, value}) whose role is
// preferred: "main" or no role first, else the first with a value.
std::string MainValue(const json::array& entries) {
  std::string fallback;
  for (const json::value& entry : entries) {
    const json::object* object = entry.if_object();
    if (object == nullptr)
      continue;
    std::string value = JsonRawString(*object, "value");
    if (internal::IsBlank(value))
      continue;
    std::string role = Lower(JsonString(*object, "role"));
    if (role.empty() || role == "main")
      return value;
    if (fallback.empty())
      fallback = value;
  }
  return fallback;
}

std::string Headline(const json::object& object) {
  std::string headline = internal::PlainText(FirstRaw(object, {"headline", "headline_main"}));
  if (headline.empty()) {
    if (const json::array* headlines = JsonArray(object, "headlines"))
      headline = internal::PlainText(MainValue(*headlines));
  }
  return headline;
}

// HTML, plain text or neither, from a body's content type and role.
enum class BodyKind { kHtml, kText, kOther };

BodyKind KindOf(const json::object& body) {
  std::string type = Lower(FirstString(body, {"contenttype", "contentType"}));
  std::string role = Lower(JsonString(body, "role"));
  if (type.find("nitf") != std::string::npos || role == "nitf")
    return BodyKind::kOther;
  if (type.find("html") != std::string::npos || role == "html" || role == "xhtml" ||
      role == "richtext") {
    return BodyKind::kHtml;
  }
  if (type.empty() || type.find("text/plain") != std::string::npos)
    return BodyKind::kText;
  return BodyKind::kOther;
}

// The body HTML as received: 1.x's body_html / body_xhtml / body_richtext, else a 2.x/3.x
// HTML body, else plain text (body_text or a text body) as paragraphs.
std::string BodyHtml(const json::object& object) {
  std::string html = FirstRaw(object, {"body_html", "body_xhtml", "body_richtext"});
  if (!html.empty())
    return html;
  std::string text = FirstRaw(object, {"body_text", "body_main"});
  if (const json::array* bodies = JsonArray(object, "bodies")) {
    for (const json::value& entry : *bodies) {
      const json::object* body = entry.if_object();
      if (body == nullptr)
        continue;
      std::string value = JsonRawString(*body, "value");
      if (internal::IsBlank(value))
        continue;
      BodyKind kind = KindOf(*body);
      if (kind == BodyKind::kHtml)
        return value;
      if (kind == BodyKind::kText && text.empty())
        text = value;
    }
  }
  return text.empty() ? "" : internal::TextToParagraphs(text);
}

// Summary HTML: 1.x's description_html, else description_text, else a 2.x/3.x description.
std::string SummaryHtml(const json::object& object) {
  std::string html = FirstRaw(object, {"description_html", "description_xhtml"});
  if (!html.empty())
    return html;
  std::string text = FirstRaw(object, {"description_text"});
  if (!text.empty())
    return internal::TextToParagraphs(text);
  if (const json::array* descriptions = JsonArray(object, "descriptions")) {
    for (const json::value& entry : *descriptions) {
      const json::object* description = entry.if_object();
      if (description == nullptr)
        continue;
      std::string value = JsonRawString(*description, "value");
      if (internal::IsBlank(value))
        continue;
      return KindOf(*description) == BodyKind::kHtml ? value : internal::TextToParagraphs(value);
    }
  }
  return "";
}

core::ItemStatus StatusOf(std::string_view value, const std::string& where,
                          std::vector<std::string>& warnings) {
  std::string status = Lower(value);
  if (size_t cut = status.find_last_of(":/"); cut != std::string::npos)
    status = status.substr(cut + 1);
  if (status.empty() || status == "usable")
    return core::ItemStatus::kUsable;
  if (status == "withheld")
    return core::ItemStatus::kWithheld;
  if (status == "canceled" || status == "cancelled")
    return core::ItemStatus::kCanceled;
  warnings.push_back(where + ": unknown pubstatus '" + std::string(value) + "'; read as usable");
  return core::ItemStatus::kUsable;
}

void ReadSubjects(const json::object& object, core::Item& item) {
  if (const json::array* subjects = FirstArray(object, {"subjects", "subject"})) {
    for (const json::value& entry : *subjects) {
      const json::object* subject = entry.if_object();
      if (subject == nullptr)
        continue;
      core::Subject parsed;
      parsed.name = internal::PlainText(JsonString(*subject, "name"));
      parsed.code = FirstString(*subject, {"code", "uri", "literal"});
      parsed.scheme = JsonString(*subject, "scheme");
      if (parsed.name.empty() && parsed.code.empty())
        continue;
      item.subjects.push_back(std::move(parsed));
    }
  }
  if (const json::array* keywords = JsonArray(object, "keywords")) {
    for (const json::value& keyword : *keywords) {
      std::string name = internal::PlainText(internal::JsonText(keyword));
      if (!name.empty())
        item.subjects.push_back({.name = name, .code = "", .scheme = ""});
    }
  }
}

// The copyright notice: copyrightnotice, else rightsinfo's notice, else the holder.
std::string RightsOf(const json::object& object) {
  std::string rights =
      internal::PlainText(FirstString(object, {"copyrightnotice", "copyrightNotice"}));
  for (std::string_view key : {"rightsinfo", "rightsInfo"}) {
    if (!rights.empty())
      break;
    if (const json::object* info = JsonObject(object, key)) {
      rights = internal::PlainText(FirstString(*info, {"copyrightnotice", "copyrightNotice"}));
    }
  }
  if (rights.empty()) {
    rights = internal::PlainText(FirstString(object, {"copyrightholder", "copyrightHolder"}));
  }
  return rights;
}

// Reads one ninjs item. Returns false (with a warning) when it must be skipped.
bool ReadItem(const json::value& value, const std::string& where, const ParseOptions& options,
              core::Item& item, std::vector<std::string>& warnings) {
  const json::object* object = value.if_object();
  if (object == nullptr) {
    warnings.push_back(where + ": not a JSON object; skipped");
    return false;
  }
  item.guid = FirstString(*object, {"uri", "guid"});
  if (item.guid.empty()) {
    warnings.push_back(where + ": no uri; skipped");
    return false;
  }
  std::string type = Lower(JsonString(*object, "type"));
  if (IsNonStoryType(type)) {
    warnings.push_back(where + ": type '" + type + "' is not a text item; skipped");
    return false;
  }
  item.headline = Headline(*object);
  internal::SetBody(item, BodyHtml(*object), options.base_url);
  if (item.headline.empty() && item.body_html.empty()) {
    warnings.push_back(where + ": no headline or body; skipped");
    return false;
  }
  if (const json::value* version = object->if_contains("version")) {
    std::string text = internal::JsonText(*version);
    item.version = internal::ParseInteger(text);
    if (!item.version && !text.empty())
      warnings.push_back(where + ": unreadable version '" + text + "'");
  }
  item.status = StatusOf(FirstString(*object, {"pubstatus", "pubStatus"}), where, warnings);
  item.byline = internal::PlainText(FirstString(*object, {"byline", "by"}));
  item.dateline = internal::PlainText(FirstString(*object, {"located", "dateline"}));
  item.summary = internal::SanitizedHtml(SummaryHtml(*object), options.base_url);
  item.language = JsonString(*object, "language");
  item.rights = RightsOf(*object);
  item.ednote = internal::PlainText(FirstString(*object, {"ednote", "edNote"}));
  ReadSubjects(*object, item);
  if (const json::value* urgency = object->if_contains("urgency")) {
    std::optional<int64_t> level = internal::ParseInteger(internal::JsonText(*urgency));
    if (level && *level >= 1 && *level <= 9) {
      item.urgency = static_cast<int>(*level);
    } else {
      warnings.push_back(where + ": urgency '" + internal::JsonText(*urgency) +
                         "' is not 1..9; ignored");
    }
  }
  internal::ReadDate(FirstString(*object, {"firstcreated", "firstCreated"}),
                     where + " firstcreated", item.published, warnings);
  internal::ReadDate(FirstString(*object, {"versioncreated", "versionCreated"}),
                     where + " versioncreated", item.updated, warnings);
  internal::ReadDate(FirstString(*object, {"embargoed"}), where + " embargoed", item.embargo,
                     warnings);
  return true;
}

class NinjsFormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "ninjs"; }

  int Detect(std::string_view bytes) const override {
    size_t start = bytes.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    start = bytes.find_first_not_of(" \t\r\n", start);
    if (start == std::string_view::npos || (bytes[start] != '{' && bytes[start] != '['))
      return 0;
    if (bytes.find("\"uri\"") == std::string_view::npos &&
        bytes.find("\"guid\"") == std::string_view::npos) {
      return 0;
    }
    auto document = internal::ParseJson(bytes, bytes.size());
    if (!document)
      return 0;
    std::vector<const json::value*> candidates = Candidates(*document);
    if (candidates.empty() || !candidates.front()->is_object())
      return 0;
    int score = NinjsScore(candidates.front()->get_object());
    // A list or a wrapper is a little less sure than a bare item.
    return candidates.front() == &*document ? score : score * 9 / 10;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    WD_ASSIGN_OR_RETURN(json::value document, internal::ParseJson(bytes, options.max_bytes));
    ParsedFeed feed;
    feed.encoding = "utf-8";
    std::vector<const json::value*> candidates = Candidates(document);
    if (!document.is_object() && !document.is_array()) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "not a ninjs document: neither a JSON object nor an array of them");
    }
    int major = 1;
    for (const json::value* value : candidates) {
      if (const json::object* object = value->if_object()) {
        major = MajorVersion(*object);
        break;
      }
    }
    feed.format = "ninjs" + std::to_string(major);
    size_t number = 0;
    for (const json::value* value : candidates) {
      ++number;
      core::Item item;
      if (ReadItem(*value, "item " + std::to_string(number), options, item, feed.warnings))
        feed.items.push_back(std::move(item));
    }
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& NinjsFormat();
const FeedFormat& NinjsFormat() {
  static const NinjsFormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
