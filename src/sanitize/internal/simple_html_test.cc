#include "sanitize/internal/simple_html.h"

#include <optional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sanitize/html_sanitizer.h"
#include "sanitize/internal/reference.h"

namespace wiredesk::sanitize::internal {
namespace {

// The fast path's output, or nullopt when it leaves the input to the parser.
std::optional<std::string> Canonical(std::string_view html) {
  std::string out;
  if (!CanonicalizeSimpleHtml(html, out, nullptr))
    return std::nullopt;
  return out;
}

// Whatever path `html` takes, SanitizeHtml and ExtractText must agree with the parser, and an
// accepted input's canonical form and text must be the parser's.
void ExpectSameAsParser(std::string_view html) {
  const std::string reference = SanitizeHtmlByReparsing(html);
  EXPECT_EQ(SanitizeHtml(html), reference) << "input: " << html;
  EXPECT_EQ(ExtractText(html), ExtractTextByParsing(html)) << "input: " << html;
  std::string out;
  std::string text;
  if (CanonicalizeSimpleHtml(html, out, &text)) {
    EXPECT_EQ(out, reference) << "input: " << html;
    EXPECT_EQ(text, ExtractTextByParsing(html)) << "input: " << html;
    // The canonical form is simple and a fixed point.
    EXPECT_EQ(Canonical(out), out) << "input: " << html;
  }
}

TEST(SimpleHtml, EveryKindOfByteIsFoundAtEveryPlaceInALongRun) {
  // Plain runs are scanned sixteen bytes at a time: a byte that ends the run, or a tab, newline
  // or form feed that does not, must be seen wherever it falls in a block.
  for (std::string_view inserted :
       std::vector<std::string_view>{"<b>", "&amp;", ">", "\"", "'", "\t", "\n", "\f", "\r", "\x7f",
                                     "\xC3\xA9", "\xE2\x80\x94", std::string_view("\0", 1)}) {
    for (size_t at = 0; at < 40; ++at) {
      std::string html(40, 'a');
      html.insert(at, inserted);
      ExpectSameAsParser(html);
    }
  }
}

TEST(SimpleHtml, PlainTextIsCopiedWithItsSpecialCharactersEscaped) {
  EXPECT_EQ(Canonical("Hello, world.\n\tSecond line"), "Hello, world.\n\tSecond line");
  EXPECT_EQ(Canonical("a > b \"q\" 'r'"), "a &gt; b &quot;q&quot; &#39;r&#39;");
  EXPECT_EQ(Canonical("caf\u00e9 \u20ac \U0001F600"), "caf\u00e9 \u20ac \U0001F600");
  EXPECT_EQ(Canonical(""), "");
}

TEST(SimpleHtml, WireParagraphsAreCanonicalised) {
  EXPECT_EQ(Canonical("<p>Shares of &lt;AMEX> rose &amp; fell</p>\n<P>Next</P>\n"),
            "<p>Shares of &lt;AMEX&gt; rose &amp; fell</p>\n<p>Next</p>\n");
  EXPECT_EQ(Canonical("<h1>Title</h1><ul><li><b>a</b></li><li>b<br/>c<br />d</li></ul><hr>"),
            "<h2>Title</h2><ul><li><b>a</b></li><li>b<br>c<br>d</li></ul><hr>");
  EXPECT_EQ(Canonical("<blockquote><p><em>x</em> <q>y</q></p></blockquote>"),
            "<blockquote><p><em>x</em> <q>y</q></p></blockquote>");
}

TEST(SimpleHtml, ClosesElementsLeftOpenAtTheEnd) {
  EXPECT_EQ(Canonical("<p>one <b>two"), "<p>one <b>two</b></p>");
  ExpectSameAsParser("<p>one <b>two");
  ExpectSameAsParser("<ul><li>a<li>");
}

TEST(SimpleHtml, LessThanThatStartsNoTagIsText) {
  EXPECT_EQ(Canonical("a < b"), "a &lt; b");
  EXPECT_EQ(Canonical("1<2"), "1&lt;2");
  EXPECT_EQ(Canonical("ends with <"), "ends with &lt;");
  ExpectSameAsParser("a < b");
  ExpectSameAsParser("ends with <");
  ExpectSameAsParser("<");
}

TEST(SimpleHtml, DecodesOnlyReferencesWithAFixedMeaning) {
  EXPECT_EQ(Canonical("&amp;&lt;&gt;&quot;&apos;&nbsp;"), "&amp;&lt;&gt;&quot;&#39;\u00a0");
  EXPECT_EQ(Canonical("&#65;&#x42;&#X43;&#0000068;&#x20AC;"), "ABCD\u20ac");
  EXPECT_EQ(Canonical("AT & T &\n&<b>x</b>&"), "AT &amp; T &amp;\n&amp;<b>x</b>&amp;");
  // Controls from references survive the parse, so they are written as references again.
  EXPECT_EQ(Canonical("&#6;&#127;&#13;"), "&#6;&#127;&#13;");
  for (const char* refused : {"AT&T", "&copy;", "&lt", "&amp", "&#0;", "&#128;", "&#x9F;",
                              "&#xD800;", "&#x110000;", "&#xFFFE;", "&#xFDD0;", "&#xFEFF;", "&#;",
                              "&#x;", "&#65", "&#123456789;", "&ltimes;", "&;"}) {
    EXPECT_EQ(Canonical(refused), std::nullopt) << refused;
    ExpectSameAsParser(refused);
  }
}

TEST(SimpleHtml, RefusesCharactersTheParserRewrites) {
  using namespace std::string_literals;
  for (const std::string& refused : {"a\0b"s, "a\rb"s, "a\r\nb"s, "a\x01"s, "\x0b"s, "\x7f"s,
                                     "\xff"s,                 // Not UTF-8.
                                     "\xc0\xaf"s,             // Overlong "/".
                                     "\xe0\x80\xbc"s,         // Overlong "<".
                                     "\xed\xa0\x80"s,         // A surrogate.
                                     "\xf4\x90\x80\x80"s,     // Past U+10FFFF.
                                     "\xe2\x82"s,             // Truncated at the end.
                                     "\xe2\x82<p>"s,          // Truncated before a tag.
                                     "\xc2\x80"s,             // A C1 control.
                                     "\xef\xb7\x90"s,         // A noncharacter.
                                     "\xef\xbf\xbf"s,         // Another.
                                     "\xef\xbb\xbfText"s}) {  // A byte order mark.
    EXPECT_EQ(Canonical(refused), std::nullopt) << refused;
    ExpectSameAsParser(refused);
  }
}

TEST(SimpleHtml, RefusesMarkupOutsideTheLanguage) {
  for (const char* refused :
       {"<!-- c -->", "<!doctype html>", "<?xml?>", "</>", "a</", "</ p>", "<p class=x>", "<p >",
        "<p", "<a href='http://x'>x</a>", "<img src=x>", "<script>x</script>", "<pre>\nx</pre>",
        "<table><td>x</td></table>", "<br></br>", "</br>", "<hr></hr>", "<p1>", "<my-element>",
        "<P/>x",
        // Start tags that would close or reopen something.
        "<p><p>", "<p><div>", "<p><ul>", "<p><hr>", "<p><h2>", "<h2><h3>", "<p><blockquote>",
        "<li>x", "<div><li>", "<ul><li><li>", "<b><b>", "<b><i><b>",
        // End tags that are not for the current node.
        "</p>", "<p><b></p>", "<b><i></b></i>", "<h2></h3>", "<ul></li>", "x</span>"}) {
    EXPECT_EQ(Canonical(refused), std::nullopt) << refused;
    ExpectSameAsParser(refused);
  }
}

TEST(SimpleHtml, RefusesNestingPastItsDepthLimit) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<span>";
  EXPECT_EQ(Canonical(deep), std::nullopt);
  ExpectSameAsParser(deep);
}

TEST(SimpleHtml, EveryAsciiReferenceMatchesTheParser) {
  for (int cp = 1; cp < 0x80; ++cp) {
    ExpectSameAsParser("<p>&#" + std::to_string(cp) + ";</p>");
    ExpectSameAsParser("x&#x" + std::to_string(cp) + ";y");
  }
}

TEST(SimpleHtml, EveryAsciiByteMatchesTheParser) {
  for (int c = 1; c < 0x80; ++c) {
    ExpectSameAsParser(std::string("<b>a") + static_cast<char>(c) + "b</b>");
    ExpectSameAsParser(std::string("&") + static_cast<char>(c));
    ExpectSameAsParser(std::string("<") + static_cast<char>(c));
  }
}

// Random documents: well-nested trees of the language's elements, some with a token inserted,
// dropped or swapped in from outside the language, each compared with the parser.
class RandomDocuments {
 public:
  explicit RandomDocuments(uint32_t seed) : random_(seed) {}

