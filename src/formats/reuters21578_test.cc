// The Reuters-21578 SGML reader: its rules on small documents written here, then the whole
// collection from the shared corpora checked against the integrity counts its README gives.
#include <map>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/time.h"
#include "formats/feed_parser.h"
#include "formats/testing/corpora.h"

namespace wiredesk::formats {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kTwoStories = R"(<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5544" NEWID="1">
<DATE>26-FEB-1987 15:01:01.79</DATE>
<TOPICS><D>cocoa</D></TOPICS>
<PLACES><D>el-salvador</D><D>usa</D></PLACES>
<PEOPLE></PEOPLE>
<ORGS></ORGS>
<EXCHANGES></EXCHANGES>
<COMPANIES></COMPANIES>
<UNKNOWN> &#5;&#5;&#5;C T
&#22;&#22;&#1;f0704&#31;reute</UNKNOWN>
<TEXT>&#2;
<TITLE>BAHIA COCOA REVIEW</TITLE>
<AUTHOR>    by Jo Bloggs, Reuters</AUTHOR>
<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued throughout the week in
the Bahia cocoa zone, &lt;SRD> said.
    The dry period means the temporao will be late this year.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>
<REUTERS TOPICS="NO" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="5545" NEWID="2">
<DATE> 7-APR-1987 16:22:00.0&#5;&#5;F</DATE>
<TOPICS></TOPICS>
<TEXT TYPE="UNPROC">&#2;
FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26
 Net free reserves.............644 vs.....1,337
&#3;</TEXT>
</REUTERS>
)";

ParsedFeed MustParse(std::string_view bytes) {
  auto parsed = ParseFeed(bytes);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message();
  return parsed ? *parsed : ParsedFeed{};
}

TEST(Reuters21578, IsDetectedFromTheContent) {
  ParsedFeed feed = MustParse(kTwoStories);
  EXPECT_EQ(feed.format, "reuters-21578");
  EXPECT_EQ(feed.encoding, "us-ascii");
  EXPECT_THAT(feed.warnings, IsEmpty());
  ASSERT_EQ(feed.items.size(), 2u);
}

TEST(Reuters21578, ReadsAStoryWithItsMarkupAndControlCodesAside) {
  core::Item item = MustParse(kTwoStories).items.at(0);
  EXPECT_EQ(item.guid, "reuters-21578:1");
  EXPECT_EQ(item.headline, "BAHIA COCOA REVIEW");
  EXPECT_EQ(item.byline, "by Jo Bloggs, Reuters");
  EXPECT_EQ(item.dateline, "SALVADOR, Feb 26");
  EXPECT_EQ(item.language, "en");
  ASSERT_TRUE(item.published.has_value());
  EXPECT_EQ(core::FormatRfc3339(*item.published), "1987-02-26T15:01:01Z");
  // One paragraph per indented line; &lt; decoded and escaped again; STX/ETX dropped.
  EXPECT_EQ(item.body_html,
            "<p>Showers continued throughout the week in the Bahia cocoa zone, &lt;SRD&gt; "
            "said.</p>\n<p>The dry period means the temporao will be late this year.</p>\n"
            "<p>Reuter</p>");
  EXPECT_FALSE(item.body_text_sha256.empty());
  ASSERT_EQ(item.subjects.size(), 3u);
  EXPECT_EQ(item.subjects[0].name, "cocoa");
  EXPECT_EQ(item.subjects[0].scheme, "reuters-21578:topics");
  EXPECT_EQ(item.subjects[2].name, "usa");
  EXPECT_EQ(item.subjects[2].scheme, "reuters-21578:places");
}

TEST(Reuters21578, UnprocessedStoriesKeepTheirLayoutAndTakeTheFirstLineAsHeadline) {
  core::Item item = MustParse(kTwoStories).items.at(1);
  EXPECT_EQ(item.guid, "reuters-21578:2");
  EXPECT_EQ(item.headline, "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26");
  EXPECT_THAT(item.body_html, HasSubstr("<pre>FEDERAL RESERVE"));
  EXPECT_THAT(item.body_html, HasSubstr("Net free reserves.............644"));
  ASSERT_TRUE(item.published.has_value());  // One fractional digit and noise after the time.
  EXPECT_EQ(core::FormatRfc3339(*item.published), "1987-04-07T16:22:00Z");
  EXPECT_THAT(item.subjects, IsEmpty());
}

