#include "formats/feed_json.h"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {
namespace {

namespace json = boost::json;

core::TimePoint At(std::string_view rfc3339) { return *core::ParseRfc3339(rfc3339); }

std::vector<std::string> Keys(const json::object& object) {
  std::vector<std::string> keys;
  for (const auto& entry : object) keys.emplace_back(entry.key());
  return keys;
}

ParsedFeed FullFeed() {
  ParsedFeed feed;
  feed.format = "rss2.0";
  feed.encoding = "iso-8859-1";
  feed.feed.title = "Title";
  feed.feed.link = "https://example.com/";
  feed.feed.description = "Desc";
  feed.feed.language = "en";
  feed.feed.rights = "(c)";
  feed.feed.id = "urn:feed";
  feed.feed.updated = At("2025-01-02T03:04:05+01:00");
  feed.feed.generator = "gen";
  feed.feed.image_url = "https://example.com/i.png";
  feed.feed.authors = {{.name = "Ed", .email = "", .uri = "https://example.com/ed"}};
  core::Item item;
  item.guid = "g1";
  item.version = 3;
  item.status = core::ItemStatus::kCanceled;
  item.headline = "Headline";
  item.byline = "By";
  item.dateline = "PARIS";
  item.summary = "<p>S</p>";
  item.body_html = "<p>B</p>";
  item.body_text_sha256 = "abc";
  item.language = "fr";
  item.published = At("2025-01-01T00:00:00Z");
  item.updated = At("2025-01-01T01:00:00Z");
  item.embargo = At("2025-01-01T02:00:00Z");
  item.link = "https://example.com/1";
  item.rights = "(c) item";
  item.urgency = 4;
  item.authors = {{.name = "A", .email = "a@example.com", .uri = ""}};
  item.subjects = {{.name = "Economy", .code = "medtop:04000000", .scheme = "http://s/"},
                   {.name = "kw", .code = "", .scheme = ""}};
  item.enclosures = {{.url = "https://example.com/a.mp3", .type = "audio/mpeg", .length = 10},
                     {.url = "https://example.com/b", .type = "", .length = std::nullopt}};
  feed.items.push_back(item);
  feed.warnings = {"item 2: no guid or link; skipped"};
  return feed;
}

TEST(FeedJson, WritesEveryFieldInContractOrder) {
  json::value parsed = json::parse(ParsedFeedToJson(FullFeed()));
  const json::object& root = parsed.as_object();
  EXPECT_EQ(Keys(root),
            (std::vector<std::string>{"format", "encoding", "feed", "items", "warnings"}));
  EXPECT_EQ(root.at("format").as_string(), "rss2.0");
  EXPECT_EQ(root.at("encoding").as_string(), "iso-8859-1");
  const json::object& feed = root.at("feed").as_object();
  EXPECT_EQ(Keys(feed),
            (std::vector<std::string>{"title", "link", "description", "language", "rights", "id",
                                      "updated", "generator", "image", "authors"}));
  EXPECT_EQ(feed.at("updated").as_string(), "2025-01-02T02:04:05Z");
  EXPECT_EQ(feed.at("image").at("url").as_string(), "https://example.com/i.png");
  EXPECT_EQ(Keys(feed.at("authors").at(0).as_object()), (std::vector<std::string>{"name", "uri"}));
  const json::object& item = root.at("items").at(0).as_object();
  EXPECT_EQ(Keys(item),
            (std::vector<std::string>{"guid", "version", "status", "headline", "byline", "dateline",
                                      "summary", "body_html", "body_text_sha256", "language",
                                      "published", "updated", "embargo", "link", "rights",
                                      "urgency", "authors", "subjects", "enclosures"}));
  EXPECT_EQ(item.at("version").as_int64(), 3);
  EXPECT_EQ(item.at("status").as_string(), "canceled");
  EXPECT_EQ(item.at("published").as_string(), "2025-01-01T00:00:00Z");
  EXPECT_EQ(item.at("embargo").as_string(), "2025-01-01T02:00:00Z");
  EXPECT_EQ(item.at("urgency").as_int64(), 4);
  EXPECT_EQ(item.at("authors").at(0).at("email").as_string(), "a@example.com");
  EXPECT_EQ(Keys(item.at("subjects").at(0).as_object()),
            (std::vector<std::string>{"name", "code", "scheme"}));
  EXPECT_EQ(Keys(item.at("subjects").at(1).as_object()), (std::vector<std::string>{"name"}));
  EXPECT_EQ(item.at("enclosures").at(0).at("length").as_int64(), 10);
  EXPECT_EQ(Keys(item.at("enclosures").at(1).as_object()), (std::vector<std::string>{"url"}));
  EXPECT_EQ(root.at("warnings").at(0).as_string(), "item 2: no guid or link; skipped");
}

TEST(FeedJson, OmitsAbsentFieldsButAlwaysWritesStatus) {
  ParsedFeed feed;
  feed.format = "atom1.0";
  feed.encoding = "utf-8";
  core::Item item;
  item.guid = "only";
  feed.items.push_back(item);
  std::string text = ParsedFeedToJson(feed);
  EXPECT_EQ(text, R"({"format":"atom1.0","encoding":"utf-8","feed":{},)"
                  R"("items":[{"guid":"only","status":"usable"}],"warnings":[]})");
}

TEST(FeedJson, RepairsInvalidUtf8) {
  ParsedFeed feed;
  core::Item item;
  item.guid = "g";
  item.headline = "bad \xC3\x28 byte";
  feed.items.push_back(item);
  json::value parsed = json::parse(ParsedFeedToJson(feed));
  EXPECT_EQ(parsed.at("items").at(0).at("headline").as_string(), "bad \uFFFD( byte");
}

TEST(FeedJson, PrintsAParsedFeed) {
  auto feed = ParseFeed(R"(<rss version="2.0"><channel><title>T</title>
<item><guid>x</guid><title>Quote "this" &amp; that</title>
<pubDate>Wed, 02 Oct 2002 08:00:00 EST</pubDate></item></channel></rss>)");
  ASSERT_TRUE(feed) << feed.error().ToString();
  json::value parsed = json::parse(ParsedFeedToJson(*feed));
  const json::value& item = parsed.at("items").at(0);
  EXPECT_EQ(item.at("headline").as_string(), "Quote \"this\" & that");
  EXPECT_EQ(item.at("published").as_string(), "2002-10-02T13:00:00Z");
  EXPECT_EQ(item.at("status").as_string(), "usable");
  EXPECT_FALSE(item.as_object().contains("body_html"));
}

}  // namespace
}  // namespace wiredesk::formats