  std::string Next() {
    tokens_.clear();
    Children(0, /*in_paragraph=*/false, /*in_heading=*/false);
    if (Chance(40) && !tokens_.empty()) {
      const size_t at = Below(tokens_.size());
      switch (Below(3)) {
        case 0:
          tokens_.erase(tokens_.begin() + static_cast<ptrdiff_t>(at));
          break;
        case 1:
          tokens_.insert(tokens_.begin() + static_cast<ptrdiff_t>(at), Pick(kForeign));
          break;
        default:
          tokens_[at] = Pick(kForeign);
      }
    }
    std::string html;
    for (const std::string& token : tokens_) html += token;
    return html;
  }

 private:
  static constexpr const char* kText[] = {
      "text",   " ",      "\n",    "\t",     "\f",     "&amp;",      "&lt;",   "&gt;",  "&quot;",
      "&apos;", "&nbsp;", "&#39;", "&#x41;", "&#6;",   "&#12;",      "&#127;", "& ",    "&<b></b>",
      "a < b",  ">",      "\"",    "'",      "\u00e9", "\U0001F600", "<br>",   "<br/>", "<BR />"};
  static constexpr const char* kInline[] = {"b",    "i",     "em",   "strong", "s",    "u",
                                            "code", "small", "span", "abbr",   "cite", "q",
                                            "sub",  "sup",   "mark", "time"};
  static constexpr const char* kBlock[] = {"p",  "div", "blockquote", "figure", "figcaption", "ul",
                                           "ol", "h1",  "h2",         "h6",     "hr"};
  static constexpr const char* kForeign[] = {"<pre>",        "</pre>",   "<a href=\"http://x/\">",
                                             "</a>",         "<table>",  "<td>",
                                             "<!--c-->",     "<script>", "\r",
                                             "\xef\xbf\xbe", "&copy;",   "&#128;",
                                             "<p/>",         "</br>",    "<li>",
                                             "</li>",        "<p>",      "</p>",
                                             "<b>",          "</b>",     "<div>",
                                             "</i>",         "<h3>",     "<hr>",
                                             "AT&T",         "<",        "</"};

