// Field normalisation shared by every format (private to formats/): dates, plain text, HTML
// through the sanitiser, URLs and people. Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/time.h"

namespace wiredesk::formats::internal {

// Parses an RFC 822 / RFC 2822 date as RSS uses it: "Sat, 07 Sep 2002 00:00:01 GMT". The day
// name and seconds are optional, two-digit years are read as 19xx/20xx, and the zone may be a
// numeric offset, UT/UTC/GMT/Z, a zone name (EST, PDT, CET, JST, ...), GMT+hhmm or absent
// (UTC). Broken forms feeds use are read too: "Sep 07 2002", a "(CET)" comment after the zone,
// "07-Sep-2002", "2006/09/15", asctime's "Sat Sep  7 00:00:01 2002", a 12-hour clock with
// AM/PM, and "at" before the time. Returns nullopt when the text is not such a date.
std::optional<core::TimePoint> ParseRfc822(std::string_view text);

// Parses ISO 8601 as feeds and wires write it: W3CDTF at any precision ("2003", "2003-12",
// "2003-12-31T10:14Z"), the basic form ("20031231T101455-0500"), ordinal dates ("2003-335"),
// a space for the T, fractions of a second, a zone as Z, +hh, +hhmm, +hh:mm or a name (GMT,
// EST, CET, ...), with or without a blank before it, and none at all (UTC).
std::optional<core::TimePoint> ParseIso8601(std::string_view text);

// Any date a feed may carry: RFC 3339 / W3CDTF first, then the rest of ISO 8601, then RFC 822
// with its common broken forms (see ParseRfc822). Nullopt when none.
std::optional<core::TimePoint> ParseAnyDate(std::string_view text);

// Reads `text` into `field` when it is non-blank; an unreadable date leaves the field alone and
// adds "<where>: unreadable date '<text>'" to `warnings`.
void ReadDate(std::string_view text, std::string_view where, std::optional<core::TimePoint>& field,
              std::vector<std::string>& warnings);

// True when `text` is empty or white space only (what core::CollapseWhitespace turns into "",
// found without building the collapsed copy).
bool IsBlank(std::string_view text);

// Plain text from a field that may carry markup or entities: tags stripped (each counting as a
// word break), entities decoded, white space collapsed.
std::string PlainText(std::string_view text);

// Escapes plain text as HTML, splitting it into <p> paragraphs at blank lines.
std::string TextToParagraphs(std::string_view text);

// Resolves `ref` against `base` (RFC 3986). Returns `ref` trimmed when either does not parse.
std::string ResolveUrl(std::string_view base, std::string_view ref);

// `ref` resolved against `base` when the result is an http(s) URL, else "": a javascript: or
// data: link must never reach a page as an href.
std::string WebUrl(std::string_view base, std::string_view ref);

// Sets item.body_html (sanitised) and item.body_text_sha256 (of `raw_html` as received, less
// surrounding white space) from the body HTML a document carries; nothing when it shows
// nothing (no text, no media).
void SetBody(core::Item& item, std::string_view raw_html, const std::string& base_url);

// Sanitised HTML for a summary or other HTML field; "" when `raw_html` is blank.
std::string SanitizedHtml(std::string_view raw_html, const std::string& base_url);

// Appends an enclosure whose URL resolves to http(s) and is not listed yet. `length` is a
// byte count; anything else leaves the length absent.
void AddEnclosure(core::Item& item, std::string_view base, std::string_view url,
                  std::string_view type, std::string_view length);

// Parses an RSS-style person: "jo@example.com (Jo Bloggs)", "Jo Bloggs <jo@example.com>",
// "jo@example.com" or "Jo Bloggs".
core::Person ParsePerson(std::string_view text);

// The names of `people` joined with ", " (their e-mail addresses where a name is missing).
std::string JoinNames(const std::vector<core::Person>& people);

// Parses a decimal integer filling all of `text` (surrounding blanks allowed).
std::optional<int64_t> ParseInteger(std::string_view text);

}  // namespace wiredesk::formats::internal
