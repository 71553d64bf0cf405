#include "core/search_tokenizer.h"

#include <libstemmer.h>

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

namespace wiredesk::core {
namespace {

// The primary subtag of a BCP 47 tag, lower case: "pt-BR" -> "pt"; empty when it is not 2-3
// ASCII letters.
std::string PrimarySubtag(std::string_view tag) {
  std::string out;
  for (char c : tag) {
    if (c == '-' || c == '_')
      break;
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
    if (c < 'a' || c > 'z')
      return {};
    out += c;
  }
  return out.size() >= 2 && out.size() <= 3 ? out : std::string();
}

// A combining mark that only decorates a letter (accents, Hebrew points, Arabic vowel signs),
// as opposed to the marks that are vowels of Brahmic and Southeast Asian scripts (U+0900 on),
// which would merge different words if dropped. Tatweel only stretches Arabic words.
bool IsDroppedMark(UChar32 c) {
  if (c == 0x0640)
    return true;
  if (u_charType(c) != U_NON_SPACING_MARK)
    return false;
  return c < 0x0900 || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F);
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80)
      return false;
  }
  return true;
}

void AsciiLowerInto(std::string_view text, std::string& out) {
  out.clear();
  for (char c : text) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

void ToUtf16(std::string_view text, std::u16string& out) {
  out.resize(text.size() + 1);
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strFromUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, text.data(),
                       static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  out.resize(U_SUCCESS(status) ? static_cast<size_t>(length) : 0);
}

void ToUtf8(const std::u16string& text, std::string& out) {
  out.resize(text.size() * 3 + 1);
  UErrorCode status = U_ZERO_ERROR;
  int32_t length = 0;
  u_strToUTF8WithSub(out.data(), static_cast<int32_t>(out.size()), &length, text.data(),
                     static_cast<int32_t>(text.size()), 0xFFFD, nullptr, &status);
  out.resize(U_SUCCESS(status) ? static_cast<size_t>(length) : 0);
}

// Applies a normaliser, growing `out` when the result is longer than the input.
void Normalize(const UNormalizer2* norm, const std::u16string& in, std::u16string& out) {
  out.resize(in.size() * 2 + 8);
  while (true) {
    UErrorCode status = U_ZERO_ERROR;
    int32_t length = unorm2_normalize(norm, in.data(), static_cast<int32_t>(in.size()), out.data(),
                                      static_cast<int32_t>(out.size()), &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      out.resize(static_cast<size_t>(length) + 1);
      continue;
    }
    out.resize(U_SUCCESS(status) ? static_cast<size_t>(length) : 0);
    return;
  }
}

// Case folds `word` (full folding, so ß -> ss), NFC; `accented` keeps diacritics (the form
// Snowball expects), `plain` drops them.
void FoldWord(std::string_view word, std::u16string& utf16, std::u16string& work,
              std::u16string& scratch, std::string& accented, std::string* plain) {
  if (IsAscii(word)) {
    AsciiLowerInto(word, accented);
    if (plain != nullptr)
      *plain = accented;
    return;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
  const UNormalizer2* nfc = unorm2_getNFCInstance(&status);
  ToUtf16(word, utf16);
  work.resize(utf16.size() * 3 + 8);
  while (true) {
    status = U_ZERO_ERROR;
    int32_t length =
        u_strFoldCase(work.data(), static_cast<int32_t>(work.size()), utf16.data(),
                      static_cast<int32_t>(utf16.size()), U_FOLD_CASE_DEFAULT, &status);
    if (status == U_BUFFER_OVERFLOW_ERROR) {
      work.resize(static_cast<size_t>(length) + 1);
      continue;
    }
    work.resize(U_SUCCESS(status) ? static_cast<size_t>(length) : 0);
    break;
  }
  if (nfd == nullptr || nfc == nullptr) {
    ToUtf8(work, accented);
    if (plain != nullptr)
      *plain = accented;
    return;
  }
  Normalize(nfc, work, scratch);
  ToUtf8(scratch, accented);
  if (plain == nullptr)
    return;
  Normalize(nfd, work, scratch);
  work.clear();
  for (size_t i = 0; i < scratch.size();) {
    UChar32 c;
    U16_NEXT(scratch.data(), i, scratch.size(), c);
    if (IsDroppedMark(c))
      continue;
    if (U_IS_BMP(c)) {
      work += static_cast<char16_t>(c);
    } else {
      work += static_cast<char16_t>(U16_LEAD(c));
      work += static_cast<char16_t>(U16_TRAIL(c));
    }
  }
  Normalize(nfc, work, scratch);
  ToUtf8(scratch, *plain);
}

}  // namespace

std::string LanguageMarked(std::string_view language, std::string_view text) {
  std::string primary = PrimarySubtag(language);
  std::string out;
  out.reserve(text.size() + primary.size() + 2);
  if (!primary.empty() && primary != "en") {
    out += kLanguageMark;
    out += primary;
    out += kLanguageMark;
  }
  out += text;
  return out;
}

std::string_view StripLanguageMark(std::string_view text) {
  if (text.empty() || text[0] != kLanguageMark)
    return text;
  size_t close = text.find(kLanguageMark, 1);
  if (close == std::string_view::npos || close > 8)
    return text;
  return text.substr(close + 1);
}

SearchTokenizer::SearchTokenizer() {
  UErrorCode status = U_ZERO_ERROR;
  // The root locale's rules already carry the dictionaries for scripts written without spaces.
  breaker_ = ubrk_open(UBRK_WORD, "", nullptr, 0, &status);
  if (U_FAILURE(status))
    breaker_ = nullptr;
}

SearchTokenizer::~SearchTokenizer() {
  if (breaker_ != nullptr)
    ubrk_close(breaker_);
  for (auto& [language, stemmer] : stemmers_) {
    if (stemmer != nullptr)
      sb_stemmer_delete(stemmer);
  }
}

sb_stemmer* SearchTokenizer::StemmerFor(std::string_view language) {
  auto found = stemmers_.find(language);
  if (found != stemmers_.end())
    return found->second;
  // libstemmer knows ISO 639-1 codes ("en", "de", "ar"); unknown ones give nullptr: no stems.
  std::string code(language);
  sb_stemmer* stemmer = sb_stemmer_new(code.c_str(), "UTF_8");
  stemmers_.emplace(std::move(code), stemmer);
  return stemmer;
}

std::string SearchTokenizer::Fold(std::string_view word) {
  std::string out;
  Tokenize(word, TokenizeMode::kPrefix, [&out](const SearchToken& token) {
    out = token.term;
    return false;
  });
  return out;
}

bool SearchTokenizer::Tokenize(std::string_view text, TokenizeMode mode,
                               const std::function<bool(const SearchToken&)>& visit) {
  if (breaker_ == nullptr)
    return true;
  size_t base = 0;
  std::string language = "en";
  std::string_view body = StripLanguageMark(text);
  if (body.size() != text.size()) {
    base = text.size() - body.size();
    std::string_view tag = text.substr(1, base - 2);
    if (!tag.empty())
      language = std::string(tag);
  }
  sb_stemmer* stemmer = mode == TokenizeMode::kPrefix || mode == TokenizeMode::kPositions
                            ? nullptr
                            : StemmerFor(language);

  UErrorCode status = U_ZERO_ERROR;
  UText utext = UTEXT_INITIALIZER;
  utext_openUTF8(&utext, body.data(), static_cast<int64_t>(body.size()), &status);
  if (U_FAILURE(status))
    return true;
  ubrk_setUText(breaker_, &utext, &status);
  if (U_FAILURE(status)) {
    utext_close(&utext);
    return true;
  }
  bool go_on = true;
  std::string accented, stem_plain;
  // The run of Chinese and Japanese words being read: [run_begin, run_end) of `body`.
  size_t run_begin = 0, run_end = 0;
  auto end_run = [&] {
    if (run_end > run_begin && go_on)
      go_on = VisitCharacterBigrams(body, base, run_begin, run_end, mode, visit);
    run_begin = run_end = 0;
  };
  int32_t start = ubrk_first(breaker_);
  for (int32_t end = ubrk_next(breaker_); end != UBRK_DONE && go_on;
       start = end, end = ubrk_next(breaker_)) {
    int32_t rule = ubrk_getRuleStatus(breaker_);
    if (rule < UBRK_WORD_NONE_LIMIT)
      continue;  // Spaces and punctuation.
    if (rule >= UBRK_WORD_KANA && rule < UBRK_WORD_IDEO_LIMIT) {
      if (run_end != static_cast<size_t>(start))
        end_run();
      if (run_end == run_begin)
        run_begin = static_cast<size_t>(start);
      run_end = static_cast<size_t>(end);
      continue;
    }
    end_run();
    if (!go_on)
      break;
    std::string_view word =
        body.substr(static_cast<size_t>(start), static_cast<size_t>(end - start));
    FoldWord(word, utf16_, folded16_, scratch16_, accented, &folded_);
    if (folded_.empty() || folded_.size() > kMaxTermBytes)
      continue;
    SearchToken token{.term = folded_,
                      .begin = base + static_cast<size_t>(start),
                      .end = base + static_cast<size_t>(end),
                      .colocated = false};
    if (!visit(token)) {
      go_on = false;
      break;
    }
    const bool letters = rule >= UBRK_WORD_LETTER && rule < UBRK_WORD_LETTER_LIMIT;
    if (stemmer == nullptr || !letters)
      continue;
    // Word frequencies follow Zipf's law, so most words were stemmed a moment ago: a cache
    // of recent stems saves the stemmer and the second fold for them (a tenth of indexing).
    stem_key_.assign(reinterpret_cast<const char*>(&stemmer), sizeof stemmer);
    stem_key_ += accented;
    if (auto cached = stem_cache_.find(stem_key_); cached != stem_cache_.end()) {
      stem_ = cached->second;
    } else {
      const sb_symbol* stemmed =
          sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(accented.data()),
                          static_cast<int>(accented.size()));
      stem_.clear();
      if (stemmed != nullptr) {
        std::string_view stem(reinterpret_cast<const char*>(stemmed),
                              static_cast<size_t>(sb_stemmer_length(stemmer)));
        // The stem loses its diacritics too, so "é" and "e" spellings share it.
        FoldWord(stem, utf16_, folded16_, scratch16_, stem_plain, &stem_);
      }
      if (stem_cache_.size() >= kStemCacheEntries)
        stem_cache_.clear();
      stem_cache_.emplace(stem_key_, stem_);
    }
    if (stem_.empty())
      continue;
    token.colocated = true;
    if (mode == TokenizeMode::kDocument && stem_ == folded_)
      continue;  // The word is its own stem; a query's bare stem finds it.
    stem_plain.assign(1, kStemMark);
    stem_plain += stem_;
    token.term = stem_plain;
    if (!visit(token)) {
      go_on = false;
      break;
    }
    if (mode == TokenizeMode::kQuery && stem_ != folded_) {
      token.term = stem_;
      if (!visit(token)) {
        go_on = false;
        break;
      }
    }
  }
  end_run();
  utext_close(&utext);
  return go_on;
}

