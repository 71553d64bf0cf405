#include "sanitize/internal/markup_scan.h"

#include <string>

#include <gtest/gtest.h>

namespace wiredesk::sanitize::internal {
namespace {

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

constexpr size_t kNoLimit = 1'000'000;

TEST(EstimateNestingDepth, CountsOpenElements) {
  EXPECT_EQ(EstimateNestingDepth("", kNoLimit), 0u);
  EXPECT_EQ(EstimateNestingDepth("just text", kNoLimit), 0u);
  EXPECT_EQ(EstimateNestingDepth("<div><span><b>x</b></span></div>", kNoLimit), 3u);
  EXPECT_EQ(EstimateNestingDepth(Repeat("<div>", 50), kNoLimit), 50u);
  EXPECT_EQ(EstimateNestingDepth(Repeat("<div>x</div>", 500), kNoLimit), 1u);
}

TEST(EstimateNestingDepth, KnowsVoidAndAutoClosingElements) {
  EXPECT_EQ(EstimateNestingDepth(Repeat("<br><img src=x><hr>", 100), kNoLimit), 0u);
  EXPECT_EQ(EstimateNestingDepth(Repeat("<p>para", 1000), kNoLimit), 1u);
  EXPECT_EQ(EstimateNestingDepth("<ul>" + Repeat("<li>item", 1000) + "</ul>", kNoLimit), 2u);
  EXPECT_EQ(EstimateNestingDepth("<table>" + Repeat("<tr><td>c", 1000), kNoLimit), 2u);
}

TEST(EstimateNestingDepth, SkipsCommentsRawTextAndQuotedAttributes) {
  EXPECT_EQ(EstimateNestingDepth("<!--" + Repeat("<div>", 100) + "-->", kNoLimit), 0u);
  EXPECT_EQ(EstimateNestingDepth("<script>" + Repeat("<div>", 100) + "</script>", kNoLimit), 1u);
  EXPECT_EQ(EstimateNestingDepth(Repeat("<a title=\"<div>\">x</a>", 100), kNoLimit), 1u);
}

TEST(EstimateNestingDepth, IgnoresEndTagsOutsideTheirScope) {
  // The parser ignores </div> inside a table and </span> across a <div>; so must the estimate,
  // or it could be talked down while the real tree grows.
  EXPECT_GE(EstimateNestingDepth(Repeat("<div><table></div></table>", 2000), kNoLimit), 2000u);
  EXPECT_GE(EstimateNestingDepth(Repeat("<span><div></span>", 2000), kNoLimit), 2000u);
  EXPECT_GE(EstimateNestingDepth(Repeat("<div><script></div></script>", 2000), kNoLimit), 2000u);
}

TEST(EstimateNestingDepth, StopsPastTheLimit) {
  EXPECT_EQ(EstimateNestingDepth(Repeat("<div>", 100000), 100), 101u);
}

TEST(StripMarkup, RemovesTagsCommentsAndScripts) {
  EXPECT_EQ(StripMarkup("<p class=\"a>b\">Hello <b>world</b></p><!-- c -->!"), "Hello world!");
  EXPECT_EQ(StripMarkup("a<script>if (x < y) {}</script>b<style>p{}</StyLe>c"), "abc");
  EXPECT_EQ(StripMarkup("a &amp; b"), "a &amp; b");
  EXPECT_EQ(StripMarkup("a<plaintext>b"), "a");
}

TEST(StripMarkup, CannotFormNewTags) {
  EXPECT_EQ(StripMarkup("<<b>div>x"), "&lt;div>x");
  EXPECT_EQ(StripMarkup("1 < 2 <"), "1 &lt; 2 &lt;");
}

}  // namespace
}  // namespace wiredesk::sanitize::internal
