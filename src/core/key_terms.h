// Key terms: the words that say what a story is about, for comparing stories with each other
// and with what a reader has read (related stories, story clusters, Recommended For You).
//
// Lower-cased words of three or more characters with at least one letter, from the headline
// (counted three times), summary and body, markup and common English news words aside; ranked
// by count, then the longer word first (longer words tend to be rarer), then alphabetically, so
// the result is stable.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace wiredesk::core {

// At most `max_terms` key terms, most telling first.
std::vector<std::string> KeyTerms(std::string_view headline, std::string_view summary_html,
                                  std::string_view body_html, int max_terms);
std::vector<std::string> KeyTerms(const Article& article, int max_terms);

}  // namespace wiredesk::core
