// Atom 1.0 (RFC 4287), also Atom 0.3, whose elements differ mostly in name: tagline for
// subtitle, copyright for rights, issued/modified for published/updated, and mode="escaped" or
// mode="xml" beside a MIME type= on text constructs.
//
// Relative URLs resolve against xml:base where the document sets it, else against the URL the
// caller gave. An entry with content has it as body and its summary as summary; an entry with
// only a summary has no body (Atom says what a summary is, unlike RSS's description).
#include <algorithm>
#include <cstdint>
#include <optional>
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
using internal::BaseOf;
using internal::DeepText;
using internal::LocalName;
using internal::PlainText;
using internal::WebUrl;

constexpr std::string_view kAtom10Ns = "http://www.w3.org/2005/Atom";
constexpr std::string_view kAtom03Ns = "http://purl.org/atom/ns#";

// Which elements are Atom's: those in either Atom namespace, in none at all (a feed that
// forgot xmlns), or in whatever namespace the root <feed> is in (early drafts used others).
// Readers ask Is() of one element with name after name down an if-else chain, so the element's
// local name and whether it is Atom's are worked out once and kept for the next question.
class AtomNames {
 public:
  explicit AtomNames(pugi::xml_node root) : root_ns_(internal::NamespaceOf(root)) {}

  bool Is(pugi::xml_node node, std::string_view local) const {
    if (node != asked_) {
      asked_ = node;
      asked_local_ = node.type() == pugi::node_element ? LocalName(node.name()) : "";
      asked_is_atom_.reset();
    }
    if (asked_local_.empty() || asked_local_ != local)
      return false;
    if (!asked_is_atom_) {
      std::string_view ns = NamespaceOf(node);
      asked_is_atom_ = ns == kAtom10Ns || ns == kAtom03Ns || ns == root_ns_ ||
                       (ns.empty() && internal::Prefix(node.name()).empty());
    }
    return *asked_is_atom_;
  }

 private:
  // internal::NamespaceOf, remembered for siblings: an element that does not declare its own
  // prefix's namespace has that of any such sibling with the same prefix. Looking only at the
  // element's own attributes spares entries' <link>, <category> and <content> a walk to the
  // root each (a twentieth of reading an Atom entry).
  std::string_view NamespaceOf(pugi::xml_node node) const {
    std::string_view prefix = internal::Prefix(node.name());
    if (prefix == "xml")
      return internal::NamespaceOf(node);
    for (pugi::xml_attribute attr = node.first_attribute(); attr; attr = attr.next_attribute()) {
      std::string_view name = attr.name();
      if (prefix.empty() ? name == "xmlns"
                         : name.size() == prefix.size() + 6 && name.starts_with("xmlns:") &&
                               name.substr(6) == prefix) {
        return attr.value();
      }
    }
    pugi::xml_node parent = node.parent();
    if (parent != scope_parent_ || prefix != scope_prefix_) {
      scope_parent_ = parent;
      scope_prefix_ = prefix;
      scope_ns_ = internal::NamespaceOf(node);
    }
    return scope_ns_;
  }

  std::string root_ns_;
  // The namespace of children of scope_parent_ named with scope_prefix_ that declare none.
  mutable pugi::xml_node scope_parent_;
  mutable std::string_view scope_prefix_;
  mutable std::string_view scope_ns_;
  // The element asked about last (one parse owns its AtomNames; nothing is shared).
  mutable pugi::xml_node asked_;
  mutable std::string_view asked_local_;
  mutable std::optional<bool> asked_is_atom_;
};

bool IsMedia(pugi::xml_node node) {
  std::string_view ns = internal::NamespaceOf(node);
  return ns == "http://search.yahoo.com/mrss/" || ns == "http://search.yahoo.com/mrss";
}

