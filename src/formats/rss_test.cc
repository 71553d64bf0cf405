#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

core::Result<ParsedFeed> ParseRss(std::string_view xml, ParseOptions options = {}) {
  const FeedFormat* format = FindFormat("rss");
  EXPECT_NE(format, nullptr);
  return format->Parse(xml, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

TEST(RssParser, ReadsChannelAndItemFields) {
  constexpr std::string_view kXml = R"(<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
  <channel>
    <title>Example  News</title>
    <link>https://news.example.com/</link>
    <description>All the news</description>
    <language>en-gb</language>
    <copyright>(c) Example</copyright>
    <generator>HandWritten 1.0</generator>
    <lastBuildDate>Tue, 10 Jun 2025 04:00:00 GMT</lastBuildDate>
    <image><url>https://news.example.com/logo.png</url><title>x</title></image>
    <item>
      <title>Storm hits coast</title>
      <link>https://news.example.com/storm</link>
      <guid isPermaLink="false">storm-123</guid>
      <pubDate>Tue, 10 Jun 2025 03:15:00 +0100</pubDate>
      <author>jo@example.com (Jo Bloggs)</author>
      <category domain="https://news.example.com/sections">Weather</category>
      <category>Coast</category>
      <enclosure url="https://news.example.com/storm.jpg" type="image/jpeg" length="12345"/>
      <description>Waves &lt;b&gt;high&lt;/b&gt;.</description>
    </item>
  </channel>
</rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "rss2.0");
  EXPECT_EQ(feed->encoding, "utf-8");
  EXPECT_EQ(feed->feed.title, "Example News");
  EXPECT_EQ(feed->feed.link, "https://news.example.com/");
  EXPECT_EQ(feed->feed.description, "All the news");
  EXPECT_EQ(feed->feed.language, "en-gb");
  EXPECT_EQ(feed->feed.rights, "(c) Example");
  EXPECT_EQ(feed->feed.generator, "HandWritten 1.0");
  EXPECT_EQ(Time(feed->feed.updated), "2025-06-10T04:00:00Z");
  EXPECT_EQ(feed->feed.image_url, "https://news.example.com/logo.png");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "storm-123");
  EXPECT_EQ(item.headline, "Storm hits coast");
  EXPECT_EQ(item.link, "https://news.example.com/storm");
  EXPECT_EQ(Time(item.published), "2025-06-10T02:15:00Z");
  ASSERT_EQ(item.authors.size(), 1u);
  EXPECT_EQ(item.authors[0].name, "Jo Bloggs");
  EXPECT_EQ(item.authors[0].email, "jo@example.com");
  EXPECT_EQ(item.byline, "Jo Bloggs");
  ASSERT_EQ(item.subjects.size(), 2u);
  EXPECT_EQ(item.subjects[0].name, "Weather");
  EXPECT_EQ(item.subjects[0].scheme, "https://news.example.com/sections");
  EXPECT_EQ(item.subjects[1].name, "Coast");
  EXPECT_EQ(item.subjects[1].scheme, "");
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].url, "https://news.example.com/storm.jpg");
  EXPECT_EQ(item.enclosures[0].type, "image/jpeg");
  EXPECT_EQ(item.enclosures[0].length, 12345);
  // Without content:encoded the description is the body, and there is no summary.
  EXPECT_THAT(item.body_html, HasSubstr("<b>high</b>"));
  EXPECT_EQ(item.body_text_sha256, sanitize::TextSha256("Waves <b>high</b>."));
  EXPECT_THAT(item.summary, IsEmpty());
  // The channel's language and rights apply to its items.
  EXPECT_EQ(item.language, "en-gb");
  EXPECT_EQ(item.rights, "(c) Example");
  EXPECT_THAT(feed->warnings, IsEmpty());
}

TEST(RssParser, KeepsCdataBodyVerbatim) {
  constexpr std::string_view kBody =
      "<p>Markets &amp; money: <b>up</b> 3%</p>\n<p>Second &lt;para&gt;</p>";
  std::string xml = R"(<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>t</title><link>https://example.com/</link>
<item><guid>g1</guid><title>T</title>
<description><![CDATA[<p>Short <i>teaser</i></p>]]></description>
<content:encoded><![CDATA[)" +
                    std::string(kBody) + R"(]]></content:encoded>
</item></channel></rss>)";
  auto feed = ParseRss(xml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  // The hash is of the body exactly as received, entities and all.
  EXPECT_EQ(item.body_text_sha256, sanitize::TextSha256(kBody));
  EXPECT_EQ(sanitize::TextSha256(item.body_html), item.body_text_sha256);
  EXPECT_THAT(item.body_html, HasSubstr("<b>up</b>"));
  EXPECT_THAT(item.body_html, HasSubstr("Markets &amp; money"));
  EXPECT_THAT(item.summary, HasSubstr("<i>teaser</i>"));
}

TEST(RssParser, PlainTextFieldsDecodeEntitiesAndDropMarkup) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel>
<title>  A &amp;amp; B  </title>
<item><guid>g</guid>
<title>Q&amp;A: &lt;b&gt;Big&lt;/b&gt;   news &#8212;
 today&lt;br&gt;again</title>
<dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">Ann &amp; Bob</dc:creator>
</item></channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "A & B");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Q&A: Big news \u2014 today again");
  EXPECT_EQ(feed->items[0].byline, "Ann & Bob");
}

