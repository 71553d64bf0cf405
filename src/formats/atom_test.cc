#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

core::Result<ParsedFeed> ParseAtom(std::string_view xml, ParseOptions options = {}) {
  const FeedFormat* format = FindFormat("atom");
  EXPECT_NE(format, nullptr);
  return format->Parse(xml, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

TEST(AtomParser, ReadsFeedAndEntryFields) {
  constexpr std::string_view kXml = R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-US">
  <title type="text">Wire &amp; Co</title>
  <subtitle>Latest stories</subtitle>
  <link rel="self" href="https://wire.example.com/atom.xml"/>
  <link rel="alternate" type="text/html" href="https://wire.example.com/"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2025-03-01T12:00:00Z</updated>
  <rights>(c) 2025 Wire</rights>
  <generator uri="https://example.com/gen">GenX</generator>
  <logo>https://wire.example.com/logo.png</logo>
  <author><name>Desk</name><email>desk@wire.example.com</email></author>
  <entry>
    <title type="html">Rates &lt;em&gt;rise&lt;/em&gt;</title>
    <link rel="alternate" href="https://wire.example.com/rates"/>
    <link rel="enclosure" type="audio/mpeg" length="1337" href="https://wire.example.com/r.mp3"/>
    <id>tag:wire.example.com,2025:rates</id>
    <published>2025-03-01T10:00:00+02:00</published>
    <updated>2025-03-01T11:30:00Z</updated>
    <author><name>Ann Lee</name><uri>https://wire.example.com/ann</uri></author>
    <author><name>Bo Chan</name></author>
    <category term="economy" scheme="https://wire.example.com/cat/" label="Economy"/>
    <category term="rates"/>
    <summary type="html">&lt;p&gt;Rates went &lt;b&gt;up&lt;/b&gt;.&lt;/p&gt;</summary>
    <content type="html"><![CDATA[<p>The bank raised rates &amp; said more.</p>]]></content>
  </entry>
</feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "atom1.0");
  EXPECT_EQ(feed->feed.title, "Wire & Co");
  EXPECT_EQ(feed->feed.description, "Latest stories");
  EXPECT_EQ(feed->feed.link, "https://wire.example.com/");
  EXPECT_EQ(feed->feed.id, "urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6");
  EXPECT_EQ(Time(feed->feed.updated), "2025-03-01T12:00:00Z");
  EXPECT_EQ(feed->feed.rights, "(c) 2025 Wire");
  EXPECT_EQ(feed->feed.generator, "GenX");
  EXPECT_EQ(feed->feed.image_url, "https://wire.example.com/logo.png");
  EXPECT_EQ(feed->feed.language, "en-US");
  ASSERT_EQ(feed->feed.authors.size(), 1u);
  EXPECT_EQ(feed->feed.authors[0].email, "desk@wire.example.com");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "tag:wire.example.com,2025:rates");
  EXPECT_EQ(item.headline, "Rates rise");
  EXPECT_EQ(item.link, "https://wire.example.com/rates");
  EXPECT_EQ(Time(item.published), "2025-03-01T08:00:00Z");
  EXPECT_EQ(Time(item.updated), "2025-03-01T11:30:00Z");
  ASSERT_EQ(item.authors.size(), 2u);
  EXPECT_EQ(item.authors[0].uri, "https://wire.example.com/ann");
  EXPECT_EQ(item.byline, "Ann Lee, Bo Chan");
  ASSERT_EQ(item.subjects.size(), 2u);
  EXPECT_EQ(item.subjects[0].name, "Economy");
  EXPECT_EQ(item.subjects[0].code, "economy");
  EXPECT_EQ(item.subjects[0].scheme, "https://wire.example.com/cat/");
  EXPECT_EQ(item.subjects[1].name, "rates");
  EXPECT_EQ(item.subjects[1].code, "");
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].length, 1337);
  EXPECT_THAT(item.summary, HasSubstr("<b>up</b>"));
  EXPECT_EQ(item.body_text_sha256,
            sanitize::TextSha256("<p>The bank raised rates &amp; said more.</p>"));
  EXPECT_THAT(item.body_html, HasSubstr("The bank raised rates &amp; said more."));
  EXPECT_EQ(item.language, "en-US");
  EXPECT_EQ(item.rights, "(c) 2025 Wire");
  EXPECT_THAT(feed->warnings, IsEmpty());
}

