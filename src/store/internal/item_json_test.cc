#include "store/internal/item_json.h"

#include <gtest/gtest.h>

namespace wiredesk::store::internal {
namespace {

TEST(ItemJson, RoundTripsEveryField) {
  core::Item item;
  item.guid = "urn:newsml:example.com:20261130:abc";
  item.version = 4;
  item.status = core::ItemStatus::kWithheld;
  item.signals = {"update", "correction"};
  item.ednote = "Note \"quoted\"";
  item.headline = "Ministers meet — in Genève";
  item.byline = "By A";
  item.dateline = "GENEVA";
  item.summary = "<p>sum</p>";
  item.body_html = "<p>body &amp; more</p>";
  item.body_text_sha256 = "abc123";
  item.language = "en-GB";
  item.link = "https://example.com/a";
  item.rights = "(c) Wire";
  item.urgency = 2;
  item.published = core::FromUnixSeconds(1'700'000'000);
  item.updated = core::FromUnixSeconds(1'700'000'100);
  item.embargo = core::FromUnixSeconds(1'700'000'200);
  item.authors = {{"A", "a@example.com", "https://example.com/a"}, {"B", "", ""}};
  item.subjects = {{"World", "medtop:11000000", "http://cv.iptc.org/"}, {"free", "", ""}};
  item.enclosures = {{"https://example.com/i.jpg", "image/jpeg", 1234}, {"https://x/y", "", {}}};

  auto back = ItemFromJson(ItemToJson(item));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->guid, item.guid);
  EXPECT_EQ(back->version, item.version);
  EXPECT_EQ(back->status, item.status);
  EXPECT_EQ(back->signals, item.signals);
  EXPECT_EQ(back->ednote, item.ednote);
  EXPECT_EQ(back->headline, item.headline);
  EXPECT_EQ(back->byline, item.byline);
  EXPECT_EQ(back->dateline, item.dateline);
  EXPECT_EQ(back->summary, item.summary);
  EXPECT_EQ(back->body_html, item.body_html);
  EXPECT_EQ(back->body_text_sha256, item.body_text_sha256);
  EXPECT_EQ(back->language, item.language);
  EXPECT_EQ(back->link, item.link);
  EXPECT_EQ(back->rights, item.rights);
  EXPECT_EQ(back->urgency, item.urgency);
  EXPECT_EQ(back->published, item.published);
  EXPECT_EQ(back->updated, item.updated);
  EXPECT_EQ(back->embargo, item.embargo);
  ASSERT_EQ(back->authors.size(), 2u);
  EXPECT_EQ(back->authors[0].uri, "https://example.com/a");
  EXPECT_EQ(back->authors[1].name, "B");
  ASSERT_EQ(back->subjects.size(), 2u);
  EXPECT_EQ(back->subjects[0].scheme, "http://cv.iptc.org/");
  ASSERT_EQ(back->enclosures.size(), 2u);
  EXPECT_EQ(back->enclosures[0].length, 1234);
  EXPECT_FALSE(back->enclosures[1].length.has_value());
}

TEST(ItemJson, EmptyItemRoundTrips) {
  auto back = ItemFromJson(ItemToJson(core::Item{}));
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_TRUE(back->guid.empty());
  EXPECT_FALSE(back->published.has_value());
  EXPECT_EQ(back->status, core::ItemStatus::kUsable);
}

TEST(ItemJson, BadJsonIsDataLossNotACrash) {
  for (const char* text :
       {"", "{", "[]", "{\"guid\": 5}", "{\"status\": \"gone\"}", "{\"published\": \"yesterday\"}",
        "{\"authors\": {}}", "{\"authors\": [1]}", "{\"version\": \"x\"}", "{\"signals\": [1]}",
        "{\"enclosures\": [\"x\"]}"}) {
    auto item = ItemFromJson(text);
    ASSERT_FALSE(item) << text;
    EXPECT_EQ(item.error().code(), core::ErrorCode::kDataLoss) << text;
  }
  EXPECT_FALSE(PersonsFromJson("{}"));
  EXPECT_FALSE(SubjectsFromJson("[{\"name\": []}]"));
  auto persons = PersonsFromJson("[]");
  ASSERT_TRUE(persons);
  EXPECT_TRUE(persons->empty());
}

}  // namespace
}  // namespace wiredesk::store::internal
