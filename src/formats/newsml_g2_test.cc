#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

core::Result<ParsedFeed> ParseG2(std::string_view xml, ParseOptions options = {}) {
  const FeedFormat* format = FindFormat("newsml-g2");
  EXPECT_NE(format, nullptr);
  return format->Parse(xml, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

constexpr std::string_view kFullItem = R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" xmlns:h="http://www.w3.org/1999/xhtml"
    guid="urn:newsml:example.com:20250301:budget" version="7" standard="NewsML-G2"
    xml:lang="en-GB">
  <rightsInfo>
    <copyrightHolder literal="Example Wire"/>
    <copyrightNotice>  (c) 2025 Example
      Wire  </copyrightNotice>
  </rightsInfo>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <versionCreated>2025-03-01T10:30:00+01:00</versionCreated>
    <firstCreated>2025-03-01T08:00:00Z</firstCreated>
    <embargoed>2025-03-02T00:00:00Z</embargoed>
    <pubStatus qcode="withheld"/>
    <edNote>Embargoed until midnight.</edNote>
    <signal qcode="sig:update"/>
    <signal qcode="sig:correction"/>
    <signal qcode="sig:update"/>
    <signal qcode="nmsig:atomic"/>
  </itemMeta>
  <contentMeta>
    <urgency>2</urgency>
    <creator uri="https://example.com/staff/jd"><name>Jane Doe</name></creator>
    <language tag="en"/>
    <subject type="cpnat:abstract" qcode="medtop:20000523">
      <name xml:lang="de">Arbeitsmarkt</name>
      <name xml:lang="en">labour market</name>
    </subject>
    <subject qcode="N2:ECO"/>
    <subject literal="Budgets"/>
    <keyword>budget</keyword>
    <keyword>tax</keyword>
    <slugline>BUDGET</slugline>
    <headline role="hlRole:sub">A sub headline</headline>
    <headline>Budget &amp; taxes:  <h:b>what</h:b> changes</headline>
    <by>By Jane Doe</by>
    <dateline>LONDON, March 1</dateline>
    <creditline>Example Wire</creditline>
    <description role="drol:summary">The budget, in short.</description>
  </contentMeta>
  <contentSet>
    <inlineXML contenttype="application/xhtml+xml">
      <h:html><h:head><h:title>x</h:title></h:head>
        <h:body><h:p>First <h:em>para</h:em> &amp; more.</h:p>
          <h:p>See <h:a href="/budget">details</h:a>.</h:p></h:body></h:html>
    </inlineXML>
    <remoteContent href="https://cdn.example.com/budget.jpg" contenttype="image/jpeg"
        size="2048"/>
  </contentSet>
</newsItem>)";

TEST(NewsmlG2Parser, ReadsABareNewsItem) {
  ParseOptions options;
  options.base_url = "https://wire.example.com/in/";
  auto feed = ParseG2(kFullItem, options);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "newsml-g2");
  EXPECT_EQ(feed->encoding, "utf-8");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "urn:newsml:example.com:20250301:budget");
  EXPECT_EQ(item.version, 7);
  EXPECT_EQ(item.status, core::ItemStatus::kWithheld);
  EXPECT_THAT(item.signals, ElementsAre("update", "correction"));
  EXPECT_EQ(item.ednote, "Embargoed until midnight.");
  EXPECT_EQ(Time(item.published), "2025-03-01T08:00:00Z");
  EXPECT_EQ(Time(item.updated), "2025-03-01T09:30:00Z");
  EXPECT_EQ(Time(item.embargo), "2025-03-02T00:00:00Z");
  EXPECT_EQ(item.headline, "Budget & taxes: what changes");
  EXPECT_EQ(item.byline, "By Jane Doe");
  EXPECT_EQ(item.dateline, "LONDON, March 1");
  EXPECT_EQ(item.language, "en");
  EXPECT_EQ(item.urgency, 2);
  EXPECT_EQ(item.rights, "(c) 2025 Example Wire");
  ASSERT_EQ(item.authors.size(), 1u);
  EXPECT_EQ(item.authors[0].name, "Jane Doe");
  EXPECT_EQ(item.authors[0].uri, "https://example.com/staff/jd");
  ASSERT_EQ(item.subjects.size(), 5u);
  EXPECT_EQ(item.subjects[0].name, "labour market");
  EXPECT_EQ(item.subjects[0].code, "medtop:20000523");
  EXPECT_EQ(item.subjects[0].scheme, "http://cv.iptc.org/newscodes/mediatopic/");
  EXPECT_EQ(item.subjects[1].name, "");
  EXPECT_EQ(item.subjects[1].code, "N2:ECO");
  EXPECT_EQ(item.subjects[2].name, "Budgets");
  EXPECT_EQ(item.subjects[3].name, "budget");
  EXPECT_EQ(item.subjects[3].code, "");
  EXPECT_EQ(item.subjects[4].name, "tax");
  // The XHTML body is serialised without its prefixes and hashed as received.
  constexpr std::string_view kReceived =
      "<p>First <em>para</em> &amp; more.</p>\n          <p>See <a href=\"/budget\">details</a>"
      ".</p>";
  EXPECT_EQ(item.body_text_sha256, sanitize::TextSha256(kReceived));
  EXPECT_THAT(item.body_html, HasSubstr("<em>para</em>"));
  EXPECT_THAT(item.body_html, Not(HasSubstr("h:")));
  EXPECT_THAT(item.body_html, HasSubstr("https://wire.example.com/budget"));
  EXPECT_THAT(item.summary, HasSubstr("The budget, in short."));
  ASSERT_EQ(item.enclosures.size(), 1u);
  EXPECT_EQ(item.enclosures[0].url, "https://cdn.example.com/budget.jpg");
  EXPECT_EQ(item.enclosures[0].type, "image/jpeg");
  EXPECT_EQ(item.enclosures[0].length, 2048);
  EXPECT_THAT(feed->warnings, IsEmpty());
}