TEST(AtomParser, SerialisesXhtmlContentWithoutPrefixes) {
  constexpr std::string_view kXml = R"(<a:feed xmlns:a="http://www.w3.org/2005/Atom">
<a:entry><a:id>x1</a:id><a:title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Hello <b>there</b></div></a:title>
<a:content type="xhtml"><xh:div xmlns:xh="http://www.w3.org/1999/xhtml"><xh:p>One <xh:em>two</xh:em> &amp; three</xh:p><xh:p/><xh:br/></xh:div></a:content>
</a:entry></a:feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.headline, "Hello there");
  // The wrapping div is not content; prefixes and xmlns go; empty elements get end tags.
  constexpr std::string_view kReceived = "<p>One <em>two</em> &amp; three</p><p></p><br>";
  EXPECT_EQ(item.body_text_sha256, sanitize::TextSha256(kReceived));
  EXPECT_THAT(item.body_html, HasSubstr("<em>two</em>"));
  EXPECT_THAT(item.body_html, Not(HasSubstr("xh:")));
}

TEST(AtomParser, TextConstructsKeepLiteralAngleBrackets) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>t</id><title type="text">if a &lt;b&gt; c</title>
<content type="text">x &lt; y &amp;&amp; z</content></entry></feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "if a <b> c");
  EXPECT_EQ(sanitize::ExtractText(feed->items[0].body_html), "x < y && z");
}

TEST(AtomParser, ResolvesAgainstXmlBase) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom"
    xml:base="https://example.org/blog/">
<link href="./"/>
<entry xml:base="2025/"><id>b1</id><link href="post-1"/>
<content type="html">&lt;a href="img/x"&gt;x&lt;/a&gt;</content></entry>
<entry><id>b2</id><link href="/about"/></entry>
</feed>)";
  ParseOptions options;
  options.base_url = "https://ignored.example.net/feed";
  auto feed = ParseAtom(kXml, options);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.link, "https://example.org/blog/");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].link, "https://example.org/blog/2025/post-1");
  EXPECT_EQ(feed->items[1].link, "https://example.org/about");
}

TEST(AtomParser, UsesLinkWhenIdMissingAndSkipsEntriesWithNeither) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>By link</title><link href="https://example.org/1"/></entry>
<entry><title>Nothing</title></entry>
<entry><title>By id</title><id>urn:x:3</id></entry>
</feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].guid, "https://example.org/1");
  EXPECT_EQ(feed->items[1].guid, "urn:x:3");
  EXPECT_THAT(feed->warnings, Contains("item 2: no guid or link; skipped"));
}

TEST(AtomParser, LanguageUsesBcp47Hyphens) {
  auto feed = ParseAtom(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en_US">
<title>t</title><entry><id>1</id></entry></feed>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.language, "en-US");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].language, "en-US");
}

TEST(AtomParser, EntriesWithoutAuthorsInheritTheFeeds) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom">
<author><name>House</name></author>
<entry><id>1</id></entry><entry><id>2</id><author><name>Own</name></author></entry></feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].byline, "House");
  EXPECT_EQ(feed->items[1].byline, "Own");
}

TEST(AtomParser, DecodesAtom03Base64TextConstructs) {
  // "Example <b>Atom</b>" and "<p>History of the &lt;blink&gt; tag</p>", base64-encoded.
  auto feed = ParseAtom(R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title type="text/html" mode="base64">RXhhbXBsZSA8Yj5BdG9tPC9iPg==</title>
<tagline mode="base64">
PHA+SGlzdG9yeSBvZiB0aGUgJmx0O2JsaW5rJmd0OyB0YWc8L3A+
</tagline>
<copyright mode="base64">not base64!</copyright></feed>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "Example Atom");
  EXPECT_EQ(feed->feed.description, "<p>History of the &lt;blink&gt; tag</p>");
  EXPECT_EQ(feed->feed.rights, "");
}

