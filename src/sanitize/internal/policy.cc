#include "sanitize/internal/policy.h"

#include <string>

namespace wiredesk::sanitize::internal {

bool IsCodeElement(GumboTag tag) {
  switch (tag) {
    // Scripts, styles and inert templates: their content is code, never copy.
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NOSCRIPT:
    // Embedded documents and plug-ins. (The one iframe kept, a canonical video player, is written
    // by the rebuilder from internal/video_embed.h; its content is not text either.)
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOEMBED:
    case GUMBO_TAG_NOFRAMES:
    // Foreign content: its parsing rules (CDATA, namespace confusion) are the home of mXSS.
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    // Forms and their controls: their text is labels and values, not story copy.
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_KEYGEN:
    // Document metadata that has no place in a fragment.
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_HEAD:
    // Raw-text relics whose content the tokenizer does not parse as markup.
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
      return true;
    default:
      return false;
  }
}

namespace {

// The lower-case name of an element Gumbo does not know, read from its start tag ("<picture
// srcset=...>"); empty when the parser made the element up.
std::string LowerUnknownName(const GumboElement& element) {
  std::string_view tag(element.original_tag.data, element.original_tag.length);
  std::string name;
  if (tag.size() < 2 || tag[0] != '<')
    return name;
  for (size_t i = 1; i < tag.size(); ++i) {
    char c = tag[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == '/' || c == '>')
      break;
    name += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return name;
}

}  // namespace

std::string_view AllowedElementName(const GumboNode& node) {
  if (node.type != GUMBO_NODE_ELEMENT)
    return {};
  const GumboElement& element = node.v.element;
  if (element.tag_namespace != GUMBO_NAMESPACE_HTML)
    return {};
  switch (element.tag) {
    // Gumbo 0.10 predates <picture>, so it arrives as an unknown element.
    case GUMBO_TAG_UNKNOWN:
      return LowerUnknownName(element) == "picture" ? "picture" : "";
    // The story's title is the page's h1; a heading inside the copy is at most an h2.
    case GUMBO_TAG_H1:
      return "h2";
    case GUMBO_TAG_P:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_A:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_STRONG:
    case GUMBO_TAG_B:
    case GUMBO_TAG_I:
    case GUMBO_TAG_U:
    case GUMBO_TAG_S:
    case GUMBO_TAG_Q:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_ABBR:
    case GUMBO_TAG_TIME:
    case GUMBO_TAG_SUB:
    case GUMBO_TAG_SUP:
    case GUMBO_TAG_SMALL:
    case GUMBO_TAG_MARK:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_SPAN:
    case GUMBO_TAG_DIV:
      return gumbo_normalized_tagname(element.tag);
    default:
      return {};
  }
}

bool IsVoidElement(GumboTag tag) {
  return tag == GUMBO_TAG_BR || tag == GUMBO_TAG_HR || tag == GUMBO_TAG_IMG ||
         tag == GUMBO_TAG_SOURCE;
}

AttributeKind ClassifyAttribute(GumboTag tag, std::string_view name) {
  if (name == "title" || name == "lang" || name == "dir")
    return AttributeKind::kText;
  switch (tag) {
    case GUMBO_TAG_A:
      if (name == "href")
        return AttributeKind::kHref;
      if (name == "hreflang")
        return AttributeKind::kText;
      break;
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_Q:
      if (name == "cite")
        return AttributeKind::kCite;
      break;
    case GUMBO_TAG_TIME:
      if (name == "datetime")
        return AttributeKind::kText;
      break;
    case GUMBO_TAG_IMG:
      if (name == "src")
        return AttributeKind::kImageSrc;
      if (name == "srcset")
        return AttributeKind::kSrcset;
      if (name == "alt" || name == "width" || name == "height" || name == "sizes" ||
          name == "loading") {
        return AttributeKind::kText;
      }
      break;
    case GUMBO_TAG_SOURCE:
      if (name == "srcset")
        return AttributeKind::kSrcset;
      if (name == "type" || name == "media" || name == "sizes")
        return AttributeKind::kText;
      break;
    case GUMBO_TAG_TH:
    case GUMBO_TAG_TD:
      if (name == "colspan" || name == "rowspan" || name == "scope")
        return AttributeKind::kText;
      break;
    default:
      break;
  }
  return AttributeKind::kDrop;
}

}  // namespace wiredesk::sanitize::internal