TEST(Reuters21578, BrokenStoriesBecomeWarningsAndTheRestIsRead) {
  std::string bytes = R"(<!DOCTYPE lewis SYSTEM "lewis.dtd">
<REUTERS NEWID="x"><TEXT><TITLE>NO ID</TITLE></TEXT></REUTERS>
<REUTERS NEWID="5"><DATE>yesterday</DATE><TEXT><TITLE>BAD DATE</TITLE></TEXT></REUTERS>
<REUTERS NEWID="6"><TEXT><TITLE>CUT OFF</TITLE>
<REUTERS NEWID="7"><TEXT><TITLE>LAST</TITLE></TEXT></REUTERS>
<REUTERS NEWID="8"><TEXT>)";
  ParsedFeed feed = MustParse(bytes);
  ASSERT_EQ(feed.items.size(), 2u);
  EXPECT_EQ(feed.items[0].headline, "BAD DATE");
  EXPECT_FALSE(feed.items[0].published.has_value());
  EXPECT_EQ(feed.items[1].headline, "LAST");
  EXPECT_THAT(
      feed.warnings,
      ElementsAre("story 1: no numeric NEWID; skipped", "story 2: unreadable date 'yesterday'",
                  "story 3: no </REUTERS>; skipped", "story 5: no </REUTERS>; skipped"));
}

TEST(Reuters21578, ReadsLatin1BytesAsLatin1) {
  std::string bytes =
      "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"9\"><TEXT><TITLE>"
      "M\xFCNCHEN</TITLE></TEXT></REUTERS>";
  ParsedFeed feed = MustParse(bytes);
  EXPECT_EQ(feed.encoding, "iso-8859-1");
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].headline, "M\xC3\xBCNCHEN");
}

TEST(Reuters21578, HostileReferencesNeverReachTheText) {
  std::string bytes =
      "<REUTERS NEWID=\"3\"><TEXT><TITLE>A&#0;B&#55296;C&#x41;&#99999999;"
      "</TITLE><BODY><script>alert(1)</script>&lt;b></BODY></TEXT></REUTERS>";
  ParsedFeed feed = MustParse(bytes);
  ASSERT_EQ(feed.items.size(), 1u);
  EXPECT_EQ(feed.items[0].headline, "ABC&#x41;&#99999999;");
  EXPECT_THAT(feed.items[0].body_html, ::testing::Not(HasSubstr("<script")));
  EXPECT_THAT(feed.items[0].body_html, HasSubstr("&lt;b&gt;"));
}

TEST(Reuters21578, EmptyOrForeignInputIsRefused) {
  EXPECT_FALSE(ParseFeed("").has_value());
  EXPECT_FALSE(FindFormat("reuters-21578")->Parse("<rss/>", {}).has_value());
}

// The README's integrity counts: 21,578 stories, 1,000 per file and 578 in the last, NEWID 1 to
// 21578 in order, and one Latin-1 file. The collection's own flaws surface as warnings: story
// 12793 is empty (nothing to publish) and one date reads "31-MAR-1987 605:12:19.12".
TEST(Reuters21578Corpus, ReadsTheWholeCollection) {
  SKIP_WITHOUT_CORPORA();
  const auto dir = testing::Corpora() / "reuters-21578";
  const FeedFormat* format = FindFormat("reuters-21578");
  ASSERT_NE(format, nullptr);
  int total = 0;
  int expected_id = 1;
  int with_topics = 0;
  int unreadable_dates = 0;
  int empty_stories = 0;
  std::set<std::string> encodings;
  std::map<std::string, int> topic_counts;
  for (int file = 0; file <= 21; ++file) {
    char name[32];
    std::snprintf(name, sizeof name, "reut2-%03d.sgm", file);
    std::string bytes = testing::ReadFile(dir / name);
    ASSERT_FALSE(bytes.empty()) << name;
    auto parsed = format->Parse(bytes, {});
    ASSERT_TRUE(parsed.has_value()) << name << ": " << parsed.error().message();
    encodings.insert(parsed->encoding);
    for (const std::string& warning : parsed->warnings) {
      if (warning.find("unreadable date") != std::string::npos) {
        ++unreadable_dates;
      } else if (warning.find("no title or body; skipped") != std::string::npos) {
        ++empty_stories;
      } else {
        ADD_FAILURE() << name << ": " << warning;
      }
    }
    EXPECT_EQ(parsed->items.size() + (file == 12 ? 1 : 0), file == 21 ? 578u : 1000u) << name;
    for (const core::Item& item : parsed->items) {
      if (expected_id == 12793)
        ++expected_id;  // The empty story.
      EXPECT_EQ(item.guid, "reuters-21578:" + std::to_string(expected_id));
      ++expected_id;
      EXPECT_FALSE(item.headline.empty()) << item.guid;
      bool topic = false;
      for (const core::Subject& subject : item.subjects) {
        if (subject.scheme == "reuters-21578:topics") {
          topic = true;
          ++topic_counts[subject.name];
        }
      }
      with_topics += topic ? 1 : 0;
    }
    total += static_cast<int>(parsed->items.size());
  }
  EXPECT_EQ(total + empty_stories, 21578);
  EXPECT_EQ(empty_stories, 1);
  EXPECT_EQ(unreadable_dates, 1);
  EXPECT_EQ(encodings, (std::set<std::string>{"iso-8859-1", "us-ascii"}));
  EXPECT_GT(with_topics, 10000);
  EXPECT_GT(topic_counts["earn"], 3000);  // The collection's largest category.
  EXPECT_GT(topic_counts["grain"], 500);
}

}  // namespace
}  // namespace wiredesk::formats
