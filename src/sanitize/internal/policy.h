// The sanitiser's allowlist: which elements and attributes survive, which are dropped with their
// content, and how each kept attribute's value is checked. One table serves SanitizeHtml(),
// ExtractText() and the tests, so the list of code elements cannot drift between them.
//
// Internal to sanitize/. Pure functions over constant tables; thread-safe.
#pragma once

#include <string_view>

#include <gumbo.h>

namespace wiredesk::sanitize::internal {

// True for elements whose content is code, form machinery or document metadata (script, style,
// template, svg, form, title, ...). SanitizeHtml() drops them with everything inside, and
// ExtractText() leaves their content out, which is what keeps the text invariant.
bool IsCodeElement(GumboTag tag);

// The name an allowed element is written with ("h2" for h1), or empty when the element is not
// on the allowlist. Only HTML-namespace elements are ever allowed. `element` is an element or
// template node.
std::string_view AllowedElementName(const GumboNode& element);

// True for the allowed elements that have no end tag (br, hr, img, source).
bool IsVoidElement(GumboTag tag);

// How the value of an attribute is treated; kDrop when the attribute is not allowed on `tag`.
enum class AttributeKind {
  kDrop,      // Not on the allowlist.
  kText,      // Kept as text (escaped on output).
  kHref,      // a href: http, https, mailto, tel or a relative URL.
  kImageSrc,  // img src: http, https, a relative URL or a small data: image.
  kSrcset,    // img/source srcset: a list of image candidates, each URL checked.
  kCite,      // blockquote/q cite: http, https or a relative URL.
};

// `name` must be lower case, as Gumbo reports HTML attribute names.
AttributeKind ClassifyAttribute(GumboTag tag, std::string_view name);

}  // namespace wiredesk::sanitize::internal
