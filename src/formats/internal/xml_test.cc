#include "formats/internal/xml.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats::internal {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

TEST(NumericHtmlReferences, TurnsHtmlNamesIntoNumericReferences) {
  EXPECT_EQ(NumericHtmlReferences("caf&eacute;&nbsp;&mdash;&hellip;"),
            "caf&#xE9;&#xA0;&#x2014;&#x2026;");
  // Names from the far end of the HTML5 table, and one standing for two characters.
  EXPECT_EQ(NumericHtmlReferences("&CounterClockwiseContourIntegral;&NotEqualTilde;"),
            "&#x2233;&#x2242;&#x338;");
  // XML's own five, numeric references, unknown names and bare ampersands stay.
  constexpr std::string_view kKept = "&amp;&lt;&gt;&quot;&apos;&#233;&#xE9;&bogus; a & b &c";
  EXPECT_EQ(NumericHtmlReferences(kKept), kKept);
}

TEST(NumericHtmlReferences, LeavesCdataCommentsAndDeclarationsAlone) {
  constexpr std::string_view kText =
      "<!DOCTYPE x><?pi &eacute;?><x a=\"&eacute;\"><![CDATA[&eacute;]]><!-- &eacute; -->"
      "&eacute;</x>";
  EXPECT_EQ(NumericHtmlReferences(kText),
            "<!DOCTYPE x><?pi &eacute;?><x a=\"&#xE9;\"><![CDATA[&eacute;]]><!-- &eacute; -->"
            "&#xE9;</x>");
}

TEST(SniffXml, FindsTheRootInUtf8AndInUtf16WithOrWithoutAByteOrderMark) {
  const std::string ascii = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"/>";
  XmlSniff plain = SniffXml(ascii);
  EXPECT_EQ(plain.root, "rss");
  EXPECT_EQ(plain.head().data(), ascii.data());  // A view of the bytes, not a copy.
  std::string little = "\xFF\xFE", little_bare, big_bare;
  for (char c : ascii) {
    little += {c, '\0'};
    little_bare += {c, '\0'};
    big_bare += {'\0', c};
  }
  for (const std::string& wide : {little, little_bare, big_bare}) {
    XmlSniff sniff = SniffXml(wide);
    EXPECT_EQ(sniff.root, "rss");
    // Decoded from whole four-byte groups only, so the head may stop a character short.
    EXPECT_THAT(sniff.head(), HasSubstr("<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss"));
  }
}

TEST(MayHaveHtmlReferences, IsFalseOnlyWhereTheRewriteChangesNothing) {
  for (std::string_view text :
       {"", "plain", "&amp;&lt;&gt;&quot;&apos;", "&#233;&#xE9; a & b &c &1a; &bogus",
        "<![CDATA[&amp;]]>", "a &amp;b; c"}) {
    EXPECT_FALSE(MayHaveHtmlReferences(text)) << text;
    EXPECT_EQ(NumericHtmlReferences(text), text);
  }
  for (std::string_view text : {"caf&eacute;", "&nbsp;", "x&mdash;", "&bogus;"}) {
    EXPECT_TRUE(MayHaveHtmlReferences(text)) << text;
  }
  // Context is not looked at: a name in CDATA makes it a maybe, and the rewrite leaves it.
  EXPECT_TRUE(MayHaveHtmlReferences("<![CDATA[&eacute;]]>"));
  EXPECT_EQ(NumericHtmlReferences("<![CDATA[&eacute;]]>"), "<![CDATA[&eacute;]]>");
  EXPECT_EQ(NumericHtmlReferences("caf&eacute;"), "caf&#xE9;");
}

TEST(LoadXml, NestingAtTheDepthLimitIsReadAndOneLevelMoreIsRefused) {
  ParseOptions options;
  options.max_depth = 4;
  std::vector<std::string> warnings;
  XmlDocument at_limit;
  EXPECT_TRUE(LoadXml("<a><b><c><d/></c></b></a>", options, "", at_limit, warnings));
  XmlDocument few_tags;
  EXPECT_TRUE(LoadXml("<a><b/><c/></a>", options, "", few_tags, warnings));
  XmlDocument too_deep;
  core::Status deep = LoadXml("<a><b><c><d><e/></d></c></b></a>", options, "", too_deep, warnings);
  ASSERT_FALSE(deep);
  EXPECT_EQ(deep.error().code(), core::ErrorCode::kResourceExhausted);
}