TEST(RssParser, ResolvesRelativeLinksAndDropsUnsafeOnes) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel>
<link>/</link>
<item><title>Rel</title><link>../news/1?a=b</link>
<description>&lt;a href="/more"&gt;more&lt;/a&gt;</description>
<enclosure url="media/1.mp3" type="audio/mpeg" length="bad"/></item>
<item><title>Js</title><guid isPermaLink="false">js</guid><link>javascript:alert(1)</link></item>
<item><title>Permalink</title><guid>/p/3</guid></item>
</channel></rss>)";
  ParseOptions options;
  options.base_url = "https://example.com/feeds/all/rss.xml";
  auto feed = ParseRss(kXml, options);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.link, "https://example.com/");
  ASSERT_EQ(feed->items.size(), 3u);
  EXPECT_EQ(feed->items[0].link, "https://example.com/feeds/news/1?a=b");
  EXPECT_EQ(feed->items[0].guid, "https://example.com/feeds/news/1?a=b");
  ASSERT_EQ(feed->items[0].enclosures.size(), 1u);
  EXPECT_EQ(feed->items[0].enclosures[0].url, "https://example.com/feeds/all/media/1.mp3");
  EXPECT_FALSE(feed->items[0].enclosures[0].length.has_value());
  EXPECT_EQ(feed->items[1].link, "");
  EXPECT_EQ(feed->items[1].guid, "js");
  // A permalink guid stands in for the missing link.
  EXPECT_EQ(feed->items[2].guid, "/p/3");
  EXPECT_EQ(feed->items[2].link, "https://example.com/p/3");
}

TEST(RssParser, SkipsItemWithoutGuidOrLinkAndKeepsTheRest) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel>
<item><title>One</title><guid>1</guid></item>
<item><title>No id</title><description>lost</description></item>
<item><title>Three</title><link>https://example.com/3</link></item>
</channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].headline, "One");
  EXPECT_EQ(feed->items[1].headline, "Three");
  EXPECT_THAT(feed->warnings, Contains("item 2: no guid or link; skipped"));
}

TEST(RssParser, MalformedItemAmongGoodOnesBecomesAWarning) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel>
<item><title>One</title><guid>1</guid></item>
<item><title>Broken</titel><guid>2</guid></item>
<item><title>Three</title><guid>3</guid></item>
</channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].guid, "1");
  EXPECT_EQ(feed->items[1].guid, "3");
  ASSERT_EQ(feed->warnings.size(), 1u);
  EXPECT_THAT(feed->warnings[0], HasSubstr("not well-formed XML"));
}

TEST(RssParser, TruncatedDocumentKeepsCompleteItems) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel>
<item><title>One</title><guid>1</guid></item>
<item><title>Two</title><guid>2</guid><description>cut of)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "1");
  EXPECT_THAT(feed->warnings, Contains(HasSubstr("kept what precedes it")));
  EXPECT_THAT(feed->warnings, Contains("item 2: cut off by an XML error; skipped"));
}

TEST(RssParser, ManagingEditorAcceptsNameBeforeOrAfterAddress) {
  // RSS 2.0 writes "jo@example.com (Jo Bloggs)"; many feeds write it the other way round.
  for (std::string_view editor : {"jo@example.com (Jo Bloggs)", "Jo Bloggs (jo@example.com)"}) {
    std::string xml = "<rss version=\"2.0\"><channel><title>t</title><managingEditor>" +
                      std::string(editor) + "</managingEditor></channel></rss>";
    auto feed = ParseRss(xml);
    ASSERT_TRUE(feed.has_value()) << feed.error().message();
    ASSERT_EQ(feed->feed.authors.size(), 1u) << editor;
    EXPECT_EQ(feed->feed.authors[0].name, "Jo Bloggs") << editor;
    EXPECT_EQ(feed->feed.authors[0].email, "jo@example.com") << editor;
  }
}

