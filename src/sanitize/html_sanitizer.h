// The HTML sanitiser: every byte of feed and wire HTML passes through here before it is stored.
//
// Parses with Gumbo (the HTML5 algorithm a browser uses) and rebuilds the document from an
// allowlist of elements and attributes suited to news copy, with a URL policy for links and
// images. It changes markup only, never the text a reader sees: ExtractText() of the input
// equals ExtractText() of the output, which is what lets a sanitised wire story keep the
// "without modifications to the text" notice (DESIGN.md, the article model).
//
// Output is a fixed point: SanitizeHtml(SanitizeHtml(x)) == SanitizeHtml(x). Most wire copy is
// simple HTML that is canonicalised in one linear pass without Gumbo (internal/simple_html.h);
// the rest is parsed once, and its output is proved a fixed point by a linear check or, failing
// that, by parsing it again. Debug builds compare every shortcut with the full path.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace wiredesk::sanitize {

struct SanitizeOptions {
  // Absolute URL that relative href/src values are resolved against. Default empty: relative
  // URLs are kept relative (they then point into the reader's own site) only when harmless.
  std::string base_url;
  // Host names (e.g. "www.example.com") whose links are not external: they get no
  // rel="nofollow noopener noreferrer". Default empty: every absolute link is external.
  std::string own_host;
};

// Returns safe HTML for `html`, an HTML fragment from a feed. Never fails: unparseable input
// becomes its escaped text.
std::string SanitizeHtml(std::string_view html, const SanitizeOptions& options = {});

// The text a reader sees in `html`: the characters of its text nodes, entities decoded, with
// the content of code elements (script, style, template, ...) left out. Markup adds nothing,
// not even white space, so the result depends on the text alone.
std::string ExtractText(std::string_view html);

// SanitizeHtml(html, options) and ExtractText(html) in one pass over `html` (parsers need both
// for every body: the safe HTML to store and the text to hash).
struct SanitizedHtmlWithText {
  std::string html;
  std::string text;
};
SanitizedHtmlWithText SanitizeHtmlWithText(std::string_view html,
                                           const SanitizeOptions& options = {});

// SHA-256 (lower-case hex) of ExtractText(html): the text hash of DESIGN.md.
std::string TextSha256(std::string_view html);

// Escapes &, <, >, " and ' for use in HTML text or a quoted attribute.
std::string EscapeHtml(std::string_view text);

}  // namespace wiredesk::sanitize
