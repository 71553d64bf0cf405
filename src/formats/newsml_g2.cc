// IPTC NewsML-G2: a newsItem on its own, or the newsItems of a newsMessage's itemSet.
//
// Elements are matched by local name whatever their prefix (Reuters writes "ns0:newsItem").
// The body comes from the first inlineXML that has one (an XHTML html/body, an NITF
// body.content, or bare XHTML), else from inlineData: HTML when its contenttype says so or
// it plainly is markup, else plain text split into paragraphs, whose text hash is that of
// the paragraph HTML built from it. Package, concept, planning and other items carry no story
// and are skipped with a warning. A creditline stands in for the byline when there is no <by>.
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
using internal::ChildElements;
using internal::Children;
using internal::DeepText;
using internal::LocalName;
using internal::PlainText;

std::string Lower(std::string_view text) {
  std::string out = core::CollapseWhitespace(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The code of a QCode ("stat:usable" -> "usable") or of a code URI
// (".../newscodes/pubstatusg2/usable" -> "usable").
std::string CodeOf(std::string_view qcode) {
  std::string code = Lower(qcode);
  size_t cut = code.find_last_of(":/");
  return cut == std::string::npos ? code : code.substr(cut + 1);
}

// The scheme alias of a QCode: "medtop:20000344" -> "medtop".
std::string AliasOf(std::string_view qcode) {
  size_t colon = qcode.find(':');
  return colon == std::string_view::npos ? "" : Lower(qcode.substr(0, colon));
}

// Scheme URIs of the IPTC vocabularies whose aliases are universal; others stay unnamed,
// since resolving an alias means reading a catalog, which is never fetched at parse time.
std::string SchemeOf(std::string_view qcode) {
  std::string alias = AliasOf(qcode);
  if (alias == "medtop")
    return "http://cv.iptc.org/newscodes/mediatopic/";
  if (alias == "subj")
    return "http://cv.iptc.org/newscodes/subjectcode/";
  if (alias == "genre")
    return "http://cv.iptc.org/newscodes/genre/";
  return "";
}

// Normalises a signal: IPTC sig:update / sig:correction, and the Reuters editorial status
// codes edStat:U (update) and edStat:C (correction). Others mean nothing to wiredesk.
std::string SignalOf(std::string_view qcode) {
  std::string alias = AliasOf(qcode);
  std::string code = CodeOf(qcode);
  bool iptc = alias == "sig" || Lower(qcode).find("/newscodes/signal/") != std::string::npos;
  if (iptc && (code == "update" || code == "correction"))
    return code;
  if (alias == "edstat" && code == "u")
    return "update";
  if (alias == "edstat" && code == "c")
    return "correction";
  return "";
}

// The text of a concept's name: a <name> child (the one in `language` when there is one),
// else its literal attribute.
std::string ConceptName(pugi::xml_node node, std::string_view language) {
  std::vector<pugi::xml_node> names = Children(node, "name");
  for (pugi::xml_node name : names) {
    if (!language.empty() && Attr(name, "lang") == language)
      return PlainText(DeepText(name));
  }
  if (!names.empty())
    return PlainText(DeepText(names.front()));
  return PlainText(Attr(node, "literal"));
}

// Joins the plain text of every non-empty `elements`, with `separator`.
std::string JoinText(const std::vector<pugi::xml_node>& elements, std::string_view separator) {
  std::string joined;
  for (pugi::xml_node element : elements) {
    std::string text = PlainText(DeepText(element));
    if (text.empty())
      continue;
    if (!joined.empty())
      joined += separator;
    joined += text;
  }
  return joined;
}

std::string FirstText(const ChildElements& parent, std::string_view local) {
  for (pugi::xml_node element : parent.All(local)) {
    std::string text = PlainText(DeepText(element));
    if (!text.empty())
      return text;
  }
  return "";
}

// The main headline: one without a role or with a "main" role, else the first there is.
std::string Headline(const ChildElements& content_meta) {
  std::vector<pugi::xml_node> headlines = content_meta.All("headline");
  for (pugi::xml_node headline : headlines) {
    std::string role = Lower(Attr(headline, "role"));
    if (role.empty() || CodeOf(role) == "main") {
      std::string text = PlainText(DeepText(headline));
      if (!text.empty())
        return text;
    }
  }
  for (pugi::xml_node headline : headlines) {
    std::string text = PlainText(DeepText(headline));
    if (!text.empty())
      return text;
  }
  return "";
}

// Summary HTML from a description, preferring a summary or abstract role, then one without a
// role, then any (a picture's caption).
std::string SummaryHtml(const ChildElements& content_meta) {
  std::vector<pugi::xml_node> descriptions = content_meta.All("description");
  pugi::xml_node chosen;
  for (int pass = 0; pass < 3 && !chosen; ++pass) {
    for (pugi::xml_node description : descriptions) {
      std::string role = Lower(Attr(description, "role"));
      bool fits = pass == 0 ? role.find("summary") != std::string::npos ||
                                  role.find("abstract") != std::string::npos
                  : pass == 1 ? role.empty()
                              : true;
      if (fits && !internal::IsBlank(DeepText(description))) {
        chosen = description;
        break;
      }
    }
  }
  if (!chosen)
    return "";
  return internal::HasElementChildren(chosen) ? internal::InnerXmlAsHtml(chosen)
                                              : internal::TextToParagraphs(DeepText(chosen));
}

// True when text declared plain is plainly HTML anyway (agencies wrap <p> in text/plain).
bool LooksLikeHtml(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && text[start] == '<' &&
         text.find("</") != std::string_view::npos;
}

// The body HTML as received, from the item's contentSet.
std::string BodyHtml(pugi::xml_node content_set) {
  for (pugi::xml_node inline_xml : Children(content_set, "inlineXML")) {
    pugi::xml_node top =
        inline_xml.find_child([](pugi::xml_node n) { return n.type() == pugi::node_element; });
    pugi::xml_node container = inline_xml;
    if (internal::IsElement(top, "html")) {
      container = Child(top, "body");
    } else if (internal::IsElement(top, "body")) {
      container = top;
    } else if (internal::IsElement(top, "nitf")) {
      container = Child(Child(top, "body"), "body.content");
    }
    std::string html = container ? internal::InnerXmlAsHtml(container) : "";
    if (!internal::IsBlank(html))
      return html;
  }
  for (pugi::xml_node inline_data : Children(content_set, "inlineData")) {
    std::string text = internal::DirectText(inline_data);
    if (internal::IsBlank(text))
      continue;
    if (Lower(Attr(inline_data, "contenttype")).find("html") != std::string::npos ||
        LooksLikeHtml(text)) {
      return text;
    }
    return internal::TextToParagraphs(text);
  }
  return "";
}

// The NITF document an item's contentSet carries inline, or an empty node.
pugi::xml_node InlineNitf(pugi::xml_node content_set) {
  for (pugi::xml_node inline_xml : Children(content_set, "inlineXML")) {
    if (pugi::xml_node nitf = Child(inline_xml, "nitf"))
      return nitf;
  }
  return {};
}

core::ItemStatus StatusOf(std::string_view qcode, const std::string& where,
                          std::vector<std::string>& warnings) {
  std::string code = CodeOf(qcode);
  if (code.empty() || code == "usable")
    return core::ItemStatus::kUsable;
  if (code == "withheld")
    return core::ItemStatus::kWithheld;
  if (code == "canceled" || code == "cancelled")
    return core::ItemStatus::kCanceled;
  warnings.push_back(where + ": unknown pubStatus '" + std::string(qcode) + "'; read as usable");
  return core::ItemStatus::kUsable;
}

// Reads one newsItem. Returns false (with a warning) when it must be skipped.
bool ReadNewsItem(pugi::xml_node node, size_t number, const ParseOptions& options, core::Item& item,
                  std::vector<std::string>& warnings) {
  const std::string where = "item " + std::to_string(number);
  item.guid = core::CollapseWhitespace(Attr(node, "guid"));
  if (item.guid.empty()) {
    warnings.push_back(where + ": no guid or link; skipped");
    return false;
  }
  if (std::string_view version = Attr(node, "version"); !version.empty()) {
    item.version = internal::ParseInteger(version);
    if (!item.version) {
      warnings.push_back(where + ": unreadable version '" + std::string(version) + "'");
    }
  }
  // Each part is asked for many names: its children are read once (ChildElements).
  const ChildElements parts(node);
  const ChildElements item_meta(parts.First("itemMeta"));
  const ChildElements content_meta(parts.First("contentMeta"));

  // itemMeta: lifecycle, signals, notes, dates.
  item.status = StatusOf(Attr(item_meta.First("pubStatus"), "qcode"), where, warnings);
  for (pugi::xml_node signal : item_meta.All("signal")) {
    std::string normalised = SignalOf(Attr(signal, "qcode"));
    if (!normalised.empty() && !item.HasSignal(normalised))
      item.signals.push_back(normalised);
  }
  item.ednote = JoinText(item_meta.All("edNote"), " ");
  internal::ReadDate(DeepText(item_meta.First("firstCreated")), where + " firstCreated",
                     item.published, warnings);
  internal::ReadDate(DeepText(item_meta.First("versionCreated")), where + " versionCreated",
                     item.updated, warnings);
  internal::ReadDate(DeepText(item_meta.First("embargoed")), where + " embargoed", item.embargo,
                     warnings);
  if (!item.embargo) {
    internal::ReadDate(Attr(node, "embargoed"), where + " embargoed", item.embargo, warnings);
  }

  // contentMeta: what the story is and who wrote it.
  if (pugi::xml_node language = content_meta.First("language")) {
    item.language = core::CollapseWhitespace(Attr(language, "tag"));
  }
  if (item.language.empty())
    item.language = core::CollapseWhitespace(Attr(node, "lang"));
  if (!item.published) {
    internal::ReadDate(DeepText(content_meta.First("contentCreated")), where + " contentCreated",
                       item.published, warnings);
  }
  if (!item.updated) {
    internal::ReadDate(DeepText(content_meta.First("contentModified")), where + " contentModified",
                       item.updated, warnings);
  }
  item.headline = Headline(content_meta);
  if (item.headline.empty())
    item.headline = FirstText(item_meta, "title");
  if (item.headline.empty())
    item.headline = FirstText(content_meta, "slugline");
  if (item.headline.empty()) {
    // Some producers (Scoop's BusinessDesk) leave contentMeta bare and head the inline NITF.
    pugi::xml_node nitf = InlineNitf(parts.First("contentSet"));
    item.headline = PlainText(
        DeepText(Child(Child(Child(Child(nitf, "body"), "body.head"), "hedline"), "hl1")));
    if (item.headline.empty())
      item.headline = PlainText(DeepText(Child(Child(nitf, "head"), "title")));
  }
  item.byline = JoinText(content_meta.All("by"), ", ");
  if (item.byline.empty())
    item.byline = FirstText(content_meta, "creditline");
  item.dateline = FirstText(content_meta, "dateline");
  if (pugi::xml_node urgency = content_meta.First("urgency")) {
    std::optional<int64_t> value = internal::ParseInteger(DeepText(urgency));
    if (value && *value >= 1 && *value <= 9) {
      item.urgency = static_cast<int>(*value);
    } else {
      warnings.push_back(where + ": urgency '" + core::CollapseWhitespace(DeepText(urgency)) +
                         "' is not 1..9; ignored");
    }
  }
  for (pugi::xml_node creator : content_meta.All("creator")) {
    core::Person person;
    person.name = ConceptName(creator, item.language);
    person.uri = internal::WebUrl("", Attr(creator, "uri"));
    if (!person.name.empty() || !person.uri.empty())
      item.authors.push_back(std::move(person));
  }
  for (pugi::xml_node subject : content_meta.All("subject")) {
    std::string_view qcode = Attr(subject, "qcode");
    core::Subject parsed;
    parsed.name = ConceptName(subject, item.language);
    parsed.code = core::CollapseWhitespace(!qcode.empty() ? qcode : Attr(subject, "uri"));
    parsed.scheme = SchemeOf(qcode);
    if (!parsed.name.empty() || !parsed.code.empty())
      item.subjects.push_back(std::move(parsed));
  }
  for (pugi::xml_node keyword : content_meta.All("keyword")) {
    std::string name = PlainText(DeepText(keyword));
    if (!name.empty())
      item.subjects.push_back({.name = name, .code = "", .scheme = ""});
  }

  // rightsInfo: the copyright notice, else the holder.
  for (pugi::xml_node rights : parts.All("rightsInfo")) {
    item.rights = FirstText(ChildElements(rights), "copyrightNotice");
    if (item.rights.empty())
      item.rights = ConceptName(Child(rights, "copyrightHolder"), "");
    if (!item.rights.empty())
      break;
  }

  // contentSet: the body, and renditions that are files.
  pugi::xml_node content_set = parts.First("contentSet");
  internal::SetBody(item, BodyHtml(content_set), options.base_url);
  item.summary = internal::SanitizedHtml(SummaryHtml(content_meta), options.base_url);
  for (pugi::xml_node remote : Children(content_set, "remoteContent")) {
    internal::AddEnclosure(item, options.base_url, Attr(remote, "href"),
                           Attr(remote, "contenttype"), Attr(remote, "size"));
  }
  return true;
}

bool IsG2Item(std::string_view local) {
  return local == "newsItem" || local == "packageItem" || local == "conceptItem" ||
         local == "knowledgeItem" || local == "planningItem" || local == "catalogItem";
}

class NewsmlG2FormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "newsml-g2"; }

  int Detect(std::string_view bytes) const override {
    internal::XmlSniff sniff = internal::SniffXml(bytes);
    std::string_view root = LocalName(sniff.root);
    if (root == "newsItem")
      return 100;
    if (root == "newsMessage")
      return 95;
    if (IsG2Item(root) && sniff.head().find("iptc.org/std/nar/") != std::string_view::npos)
      return 60;
    return 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    ParsedFeed feed;
    feed.format = "newsml-g2";
    internal::XmlDocument xml;
    WD_RETURN_IF_ERROR(internal::LoadXml(bytes, options, "newsItem", xml, feed.warnings));
    feed.encoding = xml.encoding();
    pugi::xml_node root = xml.root();
    std::string_view root_name = LocalName(root.name());
    std::vector<pugi::xml_node> candidates;
    if (root_name == "newsMessage") {
      pugi::xml_node header = Child(root, "header");
      internal::ReadDate(DeepText(Child(header, "sent")), "header sent", feed.feed.updated,
                         feed.warnings);
      for (pugi::xml_node item_set : Children(root, "itemSet")) {
        for (pugi::xml_node child : item_set.children()) {
          if (child.type() == pugi::node_element)
            candidates.push_back(child);
        }
      }
    } else if (IsG2Item(root_name)) {
      candidates.push_back(root);
    } else {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument,
          "not a NewsML-G2 document: root element <" + std::string(root.name()) + ">");
    }
    size_t number = 0;
    for (pugi::xml_node node : candidates) {
      ++number;
      const std::string where = "item " + std::to_string(number);
      std::string_view local = LocalName(node.name());
      if (local != "newsItem") {
        feed.warnings.push_back(where + ": <" + std::string(local) +
                                "> is not a news item; skipped");
        continue;
      }
      if (!xml.IsComplete(node)) {
        feed.warnings.push_back(where + ": cut off by an XML error; skipped");
        continue;
      }
      core::Item item;
      if (ReadNewsItem(node, number, options, item, feed.warnings)) {
        feed.items.push_back(std::move(item));
      }
    }
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& NewsmlG2Format();
const FeedFormat& NewsmlG2Format() {
  static const NewsmlG2FormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
