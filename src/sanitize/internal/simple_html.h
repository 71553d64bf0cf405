// The sanitiser's fast path: HTML simple enough that its HTML5 parse is exactly the tree its
// tags spell out, canonicalised in one linear pass with no parser.
//
// "Simple" is a small language chosen so that every tree-construction rule it can reach is
// trivial (see simple_html.cc): text that is valid UTF-8 without NUL, CR or other characters
// the parser rewrites; the character references &amp; &lt; &gt; &quot; &apos; &nbsp; and
// numeric ones with a semicolon; attribute-free start and end tags of p, div, blockquote,
// figure, figcaption, ul, ol, li, h1-h6, b, i, em, strong, s, u, small, code, span, abbr, cite,
// q, sub, sup, mark, time, br and hr, nested so that no end tag is implied or misplaced and no
// start tag closes an open element. Elements still open at the end are closed, as the parser
// leaves them.
//
// For such input the canonical form is byte for byte what SanitizeHtml()'s tree rebuilder writes
// from Gumbo's parse, and it is itself simple and canonical, so it is a fixed point. Wire copy
// (plain text, or <p> paragraphs) is simple; anything else makes the function return false and
// the caller parses.
//
// Internal to sanitize/. Pure function; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace wiredesk::sanitize::internal {

// When `html` is simple, appends its canonical sanitised form to `out`, appends its text (as
// ExtractText() defines it) to `*text` when `text` is not null, and returns true. Otherwise
// returns false; `out` and `*text` then hold partial output the caller must discard.
bool CanonicalizeSimpleHtml(std::string_view html, std::string& out, std::string* text);

}  // namespace wiredesk::sanitize::internal
