// IPTC NITF 3.x (News Industry Text Format): one story per document.
//
// head/docdata carries the wire metadata: doc-id@id-string is the guid (du-key@key stands in
// when a wire leaves it out), du-key@version the version, management-status the status
// ("embargoed", a fourth NITF value, is usable with date.release as the embargo), ed-msg@info
// the note to editors, urgency@ed-urg, date.issue (published), doc.copyright@holder (rights),
// tobject.subject and key-list keywords (subjects), and doc-scope (a subject under the scheme
// "nitf:doc-scope", since wiredesk has no field for a region of interest). body.head gives the
// headline (hl1, else head/title), byline (without its byttl job title), dateline and abstract;
// body.content is the body, serialised and sanitised. NITF dates are ISO 8601 basic
// ("20020225T143000-0500"); wires also send extended forms, with a space or without a zone
// (read as UTC).
#include <string>
#include <string_view>

#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "formats/internal/xml.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

using internal::Attr;
using internal::Child;
using internal::Children;
using internal::DeepText;
using internal::LocalName;
using internal::PlainText;

std::string Lower(std::string_view text) {
  std::string out = core::CollapseWhitespace(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool AllDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Parses an NITF norm date: ISO 8601 basic ("20020225T143000-0500", "20141126T152703") or any
// form ParseAnyDate reads, also with a space for the T or without a zone. Zone-less times are
// read as UTC, as nothing else says otherwise.
std::optional<core::TimePoint> ParseNitfDate(std::string_view raw) {
  std::string text = core::CollapseWhitespace(raw);
  if (text.size() >= 15 && text[8] == 'T' && AllDigits(std::string_view(text).substr(0, 8)) &&
      AllDigits(std::string_view(text).substr(9, 6))) {
    std::string zone = text.substr(15);
    std::string extended = text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2) +
                           "T" + text.substr(9, 2) + ":" + text.substr(11, 2) + ":" +
                           text.substr(13, 2);
    if (zone.empty() || zone == "Z") {
      extended += "Z";
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 5 &&
               AllDigits(std::string_view(zone).substr(1))) {
      extended += zone.substr(0, 3) + ":" + zone.substr(3);
    } else if ((zone[0] == '+' || zone[0] == '-') && zone.size() == 3 &&
               AllDigits(std::string_view(zone).substr(1))) {
      extended += zone + ":00";
    } else {
      return std::nullopt;
    }
    return core::ParseRfc3339(extended);
  }
  if (text.size() > 10 && text[10] == ' ')
    text[10] = 'T';
  if (auto parsed = internal::ParseAnyDate(text))
    return parsed;
  return internal::ParseAnyDate(text + "Z");
}

void ReadNitfDate(std::string_view text, std::string_view where,
                  std::optional<core::TimePoint>& field, std::vector<std::string>& warnings) {
  if (internal::IsBlank(text))
    return;
  if (auto parsed = ParseNitfDate(text)) {
    field = parsed;
  } else {
    warnings.push_back(std::string(where) + ": unreadable date '" + std::string(text) + "'");
  }
}

// The byline's text without its job title (byttl): "By <person>Jo</person> <byttl>Staff
// Writer</byttl>" -> "By Jo".
std::string Byline(pugi::xml_node byline) {
  std::string text;
  for (pugi::xml_node child : byline.children()) {
    if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      text += child.value();
    } else if (child.type() == pugi::node_element && !internal::IsElement(child, "byttl")) {
      text += ' ';
      text += DeepText(child);
    }
    text += ' ';
  }
  return PlainText(text);
}

core::ItemStatus StatusOf(std::string_view value, const std::string& where,
                          std::vector<std::string>& warnings) {
  std::string status = Lower(value);
  if (status.empty() || status == "usable" || status == "embargoed")
    return core::ItemStatus::kUsable;
  if (status == "withheld")
    return core::ItemStatus::kWithheld;
  if (status == "canceled" || status == "cancelled")
    return core::ItemStatus::kCanceled;
  warnings.push_back(where + ": unknown management-status '" + std::string(value) +
                     "'; read as usable");
  return core::ItemStatus::kUsable;
}

// The most specific name of a tobject.subject: detail, else matter, else type.
std::string SubjectName(pugi::xml_node subject) {
  for (std::string_view key :
       {"tobject.subject.detail", "tobject.subject.matter", "tobject.subject.type"}) {
    std::string name = PlainText(Attr(subject, key));
    if (!name.empty())
      return name;
  }
  return "";
}