TEST(RssParser, ChannelAuthorElementsSplitNameAndAddress) {
  // <author>, dc:author and dc:creator are not RSS 2.0's at channel level, but feeds use them
  // for the editor, in either "Name (email)" order.
  for (std::string_view element : {"author", "dc:author", "dc:creator", "itunes:author"}) {
    for (std::string_view text :
         {"Jo Bloggs (jo+news@example.com)", "jo+news@example.com (Jo Bloggs)"}) {
      std::string xml =
          "<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
          "xmlns:itunes=\"http://www.itunes.com/dtds/podcast-1.0.dtd\"><channel><" +
          std::string(element) + ">" + std::string(text) + "</" + std::string(element) +
          "></channel></rss>";
      auto feed = ParseRss(xml);
      ASSERT_TRUE(feed.has_value()) << feed.error().message();
      ASSERT_EQ(feed->feed.authors.size(), 1u) << xml;
      EXPECT_EQ(feed->feed.authors[0].name, "Jo Bloggs") << xml;
      EXPECT_EQ(feed->feed.authors[0].email, "jo+news@example.com") << xml;
    }
  }
}

TEST(RssParser, FallsBackToDublinCoreAndItunesChannelFields) {
  constexpr std::string_view kXml = R"(<rss version="2.0"
      xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
      xmlns:itunes="http://www.itunes.com/DTDs/Podcast-1.0.dtd">
  <channel>
    <dc:title>Dublin title</dc:title>
    <dcterms:modified>2003-12-31T10:14:55Z</dcterms:modified>
    <itunes:summary>Long summary</itunes:summary>
    <itunes:subtitle>Short subtitle</itunes:subtitle>
    <itunes:image url="https://pod.example.com/art.png"/>
    <item>
      <guid>ep-1</guid>
      <dc:title>Episode one</dc:title>
      <itunes:author>Ann Host</itunes:author>
      <itunes:summary>About &lt;b&gt;one&lt;/b&gt;</itunes:summary>
    </item>
  </channel>
</rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "Dublin title");
  EXPECT_EQ(Time(feed->feed.updated), "2003-12-31T10:14:55Z");
  EXPECT_EQ(feed->feed.description, "Short subtitle");
  EXPECT_EQ(feed->feed.image_url, "https://pod.example.com/art.png");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Episode one");
  EXPECT_EQ(feed->items[0].byline, "Ann Host");
  EXPECT_EQ(feed->items[0].body_html, "About <b>one</b>");
}

TEST(RssParser, RssOwnElementsWinOverFallbacks) {
  constexpr std::string_view kXml = R"(<rss version="2.0"
      xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
  <channel>
    <dc:title>Dublin title</dc:title>
    <title>RSS title</title>
    <description>RSS description</description>
    <itunes:subtitle>Short subtitle</itunes:subtitle>
    <itunes:image href="https://pod.example.com/art.png"/>
    <image><url>https://pod.example.com/logo.png</url></image>
  </channel>
</rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "RSS title");
  EXPECT_EQ(feed->feed.description, "RSS description");
  EXPECT_EQ(feed->feed.image_url, "https://pod.example.com/logo.png");
}

TEST(RssParser, MatchesRssElementNamesWhateverTheirCase) {
  constexpr std::string_view kXml = R"(<rss version="2.0"><channel><TiTlE>Shouty</TiTlE>
  <item><Title>One</Title><GUID>1</GUID><PubDate>Tue, 10 Jun 2025 03:15:00 GMT</PubDate></item>
  </channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "Shouty");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "One");
  EXPECT_EQ(feed->items[0].guid, "1");
  EXPECT_EQ(Time(feed->items[0].published), "2025-06-10T03:15:00Z");
}

TEST(RssParser, RefusesDoctypeThatDeclaresEntities) {
  constexpr std::string_view kXml = R"(<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><item><guid>1</guid><title>&lol2;&xxe;</title></item></channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(feed.error().message(), HasSubstr("DOCTYPE declares entities"));
}

TEST(RssParser, IgnoresDoctypeWithoutEntities) {
  constexpr std::string_view kXml = R"(<?xml version="1.0"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><item><link>https://example.com/a</link><title>A&nbsp;B</title>
</item></channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "rss0.91");
  ASSERT_EQ(feed->items.size(), 1u);
  // An HTML entity XML does not know arrives verbatim and is decoded as HTML.
  EXPECT_EQ(feed->items[0].headline, "A\u00a0B");
}

TEST(RssParser, TranscodesDeclaredLatin1) {
  // "Café – “quoted”" in windows-1252 bytes, labelled ISO-8859-1 as such feeds often are.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel>"
      "<title>Caf\xE9</title><item><guid>1</guid><title>Caf\xE9 \x96 \x93quoted\x94</title>"
      "</item></channel></rss>";
  auto feed = ParseRss(xml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->encoding, "iso-8859-1");
  EXPECT_EQ(feed->feed.title, "Caf\u00e9");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Caf\u00e9 \u2013 \u201cquoted\u201d");
}

