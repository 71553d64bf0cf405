#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {

const FeedFormat& NinjsFormat();  // Defined in ninjs.cc.

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

core::Result<ParsedFeed> ParseNinjs(std::string_view json, ParseOptions options = {}) {
  return NinjsFormat().Parse(json, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

TEST(Ninjs, ReadsVersion1Fields) {
  auto feed = ParseNinjs(R"({
    "uri": "urn:example:1", "type": "text", "version": "3", "pubstatus": "withheld",
    "headline": "Budget <i>passes</i>", "byline": "Jane Doe", "located": "LONDON",
    "body_html": "<p>Hello<script>x()</script></p>", "body_text": "Hello",
    "description_text": "Short.", "language": "en", "urgency": 2,
    "embargoed": "2025-03-02T00:00:00Z", "firstcreated": "2025-03-01T08:00:00Z",
    "versioncreated": "2025-03-01T10:30:00+01:00", "copyrightnotice": "(c) Example",
    "ednote": "Fixes a typo.",
    "subject": [{"name": "labour market", "code": "20000523",
                 "scheme": "http://cv.iptc.org/newscodes/mediatopic/"}, {"rel": "about"}],
    "keywords": ["budget", 7]
  })");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "ninjs1");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "urn:example:1");
  EXPECT_EQ(item.version, 3);
  EXPECT_EQ(item.status, core::ItemStatus::kWithheld);
  EXPECT_EQ(item.headline, "Budget passes");
  EXPECT_EQ(item.byline, "Jane Doe");
  EXPECT_EQ(item.dateline, "LONDON");
  EXPECT_THAT(item.body_html, HasSubstr("Hello"));
  EXPECT_THAT(item.body_html, Not(HasSubstr("script")));
  EXPECT_EQ(item.body_text_sha256.size(), 64u);
  EXPECT_THAT(item.summary, HasSubstr("Short."));
  EXPECT_EQ(item.language, "en");
  EXPECT_EQ(item.urgency, 2);
  EXPECT_EQ(Time(item.embargo), "2025-03-02T00:00:00Z");
  EXPECT_EQ(Time(item.published), "2025-03-01T08:00:00Z");
  EXPECT_EQ(Time(item.updated), "2025-03-01T09:30:00Z");
  EXPECT_EQ(item.rights, "(c) Example");
  EXPECT_EQ(item.ednote, "Fixes a typo.");
  ASSERT_EQ(item.subjects.size(), 3u);
  EXPECT_EQ(item.subjects[0].code, "20000523");
  EXPECT_EQ(item.subjects[0].scheme, "http://cv.iptc.org/newscodes/mediatopic/");
  EXPECT_EQ(item.subjects[1].name, "budget");
  EXPECT_EQ(item.subjects[2].name, "7");
}

TEST(Ninjs, ReadsVersion2Lists) {
  auto feed = ParseNinjs(R"({
    "uri": "urn:example:2", "type": "text", "version": 5, "pubstatus": "canceled",
    "headlines": [{"role": "short", "value": "Short"}, {"role": "main", "value": "Main one"}],
    "bodies": [{"role": "main", "contenttype": "text/plain", "value": "Plain <body>"},
               {"role": "richtext", "contenttype": "text/html", "value": "<p>Rich</p>"}],
    "descriptions": [{"role": "summary", "contenttype": "text/plain", "value": "Sum & more"}],
    "by": "AP", "rightsinfo": {"copyrightnotice": "(c) AP"},
    "subjects": [{"name": "Politics", "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000"}]
  })");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "ninjs2");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.version, 5);
  EXPECT_EQ(item.status, core::ItemStatus::kCanceled);
  EXPECT_EQ(item.headline, "Main one");
  EXPECT_THAT(item.body_html, HasSubstr("Rich"));
  EXPECT_THAT(item.summary, HasSubstr("Sum &amp; more"));
  EXPECT_EQ(item.byline, "AP");
  EXPECT_EQ(item.rights, "(c) AP");
  ASSERT_EQ(item.subjects.size(), 1u);
  EXPECT_EQ(item.subjects[0].code, "http://cv.iptc.org/newscodes/mediatopic/11000000");
}

TEST(Ninjs, ReadsVersion3CamelCase) {
  auto feed = ParseNinjs(R"({
    "uri": "urn:example:3", "type": "text", "version": "6", "pubStatus": "usable",
    "firstCreated": "2019-08-09T09:30:04Z", "versionCreated": "2019-08-09T09:46:53Z",
    "edNote": "Noe utvidet.", "copyrightHolder": "NTB", "copyrightNotice": "",
    "headlines": [{"value": "Google har kjøpt giganttomt"}],
    "bodies": [{"role": "nitf", "contentType": "text/vnd.IPTC.NITF", "value": "<nitf/>"},
               {"role": "text", "contentType": "text/plain", "value": "Line 1\n\nLine 2"}]
  })");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "ninjs3");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.version, 6);
  EXPECT_EQ(item.headline, "Google har kjøpt giganttomt");
  EXPECT_EQ(Time(item.published), "2019-08-09T09:30:04Z");
  EXPECT_EQ(Time(item.updated), "2019-08-09T09:46:53Z");
  EXPECT_EQ(item.ednote, "Noe utvidet.");
  EXPECT_EQ(item.rights, "NTB");
  EXPECT_THAT(item.body_html, HasSubstr("<p>Line 1</p>"));
  EXPECT_THAT(item.body_html, Not(HasSubstr("nitf")));
}

