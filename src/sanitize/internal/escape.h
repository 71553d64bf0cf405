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

// Reads the UTF-8 sequence that starts at text[i]: returns its length and sets `cp`, or returns 0
// when text[i] does not start a well-formed sequence (a stray byte, an overlong form, a
// surrogate, a value past U+10FFFF, or a sequence cut short).
size_t ReadUtf8Sequence(std::string_view text, size_t i, uint32_t& cp);

// Appends `text` with every byte that does not start a well-formed sequence replaced by U+FFFD.
// Gumbo's text is valid UTF-8 except where a numeric character reference overflows its
// arithmetic and it writes a stray byte; no parse of any output could give that byte back, so
// the text the sanitiser keeps and compares is this repaired form.
void AppendValidUtf8(std::string& out, std::string_view text);

// Appends `text` escaped for HTML text or a double-quoted attribute value so that the next parse
// yields exactly AppendValidUtf8(text) again: besides AppendEscaped()'s five characters, every
// code point that a parse would not keep verbatim is written as a numeric character reference,
// and every byte that does not start a well-formed sequence as U+FFFD.
void AppendEscapedForReparse(std::string& out, std::string_view text);

}  // namespace wiredesk::sanitize::internal