TEST(RssParser, TranscodesKoi8r) {
  // "Мир" in KOI8-R.
  std::string xml =
      "<?xml version='1.0' encoding='koi8-r'?><rss version='2.0'><channel><item><guid>1</guid>"
      "<title>\xED\xC9\xD2</title></item></channel></rss>";
  auto feed = ParseRss(xml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->encoding, "koi8-r");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "\u041c\u0438\u0440");
}

TEST(RssParser, ReadsUtf16WithByteOrderMark) {
  std::string ascii =
      "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss version=\"2.0\"><channel><item>"
      "<guid>u16</guid><title>Wide</title></item></channel></rss>";
  std::string utf16 = "\xFF\xFE";
  for (char c : ascii) {
    utf16 += c;
    utf16 += '\0';
  }
  auto feed = ParseRss(utf16);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->encoding, "utf-16le");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Wide");
}

TEST(RssParser, RefusesUnknownEncoding) {
  auto feed = ParseRss("<?xml version='1.0' encoding='x-no-such-charset'?><rss/>");
  ASSERT_FALSE(feed);
  EXPECT_THAT(feed.error().message(), HasSubstr("x-no-such-charset"));
}

TEST(RssParser, ReadsRss10Rdf) {
  constexpr std::string_view kXml = R"(<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://example.org/rss">
    <title>RDF site</title><link>https://example.org/</link><description>d</description>
    <dc:language>fr</dc:language>
  </channel>
  <image rdf:about="https://example.org/i.png"><url>https://example.org/i.png</url></image>
  <item rdf:about="https://example.org/a">
    <title>Article A</title><link>https://example.org/a</link>
    <dc:date>2024-02-29T10:00:00+01:00</dc:date>
    <dc:creator>Marie Curie</dc:creator>
    <dc:subject>Science</dc:subject>
  </item>
</rdf:RDF>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "rss1.0");
  EXPECT_EQ(feed->feed.image_url, "https://example.org/i.png");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "https://example.org/a");
  EXPECT_EQ(Time(item.published), "2024-02-29T09:00:00Z");
  EXPECT_EQ(item.byline, "Marie Curie");
  EXPECT_EQ(item.language, "fr");
  ASSERT_EQ(item.subjects.size(), 1u);
  EXPECT_EQ(item.subjects[0].name, "Science");
}

TEST(RssParser, ReadsMediaContentAsEnclosures) {
  constexpr std::string_view kXml =
      R"(<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><item><guid>m</guid>
<media:content url="https://cdn.example.com/a.jpg" type="image/jpeg" fileSize="99"/>
<media:group><media:content url="https://cdn.example.com/b.mp4" type="video/mp4"/></media:group>
</item></channel></rss>)";
  auto feed = ParseRss(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  ASSERT_EQ(feed->items[0].enclosures.size(), 2u);
  EXPECT_EQ(feed->items[0].enclosures[0].length, 99);
  EXPECT_EQ(feed->items[0].enclosures[1].url, "https://cdn.example.com/b.mp4");
}

TEST(RssParser, WarnsOnUnreadableDateAndKeepsItem) {
  auto feed = ParseRss(
      "<rss version='2.0'><channel><item><guid>1</guid><pubDate>someday</pubDate></item>"
      "</channel></rss>");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_FALSE(feed->items[0].published.has_value());
  EXPECT_THAT(feed->warnings, Contains("item 1 pubDate: unreadable date 'someday'"));
}

TEST(RssParser, RefusesOtherRootElements) {
  auto feed = ParseRss("<html><body/></html>");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
}

TEST(Rfc822Dates, ReadsNamedAndNumericZones) {
  struct Case {
    std::string_view text;
    std::string_view expected;
  };
  constexpr Case kCases[] = {
      {"Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 UT", "2002-09-07T00:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 EST", "2002-09-07T05:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 EDT", "2002-09-07T04:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 PDT", "2002-09-07T07:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 +0000", "2002-09-07T00:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 -0330", "2002-09-07T03:30:01Z"},
      {"7 Sep 2002 23:30 +0200", "2002-09-07T21:30:00Z"},
      {"Sat, 7 Sep 02 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"Saturday, 07 September 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"07 Sep 2002", "2002-09-07T00:00:00Z"},
  };
  for (const Case& c : kCases) {
    auto parsed = internal::ParseRfc822(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(core::FormatRfc3339(*parsed), c.expected) << c.text;
  }
  for (std::string_view bad : {"", "yesterday", "31 Feb 2002 00:00 GMT", "07 Sep 2002 25:00 GMT",
                               "07 Sep 2002 10:00 Mars Time"}) {
    EXPECT_FALSE(internal::ParseRfc822(bad).has_value()) << bad;
  }
  EXPECT_EQ(core::FormatRfc3339(*internal::ParseAnyDate(" 2002-09-07T00:00:01+01:00 ")),
            "2002-09-06T23:00:01Z");
}

}  // namespace
}  // namespace wiredesk::formats