void ReadHead(pugi::xml_node head, const std::string& where, core::Item& item,
              std::vector<std::string>& warnings) {
  pugi::xml_node docdata = Child(head, "docdata");
  item.guid = core::CollapseWhitespace(Attr(Child(docdata, "doc-id"), "id-string"));
  pugi::xml_node du_key = Child(docdata, "du-key");
  if (item.guid.empty())
    item.guid = core::CollapseWhitespace(Attr(du_key, "key"));
  if (std::string_view version = Attr(du_key, "version"); !version.empty()) {
    item.version = internal::ParseInteger(version);
    if (!item.version)
      warnings.push_back(where + ": unreadable du-key version '" + std::string(version) + "'");
  }
  item.status = StatusOf(Attr(docdata, "management-status"), where, warnings);
  for (pugi::xml_node message : Children(docdata, "ed-msg")) {
    std::string note = PlainText(Attr(message, "info"));
    if (note.empty())
      continue;
    if (!item.ednote.empty())
      item.ednote += ' ';
    item.ednote += note;
  }
  if (pugi::xml_node urgency = Child(docdata, "urgency")) {
    std::string_view text = Attr(urgency, "ed-urg");
    std::optional<int64_t> level = internal::ParseInteger(text);
    if (level && *level >= 1 && *level <= 9) {
      item.urgency = static_cast<int>(*level);
    } else {
      warnings.push_back(where + ": urgency '" + std::string(text) + "' is not 1..9; ignored");
    }
  }
  ReadNitfDate(Attr(Child(docdata, "date.issue"), "norm"), where + " date.issue", item.published,
               warnings);
  std::optional<core::TimePoint> release;
  ReadNitfDate(Attr(Child(docdata, "date.release"), "norm"), where + " date.release", release,
               warnings);
  // A release time is an embargo only when it is later than the issue time; wires that send
  // both for every story repeat the issue time.
  if (release && (!item.published || *release > *item.published))
    item.embargo = release;
  item.rights = PlainText(Attr(Child(docdata, "doc.copyright"), "holder"));

  for (pugi::xml_node subject : Children(Child(head, "tobject"), "tobject.subject")) {
    core::Subject parsed;
    parsed.name = SubjectName(subject);
    parsed.code = core::CollapseWhitespace(Attr(subject, "tobject.subject.refnum"));
    if (!parsed.code.empty())
      parsed.scheme = "http://cv.iptc.org/newscodes/subjectcode/";
    if (!parsed.name.empty() || !parsed.code.empty())
      item.subjects.push_back(std::move(parsed));
  }
  for (pugi::xml_node keyword : Children(Child(docdata, "key-list"), "keyword")) {
    std::string name = PlainText(Attr(keyword, "key"));
    if (!name.empty())
      item.subjects.push_back({.name = name, .code = "", .scheme = ""});
  }
  for (pugi::xml_node scope : Children(docdata, "doc-scope")) {
    std::string name = PlainText(Attr(scope, "scope"));
    if (!name.empty())
      item.subjects.push_back({.name = name, .code = "", .scheme = "nitf:doc-scope"});
  }
}

class NitfFormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "nitf"; }

  int Detect(std::string_view bytes) const override {
    internal::XmlSniff sniff = internal::SniffXml(bytes);
    return LocalName(sniff.root) == "nitf" ? 100 : 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    ParsedFeed feed;
    feed.format = "nitf";
    internal::XmlDocument xml;
    WD_RETURN_IF_ERROR(internal::LoadXml(bytes, options, "nitf", xml, feed.warnings));
    feed.encoding = xml.encoding();
    pugi::xml_node root = xml.root();
    if (LocalName(root.name()) != "nitf") {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument,
          "not an NITF document: root element <" + std::string(root.name()) + ">");
    }
    const std::string where = "item 1";
    if (!xml.IsComplete(root))
      feed.warnings.push_back(where + ": cut off by an XML error; read as far as it goes");
    core::Item item;
    pugi::xml_node head = Child(root, "head");
    ReadHead(head, where, item, feed.warnings);
    item.language = core::CollapseWhitespace(Attr(root, "baselang"));
    if (item.language.empty())
      item.language = core::CollapseWhitespace(Attr(root, "lang"));

    pugi::xml_node body = Child(root, "body");
    pugi::xml_node body_head = Child(body, "body.head");
    pugi::xml_node hedline = Child(body_head, "hedline");
    item.headline = PlainText(DeepText(Child(hedline, "hl1")));
    if (item.headline.empty())
      item.headline = PlainText(DeepText(Child(head, "title")));
    if (item.guid.empty()) {
      // AP's NITF names only its registry (<doc-id regsrc="AP"/>). The source, issue time and
      // headline together name the story; a later take gets a new identity, not a version.
      pugi::xml_node docdata = Child(head, "docdata");
      std::string issued = core::CollapseWhitespace(Attr(Child(docdata, "date.issue"), "norm"));
      if (issued.empty() || item.headline.empty()) {
        feed.warnings.push_back(where + ": no doc-id id-string or du-key key; skipped");
        return feed;
      }
      std::string source = core::CollapseWhitespace(Attr(Child(docdata, "doc-id"), "regsrc"));
      std::string key = source + "\n" + issued + "\n" + item.headline;
      item.guid = "urn:wiredesk:nitf:" + (source.empty() ? std::string("unknown") : source) + ":" +
                  issued + ":" + sanitize::TextSha256(sanitize::EscapeHtml(key)).substr(0, 16);
      feed.warnings.push_back(where +
                              ": no doc-id id-string or du-key key; identity derived "
                              "from the source, date.issue and headline");
    }
    std::vector<std::string> bylines;
    for (pugi::xml_node byline : Children(body_head, "byline")) {
      std::string text = Byline(byline);
      if (!text.empty())
        bylines.push_back(text);
    }
    for (const std::string& text : bylines) {
      if (!item.byline.empty())
        item.byline += ", ";
      item.byline += text;
    }
    item.dateline = PlainText(DeepText(Child(body_head, "dateline")));
    if (pugi::xml_node abstract = Child(body_head, "abstract")) {
      item.summary = internal::SanitizedHtml(internal::HtmlOf(abstract), options.base_url);
    }
    pugi::xml_node content = Child(body, "body.content");
    internal::SetBody(item, content ? internal::InnerXmlAsHtml(content) : "", options.base_url);
    if (item.headline.empty() && item.body_html.empty()) {
      feed.warnings.push_back(where + ": no headline or body; skipped");
      return feed;
    }
    feed.items.push_back(std::move(item));
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& NitfFormat();
const FeedFormat& NitfFormat() {
  static const NitfFormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
