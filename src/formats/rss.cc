// RSS 2.0, also 0.91/0.92 and RSS 1.0 / 0.90 (RDF), whose items have the same shape.
//
// Where an item has content:encoded, that is its body and its description is the summary.
// Where it has only a description, the description is the body and the summary is left empty:
// RSS uses description for the whole story as often as for a teaser, and repeating the body
// as a summary would print it twice.
#include <string>
#include <string_view>

#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "formats/internal/xml.h"

namespace wiredesk::formats {
namespace {

using internal::Attr;
using internal::DeepText;
using internal::HtmlOf;
using internal::LocalName;
using internal::PlainText;
using internal::WebUrl;

constexpr std::string_view kRss090Ns = "http://my.netscape.com/rdf/simple/0.9/";
constexpr std::string_view kRss10Ns = "http://purl.org/rss/1.0/";

// The vocabularies whose elements an RSS item may carry.
enum class Vocab { kCore, kContent, kDc, kDcTerms, kMedia, kAtom, kOther };

// Unprefixed elements are RSS's own (RSS 1.0 puts them in a default namespace). Prefixed ones
// are known by namespace URI, or by the conventional prefix when a feed forgot to bind it.
Vocab VocabOf(pugi::xml_node node) {
  std::string_view prefix = internal::Prefix(node.name());
  if (prefix.empty())
    return Vocab::kCore;
  std::string ns = internal::NamespaceOf(node);
  if (ns == "http://purl.org/rss/1.0/modules/content/")
    return Vocab::kContent;
  if (ns == "http://purl.org/dc/elements/1.1/")
    return Vocab::kDc;
  if (ns == "http://purl.org/dc/terms/")
    return Vocab::kDcTerms;
  if (ns == "http://search.yahoo.com/mrss/" || ns == "http://search.yahoo.com/mrss") {
    return Vocab::kMedia;
  }
  if (ns == "http://www.w3.org/2005/Atom")
    return Vocab::kAtom;
  if (ns == kRss10Ns || ns == kRss090Ns)
    return Vocab::kCore;
  if (ns.empty()) {
    if (prefix == "content")
      return Vocab::kContent;
    if (prefix == "dc")
      return Vocab::kDc;
    if (prefix == "dcterms")
      return Vocab::kDcTerms;
    if (prefix == "media")
      return Vocab::kMedia;
    if (prefix == "atom")
      return Vocab::kAtom;
  }
  return Vocab::kOther;
}

bool Is(pugi::xml_node node, Vocab vocab, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node.name()) == local &&
         VocabOf(node) == vocab;
}

std::string Trimmed(pugi::xml_node node) { return core::CollapseWhitespace(DeepText(node)); }

void ReadMedia(core::Item& item, pugi::xml_node node, std::string_view base) {
  if (internal::IsElement(node, "content")) {
    internal::AddEnclosure(item, base, Attr(node, "url"), Attr(node, "type"),
                           Attr(node, "fileSize"));
  } else if (internal::IsElement(node, "group")) {
    for (pugi::xml_node child : node.children()) {
      if (Is(child, Vocab::kMedia, "content")) {
        internal::AddEnclosure(item, base, Attr(child, "url"), Attr(child, "type"),
                               Attr(child, "fileSize"));
      }
    }
  }
}

void ReadChannel(pugi::xml_node root, pugi::xml_node channel, const ParseOptions& options,
                 ParsedFeed& feed) {
  FeedInfo& info = feed.feed;
  std::string_view self_link;
  for (pugi::xml_node child : channel.children()) {
    if (child.type() != pugi::node_element)
      continue;
    std::string_view local = LocalName(child.name());
    Vocab vocab = VocabOf(child);
    if (vocab == Vocab::kCore) {
      if (local == "title") {
        info.title = PlainText(DeepText(child));
      } else if (local == "link" && info.link.empty()) {
        info.link = WebUrl(options.base_url, DeepText(child));
      } else if (local == "description") {
        info.description = PlainText(DeepText(child));
      } else if (local == "language") {
        info.language = Trimmed(child);
      } else if (local == "copyright") {
        info.rights = PlainText(DeepText(child));
      } else if (local == "generator") {
        info.generator = PlainText(DeepText(child));
      } else if (local == "lastBuildDate" || (local == "pubDate" && !info.updated)) {
        internal::ReadDate(DeepText(child), "channel " + std::string(local), info.updated,
                           feed.warnings);
      } else if (local == "image") {
        if (pugi::xml_node url = internal::Child(child, "url")) {
          info.image_url = WebUrl(options.base_url, DeepText(url));
        }
      } else if (local == "managingEditor") {
        core::Person person = internal::ParsePerson(DeepText(child));
        if (!person.name.empty() || !person.email.empty())
          info.authors.push_back(person);
      }
    } else if (vocab == Vocab::kDc) {
      if (local == "language" && info.language.empty()) {
        info.language = Trimmed(child);
      } else if (local == "rights" && info.rights.empty()) {
        info.rights = PlainText(DeepText(child));
      } else if (local == "date" && !info.updated) {
        internal::ReadDate(DeepText(child), "channel dc:date", info.updated, feed.warnings);
      } else if (local == "creator" || local == "publisher") {
        if (std::string name = PlainText(DeepText(child)); !name.empty() && local == "creator") {
          info.authors.push_back({.name = name, .email = "", .uri = ""});
        }
      }
    } else if (vocab == Vocab::kAtom && local == "link") {
      std::string_view rel = Attr(child, "rel");
      if (rel == "self") {
        self_link = Attr(child, "href");
      } else if ((rel.empty() || rel == "alternate") && info.link.empty()) {
        info.link = WebUrl(options.base_url, Attr(child, "href"));
      }
    }
  }
  // RSS 1.0 keeps the image beside the channel, not inside it.
  if (info.image_url.empty()) {
    if (pugi::xml_node image = internal::Child(root, "image")) {
      if (pugi::xml_node url = internal::Child(image, "url")) {
        info.image_url = WebUrl(options.base_url, DeepText(url));
      }
    }
  }
  // The feed's own URL is the best base there is when the caller gave none.
  if (info.link.empty() && !self_link.empty()) {
    std::string self = WebUrl(options.base_url, self_link);
    if (!self.empty())
      info.link = WebUrl(self, "/");
  }
}

// Reads one <item>. Returns false (with a warning) when it must be skipped.
bool ReadItem(pugi::xml_node node, size_t number, const ParseOptions& options,
              const ParsedFeed& feed, core::Item& item, std::vector<std::string>& warnings) {
  const std::string where = "item " + std::to_string(number);
  const std::string& base = options.base_url.empty() ? feed.feed.link : options.base_url;
  std::string guid;
  bool guid_is_permalink = false;
  std::string description;
  std::string encoded;
  bool has_encoded = false;
  std::vector<core::Person> creators;
  for (pugi::xml_node child : node.children()) {
    if (child.type() != pugi::node_element)
      continue;
    std::string_view local = LocalName(child.name());
    switch (VocabOf(child)) {
      case Vocab::kCore:
        if (local == "title") {
          item.headline = PlainText(DeepText(child));
        } else if (local == "link" && item.link.empty()) {
          item.link = WebUrl(base, DeepText(child));
        } else if (local == "guid" && guid.empty()) {
          guid = core::CollapseWhitespace(DeepText(child));
          std::string_view permalink = Attr(child, "isPermaLink");
          guid_is_permalink = permalink != "false" && permalink != "0";
        } else if (local == "description") {
          description = HtmlOf(child);
        } else if (local == "pubDate") {
          internal::ReadDate(DeepText(child), where + " pubDate", item.published, warnings);
        } else if (local == "author") {
          core::Person person = internal::ParsePerson(DeepText(child));
          if (!person.name.empty() || !person.email.empty())
            item.authors.push_back(person);
        } else if (local == "category") {
          std::string name = PlainText(DeepText(child));
          if (!name.empty()) {
            item.subjects.push_back(
                {.name = name, .code = "", .scheme = std::string(Attr(child, "domain"))});
          }
        } else if (local == "enclosure") {
          internal::AddEnclosure(item, base, Attr(child, "url"), Attr(child, "type"),
                                 Attr(child, "length"));
        }
        break;
      case Vocab::kContent:
        if (local == "encoded") {
          encoded = HtmlOf(child);
          has_encoded = true;
        }
        break;
      case Vocab::kDc:
        if (local == "creator") {
          std::string name = PlainText(DeepText(child));
          if (!name.empty())
            creators.push_back({.name = name, .email = "", .uri = ""});
        } else if (local == "date" && !item.published) {
          internal::ReadDate(DeepText(child), where + " dc:date", item.published, warnings);
        } else if (local == "subject") {
          std::string name = PlainText(DeepText(child));
          if (!name.empty())
            item.subjects.push_back({.name = name, .code = "", .scheme = ""});
        } else if (local == "language") {
          item.language = Trimmed(child);
        } else if (local == "rights") {
          item.rights = PlainText(DeepText(child));
        }
        break;
      case Vocab::kDcTerms:
        if (local == "modified") {
          internal::ReadDate(DeepText(child), where + " dcterms:modified", item.updated, warnings);
        } else if (local == "issued" && !item.published) {
          internal::ReadDate(DeepText(child), where + " dcterms:issued", item.published, warnings);
        }
        break;
      case Vocab::kAtom:
        if (local == "updated") {
          internal::ReadDate(DeepText(child), where + " atom:updated", item.updated, warnings);
        } else if (local == "link" && item.link.empty()) {
          std::string_view rel = Attr(child, "rel");
          if (rel.empty() || rel == "alternate")
            item.link = WebUrl(base, Attr(child, "href"));
        }
        break;
      case Vocab::kMedia:
        ReadMedia(item, child, base);
        break;
      case Vocab::kOther:
        break;
    }
  }
  // A permalink guid is the story's URL when the item names no link.
  if (item.link.empty() && guid_is_permalink)
    item.link = WebUrl(base, guid);
  item.guid = !guid.empty() ? guid : item.link;
  if (item.guid.empty())
    item.guid = core::CollapseWhitespace(Attr(node, "about"));
  if (item.guid.empty()) {
    warnings.push_back(where + ": no guid or link; skipped");
    return false;
  }
  // dc:creator is how most feeds give a byline; the author element is often only an e-mail.
  if (!creators.empty()) {
    item.byline = internal::JoinNames(creators);
    if (item.authors.empty())
      item.authors = creators;
  } else {
    item.byline = internal::JoinNames(item.authors);
  }
  const std::string& html_base = !item.link.empty() ? item.link : base;
  if (has_encoded) {
    internal::SetBody(item, encoded, html_base);
    item.summary = internal::SanitizedHtml(description, html_base);
  } else {
    internal::SetBody(item, description, html_base);
  }
  if (item.language.empty())
    item.language = feed.feed.language;
  if (item.rights.empty())
    item.rights = feed.feed.rights;
  return true;
}

class RssFormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "rss"; }

  int Detect(std::string_view bytes) const override {
    internal::XmlSniff sniff = internal::SniffXml(bytes);
    std::string_view root = LocalName(sniff.root);
    if (root == "rss")
      return 100;
    if (root == "RDF" && (sniff.head.find(kRss10Ns) != std::string::npos ||
                          sniff.head.find(kRss090Ns) != std::string::npos)) {
      return 95;
    }
    return 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    ParsedFeed feed;
    internal::XmlDocument xml;
    WD_RETURN_IF_ERROR(internal::LoadXml(bytes, options.max_bytes, "item", xml, feed.warnings));
    feed.encoding = xml.encoding();
    pugi::xml_node root = xml.root();
    std::string_view root_name = LocalName(root.name());
    if (root_name == "rss") {
      std::string version = core::CollapseWhitespace(Attr(root, "version"));
      // 2.0.1 and 2.0.11 are editorial revisions of 2.0; a missing version is read as 2.0.
      feed.format = version.empty() || version.rfind("2.", 0) == 0 ? "rss2.0" : "rss" + version;
    } else if (root_name == "RDF") {
      pugi::xml_node channel = internal::Child(root, "channel");
      feed.format = internal::NamespaceOf(channel) == kRss090Ns ? "rss0.90" : "rss1.0";
    } else {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument,
          "not an RSS document: root element <" + std::string(root.name()) + ">");
    }
    pugi::xml_node channel = internal::Child(root, "channel");
    ReadChannel(root, channel, options, feed);
    // Items sit in the channel (RSS 0.9x/2.0) or beside it (RSS 0.90/1.0).
    std::vector<pugi::xml_node> items = internal::Children(channel, "item");
    for (pugi::xml_node node : internal::Children(root, "item")) items.push_back(node);
    size_t number = 0;
    for (pugi::xml_node node : items) {
      ++number;
      if (!xml.IsComplete(node)) {
        feed.warnings.push_back("item " + std::to_string(number) +
                                ": cut off by an XML error; skipped");
        continue;
      }
      core::Item item;
      if (ReadItem(node, number, options, feed, item, feed.warnings)) {
        feed.items.push_back(std::move(item));
      }
    }
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& RssFormat();
const FeedFormat& RssFormat() {
  static const RssFormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
