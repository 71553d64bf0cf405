// A cheap, tokenizer-level look at HTML that never builds a tree: used to refuse inputs whose
// nesting would make the HTML5 tree builder slow, and to read the text of those inputs.
//
// Gumbo, like every HTML5 parser, checks element scope by walking its stack of open elements,
// so a document of n nested tags costs O(n^2): 50,000 nested <div>s take seconds. Browsers cap
// the depth of the tree; Gumbo does not, so the sanitiser looks before it parses.
//
// Internal to sanitize/. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace wiredesk::sanitize::internal {

// An estimate of the deepest stack of open elements that parsing `html` builds. It simulates
// the stack with the parser's main rules (void and raw-text elements, implied end tags of p,
// li and table cells, end tags ignored outside their scope) and errs towards too deep. Stops
// counting once the depth passes `limit` and returns a value above it.
size_t EstimateNestingDepth(std::string_view html, size_t limit);

// `html` with every tag, comment and doctype removed, and the content of script and style
// elements with them; "<" that remains is written "&lt;" so that no new tag can form.
// Character references are left for the parser to decode.
std::string StripMarkup(std::string_view html);

}  // namespace wiredesk::sanitize::internal
