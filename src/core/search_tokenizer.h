// SearchTokenizer: text → the terms the full-text index holds and queries look up.
//
// Words are found by ICU's word break rules (UAX #29, with ICU's dictionaries for Chinese,
// Japanese, Thai, Lao, Khmer and Burmese, so text without spaces still splits into words).
// Each word is case folded (Unicode full folding: "Straße" and "STRASSE" are one term) and
// loses its diacritics (combining marks of the Latin, Greek, Cyrillic, Hebrew and Arabic
// blocks, so "é" is "e" and pointed Hebrew or vowelled Arabic matches the plain spelling; marks
// that are letters in Brahmic and Southeast Asian scripts are kept). Numbers are kept as they
// are; punctuation and spaces are dropped.
//
// Chinese and Japanese (runs of ideographs and kana, as ICU's word rules mark them) are indexed
// as overlapping character bigrams, not as the dictionary's words: a dictionary may split a
// phrase differently in a query than in a sentence ("京大" inside "北京大学"), and bigrams find
// any part of a run of two characters or more. A document holds one position per character,
// with the bigram starting there and the character itself beside it (the run's last character
// alone); a query's run is the phrase of its bigrams, or its one character.
//
// Stemming (Snowball, libstemmer) follows a language: the text may begin with a language mark,
// LanguageMarked("de", text), which the tokenizer consumes; text without one is English. For
// every letter word whose stem differs from the folded word, a second term at the same
// position holds the stem behind kStemMark ("\x01" + stem), so stems live apart from words:
// prefix queries and spelling suggestions see only real words. Languages Snowball does not
// know (Chinese, Hebrew, ...) are not stemmed.
//
// Queries (TokenizeMode::kQuery) yield, per word, the folded word, the marked stem and the
// bare stem as alternatives at one position: a document word matches when it is the same word,
// has the same stem in the query's language, or is itself that stem ("run" finds "runs",
// "running" and "run"). TokenizeMode::kPrefix (a prefix* term) yields folded words only.
//
// Thread safety: an instance holds ICU and Snowball state; use one per thread (or per SQLite
// connection). Construction is the costly part; Tokenize allocates little.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct UBreakIterator;
struct sb_stemmer;

namespace wiredesk::core {

// Opens the language mark at the start of a text: "\x1F" + language tag + "\x1F".
inline constexpr char kLanguageMark = '\x1F';
// Starts a stem term, keeping stems out of the word vocabulary.
inline constexpr char kStemMark = '\x01';
// Words longer than this (in bytes, folded) are not indexed: no reader types them.
inline constexpr size_t kMaxTermBytes = 128;

// `text` behind the mark of `language` (a BCP 47 tag; only its primary subtag is kept, lower
// case). English, the default, needs no mark, and an empty or malformed tag gets none, so such
// text reads as English.
std::string LanguageMarked(std::string_view language, std::string_view text);

// `text` without a leading language mark (for showing stored text).
std::string_view StripLanguageMark(std::string_view text);

enum class TokenizeMode {
  kDocument,  // Words and their marked stems.
  kQuery,     // Words with their stems as alternatives (see above).
  kPrefix,    // Folded words only.
  // The words of kDocument at the same positions and offsets, without stems: all that FTS5's
  // snippet() and highlight() read (they skip colocated terms), at a fraction of the cost.
  kPositions,
};

struct SearchToken {
  std::string_view term;  // Valid during the callback only.
  size_t begin = 0;       // Byte offsets of the word in the text passed to Tokenize.
  size_t end = 0;
  bool colocated = false;  // At the same position as the previous token.
};

class SearchTokenizer {
 public:
  SearchTokenizer();
  ~SearchTokenizer();
  SearchTokenizer(const SearchTokenizer&) = delete;
  SearchTokenizer& operator=(const SearchTokenizer&) = delete;

  // Calls `visit` for each term of `text` (any bytes; invalid UTF-8 reads as U+FFFD, which is
  // no word). Stops early, returning false, when `visit` returns false; true otherwise.
  bool Tokenize(std::string_view text, TokenizeMode mode,
                const std::function<bool(const SearchToken&)>& visit);

  // The folded form of one word (no stemming), as Tokenize would index it; empty for text
  // that holds no word. For spelling suggestions.
  std::string Fold(std::string_view word);

 private:
  sb_stemmer* StemmerFor(std::string_view language);
  // Visits the terms of the Chinese or Japanese run [begin, end) of `body` (see above).
  bool VisitCharacterBigrams(std::string_view body, size_t base, size_t begin, size_t end,
                             TokenizeMode mode,
                             const std::function<bool(const SearchToken&)>& visit);

  UBreakIterator* breaker_ = nullptr;
  std::map<std::string, sb_stemmer*, std::less<>> stemmers_;  // nullptr: no stemmer.
  std::u16string utf16_, folded16_, scratch16_;
  std::string folded_, stem_;
  std::vector<size_t> bounds_;  // Character offsets of a Chinese or Japanese run.
  // Recent stems by stemmer and word (the stemmer's address, then the word): see Tokenize.
  static constexpr size_t kStemCacheEntries = 1 << 16;
  std::unordered_map<std::string, std::string> stem_cache_;
  std::string stem_key_;
};

}  // namespace wiredesk::core
