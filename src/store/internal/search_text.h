// The text that the full-text index holds for an article's HTML fields, private to store/.
//
// Store must not depend on sanitize/, and the stored HTML is already sanitised, so a small tag
// stripper is enough here: it is only used to feed the search index, never to render.
//
// Thread safety: free functions without shared state.
#pragma once

#include <string>
#include <string_view>

struct sqlite3;

namespace wiredesk::store::internal {

// Drops tags, comments and the content of <script>/<style>, decodes the common entities and
// numeric references, folds runs of whitespace to one space, and removes the private-use
// characters U+E000/U+E001 that Search uses to mark matches in snippets (so article text can
// never forge a mark).
std::string HtmlToSearchText(std::string_view html);

// Registers wd_html_text(html) -> HtmlToSearchText(html) on `db`, so migrations and the index
// upkeep in SQL share one definition. Returns the SQLite result code.
int RegisterSearchFunctions(sqlite3* db);

// The UTF-8 encodings of the snippet markers.
inline constexpr std::string_view kMarkOpen = "\xEE\x80\x80";   // U+E000
inline constexpr std::string_view kMarkClose = "\xEE\x80\x81";  // U+E001

// Drops a leading language mark (core/search_tokenizer.h), escapes `snippet` for HTML, then
// turns the markers into <mark> and </mark>.
std::string SnippetToHtml(std::string_view snippet);

}  // namespace wiredesk::store::internal