bool SearchTokenizer::VisitCharacterBigrams(std::string_view body, size_t base, size_t begin,
                                            size_t end, TokenizeMode mode,
                                            const std::function<bool(const SearchToken&)>& visit) {
  bounds_.clear();
  for (int32_t i = static_cast<int32_t>(begin); i < static_cast<int32_t>(end);) {
    bounds_.push_back(static_cast<size_t>(i));
    UChar32 c;
    U8_NEXT(body.data(), i, static_cast<int32_t>(end), c);
  }
  bounds_.push_back(end);
  const size_t chars = bounds_.size() - 1;
  std::string accented;
  // Characters [from, to) of the run as one term.
  auto emit = [&](size_t from, size_t to, bool colocated) {
    const size_t at = bounds_[from];
    FoldWord(body.substr(at, bounds_[to] - at), utf16_, folded16_, scratch16_, accented, &folded_);
    if (folded_.empty())
      return true;
    return visit(
        {.term = folded_, .begin = base + at, .end = base + bounds_[to], .colocated = colocated});
  };
  if (chars == 1)
    return emit(0, 1, false);
  if (mode == TokenizeMode::kQuery || mode == TokenizeMode::kPrefix) {
    // A phrase of the query's bigrams, which the document holds at consecutive positions.
    for (size_t i = 0; i + 1 < chars; ++i) {
      if (!emit(i, i + 2, false))
        return false;
    }
    return true;
  }
  // One position per character: the bigram starting there (the last character alone), and in
  // documents the character itself beside it, which a one-character query finds.
  for (size_t i = 0; i < chars; ++i) {
    const bool last = i + 1 == chars;
    if (!emit(i, last ? i + 1 : i + 2, false))
      return false;
    if (!last && mode == TokenizeMode::kDocument && !emit(i, i + 1, true))
      return false;
  }
  return true;
}

}  // namespace wiredesk::core