std::string Lower(std::string_view text) {
  std::string out(core::CollapseWhitespace(text));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The language in effect at `node`: the nearest xml:lang, as BCP 47 (feeds written by
// locale-minded tools say "en_US"; BCP 47 separates subtags with "-").
std::string LanguageOf(pugi::xml_node node) {
  for (pugi::xml_node n = node; n; n = n.parent()) {
    if (n.type() != pugi::node_element)
      continue;
    if (pugi::xml_attribute attr = n.attribute("xml:lang")) {
      std::string lang = core::CollapseWhitespace(attr.value());
      std::replace(lang.begin(), lang.end(), '_', '-');
      return lang;
    }
  }
  return "";
}

enum class TextKind { kText, kHtml, kXhtml, kBase64, kOther };

TextKind KindOf(pugi::xml_node node) {
  std::string type = Lower(Attr(node, "type"));
  std::string mode = Lower(Attr(node, "mode"));
  if (mode == "base64")
    return TextKind::kBase64;
  if (type == "xhtml" || type == "application/xhtml+xml" || mode == "xml")
    return TextKind::kXhtml;
  if (type == "html" || type == "text/html" || mode == "escaped")
    return TextKind::kHtml;
  if (type.empty() || type == "text" || type.rfind("text/", 0) == 0)
    return TextKind::kText;
  return TextKind::kOther;
}

// Decodes standard base64, skipping white space. nullopt on any other stray character or
// when the result is not UTF-8 (a binary payload is no text).
std::optional<std::string> DecodeBase64(std::string_view text) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char ch : text) {
    int value;
    if (ch >= 'A' && ch <= 'Z') {
      value = ch - 'A';
    } else if (ch >= 'a' && ch <= 'z') {
      value = ch - 'a' + 26;
    } else if (ch >= '0' && ch <= '9') {
      value = ch - '0' + 52;
    } else if (ch == '+') {
      value = 62;
    } else if (ch == '/') {
      value = 63;
    } else if (ch == '=' || ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n') {
      continue;
    } else {
      return std::nullopt;
    }
    bits = (bits << 6) | static_cast<uint32_t>(value);
    if (++count == 4) {
      out.push_back(static_cast<char>((bits >> 16) & 0xff));
      out.push_back(static_cast<char>((bits >> 8) & 0xff));
      out.push_back(static_cast<char>(bits & 0xff));
      bits = 0;
      count = 0;
    }
  }
  if (count == 2) {
    out.push_back(static_cast<char>((bits >> 4) & 0xff));
  } else if (count == 3) {
    out.push_back(static_cast<char>((bits >> 10) & 0xff));
    out.push_back(static_cast<char>((bits >> 2) & 0xff));
  } else if (count == 1) {
    return std::nullopt;
  }
  if (!core::IsValidUtf8(out))
    return std::nullopt;
  return out;
}

// The HTML a text construct (title, summary, content, ...) carries, as received.
std::string ConstructHtml(pugi::xml_node node) {
  switch (KindOf(node)) {
    case TextKind::kBase64: {
      // Atom 0.3's mode="base64": the payload decodes to what type= says, HTML or text.
      std::optional<std::string> decoded = DecodeBase64(internal::DirectText(node));
      if (!decoded)
        return "";
      std::string type = Lower(Attr(node, "type"));
      if (type == "text/html" || type == "html" || type == "application/xhtml+xml" ||
          type == "xhtml")
        return *decoded;
      return sanitize::EscapeHtml(*decoded);
    }
    case TextKind::kXhtml: {
      // Atom 1.0 wraps XHTML in one div that is not part of the content.
      pugi::xml_node div = internal::Child(node, "div");
      return internal::InnerXmlAsHtml(div ? div : node);
    }
    case TextKind::kHtml:
      return internal::HtmlOf(node);
    case TextKind::kText:
      return internal::HasElementChildren(node) ? internal::InnerXmlAsHtml(node)
                                                : sanitize::EscapeHtml(internal::DirectText(node));
    case TextKind::kOther: {
      // RFC 4287 4.1.3.3: any other media type is carried in base64. Feeds use that for text
      // constructs too; only a payload that decodes to UTF-8 is kept, and as text, since the
      // type says it is not HTML.
      std::string type = Lower(Attr(node, "type"));
      if (type.ends_with("/xml") || type.ends_with("+xml"))
        return "";  // Inline XML of some other vocabulary: nothing to show as text.
      std::optional<std::string> decoded = DecodeBase64(internal::DirectText(node));
      return decoded ? sanitize::EscapeHtml(*decoded) : "";
    }
  }
  return "";
}

std::string ConstructText(pugi::xml_node node) {
  if (!node)
    return "";
  return PlainText(ConstructHtml(node));
}

