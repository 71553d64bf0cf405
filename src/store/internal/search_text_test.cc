#include "store/internal/search_text.h"

#include <gtest/gtest.h>

namespace wiredesk::store::internal {
namespace {

TEST(HtmlToSearchText, KeepsTheWordsOfTheTextAndDropsTheMarkup) {
  EXPECT_EQ(HtmlToSearchText("<p>Storm <b>hits</b> the coast</p>"), "Storm hits the coast");
  // A tag separates words even where the source had no space.
  EXPECT_EQ(HtmlToSearchText("<p>one</p><p>two</p>"), "one two");
  // A comment, unlike a tag, joins what is either side of it, as a browser shows it.
  EXPECT_EQ(HtmlToSearchText("wire<!-- a comment -->less"), "wireless");
  EXPECT_EQ(HtmlToSearchText("a<script>var x = 1;</script>b<STYLE type=x>p{}</style>c"), "a b c");
  EXPECT_EQ(HtmlToSearchText("<p>open script <script>never closed"), "open script");
}

TEST(HtmlToSearchText, FoldsEveryRunOfWhiteSpaceToOneSpace) {
  EXPECT_EQ(HtmlToSearchText("  \t a \r\n\v\f b  "), "a b");
  EXPECT_EQ(HtmlToSearchText("a&nbsp;&#32;b"), "a b");
  EXPECT_EQ(HtmlToSearchText(""), "");
  EXPECT_EQ(HtmlToSearchText(" <br> "), "");
}

TEST(HtmlToSearchText, DecodesReferencesAndKeepsABareAmpersand) {
  EXPECT_EQ(HtmlToSearchText("AT&amp;T &lt;up&gt; &quot;x&quot; &apos;y&apos;"),
            "AT&T <up> \"x\" 'y'");
  EXPECT_EQ(HtmlToSearchText("caf&#233; &#xE9;t&#xe9;"), "caf\xC3\xA9 \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(HtmlToSearchText("a&mdash;b&ndash;c"),
            "a\xE2\x80\x94"
            "b\xE2\x80\x93"
            "c");
  EXPECT_EQ(HtmlToSearchText("Q&A & more &unknown; &#;"), "Q&A & more &unknown; &#;");
}

TEST(HtmlToSearchText, StoryTextCannotForgeASnippetMark) {
  const std::string marked = "x" + std::string(kMarkOpen) + "y" + std::string(kMarkClose) + "z";
  EXPECT_EQ(HtmlToSearchText(marked), "xyz");
  EXPECT_EQ(HtmlToSearchText("x&#57344;y&#xE001;z"), "xyz");
  // Next to a reference, whose text is added apart from the run before it.
  EXPECT_EQ(HtmlToSearchText("x\xEE\x80\x80&amp;" + std::string(kMarkClose)), "x&");
}

}  // namespace
}  // namespace wiredesk::store::internal
