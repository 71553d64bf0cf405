// Real documents from the shared corpora (see /work/shared/corpora/*/README.md): IPTC's
// NewsML-G2 guideline examples and unit-test files, and the agency files superdesk ingests.
// Skipped when WIREDESK_SHARED is unset.
#include "formats/testing/corpora.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
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

// The IPTC guideline examples whose root is a newsItem: guid, version, status and headline
// as Python's ElementTree reads them (the contentMeta headline, else the itemMeta title, else
// the slugline; "" where the example names no story).
TEST(Corpora, IptcNewsItemExamplesHaveTheRightHeadlineVersionAndStatus) {
  SKIP_WITHOUT_CORPORA();
  using core::ItemStatus;
  struct Case {
    std::string_view file;
    std::string_view guid;
    std::optional<int64_t> version;
    ItemStatus status;
    std::string_view headline;
  };
  const Case kCases[] = {
      {"LISTING_16_A_Set_of_Events_carried_in_a_News_Item.xml",
       "urn:newsml:iptc.org:20090122:qqwpiruuew4711", 11, ItemStatus::kUsable, ""},
      {"LISTING_1_A_NewsML-G2_News_Item.xml", "urn:newsml:acmenews.com:20161018:US-FINANCE-FED", 11,
       ItemStatus::kUsable, "Fed to halt QE to avert \"bubble\""},
      {"LISTING_21_A_complete_sample_SportsML-G2_document.xml",
       "urn:newsml:sportsml.org:20160502:xt.prog.20150606005942-43710-16.068-event-stats-"
       "progressive",
       1, ItemStatus::kUsable,
       "Troy Tulowitzki singled to third and advanced to second on Martin Prado's throwing error. "
       "Runner on second with one out and Carlos Gonzalez due up."},
      {"LISTING_22_Sports_story_in_NewsML-G2NITF.xml", "tag:xmlteam.com,2016:xt.5932656-preview",
       11, ItemStatus::kUsable,
       "Preview: Arizona Diamondbacks (29-23) at Philadelphia Phillies (26-24), 7:05 p.m."},
      {"LISTING_26_Embedded_photo_metadata_fields_mapped_to_NewsML-G2.xml",
       "tag:acmenews.com,2008:WORLD-NEWS:USA20081208098658", 11, ItemStatus::kUsable,
       "A firefighter walks past the remains of a military jet that crashed into homes in the "
       "University City neighborhood of San Bernardino"},
      {"LISTING_27_Company_Financial_Information.xml",
       "urn:newsml:acmenews.com:20161019:201003230594296001", 11, ItemStatus::kUsable,
       "Acme Widgets announces annual results"},
      {"LISTING_29_Hop_History.xml", "urn:newsml:acmenews.com:20161019T1205:HOP-HISTORY-EXAMPLE",
       11, ItemStatus::kUsable, ""},
      {"LISTING_2_NewsML-G2_Text_Document.xml", "urn:newsml:acmenews.com:20161121:US-FINANCE-FED",
       11, ItemStatus::kUsable, "Fed to halt QE to avert \"bubble\""},
      {"LISTING_3A_Photo_in_NewsML-G2_(URI_sibling_attributes).xml",
       "tag:gettyimages.com,2010:GYI0062134533", 11, ItemStatus::kUsable,
       "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"},
      {"LISTING_3_Photo_in_NewsML-G2.xml", "tag:gettyimages.com,2010:GYI0062134533", 11,
       ItemStatus::kUsable, "Variety Of Recessionary Forces Leave Las Vegas Economy Scarred"},
      {"LISTING_4_Multiple_Renditions_of_a_Video_in_NewsML-G2.xml",
       "urn:newsml:afp.com:20140131:CNG.3424d3807bc.391@video_1359566", 11, ItemStatus::kUsable,
       ""},
      {"LISTING_5_Multi-part_Video_in_NewsML-G2.xml", "tag:example.com,2008:407624", 11,
       ItemStatus::kUsable, "Loriot retrospective"},
      {"Receiver View.xml", "urn:newsml:NAG.com:20161121:US-FINANCE-FED", 11, ItemStatus::kUsable,
       "Fed to halt QE to avert \"bubble\""},
      {"ap_metadata_example.xml", "tag:example.com,2008:407624", 11, ItemStatus::kUsable, ""},
      {"facet-example-2.xml", "tag:example.com,2008:407624", 11, ItemStatus::kUsable, ""},
      {"facet-example-3.xml", "tag:example.com,2008:407624", 11, ItemStatus::kUsable, ""},
      {"facet-example.xml", "tag:example.com,2008:407624", 11, ItemStatus::kUsable, ""},
  };
  fs::path dir = Corpora() / "iptc-newsml-g2" / "examples";
  for (const Case& c : kCases) {
    SCOPED_TRACE(std::string(c.file));
    auto feed = ParseFeed(ReadFile(dir / c.file));
    ASSERT_TRUE(feed) << feed.error().ToString();
    ASSERT_EQ(feed->items.size(), 1u);
    const core::Item& item = feed->items[0];
    EXPECT_EQ(item.guid, c.guid);
    EXPECT_EQ(item.version, c.version);
    EXPECT_EQ(item.status, c.status);
    EXPECT_EQ(item.headline, c.headline);
  }
  EXPECT_EQ(sizeof(kCases) / sizeof(kCases[0]), 17u);  // The README's count of news items.
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

// What a superdesk agency file must yield: its item at `index` (-1: no item at all, as for a
// package of links or a picture), with this guid, version, status and headline.
struct AgencyCase {
  std::string_view file;  // Relative to superdesk-ingest-fixtures/.
  int index;
  std::string_view guid;
  std::optional<int64_t> version;
  core::ItemStatus status;
  std::string_view headline;  // "" where the file names no story anywhere.
};

// Every NewsML-G2, ninjs and feed file of superdesk-ingest-fixtures (the NITF ones are in
// corpora_json_nitf_test.cc). The values were read from the files with Python's ElementTree
// and json, not with our parser: the newsItem guid and version attributes, pubStatus, and the
// contentMeta headline, else the itemMeta title, the slugline, or the inline NITF's hl1 /
// title; for ninjs uri (guid in superdesk's own ninjs), version, pubstatus, headline.
TEST(Corpora, EveryAgencyFileHasTheRightHeadlineVersionAndStatus) {
  SKIP_WITHOUT_CORPORA();
  using core::ItemStatus;
  const AgencyCase kCases[] = {
      {"newsml-g2/ansa-newsmlg2-text.xml", 0,
       "tag:ansa.it,2017-10-11:40e5fb1034e7e2b21942ea09718fc85a", 1, ItemStatus::kUsable,
       "Catalan independence declaration unacceptable - Alfano"},
      {"newsml-g2/ansa_culture.xml", 0, "tag:ansa.it,2019-07-01:fd66854b6f8fcf6e0f9dd3792d86ae2e",
       2, ItemStatus::kUsable, "TEST FROM XAWES"},
      {"newsml-g2/ap.xml", 0, "tag:ap.org,2011:5e565888b587889c5c8bd62b6164118c-text", 2,
       ItemStatus::kUsable, "Nutrisystem beats 4Q earnings and revenue expectations"},
      {"newsml-g2/ap.xml", 1, "tag:ap.org,2011:b6d5d4eb781939b5fe8722f3fba28ee2-text", 2,
       ItemStatus::kUsable,
       "DiamondRock Hospitality posts 4Q FFO of $50.7 million, results top expectations"},
      {"newsml-g2/ap.xml", 2, "tag:ap.org,2011:4db5f9c37aac8924db872ba5a7e287e6-text", 1,
       ItemStatus::kUsable, "Scripps Networks tops 4Q profit and revenue expectations"},
      {"newsml-g2/dpa.xml", 0, "urn:newsml:dpa.com:20090101:221011-930-4303", 1,
       ItemStatus::kUsable,
       "Eintracht in London: Hintereggers Tr\xC3\xA4"
       "nen und Attacke auf Reporter"},
      {"newsml-g2/picture.xml", 0, "tag:reuters.com,0000:newsml_GM1E9341HD701", 360624134,
       ItemStatus::kUsable,
       "A woman casts her ballot inside a polling station in Kenya's town of Gatundu"},
      {"newsml-g2/scoop.xml", 0, "BD-20160112123540", 3, ItemStatus::kUsable,
       "Dick Smith receivers install Don Grover as acting CEO as Abboud quits; retailer put up for "
       "sale"},
      {"newsml-g2/snep.xml", -1, "", std::nullopt, ItemStatus::kUsable, ""},
      {"newsml-g2/stt1.xml", 0, "urn:newsml:stt.fi::102736761", 2, ItemStatus::kUsable,
       "Mikko Moilanen siirtyy Revenion toimitusjohtajaksi"},
      {"newsml-g2/stt_archive_newsml_created_date_test.xml", 0,
       "urn:newsml:stt.fi:20130216:96690243", 1, ItemStatus::kUsable, "Yleisurheilutuloksia/SM"},
      {"newsml-g2/stt_archive_newsml_test.xml", 0, "urn:newsml:stt.fi:20130216:96690243", 1,
       ItemStatus::kUsable, "Yleisurheilutuloksia/SM"},
      {"newsml-g2/stt_newsml_abstract_test.xml", 0, "urn:newsml:stt.fi:20180419:102051098", 1,
       ItemStatus::kUsable, ""},
      {"newsml-g2/stt_newsml_endash.xml", 0, "urn:newsml:stt.fi:20180401:101976596", 1,
       ItemStatus::kUsable,
       "Reilu kolmannes Korkeasaaren el\xC3\xA4"
       "inpotilaista saadaan palautettua luontoon"},
      {"newsml-g2/stt_newsml_location_rich.xml", 0, "urn:newsml:stt.fi:20170829:101572756", 1,
       ItemStatus::kUsable,
       "Tuhannet rohingya-pakolaiset jumissa Myanmarin ja Bangladeshin rajalla"},
      {"newsml-g2/stt_newsml_location_test.xml", 0, "urn:newsml:stt.fi:20170131:101159380", 1,
       ItemStatus::kUsable, ""},
      {"newsml-g2/stt_newsml_no_truncated_text_test.xml", 0, "urn:newsml:stt.fi::105868846", 7,
       ItemStatus::kUsable,
       "Vastaamoon kohdistunut tietomurto oli syytt\xC3\xA4"
       "jien mukaan erityisen suunnitelmallinen \xE2\x80\x93"
       " syytetylle vaaditaan seitsem\xC3\xA4"
       "n vuoden vankeutta"},
      {"newsml-g2/stt_newsml_note_test.xml", 0, "urn:newsml:stt.fi:20170131:101160101", 1,
       ItemStatus::kUsable,
       "Jussi Niinist\xC3\xB6"
       ": Ylen tiedoissa voi olla kyse informaatio-operaatiosta"},
      {"newsml-g2/stt_newsml_subject_test.xml", 0, "urn:newsml:stt.fi:20170131:101159380", 1,
       ItemStatus::kUsable, ""},
      {"newsml-g2/stt_newsml_test.xml", 0, "urn:newsml:stt.fi:20171219:101801633", 4,
       ItemStatus::kUsable,
       "Parliament passed the Alcohol Act and the government gained confidence*** TRANSLATED ***"},
      {"newsml-g2/stt_newsml_test_no_hl.xml", 0, "urn:newsml:stt.fi:20171219:101801633", 4,
       ItemStatus::kUsable, ""},
      {"newsml-g2/tag_reuters.com,0000_newsml_ISS149709_1618095828.xml", 0,
       "tag:reuters.com,0000:newsml_ISS149709", 1618095828, ItemStatus::kUsable,
       "Soccer-Turkish championship results and standings"},
      {"newsml-g2/tag_reuters.com,0000_newsml_L4N1FL0N0_1132689232.xml", 0,
       "tag:reuters.com,0000:newsml_L4N1FL0N0", 1132689232, ItemStatus::kUsable,
       "PRECIOUS-Gold rises as Trump policy fuels safe haven demand"},
      {"newsml-g2/tag_reuters.com,2018_newsml_MTZXEE13ZXCZES_2.xml", 0,
       "tag:reuters.com,2018:newsml_MTZXEE13ZXCZES", 2, ItemStatus::kUsable,
       "UPDATE 2-Primeira Liga Results"},
      {"newsml-g2/tag_reuters.com_0000_newsml_GM1EA7M13RP01_version_484616934.xml", 0,
       "tag_reuters.com_0000_newsml_GM1EA7M13RP01", 484616934, ItemStatus::kUsable,
       "Cast member Vin Diesel arrives at the premiere of \"Guardians of the Galaxy\" in "
       "Hollywood"},
      {"newsml-g2/tag_reuters.com_2014_newsml_KBN0FL0NM_version_10.xml", -1, "", std::nullopt,
       ItemStatus::kUsable, ""},
      {"newsml-g2/tag_reuters.com_2014_newsml_KBN0FL0NN_version_5.xml", 0,
       "tag_reuters.com_2014_newsml_KBN0FL0NN", 5, ItemStatus::kUsable,
       "Confident Assad launches new term in stronger position"},
      {"newsml-g2/tag_reuters.com_2014_newsml_KBN0FL0ZP_version_2.xml", 0,
       "tag_reuters.com_2014_newsml_KBN0FL0ZP", 2, ItemStatus::kUsable,
       "Syria's Assad says foreign states will pay for supporting 'terrorism'"},
      {"newsml-g2/tag_reuters.com_2014_newsml_LYNXMPEA6F0MS_version_2.xml", 0,
       "tag_reuters.com_2014_newsml_LYNXMPEA6F0MS", 2, ItemStatus::kUsable,
       "Still image from video shows Syria's President Bashar al-Assad arriving to be sworn in for "
       "a new seven-year term at the presidential palace in Damascus"},
      {"newsml-g2/tag_reuters.com_2014_newsml_LYNXMPEA6F0MT_version_2.xml", 0,
       "tag_reuters.com_2014_newsml_LYNXMPEA6F0MT", 2, ItemStatus::kUsable,
       "Still image from video shows Syria's President Bashar al-Assad arriving to be sworn in for "
       "a new seven-year term at the presidential palace in Damascus"},
      {"newsml-g2/tag_reuters.com_2014_newsml_LYNXMPEA6F13M_version_1.xml", 0,
       "tag_reuters.com_2014_newsml_LYNXMPEA6F13M", 1, ItemStatus::kUsable,
       "Syria's President Bashar al-Assad places his right hand on a Koran as he is sworn in for a "
       "new seven-year term, at al-Shaab presidential palace in Damascus"},
      {"newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_1542761538.xml", 0,
       "tag:reuters.com,0000:newsml_L1N14N0FF", 1542761538, ItemStatus::kCanceled,
       "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream"},
      {"newsml-g2/tag_reuters.com_2016_newsml_L1N14N0FF_version_978556838.xml", 0,
       "tag:reuters.com,0000:newsml_L1N14N0FF", 978556838, ItemStatus::kUsable,
       "CORRECTED-S. Illinois battles flooding as Mississippi River builds downstream"},
      {"newsml-g2/text.xml", 0, "tag:reuters.com,0000:newsml_L4N0BT5PJ", 263518268,
       ItemStatus::kUsable,
       "Soccer-Smiling Benitez pleads for support after midweek outburst against opponent"},
      {"newsml-g2/video.xml", 0, "tag:reuters.com,2013:newsml_OVE933ZR5", 1, ItemStatus::kUsable,
       "Cardinals arrive for pre-conclave meeting"},
      {"newsml-g2/video.xml", 1, "tag:reuters.com,2013:newsml_LOVE9230WHZNS", 1,
       ItemStatus::kUsable, ""},
      {"newsml-g2/video.xml", 2, "tag:reuters.com,2013:newsml_LOVE9230WHZNT", 1,
       ItemStatus::kUsable, ""},
      {"newsml-g2/video.xml", 3, "tag:reuters.com,2013:newsml_LOVE9230WHZNR", 1,
       ItemStatus::kUsable, ""},
      {"ninjs/bbc-ninjs-comp-test.json", 0, "https://example.com/56789", std::nullopt,
       ItemStatus::kUsable, "abcdef"},
      {"ninjs/bbc-ninjs-text-test.json", 0, "https://www.example.com//12345", std::nullopt,
       ItemStatus::kUsable, "advisory"},
      {"ninjs/ninjs1.json", 0,
       "urn:newsml:localhost:2017-08-24T14:37:19.783611:c044162e-7f40-4d04-b700-49b6a66e652c", 2,
       ItemStatus::kUsable, "headline"},
      {"ninjs/ninjs2.json", 0, "tag:localhost:2017:7ca07622-3b19-4d61-8daf-18500412d46b", 4,
       ItemStatus::kUsable, "Oil prices edge up on first drop in US drilling in months"},
      {"ninjs/ninjs3.json", -1, "", std::nullopt, ItemStatus::kUsable, ""},
      {"ninjs/ninjs4.json", 0,
       "https://www.futurezone.de/science/article216742303/"
       "China-behauptet-einen-Polizeihund-geklont-zu-haben.html",
       1, ItemStatus::kUsable, "China behauptet, einen Polizeihund geklont zu haben"},
      {"ninjs/ninjs5.json", 0, "tag:localhost:2017:7ca07622-3b19-4d61-8daf-18500412d46b", 4,
       ItemStatus::kUsable, "Oil prices edge up on first drop in US drilling in months"},
      {"ninjs/ninjs6.json", -1, "", std::nullopt, ItemStatus::kUsable, ""},
      {"ninjs/ninjs_embargoed.json", 0, "fd8e441b-a698-4411-9246-7d5de21cced9", 11,
       ItemStatus::kUsable, "Trouble is brewing for the future of beer"},
      {"feeds/wenn.xml", 0, "urn:feed-wenn-com:newsfeedarticle:2:2222:1", std::nullopt,
       ItemStatus::kUsable, "Suge Knight involved in fatal hit and run incident"},
      {"feeds/wordpress_wxr.xml", 0, "http://sdnewtester.org/?p=216", std::nullopt,
       ItemStatus::kUsable, "Starafrica to dispose assets for $6 million to clear debt"},
      {"feeds/wordpress_wxr_funke.xml", 0, "https://funkygames.de/?p=6277", std::nullopt,
       ItemStatus::kUsable, "Löst einen Mord in Mysterium Secrets & Lies"},
      {"feeds/wordpress_wxr_thumb.xml", 0, "https://test.invalid", std::nullopt,
       ItemStatus::kUsable, "test"},
  };
  fs::path dir = Corpora() / "superdesk-ingest-fixtures";
  std::set<std::string> covered;
  for (const AgencyCase& c : kCases) {
    SCOPED_TRACE(std::string(c.file) + " #" + std::to_string(c.index));
    covered.insert(std::string(c.file));
    auto feed = ParseFeed(ReadFile(dir / c.file));
    ASSERT_TRUE(feed) << feed.error().ToString();
    if (c.index < 0) {
      EXPECT_TRUE(feed->items.empty());
      continue;
    }
    ASSERT_LT(static_cast<size_t>(c.index), feed->items.size());
    const core::Item& item = feed->items[static_cast<size_t>(c.index)];
    EXPECT_EQ(item.guid, c.guid);
    EXPECT_EQ(item.version, c.version);
    EXPECT_EQ(item.status, c.status);
    EXPECT_EQ(item.headline, c.headline);
  }
  // Every file of the three folders is in the table.
  for (const char* folder : {"newsml-g2", "ninjs", "feeds"}) {
    for (const auto& entry : fs::directory_iterator(dir / folder)) {
      std::string relative = std::string(folder) + "/" + entry.path().filename().string();
      EXPECT_TRUE(covered.count(relative)) << relative << " has no expectations";
    }
  }
  EXPECT_EQ(covered.size(), 33u + 9u + 4u);  // The README's counts.
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