core::Person ReadPerson(const AtomNames& atom, pugi::xml_node node, const std::string& base) {
  core::Person person;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (atom.Is(child, "name")) {
      person.name = PlainText(DeepText(child));
    } else if (atom.Is(child, "email")) {
      person.email = core::CollapseWhitespace(DeepText(child));
    } else if (atom.Is(child, "uri") || atom.Is(child, "url") || atom.Is(child, "homepage")) {
      // Atom 0.3 called the person's URI <url>, and its drafts <homepage>.
      person.uri = WebUrl(base, DeepText(child));
    }
  }
  // Some feeds put the name straight into <author>.
  if (person.name.empty() && person.email.empty() && person.uri.empty()) {
    person.name = PlainText(internal::DirectText(node));
  }
  return person;
}

void ReadFeed(const AtomNames& atom, pugi::xml_node feed_node, const ParseOptions& options,
              ParsedFeed& feed) {
  FeedInfo& info = feed.feed;
  const std::string base = BaseOf(feed_node, options.base_url);
  info.language = LanguageOf(feed_node);
  for (pugi::xml_node child = feed_node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element || atom.Is(child, "entry"))
      continue;
    if (atom.Is(child, "title")) {
      info.title = ConstructText(child);
    } else if (atom.Is(child, "subtitle") || atom.Is(child, "tagline")) {
      info.description = ConstructText(child);
    } else if (atom.Is(child, "link")) {
      std::string_view rel = Attr(child, "rel");
      if ((rel.empty() || rel == "alternate") && info.link.empty()) {
        info.link = WebUrl(BaseOf(child, options.base_url), Attr(child, "href"));
      }
    } else if (atom.Is(child, "rights") || atom.Is(child, "copyright")) {
      info.rights = ConstructText(child);
    } else if (atom.Is(child, "id")) {
      info.id = core::CollapseWhitespace(DeepText(child));
    } else if (atom.Is(child, "updated") || (atom.Is(child, "modified") && !info.updated)) {
      internal::ReadDate(DeepText(child), "feed updated", info.updated, feed.warnings);
    } else if (atom.Is(child, "generator")) {
      info.generator = PlainText(DeepText(child));
    } else if (atom.Is(child, "logo") || (atom.Is(child, "icon") && info.image_url.empty())) {
      info.image_url = WebUrl(base, DeepText(child));
    } else if (atom.Is(child, "author")) {
      core::Person person = ReadPerson(atom, child, base);
      if (!person.name.empty() || !person.email.empty() || !person.uri.empty()) {
        info.authors.push_back(std::move(person));
      }
    }
  }
}

