#include "core/words.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Words, SplitsAtAnythingButLettersAndDigitsAndLowerCasesAscii) {
  EXPECT_THAT(Words("AT&T's Q3 profit: +12%, (Reuters)"),
              ElementsAre("at", "t", "s", "q3", "profit", "12", "reuters"));
}

TEST(Words, KeepsNonAsciiWordsWhole) {
  EXPECT_THAT(
      Words("Zürich, 東京 and São Paulo"),
      ElementsAre("z\xC3\xBCrich", "\xE6\x9D\xB1\xE4\xBA\xAC", "and", "s\xC3\xA3o", "paulo"));
}

TEST(Words, HtmlModeSkipsTagsAndReferences) {
  EXPECT_THAT(Words("<p class=\"lead\">Bread &amp; butter<br/>prices</p>", TextKind::kHtml),
              ElementsAre("bread", "butter", "prices"));
  // In plain mode the same characters are text.
  EXPECT_THAT(Words("a<b>c", TextKind::kPlain), ElementsAre("a", "b", "c"));
  // An unclosed tag hides the rest; a lone ampersand is a separator.
  EXPECT_THAT(Words("x &y <z", TextKind::kHtml), ElementsAre("x", "y"));
}

TEST(Words, EmptyAndSeparatorOnlyTextHasNoWords) {
  EXPECT_THAT(Words(""), IsEmpty());
  EXPECT_THAT(Words(" ,.;-- "), IsEmpty());
}

TEST(Words, WordsNeedingNoFoldingAreViewsIntoTheText) {
  const std::string text = "bank OF england";
  std::vector<bool> inside;
  std::vector<std::string> seen;
  ForEachWord(text, TextKind::kPlain, [&](std::string_view word) {
    inside.push_back(word.data() >= text.data() && word.data() < text.data() + text.size());
    seen.emplace_back(word);
  });
  EXPECT_THAT(seen, ElementsAre("bank", "of", "england"));
  EXPECT_THAT(inside, ElementsAre(true, false, true));
}

}  // namespace
}  // namespace wiredesk::core
