#include "core/search_tokenizer.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Terms in order; colocated ones written "|term".
std::vector<std::string> Terms(std::string_view text, TokenizeMode mode = TokenizeMode::kDocument) {
  SearchTokenizer tokenizer;
  std::vector<std::string> out;
  tokenizer.Tokenize(text, mode, [&out](const SearchToken& t) {
    std::string term(t.term);
    if (!term.empty() && term[0] == kStemMark)
      term = "~" + term.substr(1);
    out.push_back(t.colocated ? "|" + term : term);
    return true;
  });
  return out;
}

TEST(SearchTokenizer, FoldsCaseAndDiacritics) {
  EXPECT_THAT(Terms("Café CRÈME Straße", TokenizeMode::kPrefix),
              ElementsAre("cafe", "creme", "strasse"));
}

TEST(SearchTokenizer, StemsEnglishByDefaultBesideTheWord) {
  EXPECT_THAT(Terms("Running dogs run"), ElementsAre("running", "|~run", "dogs", "|~dog", "run"));
}

TEST(SearchTokenizer, QueriesOfferWordMarkedStemAndBareStem) {
  EXPECT_THAT(Terms("running", TokenizeMode::kQuery), ElementsAre("running", "|~run", "|run"));
  EXPECT_THAT(Terms("run", TokenizeMode::kQuery), ElementsAre("run", "|~run"));
  EXPECT_THAT(Terms("runn", TokenizeMode::kPrefix), ElementsAre("runn"));
}

TEST(SearchTokenizer, PositionsModeKeepsTheWordsWithoutStems) {
  EXPECT_THAT(Terms("Running dogs run", TokenizeMode::kPositions),
              ElementsAre("running", "dogs", "run"));
}

TEST(SearchTokenizer, StemsByTheLanguageMark) {
  EXPECT_THAT(Terms(LanguageMarked("de-AT", "Häuser")), ElementsAre("hauser", "|~haus"));
  EXPECT_THAT(Terms(LanguageMarked("fr", "continuellement")),
              ElementsAre("continuellement", "|~continuel"));
  // No Snowball stemmer for Chinese: words only.
  EXPECT_THAT(Terms(LanguageMarked("zh", "running")), ElementsAre("running"));
}

TEST(SearchTokenizer, OffsetsPointIntoTheMarkedText) {
  std::string text = LanguageMarked("fr", "Hi, José!");
  SearchTokenizer tokenizer;
  std::vector<std::string> words;
  tokenizer.Tokenize(text, TokenizeMode::kPrefix, [&](const SearchToken& t) {
    words.push_back(text.substr(t.begin, t.end - t.begin));
    return true;
  });
  EXPECT_THAT(words, ElementsAre("Hi", "José"));
}

TEST(SearchTokenizer, SplitsScriptsWrittenWithoutSpaces) {
  EXPECT_THAT(Terms("ภาษาไทยง่ายนิดเดียว", TokenizeMode::kPrefix).size(), testing::Gt(1u));
}

TEST(SearchTokenizer, ChineseAndJapaneseRunsAreCharacterBigrams) {
  // A position per character: its bigram, and the character beside it; the last alone.
  EXPECT_THAT(Terms("北京大学"), ElementsAre("北京", "|北", "京大", "|京", "大学", "|大", "学"));
  EXPECT_THAT(Terms("北京大学", TokenizeMode::kPositions),
              ElementsAre("北京", "京大", "大学", "学"));
  // A query is the phrase of its bigrams; any part of the run finds it, whatever the
  // dictionary would make of the sentence.
  EXPECT_THAT(Terms("京大", TokenizeMode::kQuery), ElementsAre("京大"));
  EXPECT_THAT(Terms("京大学", TokenizeMode::kQuery), ElementsAre("京大", "大学"));
  EXPECT_THAT(Terms("学", TokenizeMode::kQuery), ElementsAre("学"));
  // Kana and kanji in one run; Latin words, digits and punctuation end it.
  EXPECT_THAT(Terms("東京タワー、Tokyo 2025年", TokenizeMode::kPrefix),
              ElementsAre("東京", "京タ", "タワ", "ワー", "tokyo", "2025", "年"));
  // Korean is written with spaces: words, as before.
  EXPECT_THAT(Terms("서울 대학교", TokenizeMode::kPrefix), ElementsAre("서울", "대학교"));
}

TEST(SearchTokenizer, BigramOffsetsCoverTheirCharacters) {
  const std::string text = "在北京大学";
  SearchTokenizer tokenizer;
  std::vector<std::string> spans;
  tokenizer.Tokenize(text, TokenizeMode::kPositions, [&](const SearchToken& t) {
    spans.push_back(text.substr(t.begin, t.end - t.begin));
    return true;
  });
  EXPECT_THAT(spans, ElementsAre("在北", "北京", "京大", "大学", "学"));
}

TEST(SearchTokenizer, DropsHebrewPointsAndArabicVowelSigns) {
  EXPECT_THAT(Terms("שָׁלוֹם", TokenizeMode::kPrefix), ElementsAre("שלום"));
  EXPECT_THAT(Terms("كِتَاب", TokenizeMode::kPrefix), ElementsAre("كتاب"));
}

TEST(SearchTokenizer, PunctuationAndInvalidBytesAreNoWords) {
  EXPECT_THAT(Terms("... -- !!", TokenizeMode::kPrefix), IsEmpty());
  EXPECT_THAT(Terms(std::string("a\xff\xfe b"), TokenizeMode::kPrefix), ElementsAre("a", "b"));
}

TEST(SearchTokenizer, EnglishNeedsNoMark) {
  EXPECT_EQ(LanguageMarked("en-GB", "x"), "x");
  EXPECT_EQ(LanguageMarked("", "x"), "x");
  EXPECT_EQ(LanguageMarked("de", "x"),
            "\x1F"
            "de\x1F"
            "x");
  EXPECT_EQ(StripLanguageMark(LanguageMarked("de", "x")), "x");
}

TEST(SearchTokenizer, FoldGivesTheFirstWord) {
  SearchTokenizer tokenizer;
  EXPECT_EQ(tokenizer.Fold("Zürich"), "zurich");
  EXPECT_EQ(tokenizer.Fold("..."), "");
}

}  // namespace
}  // namespace wiredesk::core
