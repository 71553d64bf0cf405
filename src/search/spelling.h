// Spelling suggestions for searches that find nothing ("Did you mean ...").
//
// Offers SuggestSpelling(store, query): each plain word of the query that the search index
// does not hold is replaced by the index term closest to it, where "closest" is edit distance
// (Damerau-Levenshtein over characters, at most 1 for words of up to 4 characters, 2 beyond)
// weighted by how many stories hold the term:
//
//   score = log10(1 + documents) - 2 x distance
//
// so a word one edit away beats one two edits away unless the latter is in 100 times as many
// stories. Candidates share the word's first character (a range read of the vocabulary, not a
// scan of all of it); a typo in the first letter gets no suggestion. Phrases, prefix* words,
// -exclusions, OR and filters are kept as the reader wrote them. Words are compared folded
// (case and diacritics), as the index holds them, and the suggestion carries the folded form.
//
// Thread safety: as safe as the Store; each thread uses its own tokenizer.
#pragma once

#include <string>
#include <string_view>

#include "store/store.h"

namespace wiredesk::search {

// The query with its unknown words replaced by their best index terms; empty when every word is
// known, no word has a close enough term, or the store fails (a suggestion is never worth an
// error).
std::string SuggestSpelling(store::Store& store, std::string_view query);

// Damerau-Levenshtein distance (optimal string alignment) between two code point strings,
// or max + 1 once it is certain to exceed `max`.
int EditDistance(std::u32string_view a, std::u32string_view b, int max);

}  // namespace wiredesk::search