  bool Chance(int percent) { return Below(100) < static_cast<size_t>(percent); }
  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(random_); }
  template <size_t N>
  std::string Pick(const char* const (&from)[N]) {
    return from[Below(N)];
  }

  void Children(int depth, bool in_paragraph, bool in_heading) {
    for (size_t n = Below(5); n > 0; --n) {
      const size_t what = depth > 5 ? 0 : Below(3);
      if (what == 0) {
        tokens_.push_back(Pick(kText));
      } else if (what == 1 || in_paragraph) {
        const std::string name = Pick(kInline);
        Element(name, depth, in_paragraph, in_heading);
      } else {
        const std::string name = Pick(kBlock);
        if (name == "hr") {
          tokens_.push_back("<hr>");
        } else if (name == "ul" || name == "ol") {
          tokens_.push_back("<" + name + ">");
          for (size_t items = Below(4); items > 0; --items) Element("li", depth + 1, false, false);
          if (!Chance(10))
            tokens_.push_back("</" + name + ">");
        } else if (name[0] == 'h') {
          if (!in_heading)
            Element(name, depth, true, true);
        } else {
          Element(name, depth, name == "p", in_heading);
        }
      }
    }
  }

  void Element(const std::string& name, int depth, bool in_paragraph, bool in_heading) {
    tokens_.push_back(
        "<" +
        (Chance(10) ? std::string(1, static_cast<char>(name[0] - 32)) + name.substr(1) : name) +
        ">");
    Children(depth + 1, in_paragraph, in_heading);
    tokens_.push_back("</" + name + ">");
  }

  std::mt19937 random_;
  std::vector<std::string> tokens_;
};

TEST(SimpleHtml, RandomDocumentsMatchTheParser) {
  RandomDocuments documents(20261201);
  int accepted = 0;
  constexpr int kCases = 1500;
  for (int n = 0; n < kCases; ++n) {
    const std::string html = documents.Next();
    std::string out;
    if (CanonicalizeSimpleHtml(html, out, nullptr))
      ++accepted;
    ExpectSameAsParser(html);
    if (HasFailure()) {
      FAIL() << "first failing input: " << html;
    }
  }
  // The comparison means something only if the fast path takes a fair share of the inputs.
  EXPECT_GT(accepted, kCases / 3);
}

}  // namespace
}  // namespace wiredesk::sanitize::internal
