#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {

const FeedFormat& NitfFormat();  // Defined in nitf.cc.

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::StartsWith;

core::Result<ParsedFeed> ParseNitf(std::string_view xml, ParseOptions options = {}) {
  return NitfFormat().Parse(xml, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

constexpr std::string_view kStory = R"xml(<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE nitf SYSTEM "nitf-3-2.dtd">
<nitf baselang="en-GB">
  <head>
    <title>Head title</title>
    <tobject tobject.type="news">
      <tobject.subject tobject.subject.refnum="17000000" tobject.subject.type="Weather"/>
      <tobject.subject tobject.subject.refnum="04001002" tobject.subject.type="Economy"
                       tobject.subject.detail="Fishing Industry"/>
    </tobject>
    <docdata management-status="withheld">
      <doc-id id-string="wire.123.b"/>
      <urgency ed-urg="3"/>
      <date.issue norm="20020225T143000-0500"/>
      <date.release norm="20020226T093000-0500"/>
      <doc-scope scope="Midlantic States"/>
      <du-key key="tides" generation="14" version="04"/>
      <ed-msg info="Note one."/>
      <ed-msg info=""/>
      <doc.copyright year="2002" holder="Example Wire"/>
      <key-list><keyword key="fishing"/><keyword key=""/></key-list>
    </docdata>
  </head>
  <body>
    <body.head>
      <hedline><hl1>Tides &amp; <em>weather</em></hl1><hl2>Sub</hl2></hedline>
      <byline>By <person>Alan Karben</person> <byttl>Staff Writer</byttl></byline>
      <dateline><location><city>Norfolk</city>, <state>VA</state></location></dateline>
      <abstract><p>Superb weather.</p></abstract>
    </body.head>
    <body.content>
      <p>The weather was <em>superb</em>.</p>
      <script>alert(1)</script>
      <p onclick="x()">Tides normal.</p>
    </body.content>
  </body>
</nitf>)xml";

TEST(Nitf, ReadsHeadAndBody) {
  auto feed = ParseNitf(kStory);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "nitf");
  EXPECT_EQ(feed->encoding, "utf-8");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "wire.123.b");
  EXPECT_EQ(item.version, 4);
  EXPECT_EQ(item.status, core::ItemStatus::kWithheld);
  EXPECT_EQ(item.ednote, "Note one.");
  EXPECT_EQ(item.urgency, 3);
  EXPECT_EQ(Time(item.published), "2002-02-25T19:30:00Z");
  EXPECT_EQ(Time(item.embargo), "2002-02-26T14:30:00Z");
  EXPECT_EQ(item.rights, "Example Wire");
  EXPECT_EQ(item.language, "en-GB");
  EXPECT_EQ(item.headline, "Tides & weather");
  EXPECT_EQ(item.byline, "By Alan Karben");
  EXPECT_EQ(item.dateline, "Norfolk, VA");
  EXPECT_THAT(item.summary, HasSubstr("Superb weather."));
  EXPECT_THAT(item.body_html, HasSubstr("<em>superb</em>"));
  EXPECT_THAT(item.body_html, HasSubstr("Tides normal."));
  EXPECT_THAT(item.body_html, Not(HasSubstr("alert")));
  EXPECT_THAT(item.body_html, Not(HasSubstr("onclick")));
  EXPECT_EQ(item.body_text_sha256.size(), 64u);
  ASSERT_EQ(item.subjects.size(), 4u);
  EXPECT_EQ(item.subjects[0].name, "Weather");
  EXPECT_EQ(item.subjects[0].code, "17000000");
  EXPECT_EQ(item.subjects[0].scheme, "http://cv.iptc.org/newscodes/subjectcode/");
  EXPECT_EQ(item.subjects[1].name, "Fishing Industry");
  EXPECT_EQ(item.subjects[2].name, "fishing");
  EXPECT_EQ(item.subjects[3].name, "Midlantic States");
  EXPECT_EQ(item.subjects[3].scheme, "nitf:doc-scope");
}

TEST(Nitf, ReadsStatusesAndDateForms) {
  struct Case {
    std::string_view status;
    core::ItemStatus expected;
  };
  for (const Case& c :
       {Case{"usable", core::ItemStatus::kUsable}, Case{"embargoed", core::ItemStatus::kUsable},
        Case{"canceled", core::ItemStatus::kCanceled},
        Case{"WITHHELD", core::ItemStatus::kWithheld}}) {
    SCOPED_TRACE(c.status);
    std::string xml = "<nitf><head><docdata management-status=\"" + std::string(c.status) +
                      "\"><doc-id id-string=\"x\"/></docdata></head><body><body.head><hedline>"
                      "<hl1>H</hl1></hedline></body.head></body></nitf>";
    auto feed = ParseNitf(xml);
    ASSERT_TRUE(feed) << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), 1u);
    EXPECT_EQ(feed->items[0].status, c.expected);
    EXPECT_THAT(feed->warnings, IsEmpty());
  }
  struct DateCase {
    std::string_view norm;
    std::string_view expected;
  };
  for (const DateCase& c : {DateCase{"20141126T152703", "2014-11-26T15:27:03Z"},
                            DateCase{"20151210T191044Z", "2015-12-10T19:10:44Z"},
                            DateCase{"20170102T222800+0000", "2017-01-02T22:28:00Z"},
                            DateCase{"2016-04-13 04:52:21+00:00", "2016-04-13T04:52:21Z"},
                            DateCase{"2020-09-07T14:45:26", "2020-09-07T14:45:26Z"},
                            DateCase{"YYYYMMDD000000-HHMM", "(none)"}}) {
    SCOPED_TRACE(c.norm);
    std::string xml = "<nitf><head><docdata><doc-id id-string=\"x\"/><date.issue norm=\"" +
                      std::string(c.norm) + "\"/></docdata><title>T</title></head></nitf>";
    auto feed = ParseNitf(xml);
    ASSERT_TRUE(feed) << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), 1u);
    EXPECT_EQ(Time(feed->items[0].published), c.expected);
  }
}

