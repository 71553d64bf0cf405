// RSS 2.0, also 0.91/0.92 and RSS 1.0 / 0.90 (RDF), whose items have the same shape.
//
// Where an item has content:encoded, that is its body and its description is the summary.
// Where it has only a description, the description is the body and the summary is left empty:
// RSS uses description for the whole story as often as for a teaser, and repeating the body
// as a summary would print it twice.
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
enum class Vocab { kCore, kContent, kDc, kDcTerms, kMedia, kAtom, kItunes, kOther };

// Unprefixed elements are RSS's own (RSS 1.0 puts them in a default namespace). Prefixed ones
// are known by namespace URI, or by the conventional prefix when a feed forgot to bind it.
Vocab VocabOf(pugi::xml_node node) {
  std::string_view prefix = internal::Prefix(node.name());
  if (prefix.empty())
    return Vocab::kCore;
  std::string_view ns = internal::NamespaceOf(node);
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
  // Apple's documentation spells the URI in both cases, and feeds copy either.
  if (ns == "http://www.itunes.com/DTDs/Podcast-1.0.dtd" ||
      ns == "http://www.itunes.com/dtds/podcast-1.0.dtd") {
    return Vocab::kItunes;
  }
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
    if (prefix == "itunes")
      return Vocab::kItunes;
  }
  return Vocab::kOther;
}

bool Is(pugi::xml_node node, Vocab vocab, std::string_view local) {
  return node.type() == pugi::node_element && LocalName(node.name()) == local &&
         VocabOf(node) == vocab;
}

