// Real documents from the shared corpora (see /work/shared/corpora/*/README.md): IPTC's
// NewsML-G2 guideline examples and unit-test files, and the agency files superdesk ingests.
// Skipped when WIREDESK_SHARED is unset.
#include "formats/testing/corpora.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::formats {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using testing::Corpora;
using testing::ReadFile;

std::vector<fs::path> XmlFiles(const fs::path& dir, bool recursive) {
  std::vector<fs::path> files;
  auto add = [&](const fs::directory_entry& entry) {
    if (entry.is_regular_file() && entry.path().extension() == ".xml") {
      files.push_back(entry.path());
    }
  };
  if (recursive) {
    for (const auto& entry : fs::recursive_directory_iterator(dir)) add(entry);
  } else {
    for (const auto& entry : fs::directory_iterator(dir)) add(entry);
  }
  std::sort(files.begin(), files.end());
  return files;
}

// True when the document's first element is a newsItem, whatever its prefix.
bool RootIsNewsItem(const std::string& text) {
  size_t pos = 0;
  while ((pos = text.find('<', pos)) != std::string::npos) {
    char next = pos + 1 < text.size() ? text[pos + 1] : '\0';
    if (next == '?' || next == '!') {
      ++pos;
      continue;
    }
    size_t end = text.find_first_of(" \t\r\n/>", pos);
    std::string name = text.substr(pos + 1, end - pos - 1);
    size_t colon = name.rfind(':');
    return (colon == std::string::npos ? name : name.substr(colon + 1)) == "newsItem";
  }
  return false;
}

bool ContainsNewsItem(const std::string& text) {
  return text.find("<newsItem") != std::string::npos ||
         text.find(":newsItem ") != std::string::npos;
}

// True when the document names its story anywhere (a headline, an itemMeta title or a
// slugline); some IPTC examples (event lists, facets, video renditions) have none.
bool NamesItsStory(const std::string& text) {
  return text.find("headline>") != std::string::npos ||
         text.find("headline ") != std::string::npos || text.find("title>") != std::string::npos ||
         text.find("slugline>") != std::string::npos || text.find("slugline ") != std::string::npos;
}

TEST(Corpora, ParsesEveryIptcNewsItemExample) {
  SKIP_WITHOUT_CORPORA();
  int news_items = 0;
  for (const fs::path& path : XmlFiles(Corpora() / "iptc-newsml-g2" / "examples", false)) {
    std::string text = ReadFile(path);
    if (!RootIsNewsItem(text))
      continue;
    ++news_items;
    SCOPED_TRACE(path.filename().string());
    auto feed = ParseFeed(text);
    ASSERT_TRUE(feed) << feed.error().ToString();
    EXPECT_EQ(feed->format, "newsml-g2");
    ASSERT_GE(feed->items.size(), 1u);
    for (const core::Item& item : feed->items) EXPECT_FALSE(item.guid.empty());
    if (NamesItsStory(text)) {
      EXPECT_FALSE(feed->items[0].headline.empty());
    }
  }
  // The README counts 17; fewer means the test is looking in the wrong place.
  EXPECT_GE(news_items, 17);
}

TEST(Corpora, ReadsIptcExamplesInLatin1) {
  SKIP_WITHOUT_CORPORA();
  fs::path path =
      Corpora() / "iptc-newsml-g2" / "examples" / "LISTING_5_Multi-part_Video_in_NewsML-G2.xml";
  auto feed = ParseFeed(ReadFile(path));
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->encoding, "iso-8859-1");
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_FALSE(feed->items[0].headline.empty());
}

TEST(Corpora, ParsesEveryIptcUnitTestFileWithoutCrashing) {
  SKIP_WITHOUT_CORPORA();
  int files = 0;
  for (const fs::path& path : XmlFiles(Corpora() / "iptc-newsml-g2" / "unit_test_files", true)) {
    ++files;
    std::string text = ReadFile(path);
    auto feed = ParseFeed(text);
    // Schema-invalid files may lack parts; every newsItem must still read as a document.
    if (RootIsNewsItem(text)) {
      EXPECT_TRUE(feed) << path << ": " << feed.error().ToString();
    }
  }
  EXPECT_GE(files, 161);
}

TEST(Corpora, ParsesEveryReutersFile) {
  SKIP_WITHOUT_CORPORA();
  int reuters = 0;
  for (const fs::path& path :
       XmlFiles(Corpora() / "superdesk-ingest-fixtures" / "newsml-g2", false)) {
    std::string name = path.filename().string();
    bool is_reuters = name.rfind("tag_reuters.com", 0) == 0 || name == "picture.xml" ||
                      name == "snep.xml" || name == "text.xml" || name == "video.xml";
    if (!is_reuters)
      continue;
    ++reuters;
    SCOPED_TRACE(name);
    std::string text = ReadFile(path);
    auto feed = ParseFeed(text);
    ASSERT_TRUE(feed) << feed.error().ToString();
    EXPECT_EQ(feed->format, "newsml-g2");
    if (!ContainsNewsItem(text)) {
      // Two Reuters files carry only a packageItem (a list of links to stories).
      EXPECT_TRUE(feed->items.empty());
      EXPECT_THAT(feed->warnings, Contains(HasSubstr("<packageItem> is not a news item")));
      continue;
    }
    ASSERT_GE(feed->items.size(), 1u);
    bool named = false;
    for (const core::Item& item : feed->items) {
      EXPECT_FALSE(item.guid.empty());
      named = named || !item.headline.empty();
    }
    EXPECT_TRUE(named);
  }
  EXPECT_EQ(reuters, 16);
}