TEST(AtomParser, ReadsAtom03) {
  constexpr std::string_view kXml = R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
<title>Old</title><tagline>Still here</tagline><copyright>(c) old</copyright>
<modified>2004-01-01T00:00:00Z</modified>
<entry><id>tag:old,2004:1</id><title>Entry</title>
<issued>2003-12-31T23:00:00-01:00</issued><modified>2004-01-01T01:00:00Z</modified>
<content type="text/html" mode="escaped">&lt;p&gt;Old &lt;i&gt;style&lt;/i&gt;&lt;/p&gt;</content>
</entry></feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "atom0.3");
  EXPECT_EQ(feed->feed.description, "Still here");
  EXPECT_EQ(feed->feed.rights, "(c) old");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(Time(feed->items[0].published), "2004-01-01T00:00:00Z");
  EXPECT_EQ(Time(feed->items[0].updated), "2004-01-01T01:00:00Z");
  EXPECT_THAT(feed->items[0].body_html, HasSubstr("<i>style</i>"));
}

TEST(AtomParser, MalformedEntryAmongGoodOnesBecomesAWarning) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom">
<entry><id>1</id></entry>
<entry><id>2</id><title>a < b</title></entry>
<entry><id>3</id></entry>
</feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].guid, "1");
  EXPECT_EQ(feed->items[1].guid, "3");
  EXPECT_THAT(feed->warnings, Contains(HasSubstr("<entry>")));
}

TEST(AtomParser, ReadsAStandaloneEntryDocument) {
  auto feed = ParseAtom(
      R"(<entry xmlns="http://www.w3.org/2005/Atom"><id>solo</id><title>Solo</title></entry>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Solo");
}

TEST(AtomParser, IgnoresExtensionElementsThatShareAtomNames) {
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom"
    xmlns:x="https://example.com/ext">
<entry><id>real</id><x:id>fake</x:id><x:title>Fake</x:title><title>Real</title></entry></feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "real");
  EXPECT_EQ(feed->items[0].headline, "Real");
}

TEST(AtomParser, ReadsAFeedInAnEarlyDraftNamespace) {
  auto feed = ParseFeed(R"(<feed version="0.3" xmlns="http://purl.org/echo/">
<title>Echo</title><entry><id>e1</id><title>Old draft</title></entry></feed>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "atom0.3");
  EXPECT_EQ(feed->feed.title, "Echo");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Old draft");
}

TEST(AtomParser, DecodesBase64TextConstructsOfOtherTypesAsText) {
  // RFC 4287 4.1.3.3 carries other media types in base64; feeds do that for titles too.
  constexpr std::string_view kXml = R"(<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="application/octet-stream">
    RXhhbXBsZSA8Yj5BdG9tPC9iPg==
  </title>
  <rights type="image/png">iVBORw0KGgo=</rights>
  <subtitle type="image/svg+xml"><svg xmlns="http://www.w3.org/2000/svg"/></subtitle>
</feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title, "Example <b>Atom</b>");
  EXPECT_EQ(feed->feed.rights, "");  // Binary: no text.
  EXPECT_EQ(feed->feed.description, "");
}

TEST(AtomParser, ReadsAtom03AuthorHomepageAsUri) {
  constexpr std::string_view kXml = R"(<feed version="0.3" xmlns="http://purl.org/atom/ns#">
  <author><name>Ann</name><email>ann@example.com</email><homepage>http://example.com/</homepage></author>
</feed>)";
  auto feed = ParseAtom(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->feed.authors.size(), 1u);
  EXPECT_EQ(feed->feed.authors[0].name, "Ann");
  EXPECT_EQ(feed->feed.authors[0].email, "ann@example.com");
  EXPECT_EQ(feed->feed.authors[0].uri, "http://example.com/");
}

}  // namespace
}  // namespace wiredesk::formats