// RSS's own element names in lower case: hand-written feeds say <Title> or <PUBDATE>, and
// readers (iTunes, feedparser) accept them. Other vocabularies keep XML's exact names.
std::string CoreName(std::string_view local) {
  std::string lower(local);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// Appends the person an RSS-style author field names ("Name (email)", "email (Name)", ...).
void AddPerson(std::vector<core::Person>& people, pugi::xml_node node) {
  core::Person person = internal::ParsePerson(DeepText(node));
  if (!person.name.empty() || !person.email.empty())
    people.push_back(std::move(person));
}

std::string Trimmed(pugi::xml_node node) { return core::CollapseWhitespace(DeepText(node)); }

void ReadMedia(core::Item& item, pugi::xml_node node, std::string_view base) {
  if (internal::IsElement(node, "content")) {
    internal::AddEnclosure(item, base, Attr(node, "url"), Attr(node, "type"),
                           Attr(node, "fileSize"));
  } else if (internal::IsElement(node, "group")) {
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
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
  const std::string base = internal::BaseOf(channel, options.base_url);
  std::string_view self_link;
  // Fallbacks from other vocabularies, used only where RSS's own element is missing.
  std::string dc_title, itunes_subtitle, itunes_summary, itunes_image;
  for (pugi::xml_node child = channel.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element)
      continue;
    std::string_view local = LocalName(child.name());
    Vocab vocab = VocabOf(child);
    if (vocab == Vocab::kCore) {
      std::string name = CoreName(local);
      if (name == "title") {
        info.title = PlainText(DeepText(child));
      } else if (name == "link" && info.link.empty()) {
        info.link = WebUrl(base, DeepText(child));
      } else if (name == "description") {
        info.description = PlainText(DeepText(child));
      } else if (name == "language") {
        info.language = Trimmed(child);
      } else if (name == "copyright") {
        info.rights = PlainText(DeepText(child));
      } else if (name == "generator") {
        info.generator = PlainText(DeepText(child));
      } else if (name == "lastbuilddate" || (name == "pubdate" && !info.updated)) {
        internal::ReadDate(DeepText(child), "channel " + std::string(local), info.updated,
                           feed.warnings);
      } else if (name == "image") {
        if (pugi::xml_node url = internal::Child(child, "url")) {
          info.image_url = WebUrl(base, DeepText(url));
        }
      } else if (name == "managingeditor" || name == "author") {
        // <author> is not RSS 2.0's at channel level, but feeds use it for the editor.
        AddPerson(info.authors, child);
      }
    } else if (vocab == Vocab::kDc) {
      if (local == "language" && info.language.empty()) {
        info.language = Trimmed(child);
      } else if (local == "rights" && info.rights.empty()) {
        info.rights = PlainText(DeepText(child));
      } else if (local == "date" && !info.updated) {
        internal::ReadDate(DeepText(child), "channel dc:date", info.updated, feed.warnings);
      } else if (local == "creator" || local == "author") {
        AddPerson(info.authors, child);
      } else if (local == "title" && dc_title.empty()) {
        dc_title = PlainText(DeepText(child));
      }
    } else if (vocab == Vocab::kDcTerms) {
      if (local == "modified") {
        internal::ReadDate(DeepText(child), "channel dcterms:modified", info.updated,
                           feed.warnings);
      }
    } else if (vocab == Vocab::kItunes) {
      if (local == "author") {
        AddPerson(info.authors, child);
      } else if (local == "subtitle" && itunes_subtitle.empty()) {
        itunes_subtitle = PlainText(DeepText(child));
      } else if (local == "summary" && itunes_summary.empty()) {
        itunes_summary = PlainText(DeepText(child));
      } else if ((local == "image" || (local == "link" && Attr(child, "rel") == "image")) &&
                 itunes_image.empty()) {
        // The spec says href=; older feeds wrote url=.
        std::string_view href = Attr(child, "href");
        itunes_image = WebUrl(base, href.empty() ? Attr(child, "url") : href);
      }
    } else if (vocab == Vocab::kAtom && local == "link") {
      std::string_view rel = Attr(child, "rel");
      if (rel == "self") {
        self_link = Attr(child, "href");
      } else if ((rel.empty() || rel == "alternate") && info.link.empty()) {
        info.link = WebUrl(base, Attr(child, "href"));
      }
    }
  }
  if (info.title.empty())
    info.title = dc_title;
  if (info.description.empty())
    info.description = !itunes_subtitle.empty() ? itunes_subtitle : itunes_summary;
  // RSS 1.0 keeps the image beside the channel, not inside it.
  if (info.image_url.empty()) {
    if (pugi::xml_node image = internal::Child(root, "image")) {
      if (pugi::xml_node url = internal::Child(image, "url")) {
        info.image_url = WebUrl(base, DeepText(url));
      }
    }
  }
  if (info.image_url.empty())
    info.image_url = itunes_image;
  // The feed's own URL is the best base there is when the caller gave none.
  if (info.link.empty() && !self_link.empty()) {
    std::string self = WebUrl(base, self_link);
    if (!self.empty())
      info.link = WebUrl(self, "/");
  }
}

// Reads one <item>. Returns false (with a warning) when it must be skipped.
bool ReadItem(pugi::xml_node node, size_t number, const ParseOptions& options,
              const ParsedFeed& feed, core::Item& item, std::vector<std::string>& warnings) {
  const std::string where = "item " + std::to_string(number);
  // xml:base is Atom's, but RSS feeds written by Atom-minded tools use it too.
  const std::string base =
      internal::BaseOf(node, options.base_url.empty() ? feed.feed.link : options.base_url);
  std::string guid;
  bool guid_is_permalink = false;
  std::string description;
  std::string encoded;
  bool has_encoded = false;
  std::vector<core::Person> creators;
  std::vector<core::Person> itunes_authors;
  std::string dc_title;
  std::string itunes_summary;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element)
      continue;
    std::string_view local = LocalName(child.name());
    Vocab vocab = VocabOf(child);
    std::string core_name = vocab == Vocab::kCore ? CoreName(local) : std::string();
    switch (vocab) {
      case Vocab::kCore:
        local = core_name;
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
        } else if (local == "pubdate") {
          internal::ReadDate(DeepText(child), where + " pubDate", item.published, warnings);
        } else if (local == "author") {
          AddPerson(item.authors, child);
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
        if (local == "creator" || local == "author") {
          AddPerson(creators, child);
        } else if (local == "title" && dc_title.empty()) {
          dc_title = PlainText(DeepText(child));
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
      case Vocab::kItunes:
        if (local == "author") {
          AddPerson(itunes_authors, child);
        } else if (local == "summary" && itunes_summary.empty()) {
          itunes_summary = HtmlOf(child);
        }
        break;
      case Vocab::kOther:
        break;
    }
  }
  if (item.headline.empty())
    item.headline = dc_title;
  if (description.empty())
    description = itunes_summary;
  if (creators.empty())
    creators = std::move(itunes_authors);
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
    if (root == "RDF" && (sniff.head().find(kRss10Ns) != std::string_view::npos ||
                          sniff.head().find(kRss090Ns) != std::string_view::npos)) {
      return 95;
    }
    return 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    ParsedFeed feed;
    internal::XmlDocument xml;
    WD_RETURN_IF_ERROR(internal::LoadXml(bytes, options, "item", xml, feed.warnings));
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