TEST(Corpora, ParsesEveryOtherAgencyFile) {
  SKIP_WITHOUT_CORPORA();
  for (const fs::path& path :
       XmlFiles(Corpora() / "superdesk-ingest-fixtures" / "newsml-g2", false)) {
    SCOPED_TRACE(path.filename().string());
    std::string text = ReadFile(path);
    auto feed = ParseFeed(text);
    ASSERT_TRUE(feed) << feed.error().ToString();
    if (ContainsNewsItem(text)) {
      ASSERT_GE(feed->items.size(), 1u);
      for (const core::Item& item : feed->items) EXPECT_FALSE(item.guid.empty());
    }
  }
  for (const fs::path& path : XmlFiles(Corpora() / "superdesk-ingest-fixtures" / "feeds", false)) {
    SCOPED_TRACE(path.filename().string());
    auto feed = ParseFeed(ReadFile(path));
    ASSERT_TRUE(feed) << feed.error().ToString();
    ASSERT_GE(feed->items.size(), 1u);
    for (const core::Item& item : feed->items) EXPECT_FALSE(item.guid.empty());
  }
}

TEST(Corpora, ReutersCanceledItemAndItsCorrectedVersion) {
  SKIP_WITHOUT_CORPORA();
  fs::path dir = Corpora() / "superdesk-ingest-fixtures" / "newsml-g2";
  auto canceled =
      ParseFeed(ReadFile(dir / "tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml"));
  ASSERT_TRUE(canceled) << canceled.error().ToString();
  ASSERT_EQ(canceled->items.size(), 1u);
  EXPECT_EQ(canceled->items[0].guid, "tag:reuters.com,0000:newsml_L1N14N0FF");
  EXPECT_EQ(canceled->items[0].version, 1542761538);
  EXPECT_EQ(canceled->items[0].status, core::ItemStatus::kCanceled);
  // A kill carries an empty <p/> body: no body at all.
  EXPECT_TRUE(canceled->items[0].body_html.empty());
  EXPECT_TRUE(canceled->items[0].body_text_sha256.empty());

  auto corrected =
      ParseFeed(ReadFile(dir / "tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml"));
  ASSERT_TRUE(corrected) << corrected.error().ToString();
  ASSERT_EQ(corrected->items.size(), 1u);
  const core::Item& item = corrected->items[0];
  EXPECT_EQ(item.guid, "tag:reuters.com,0000:newsml_L1N14N0FF");
  EXPECT_EQ(item.version, 978556838);
  EXPECT_EQ(item.status, core::ItemStatus::kUsable);
  EXPECT_TRUE(item.HasSignal("correction"));
  EXPECT_THAT(item.headline, StartsWith("CORRECTED-S. Illinois battles flooding"));
  EXPECT_EQ(item.urgency, 3);
  EXPECT_EQ(item.language, "en");
  EXPECT_EQ(item.byline, "Reuters");
  EXPECT_THAT(item.rights, StartsWith("(c) Copyright Thomson Reuters 2016"));
  EXPECT_EQ(core::FormatRfc3339(*item.updated), "2016-01-04T15:43:34Z");
  EXPECT_THAT(item.body_html, HasSubstr("Residents of flooded areas"));
  EXPECT_FALSE(item.body_text_sha256.empty());
}

// Sanitising changes markup, never text: the stored body's text hash equals the received one,
// which is what the "without modifications" notice rests on.
TEST(Corpora, SanitisedBodiesKeepTheReceivedTextHash) {
  SKIP_WITHOUT_CORPORA();
  int bodies = 0;
  for (const char* folder : {"newsml-g2", "feeds"}) {
    for (const fs::path& path : XmlFiles(Corpora() / "superdesk-ingest-fixtures" / folder, false)) {
      auto feed = ParseFeed(ReadFile(path));
      if (!feed)
        continue;
      for (const core::Item& item : feed->items) {
        if (item.body_html.empty())
          continue;
        ++bodies;
        EXPECT_EQ(sanitize::TextSha256(item.body_html), item.body_text_sha256)
            << path.filename() << " " << item.guid;
      }
    }
  }
  EXPECT_GE(bodies, 30);
}

TEST(Corpora, FeedparserWellFormedFilesNeverCrash) {
  SKIP_WITHOUT_CORPORA();
  int parsed = 0;
  int files = 0;
  for (const fs::path& path : XmlFiles(Corpora() / "feedparser-wellformed", true)) {
    ++files;
    auto feed = ParseFeed(ReadFile(path));
    if (feed)
      ++parsed;
  }
  EXPECT_GE(files, 1700);
  // CDF and a few odd roots are not formats wiredesk reads; nearly all the rest must parse.
  EXPECT_GT(parsed, files * 9 / 10) << parsed << " of " << files;
}

}  // namespace
}  // namespace wiredesk::formats
