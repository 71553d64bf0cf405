#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {

const FeedFormat& JsonFeedFormat();  // Defined in json_feed.cc.

namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

core::Result<ParsedFeed> ParseJsonFeed(std::string_view json, ParseOptions options = {}) {
  return JsonFeedFormat().Parse(json, options);
}

std::string Time(const std::optional<core::TimePoint>& t) {
  return t ? core::FormatRfc3339(*t) : "(none)";
}

constexpr std::string_view kFeed11 = R"({
  "version": "https://jsonfeed.org/version/1.1",
  "title": "Example &amp; Wire",
  "home_page_url": "https://example.org/",
  "feed_url": "https://example.org/feed.json",
  "description": "All the news",
  "language": "en-GB",
  "icon": "https://example.org/icon.png",
  "authors": [{"name": "Desk", "url": "https://example.org/desk"}],
  "items": [
    {
      "id": "a1",
      "url": "/stories/a1",
      "title": "Budget <b>passes</b>",
      "content_html": "<p>Hello <script>alert(1)</script>world</p>",
      "content_text": "ignored when there is HTML",
      "summary": "The budget passed.",
      "date_published": "2025-03-01T10:00:00+01:00",
      "date_modified": "2025-03-01T12:00:00Z",
      "authors": [{"name": "Jane Doe"}, {"name": "John Roe", "url": "javascript:x"}],
      "tags": ["budget", "tax", 7, ""],
      "language": "en",
      "image": "https://example.org/a1.jpg",
      "attachments": [
        {"url": "https://example.org/a1.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 1234},
        {"url": "data:text/plain,x", "mime_type": "text/plain"}
      ]
    },
    {"id": 42, "content_text": "Line one.\n\nLine <two> & more."},
    {"title": "no id"},
    "not an object",
    {"id": "", "title": "empty id"}
  ]
})";

TEST(JsonFeed, ReadsFeedAndItemFields) {
  auto feed = ParseJsonFeed(kFeed11);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "jsonfeed1.1");
  EXPECT_EQ(feed->encoding, "utf-8");
  EXPECT_EQ(feed->feed.title, "Example & Wire");
  EXPECT_EQ(feed->feed.link, "https://example.org/");
  EXPECT_EQ(feed->feed.description, "All the news");
  EXPECT_EQ(feed->feed.language, "en-GB");
  EXPECT_EQ(feed->feed.image_url, "https://example.org/icon.png");
  ASSERT_EQ(feed->feed.authors.size(), 1u);
  EXPECT_EQ(feed->feed.authors[0].name, "Desk");

  ASSERT_EQ(feed->items.size(), 2u);
  const core::Item& item = feed->items[0];
  EXPECT_EQ(item.guid, "a1");
  EXPECT_EQ(item.link, "https://example.org/stories/a1");
  EXPECT_EQ(item.headline, "Budget passes");
  EXPECT_THAT(item.body_html, HasSubstr("world"));
  EXPECT_THAT(item.body_html, Not(HasSubstr("script")));
  EXPECT_THAT(item.body_html, Not(HasSubstr("ignored")));
  EXPECT_EQ(item.body_text_sha256.size(), 64u);
  EXPECT_THAT(item.summary, HasSubstr("The budget passed."));
  EXPECT_EQ(Time(item.published), "2025-03-01T09:00:00Z");
  EXPECT_EQ(Time(item.updated), "2025-03-01T12:00:00Z");
  ASSERT_EQ(item.authors.size(), 2u);
  EXPECT_EQ(item.authors[0].name, "Jane Doe");
  EXPECT_EQ(item.authors[1].uri, "");  // javascript: never becomes a link.
  EXPECT_EQ(item.byline, "Jane Doe, John Roe");
  ASSERT_EQ(item.subjects.size(), 3u);
  EXPECT_EQ(item.subjects[0].name, "budget");
  EXPECT_EQ(item.subjects[2].name, "7");
  EXPECT_EQ(item.language, "en");
  ASSERT_EQ(item.enclosures.size(), 2u);
  EXPECT_EQ(item.enclosures[0].url, "https://example.org/a1.mp3");
  EXPECT_EQ(item.enclosures[0].type, "audio/mpeg");
  EXPECT_EQ(item.enclosures[0].length, 1234);
  EXPECT_EQ(item.enclosures[1].url, "https://example.org/a1.jpg");
}