// Documents with more tags than the depth limit have their nesting bounded from the text
// (xml.cc, NestingBound); end tags and "/>" that pugixml does not read as markup must not
// lower that bound, or a deep tree would get past the limit.
TEST(LoadXml, DepthLimitHoldsWhenCommentsCdataAndAttributesHoldEndTags) {
  ParseOptions options;
  options.max_depth = 4;
  std::vector<std::string> warnings;
  XmlDocument siblings;
  EXPECT_TRUE(LoadXml("<a><b><c/></b><b><c/></b><b x=\"</b>\"><c/></b><?pi <b>?></a>", options, "",
                      siblings, warnings));
  for (std::string_view disguised : {
           "<a><b><!-- </b></a> --><c><d><e/></d></c></b></a>",
           "<a><b><![CDATA[</b></a>]]><c><d><e/></d></c></b></a>",
           "<a><b x=\"/>\"><c y='/>'><d><e/></d></c></b></a>",
           "<a><b x=\"</b></a>\"><c><d><e/></d></c></b></a>",
           "<?pi </a></b>?><a><b><c><d><e/></d></c></b></a>",
           "<!DOCTYPE a><a><b><c><d><e/></d></c></b></a>",
       }) {
    XmlDocument too_deep;
    core::Status deep = LoadXml(disguised, options, "", too_deep, warnings);
    ASSERT_FALSE(deep) << disguised;
    EXPECT_EQ(deep.error().code(), core::ErrorCode::kResourceExhausted) << disguised;
  }
}

TEST(LoadXml, DecodesHtmlNamedEntitiesEverywhereAParserLooks) {
  // XML knows five names; feeds copied from HTML use the rest. Each field kind must show the
  // character, not "&eacute;" escaped once more.
  constexpr std::string_view kAtom = R"(<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">Caf&eacute; &mdash; news</title>
  <entry><id>1</id><title>A&nbsp;B</title>
    <category term="x" label="Cr&egrave;me"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&laquo;hi&raquo;</div></content>
  </entry>
</feed>)";
  auto feed = ParseFeed(kAtom);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "Café — news");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "A\u00A0B");  // A no-break space is a character.
  EXPECT_EQ(feed->items[0].subjects.at(0).name, "Crème");
  EXPECT_EQ(feed->items[0].body_html, "«hi»");

  constexpr std::string_view kNitf =
      "<nitf><head><docdata><doc-id id-string=\"n1\"/></docdata></head><body><body.head>"
      "<hedline><hl1>Pe&ntilde;a wins</hl1></hedline></body.head>"
      "<body.content><p>&copy; text</p></body.content></body></nitf>";
  auto nitf = ParseFeed(kNitf);
  ASSERT_TRUE(nitf) << nitf.error().ToString();
  ASSERT_EQ(nitf->items.size(), 1u);
  EXPECT_EQ(nitf->items[0].headline, "Peña wins");
  EXPECT_EQ(nitf->items[0].body_html, "<p>© text</p>");
}

TEST(LoadXml, ReadsUndeclaredNamespacePrefixes) {
  // The dc:, content: and media: prefixes are used without xmlns declarations, as real feeds
  // do; a prefix we do not know is ignored rather than failing the document.
  constexpr std::string_view kRss = R"(<rss version="2.0"><channel><title>t</title>
  <item><guid>1</guid><dc:creator>Ann Writer</dc:creator>
    <content:encoded><![CDATA[<p>Body</p>]]></content:encoded>
    <media:content url="https://example.com/a.jpg" type="image/jpeg"/>
    <foo:bar>ignored</foo:bar>
  </item></channel></rss>)";
  auto feed = ParseFeed(kRss);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].byline, "Ann Writer");
  EXPECT_EQ(feed->items[0].body_html, "<p>Body</p>");
  ASSERT_EQ(feed->items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed->items[0].enclosures[0].url, "https://example.com/a.jpg");

  // A NewsML-G2 item whose elements carry a prefix bound nowhere.
  constexpr std::string_view kG2 =
      "<ns0:newsItem guid=\"urn:x:1\" version=\"2\"><ns0:itemMeta><ns0:pubStatus "
      "qcode=\"stat:usable\"/></ns0:itemMeta><ns0:contentMeta><ns0:headline>Undeclared"
      "</ns0:headline></ns0:contentMeta></ns0:newsItem>";
  auto g2 = FindFormat("newsml-g2")->Parse(kG2, {});
  ASSERT_TRUE(g2) << g2.error().ToString();
  ASSERT_EQ(g2->items.size(), 1u);
  EXPECT_EQ(g2->items[0].headline, "Undeclared");
  EXPECT_EQ(g2->items[0].version.value_or(0), 2);
}