TEST(Ninjs, SkipsItemsThatAreNotStoriesWithWarnings) {
  auto feed = ParseNinjs(R"([
    {"uri": "p", "type": "picture", "headlines": [{"value": "A photo"}]},
    {"uri": "e", "type": "text"},
    {"type": "text", "headline": "no uri"},
    42,
    {"uri": "ok", "headline": "Kept", "version": "draft", "pubstatus": "replaced", "urgency": 12}
  ])");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "ok");
  EXPECT_FALSE(feed->items[0].version);
  EXPECT_EQ(feed->items[0].status, core::ItemStatus::kUsable);
  EXPECT_FALSE(feed->items[0].urgency);
  EXPECT_THAT(feed->warnings, Contains("item 1: type 'picture' is not a text item; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 2: no headline or body; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 3: no uri; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 4: not a JSON object; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 5: unreadable version 'draft'"));
  EXPECT_THAT(feed->warnings, Contains("item 5: unknown pubstatus 'replaced'; read as usable"));
  EXPECT_THAT(feed->warnings, Contains("item 5: urgency '12' is not 1..9; ignored"));
}

TEST(Ninjs, ReadsSuperdeskGuidsAndApiWrappers) {
  // Superdesk's ninjs writes guid for uri; the BBC's API wraps items in {total, item: [...]};
  // producers write types of their own ("story", "advisory") for text.
  auto feed = ParseFeed(R"({"total": 2, "limit": 20, "offset": 0, "item": [
    {"uri": "https://example.com/1", "type": "story", "headline": "One", "pubstatus": "usable",
     "versioncreated": "2018-05-30T15:14:24"},
    {"guid": "urn:x:2", "type": "advisory", "headline": "Two", "version": "4",
     "body_html": "<p>b</p>"},
    {"uri": "urn:x:3", "type": "picture", "headline": "A photo"}
  ]})");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "ninjs1");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].guid, "https://example.com/1");
  EXPECT_EQ(feed->items[0].headline, "One");
  EXPECT_EQ(feed->items[1].guid, "urn:x:2");
  EXPECT_EQ(feed->items[1].version.value_or(0), 4);
  EXPECT_THAT(feed->warnings, Contains("item 3: type 'picture' is not a text item; skipped"));

  auto bare = ParseFeed(R"({"guid": "urn:x:9", "versioncreated": "2017-08-24T04:38:34+0000",
                            "headline": "Bare", "type": "text"})");
  ASSERT_TRUE(bare) << bare.error().ToString();
  ASSERT_EQ(bare->items.size(), 1u);
  EXPECT_EQ(bare->items[0].guid, "urn:x:9");
  // A guid and a headline alone are not enough to call JSON ninjs.
  EXPECT_FALSE(ParseFeed(R"({"guid": "g", "headline": "h"})"));
}

TEST(Ninjs, RejectsWhatIsNotJson) {
  for (std::string_view bad :
       {"", "\"uri\"", "{\"uri\": ", "<nitf/>", "3", "{\"uri\": \"\x01\"}"}) {
    SCOPED_TRACE(bad);
    auto feed = ParseNinjs(bad);
    ASSERT_FALSE(feed);
    EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  }
  ParseOptions small;
  small.max_bytes = 4;
  auto big = ParseNinjs(R"({"uri": "x"})", small);
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code(), core::ErrorCode::kResourceExhausted);
}

TEST(Ninjs, SurvivesWrongTypes) {
  auto feed = ParseNinjs(R"({"uri": 17, "headline": ["x"], "headlines": {"value": "y"},
    "bodies": [1, {"value": 2}, {"value": "<b>ok</b>", "contenttype": "text/html"}],
    "subjects": "s", "keywords": {}, "version": 1.5, "by": null, "located": {}})");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].guid, "17");
  EXPECT_EQ(feed->items[0].headline, "");
  EXPECT_THAT(feed->items[0].body_html, HasSubstr("ok"));
  EXPECT_FALSE(feed->items[0].version);
  EXPECT_THAT(feed->items[0].subjects, IsEmpty());
}

TEST(Ninjs, DetectsFromContent) {
  const FeedFormat& format = NinjsFormat();
  EXPECT_EQ(format.Detect(R"({"$schema": "http://www.iptc.org/std/ninjs/ninjs-schema_1.0.json",
                              "uri": "x"})"),
            100);
  EXPECT_EQ(format.Detect(R"({"uri": "x", "type": "text", "versionCreated": "2020-01-01"})"), 90);
  EXPECT_EQ(format.Detect(R"({"uri": "x", "pubstatus": "usable"})"), 70);
  EXPECT_GT(format.Detect(R"([{"uri": "x", "type": "text", "headlines": []}])"), 0);
  EXPECT_EQ(format.Detect(R"({"uri": "x", "body_main": "..."})"), 70);
  EXPECT_EQ(format.Detect(R"({"uri": "x", "headline": "H"})"), 50);
  EXPECT_EQ(format.Detect(R"({"uri": "x"})"), 0);
  EXPECT_EQ(format.Detect(R"({"type": "text", "versioncreated": "x"})"), 0);
  EXPECT_EQ(format.Detect(R"({"version": "https://jsonfeed.org/version/1.1", "items": []})"), 0);
  EXPECT_EQ(format.Detect("{\"uri\": "), 0);
  EXPECT_EQ(format.Detect(""), 0);
}

}  // namespace
}  // namespace wiredesk::formats