TEST(NewsmlG2Parser, ReadsPrefixedNewsMessageWithSeveralItems) {
  constexpr std::string_view kXml = R"(<?xml version='1.0' encoding='utf8'?>
<ns0:newsMessage xmlns:ns0="http://iptc.org/std/nar/2006-10-01/"
    xmlns:html="http://www.w3.org/1999/xhtml">
  <ns0:header><ns0:sent>2016-01-04T16:34:45.000Z</ns0:sent></ns0:header>
  <ns0:itemSet>
    <ns0:newsItem guid="tag:x,0000:a" version="2">
      <ns0:itemMeta><ns0:pubStatus qcode="stat:canceled"/><ns0:signal qcode="edStat:D"/>
      </ns0:itemMeta>
      <ns0:contentMeta><ns0:headline>Killed story</ns0:headline>
        <ns0:creditline>Wire</ns0:creditline></ns0:contentMeta>
    </ns0:newsItem>
    <ns0:packageItem guid="tag:x,0000:pkg"/>
    <ns0:newsItem guid="tag:x,0000:b" version="1">
      <ns0:itemMeta><ns0:pubStatus qcode="stat:usable"/><ns0:signal qcode="edStat:C"/>
      </ns0:itemMeta>
      <ns0:contentMeta><ns0:headline>Corrected story</ns0:headline></ns0:contentMeta>
    </ns0:newsItem>
  </ns0:itemSet>
</ns0:newsMessage>)";
  auto feed = ParseFeed(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "newsml-g2");
  EXPECT_EQ(feed->encoding, "utf-8");
  EXPECT_EQ(Time(feed->feed.updated), "2016-01-04T16:34:45Z");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].status, core::ItemStatus::kCanceled);
  EXPECT_THAT(feed->items[0].signals, IsEmpty());
  // With no <by>, the creditline is the byline.
  EXPECT_EQ(feed->items[0].byline, "Wire");
  EXPECT_EQ(feed->items[1].headline, "Corrected story");
  EXPECT_TRUE(feed->items[1].HasSignal("correction"));
  EXPECT_THAT(feed->warnings, ElementsAre("item 2: <packageItem> is not a news item; skipped"));
}