TEST(LoadXml, ResolvesXmlBaseInRssToo) {
  constexpr std::string_view kRss = R"(<rss version="2.0" xml:base="https://example.com/news/">
  <channel><title>t</title><link>front/</link>
  <item xml:base="2025/"><guid>1</guid><link>story.html</link>
    <enclosure url="pic.jpg" type="image/jpeg" length="10"/>
    <description>&lt;a href="more.html"&gt;more&lt;/a&gt;</description></item>
  </channel></rss>)";
  auto feed = ParseFeed(kRss);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.link, "https://example.com/news/front/");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].link, "https://example.com/news/2025/story.html");
  ASSERT_EQ(feed->items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed->items[0].enclosures[0].url, "https://example.com/news/2025/pic.jpg");
  EXPECT_THAT(feed->items[0].body_html,
              HasSubstr("href=\"https://example.com/news/2025/more.html\""));
}

TEST(LoadXml, KeepsTheWellFormedPrefixOfATruncatedDocument) {
  for (std::string_view format : {"rss", "atom", "newsml-g2"}) {
    std::string doc;
    if (format == "rss") {
      doc =
          "<rss version=\"2.0\"><channel><title>t</title><item><guid>1</guid><title>One"
          "</title></item><item><guid>2</guid><title>Tw";
    } else if (format == "atom") {
      doc =
          "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>t</title><entry><id>1</id>"
          "<title>One</title></entry><entry><id>2</id><title>Tw";
    } else {
      doc =
          "<newsMessage xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><itemSet>"
          "<newsItem guid=\"urn:1\" version=\"1\"><contentMeta><headline>One</headline>"
          "</contentMeta></newsItem><newsItem guid=\"urn:2\" version=\"1\"><contentMeta>"
          "<headline>Tw";
    }
    auto feed = FindFormat(format)->Parse(doc, {});
    ASSERT_TRUE(feed) << format << ": " << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), 1u) << format;
    EXPECT_EQ(feed->items[0].headline, "One") << format;
    EXPECT_THAT(feed->warnings, Contains(HasSubstr("kept what precedes it"))) << format;
    EXPECT_THAT(feed->warnings, Contains("item 2: cut off by an XML error; skipped")) << format;
  }
}

TEST(BaseOf, ResolvesNestedXmlBaseAgainstTheDocumentUrl) {
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string("<a xml:base=\"/x/\"><b xml:base=\"y/\"><c/></b></a>"));
  pugi::xml_node c = doc.child("a").child("b").child("c");
  EXPECT_EQ(BaseOf(c, "https://example.com/feed.xml"), "https://example.com/x/y/");
  EXPECT_EQ(BaseOf(doc.child("a"), ""), "/x/");
}

TEST(ChildElements, AnswersAsChildAndChildrenDo) {
  pugi::xml_document doc;
  ASSERT_TRUE(
      doc.load_string("<m xmlns:g=\"urn:g\">text<by>one</by><!-- c --><g:by>two</g:by>"
                      "<headline/><by><by>nested</by></by></m>"));
  pugi::xml_node meta = doc.child("m");
  const ChildElements index(meta);
  for (std::string_view local : {"by", "headline", "absent", ""}) {
    EXPECT_EQ(index.First(local), Child(meta, local)) << local;
    EXPECT_EQ(index.All(local), Children(meta, local)) << local;
  }
  EXPECT_EQ(index.All("by").size(), 3u);
  EXPECT_FALSE(ChildElements(pugi::xml_node()).First("by"));
}

}  // namespace
}  // namespace wiredesk::formats::internal
