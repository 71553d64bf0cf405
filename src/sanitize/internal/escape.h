// The sanitiser's escaping: how text and attribute values are written so that the next parse
// yields them again byte for byte. SanitizeHtml() and the simple-HTML fast path share it, which
// is what lets the fast path produce exactly the bytes the tree rebuilder would.
//
// Internal to sanitize/. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wiredesk::sanitize::internal {

// Appends `text` with &, <, >, " and ' escaped (EscapeHtml()'s promise).
void AppendEscaped(std::string& out, std::string_view text);

// True for the code points that Gumbo replaces with U+FFFD when they appear literally in its
// input, but keeps when they come from a character reference: C0 and C1 controls other than
// white space, and noncharacters. A carriage return joins them because the parser turns a
// literal CR into LF.
bool ChangesWhenReparsed(uint32_t cp);

// Appends `text` (valid UTF-8, as Gumbo produces it) escaped for HTML text or a double-quoted
// attribute value so that the next parse yields exactly `text` again: besides AppendEscaped()'s
// five characters, every code point that a parse would not keep verbatim is written as a
// numeric character reference.
void AppendEscapedForReparse(std::string& out, std::string_view text);

}  // namespace wiredesk::sanitize::internal