TEST(NewsmlG2Parser, SplitsInlineDataIntoParagraphs) {
  constexpr std::string_view kXml =
      R"(<newsItem guid="g" xmlns="http://iptc.org/std/nar/2006-10-01/">
<contentMeta><headline>Plain</headline></contentMeta>
<contentSet><inlineData contenttype="text/plain">First line
goes on &lt;here&gt;.

Second para.</inlineData></contentSet></newsItem>)";
  auto feed = ParseG2(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_THAT(item.body_html, HasSubstr("goes on &lt;here&gt;."));
  EXPECT_THAT(item.body_html, HasSubstr("<p>Second para.</p>"));
  EXPECT_EQ(sanitize::ExtractText(item.body_html), "First line\ngoes on <here>.Second para.");
  EXPECT_EQ(item.body_text_sha256, sanitize::TextSha256(item.body_html));
}

TEST(NewsmlG2Parser, ReadsNitfBodyAndAttributeEmbargo) {
  constexpr std::string_view kXml = R"(<newsItem guid="n" embargoed="2030-01-01T06:00:00Z"
    xmlns="http://iptc.org/std/nar/2006-10-01/">
<itemMeta><pubStatus qcode="http://cv.iptc.org/newscodes/pubstatusg2/usable"/></itemMeta>
<contentMeta><headline>NITF</headline><urgency>12</urgency></contentMeta>
<contentSet><inlineXML contenttype="application/nitf+xml">
<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><body><body.head><hl1>NITF</hl1></body.head>
<body.content><p>Inside NITF.</p></body.content></body></nitf></inlineXML></contentSet>
</newsItem>)";
  auto feed = ParseG2(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].status, core::ItemStatus::kUsable);
  EXPECT_EQ(Time(feed->items[0].embargo), "2030-01-01T06:00:00Z");
  EXPECT_THAT(feed->items[0].body_html, HasSubstr("Inside NITF."));
  EXPECT_THAT(feed->items[0].body_html, Not(HasSubstr("hl1")));
  EXPECT_FALSE(feed->items[0].urgency.has_value());
  EXPECT_THAT(feed->warnings, Contains(HasSubstr("urgency '12'")));
}

TEST(NewsmlG2Parser, SkipsItemWithoutGuid) {
  constexpr std::string_view kXml = R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
<itemSet><newsItem><contentMeta><headline>No guid</headline></contentMeta></newsItem>
<newsItem guid="ok"><contentMeta><headline>Fine</headline></contentMeta></newsItem></itemSet>
</newsMessage>)";
  auto feed = ParseG2(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "ok");
  EXPECT_THAT(feed->warnings, Contains("item 1: no guid or link; skipped"));
}

TEST(NewsmlG2Parser, FallsBackToTitleThenSlugline) {
  constexpr std::string_view kXml =
      R"(<newsItem guid="t" xmlns="http://iptc.org/std/nar/2006-10-01/">
<itemMeta><title>Item title</title></itemMeta><contentMeta><slugline>SLUG</slugline></contentMeta>
</newsItem>)";
  auto feed = ParseG2(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "Item title");
}

TEST(NewsmlG2Parser, MalformedItemInMessageBecomesAWarning) {
  constexpr std::string_view kXml = R"(<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">
<itemSet><newsItem guid="1"><contentMeta><headline>One</headline></contentMeta></newsItem>
<newsItem guid="2"><contentMeta><headline>Two</headlin></contentMeta></newsItem>
<newsItem guid="3"><contentMeta><headline>Three</headline></contentMeta></newsItem></itemSet>
</newsMessage>)";
  auto feed = ParseG2(kXml);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].guid, "1");
  EXPECT_EQ(feed->items[1].guid, "3");
  EXPECT_THAT(feed->warnings, Contains(HasSubstr("<newsItem>")));
}

}  // namespace
}  // namespace wiredesk::formats
