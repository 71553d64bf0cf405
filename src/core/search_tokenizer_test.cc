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
  EXPECT_THAT(Terms("東京都に住んでいます", TokenizeMode::kPrefix).size(), testing::Gt(2u));
  EXPECT_THAT(Terms("我们在北京大学学习", TokenizeMode::kPrefix).size(), testing::Gt(2u));
  EXPECT_THAT(Terms("ภาษาไทยง่ายนิดเดียว", TokenizeMode::kPrefix).size(), testing::Gt(1u));
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