TEST(Nitf, FallsBackAndWarns) {
  // Namespaced NITF, no id-string: the du-key key is the guid; head/title the headline.
  auto feed = ParseNitf(R"(<nitf xmlns="http://iptc.org/std/NITF/2006-10-18/"><head>
    <title>Title only</title><docdata management-status="replaced"><doc-id regsrc="AP"/>
    <du-key key="story-key" version="v2"/><urgency ed-urg="0"/></docdata></head></nitf>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "story-key");
  EXPECT_EQ(feed->items[0].headline, "Title only");
  EXPECT_FALSE(feed->items[0].version);
  EXPECT_FALSE(feed->items[0].urgency);
  EXPECT_THAT(feed->warnings, Contains("item 1: unreadable du-key version 'v2'"));
  EXPECT_THAT(feed->warnings,
              Contains("item 1: unknown management-status 'replaced'; read as usable"));
  EXPECT_THAT(feed->warnings, Contains("item 1: urgency '0' is not 1..9; ignored"));

  auto no_id = ParseNitf("<nitf><head><title>T</title></head></nitf>");
  ASSERT_TRUE(no_id) << no_id.error().ToString();
  EXPECT_THAT(no_id->items, IsEmpty());
  EXPECT_THAT(no_id->warnings, Contains("item 1: no doc-id id-string or du-key key; skipped"));

  auto empty = ParseNitf("<nitf><head><docdata><doc-id id-string=\"x\"/></docdata></head></nitf>");
  ASSERT_TRUE(empty) << empty.error().ToString();
  EXPECT_THAT(empty->items, IsEmpty());
  EXPECT_THAT(empty->warnings, Contains("item 1: no headline or body; skipped"));
}

TEST(Nitf, DerivesAnIdentityWhenTheWireGivesNone) {
  // AP's NITF: <doc-id regsrc="AP"/> and nothing else to name the story by.
  constexpr std::string_view kDoc =
      "<nitf><head><docdata><doc-id regsrc=\"AP\"/><date.issue norm=\"20151210T191044Z\"/>"
      "</docdata></head><body><body.head><hedline><hl1>Storm</hl1></hedline></body.head>"
      "<body.content><p>Text</p></body.content></body></nitf>";
  auto first = ParseNitf(kDoc);
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_EQ(first->items.size(), 1u);
  EXPECT_THAT(first->items[0].guid, StartsWith("urn:wiredesk:nitf:AP:20151210T191044Z:"));
  EXPECT_THAT(first->warnings, Contains(HasSubstr("identity derived from the source")));
  // The same story again has the same identity; another headline has another.
  auto again = ParseNitf(kDoc);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->items.at(0).guid, first->items[0].guid);
  std::string other(kDoc);
  other.replace(other.find("Storm"), 5, "Flood");
  auto different = ParseNitf(other);
  ASSERT_TRUE(different);
  EXPECT_NE(different->items.at(0).guid, first->items[0].guid);
}

TEST(Nitf, RejectsWhatIsNotNitf) {
  for (std::string_view bad : {"", "<rss/>", "{\"uri\": 1}", "<nitf", "\x01\x02"}) {
    SCOPED_TRACE(bad);
    auto feed = ParseNitf(bad);
    ASSERT_FALSE(feed);
    EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  }
  auto entities = ParseNitf(
      "<!DOCTYPE nitf [<!ENTITY a \"aaaa\">]><nitf><head><title>&a;</title></head></nitf>");
  ASSERT_FALSE(entities);
  ParseOptions small;
  small.max_bytes = 8;
  auto big = ParseNitf(kStory, small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), core::ErrorCode::kResourceExhausted);
}

TEST(Nitf, DetectsFromContent) {
  const FeedFormat& format = NitfFormat();
  EXPECT_EQ(format.Detect(kStory), 100);
  EXPECT_EQ(format.Detect("<ns:nitf xmlns:ns=\"http://iptc.org/std/NITF/2006-10-18/\"/>"), 100);
  EXPECT_EQ(format.Detect("<rss><nitf/></rss>"), 0);
  EXPECT_EQ(format.Detect("{}"), 0);
}

}  // namespace
}  // namespace wiredesk::formats