TEST(JsonFeed, CoercesNumericIdsAndEscapesText) {
  auto feed = ParseJsonFeed(kFeed11);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 2u);
  const core::Item& item = feed->items[1];
  EXPECT_EQ(item.guid, "42");
  EXPECT_THAT(item.body_html, HasSubstr("<p>Line one.</p>"));
  EXPECT_THAT(item.body_html, HasSubstr("&lt;two&gt; &amp; more."));
  // Inherits the feed's authors and language.
  EXPECT_EQ(item.byline, "Desk");
  EXPECT_EQ(item.language, "en-GB");
}

TEST(JsonFeed, WarnsAboutSkippedItems) {
  auto feed = ParseJsonFeed(kFeed11);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_THAT(feed->warnings, Contains("item 3: no id; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 4: not a JSON object; skipped"));
  EXPECT_THAT(feed->warnings, Contains("item 5: no id; skipped"));
}

TEST(JsonFeed, ReadsVersion10Author) {
  auto feed = ParseJsonFeed(R"({"version": "https://jsonfeed.org/version/1",
    "author": {"name": "Brent", "url": "https://example.org/"},
    "items": [{"id": "x", "content_text": "hi", "date_published": "not a date"}]})");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "jsonfeed1.0");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].byline, "Brent");
  EXPECT_FALSE(feed->items[0].published);
  EXPECT_THAT(feed->warnings, Contains(HasSubstr("unreadable date 'not a date'")));
}

TEST(JsonFeed, RejectsWhatIsNotAJsonObject) {
  for (std::string_view bad : {"", "[]", "\"x\"", "{", "{\"a\":}", "<rss/>", "42", "null"}) {
    SCOPED_TRACE(bad);
    auto feed = ParseJsonFeed(bad);
    ASSERT_FALSE(feed);
    EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  }
}

TEST(JsonFeed, SurvivesWrongTypesAndDeepNesting) {
  auto feed = ParseJsonFeed(R"({"version": 3, "title": [], "items": {"id": "x"}})");
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_THAT(feed->items, IsEmpty());
  EXPECT_THAT(feed->warnings, Contains("feed: no items array"));

  std::string deep = R"({"version":"https://jsonfeed.org/version/1.1","items":)";
  deep += std::string(10000, '[') + std::string(10000, ']') + "}";
  auto nested = ParseJsonFeed(deep);
  ASSERT_FALSE(nested);
  EXPECT_EQ(nested.error().code(), core::ErrorCode::kInvalidArgument);

  auto items = ParseJsonFeed(R"({"version":"https://jsonfeed.org/version/1.1","items":[
    {"id": "x", "title": {"a": 1}, "tags": "t", "authors": "me", "attachments": [1, {"url": 2}]}]})");
  ASSERT_TRUE(items) << items.error().ToString();
  ASSERT_EQ(items->items.size(), 1u);
  EXPECT_EQ(items->items[0].headline, "");
  EXPECT_THAT(items->items[0].enclosures, IsEmpty());
}

TEST(JsonFeed, WritesNumericIdsOfAnySize) {
  // A double too large for int64 must not be cast to one (found by the fuzzer).
  auto feed = ParseJsonFeed(R"({"version": "https://jsonfeed.org/version/1.1", "items": [
    {"id": 1e300, "title": "a"}, {"id": 2.5, "title": "b"}, {"id": 3.0, "title": "c"},
    {"id": 18446744073709551615, "title": "d"}]})");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 4u);
  EXPECT_EQ(feed->items[0].guid, "1E300");
  EXPECT_EQ(feed->items[1].guid, "2.5E0");
  EXPECT_EQ(feed->items[2].guid, "3");
  EXPECT_EQ(feed->items[3].guid, "18446744073709551615");
}

TEST(JsonFeed, RefusesOversizedDocuments) {
  ParseOptions options;
  options.max_bytes = 10;
  auto feed = ParseJsonFeed(kFeed11, options);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kResourceExhausted);
}

TEST(JsonFeed, RepairsInvalidUtf8) {
  auto feed = ParseJsonFeed(
      "{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[{\"id\":\"1\",\"title\":\"a\xff"
      "b\"}]}");
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline,
            "a\xEF\xBF\xBD"
            "b");
}

TEST(JsonFeed, DetectsFromContent) {
  const FeedFormat& format = JsonFeedFormat();
  EXPECT_EQ(format.Detect(kFeed11), 100);
  EXPECT_EQ(format.Detect("\xEF\xBB\xBF {\"version\": \"https://jsonfeed.org/version/1\"}"), 80);
  EXPECT_EQ(format.Detect("{\"uri\": \"x\", \"type\": \"text\"}"), 0);
  EXPECT_EQ(format.Detect("<rss>https://jsonfeed.org/version/1</rss>"), 0);
  EXPECT_EQ(format.Detect(""), 0);
}

}  // namespace
}  // namespace wiredesk::formats
