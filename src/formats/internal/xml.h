// XML plumbing shared by the XML-based formats (private to formats/): safe loading with
// pugixml, recovery from malformed records, and namespace-tolerant node helpers.
//
// Loading never expands an entity other than XML's five and numeric references (pugixml has no
// DTD processing at all) and refuses documents whose DOCTYPE declares entities, so neither
// billion-laughs nor external-entity documents get through. Every walk over the tree is
// iterative, so nesting depth cannot exhaust the stack. Thread-safe: no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <pugixml.hpp>

#include "core/result.h"
#include "formats/feed_parser.h"

namespace wiredesk::formats::internal {

// What a quick look at the start of a document shows, without parsing it.
// Format detection sniffs every document once per XML format, so the head is a view of the
// bytes rather than a copy, unless they had to be decoded (UTF-16, UTF-32).
struct XmlSniff {
  std::string root;           // Qualified name of the first element, e.g. "rss", "ns0:newsMessage".
  bool is_xml = false;        // A root element was found.
  std::string_view raw_head;  // The first 64 KiB of the sniffed bytes, when ASCII-compatible.
  std::string decoded_head;   // Else the start of the document decoded to UTF-8.

  // Up to the first 64 KiB as UTF-8 (or the ASCII-compatible bytes), for namespace checks.
  // Valid while the sniffed bytes are.
  std::string_view head() const { return decoded_head.empty() ? raw_head : decoded_head; }
};

// Looks at the start of `bytes` (any supported encoding). Cheap: reads at most 64 KiB and the
// prolog before the root element, and copies neither.
XmlSniff SniffXml(std::string_view bytes);

// A loaded document. Non-copyable because pugi::xml_document is not.
class XmlDocument {
 public:
  XmlDocument() = default;
  XmlDocument(const XmlDocument&) = delete;
  XmlDocument& operator=(const XmlDocument&) = delete;

  const pugi::xml_document& doc() const { return doc_; }
  pugi::xml_node root() const { return doc_.document_element(); }
  const std::string& encoding() const { return encoding_; }

  // False for an element that was still open where a malformed document was cut off: its
  // content may be truncated, so callers skip such records with a warning.
  bool IsComplete(pugi::xml_node node) const;

 private:
  friend core::Status LoadXml(std::string_view bytes, const ParseOptions& options,
                              std::string_view record_name, XmlDocument& out,
                              std::vector<std::string>& warnings);
  pugi::xml_document doc_;
  std::string encoding_;
  // Set only when the document was cut off by an XML error: the text parsed, the error's
  // offset in it, and the elements on the path that was open there.
  std::string text_;
  size_t error_offset_ = 0;
  std::unordered_set<size_t> open_nodes_;
};

// Decodes `bytes` to UTF-8 (see DecodeToUtf8; options.charset is the HTTP hint), turns HTML
// named references XML does not know ("&nbsp;", "&eacute;", "&mdash;": feeds copy them from
// HTML) into numeric ones, and parses the result into `out`. `record_name` is the local name
// of the repeated element of the format ("item", "entry", "newsItem"): when one of them is not
// well-formed it is cut out with a warning and the rest are parsed again. Other damage keeps
// the tree parsed before it, with a warning. Fails with kInvalidArgument when nothing usable
// parses or the DOCTYPE declares entities; with kResourceExhausted when the bytes exceed
// options.max_bytes, elements nest deeper than options.max_depth or an attribute value is
// longer than options.max_attribute_bytes.
core::Status LoadXml(std::string_view bytes, const ParseOptions& options,
                     std::string_view record_name, XmlDocument& out,
                     std::vector<std::string>& warnings);

// Replaces each HTML named character reference in `text` that XML does not predefine by a
// numeric reference ("&eacute;" -> "&#xE9;"), outside CDATA sections, comments, processing
// instructions and declarations. Names HTML does not know are left as they are.
std::string NumericHtmlReferences(std::string_view text);

// False when NumericHtmlReferences(text) would return `text` unchanged because it holds no
// "&name;" with a name XML does not predefine (anywhere: the check ignores context, so a true
// is only a maybe). One memchr-driven pass, far cheaper than the rewrite.
bool MayHaveHtmlReferences(std::string_view text);

// The base URL in effect at `node`: every xml:base from the root down, each resolved against
// the one before, starting from `document_base`.
std::string BaseOf(pugi::xml_node node, const std::string& document_base);

// The part of a qualified name after its prefix: "ns0:headline" -> "headline".
std::string_view LocalName(std::string_view qualified_name);
// The prefix of a qualified name, or "" when it has none.
std::string_view Prefix(std::string_view qualified_name);

// True for an element whose local name is `local`.
bool IsElement(pugi::xml_node node, std::string_view local);
// The first element child whose local name is `local`, or an empty node.
pugi::xml_node Child(pugi::xml_node node, std::string_view local);
// Every element child whose local name is `local`, in order.
std::vector<pugi::xml_node> Children(pugi::xml_node node, std::string_view local);
// The element children of one node, read once and then looked up by local name: what Child
// and Children answer, for a parser that asks a dozen names of one parent (NewsML-G2's
// contentMeta) and would otherwise walk its children a dozen times. Valid while the document
// is.
class ChildElements {
 public:
  explicit ChildElements(pugi::xml_node parent);
  // Child(parent, local).
  pugi::xml_node First(std::string_view local) const;
  // Children(parent, local).
  std::vector<pugi::xml_node> All(std::string_view local) const;

 private:
  struct Entry {
    std::string_view local;
    pugi::xml_node node;
  };
  std::vector<Entry> entries_;
};
// The value of the attribute whose local name is `local`, or "" when there is none.
std::string_view Attr(pugi::xml_node node, std::string_view local);
// The namespace URI of an element, resolved through xmlns declarations of it and its
// ancestors; "" when the name is unprefixed with no default namespace or the prefix is unbound.
// The view is valid while the document is.
std::string_view NamespaceOf(pugi::xml_node node);

// The concatenated text and CDATA directly inside `node`.
std::string DirectText(pugi::xml_node node);
// All text and CDATA inside `node`, at any depth, in document order.
std::string DeepText(pugi::xml_node node);
// True when `node` has at least one element child.
bool HasElementChildren(pugi::xml_node node);
// Serialises the content of `node` as HTML: element names without prefixes, xmlns attributes
// dropped, text escaped. Used for XHTML content (Atom type="xhtml", NewsML-G2 inlineXML).
std::string InnerXmlAsHtml(pugi::xml_node node);
// The HTML an element holding HTML carries: its text when it has no element children
// (escaped or CDATA HTML), else its children serialised with InnerXmlAsHtml.
std::string HtmlOf(pugi::xml_node node);

}  // namespace wiredesk::formats::internal
