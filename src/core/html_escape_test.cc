#include "core/html_escape.h"

#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

TEST(EscapeHtml, EscapesTheFiveCharactersAndKeepsTheRest) {
  EXPECT_EQ(EscapeHtml(R"(<a href="x">Tom & Jerry's</a>)"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("Zürich 東京"), "Zürich 東京");
  std::string out = "<b>";
  AppendEscapedHtml(out, "1 < 2");
  EXPECT_EQ(out, "<b>1 &lt; 2");
}

}  // namespace
}  // namespace wiredesk::core