// Reads one <entry>. Returns false (with a warning) when it must be skipped.
bool ReadEntry(const AtomNames& atom, pugi::xml_node node, size_t number,
               const ParseOptions& options, const ParsedFeed& feed, core::Item& item,
               std::vector<std::string>& warnings) {
  const std::string where = "item " + std::to_string(number);
  const std::string base =
      BaseOf(node, options.base_url.empty() ? feed.feed.link : options.base_url);
  std::string summary_html;
  std::string content_html;
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element)
      continue;
    if (atom.Is(child, "id")) {
      item.guid = core::CollapseWhitespace(DeepText(child));
    } else if (atom.Is(child, "title")) {
      item.headline = ConstructText(child);
    } else if (atom.Is(child, "link")) {
      std::string_view rel = Attr(child, "rel");
      std::string child_base =
          BaseOf(child, options.base_url.empty() ? feed.feed.link : options.base_url);
      if ((rel.empty() || rel == "alternate") && item.link.empty()) {
        item.link = WebUrl(child_base, Attr(child, "href"));
      } else if (rel == "enclosure") {
        internal::AddEnclosure(item, child_base, Attr(child, "href"), Attr(child, "type"),
                               Attr(child, "length"));
      }
    } else if (atom.Is(child, "summary")) {
      summary_html = ConstructHtml(child);
    } else if (atom.Is(child, "content")) {
      if (Attr(child, "src").empty())
        content_html = ConstructHtml(child);
    } else if (atom.Is(child, "published") || atom.Is(child, "issued") ||
               (atom.Is(child, "created") && !item.published)) {
      internal::ReadDate(DeepText(child), where + " published", item.published, warnings);
    } else if (atom.Is(child, "updated") || atom.Is(child, "modified")) {
      internal::ReadDate(DeepText(child), where + " updated", item.updated, warnings);
    } else if (atom.Is(child, "author")) {
      core::Person person = ReadPerson(atom, child, base);
      if (!person.name.empty() || !person.email.empty() || !person.uri.empty()) {
        item.authors.push_back(std::move(person));
      }
    } else if (atom.Is(child, "category")) {
      std::string term = core::CollapseWhitespace(Attr(child, "term"));
      std::string label = PlainText(Attr(child, "label"));
      std::string scheme = core::CollapseWhitespace(Attr(child, "scheme"));
      if (term.empty() && label.empty())
        continue;
      // A term with a label or a scheme is a code; a bare term is a free keyword.
      bool coded = !label.empty() || !scheme.empty();
      item.subjects.push_back(
          {.name = label.empty() ? term : label, .code = coded ? term : "", .scheme = scheme});
    } else if (atom.Is(child, "rights") || atom.Is(child, "copyright")) {
      item.rights = ConstructText(child);
    } else if (IsMedia(child) && LocalName(child.name()) == "content") {
      internal::AddEnclosure(item, base, Attr(child, "url"), Attr(child, "type"),
                             Attr(child, "fileSize"));
    }
  }
  if (item.guid.empty())
    item.guid = item.link;
  if (item.guid.empty()) {
    warnings.push_back(where + ": no guid or link; skipped");
    return false;
  }
  // An entry without authors has the feed's (RFC 4287, 4.2.1).
  if (item.authors.empty())
    item.authors = feed.feed.authors;
  item.byline = internal::JoinNames(item.authors);
  const std::string& html_base = !item.link.empty() ? item.link : base;
  internal::SetBody(item, content_html, html_base);
  item.summary = internal::SanitizedHtml(summary_html, html_base);
  item.language = LanguageOf(node);
  if (item.rights.empty())
    item.rights = feed.feed.rights;
  return true;
}

class AtomFormatImpl final : public FeedFormat {
 public:
  std::string_view name() const override { return "atom"; }

  int Detect(std::string_view bytes) const override {
    internal::XmlSniff sniff = internal::SniffXml(bytes);
    std::string_view root = LocalName(sniff.root);
    if (root != "feed" && root != "entry")
      return 0;
    bool atom_ns = sniff.head().find(kAtom10Ns) != std::string_view::npos ||
                   sniff.head().find(kAtom03Ns) != std::string_view::npos;
    if (root == "feed")
      return atom_ns ? 100 : 50;
    return atom_ns ? 90 : 0;
  }

  core::Result<ParsedFeed> Parse(std::string_view bytes,
                                 const ParseOptions& options) const override {
    ParsedFeed feed;
    internal::XmlDocument xml;
    WD_RETURN_IF_ERROR(internal::LoadXml(bytes, options, "entry", xml, feed.warnings));
    feed.encoding = xml.encoding();
    pugi::xml_node root = xml.root();
    const AtomNames atom(root);
    std::vector<pugi::xml_node> entries;
    if (atom.Is(root, "feed")) {
      ReadFeed(atom, root, options, feed);
      entries = internal::Children(root, "entry");
    } else if (atom.Is(root, "entry")) {
      entries.push_back(root);  // An Atom entry document: one entry, no feed.
    } else {
      return core::MakeError(
          core::ErrorCode::kInvalidArgument,
          "not an Atom document: root element <" + std::string(root.name()) + ">");
    }
    bool v03 = internal::NamespaceOf(root) == kAtom03Ns || Attr(root, "version") == "0.3";
    feed.format = v03 ? "atom0.3" : "atom1.0";
    size_t number = 0;
    for (pugi::xml_node node : entries) {
      ++number;
      if (!atom.Is(node, "entry"))
        continue;
      if (!xml.IsComplete(node)) {
        feed.warnings.push_back("item " + std::to_string(number) +
                                ": cut off by an XML error; skipped");
        continue;
      }
      core::Item item;
      if (ReadEntry(atom, node, number, options, feed, item, feed.warnings)) {
        feed.items.push_back(std::move(item));
      }
    }
    return feed;
  }
};

}  // namespace

// Declared and registered in registry.cc.
const FeedFormat& AtomFormat();
const FeedFormat& AtomFormat() {
  static const AtomFormatImpl format;
  return format;
}

}  // namespace wiredesk::formats
