// Real documents from the shared corpora for the JSON Feed, ninjs and NITF parsers (see
// /work/shared/corpora/{jsonfeed,iptc-ninjs,iptc-nitf,superdesk-ingest-fixtures}/README.md).
// Expected values come from the source documents themselves, read with a generic JSON reader,
// or from the READMEs. Skipped when WIREDESK_SHARED is unset.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/text.h"
#include "formats/feed_parser.h"
#include "formats/testing/corpora.h"
#include "formats/testing/json_schema.h"

namespace wiredesk::formats {
namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using testing::Corpora;
using testing::ReadFile;

std::vector<fs::path> Files(const fs::path& dir, std::string_view extension) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == extension)
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The source's own JSON, for expectations. Empty (null) when it is not JSON.
json::value SourceJson(const std::string& text) {
  std::error_code error;
  json::value value = json::parse(text, error);
  return error ? json::value() : value;
}

std::string Text(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr)
    return "";
  if (const json::string* text = value->if_string())
    return std::string(text->data(), text->size());
  if (const int64_t* number = value->if_int64())
    return std::to_string(*number);
  return "";
}

const core::Item* FindItem(const ParsedFeed& feed, std::string_view guid) {
  for (const core::Item& item : feed.items) {
    if (item.guid == guid)
      return &item;
  }
  return nullptr;
}

TEST(CorporaJsonNitf, ParsesEveryJsonFeedSpecExample) {
  SKIP_WITHOUT_CORPORA();
  int files = 0;
  int items = 0;
  for (const fs::path& path : Files(Corpora() / "jsonfeed" / "spec-examples", ".json")) {
    SCOPED_TRACE(path.string());
    ++files;
    std::string text = ReadFile(path);
    json::value source = SourceJson(text);
    ASSERT_TRUE(source.is_object());
    auto feed = ParseFeed(text);
    ASSERT_TRUE(feed) << feed.error().ToString();
    std::string version = path.parent_path().filename().string();
    EXPECT_EQ(feed->format, "jsonfeed" + version);
    EXPECT_EQ(feed->feed.title, Text(source.get_object(), "title"));
    EXPECT_EQ(feed->feed.link, Text(source.get_object(), "home_page_url"));
    EXPECT_TRUE(feed->warnings.empty()) << feed->warnings.front();
    const json::array& source_items = source.at("items").as_array();
    ASSERT_EQ(feed->items.size(), source_items.size());
    for (size_t i = 0; i < source_items.size(); ++i) {
      const json::object& expected = source_items[i].as_object();
      const core::Item& item = feed->items[i];
      ++items;
      EXPECT_EQ(item.guid, Text(expected, "id"));
      // JSON Feed has no versions or statuses: every item is a usable first version.
      EXPECT_EQ(item.headline, core::CollapseWhitespace(Text(expected, "title")));
      EXPECT_FALSE(item.version.has_value());
      EXPECT_EQ(item.status, core::ItemStatus::kUsable);
      EXPECT_FALSE(item.guid.empty());
      EXPECT_EQ(item.link, Text(expected, "url"));
      EXPECT_FALSE(item.body_html.empty());
      EXPECT_EQ(item.published.has_value(), expected.contains("date_published"));
      if (const json::array* attachments = expected.if_contains("attachments")
                                               ? expected.at("attachments").if_array()
                                               : nullptr) {
        ASSERT_EQ(item.enclosures.size(), attachments->size());
        EXPECT_EQ(item.enclosures[0].url, Text(attachments->at(0).as_object(), "url"));
        EXPECT_TRUE(item.enclosures[0].length.has_value());
      }
    }
  }
  std::cout << "[ jsonfeed ] " << files << " spec examples, " << items << " items\n";
  EXPECT_EQ(files, 6);  // The README lists 6.
}

// What the corpus says an item should come out as.
struct NinjsExpectation {
  std::string uri;
  bool story = false;  // type text/composite (or none) with a headline or a body.
  bool has_headline = false;
  core::ItemStatus status = core::ItemStatus::kUsable;
  std::optional<int64_t> version;
};

NinjsExpectation Expect(const json::object& object) {
  NinjsExpectation expected;
  expected.uri = Text(object, "uri");
  std::string type = Text(object, "type");
  bool has_headline = object.contains("headline") || object.contains("headline_main") ||
                      object.contains("headlines");
  bool has_body = object.contains("bodies");
  for (std::string_view key :
       {"body_html", "body_xhtml", "body_richtext", "body_text", "body_main"}) {
    has_body = has_body || !Text(object, key).empty();
  }
  bool textual = type.empty() || type == "text" || type == "composite";
  expected.story = textual && (has_headline || has_body);
  expected.has_headline = has_headline;
  std::string status = Text(object, "pubstatus") + Text(object, "pubStatus");
  if (status == "withheld")
    expected.status = core::ItemStatus::kWithheld;
  if (status == "canceled")
    expected.status = core::ItemStatus::kCanceled;
  std::string version = Text(object, "version");
  if (!version.empty())
    expected.version = std::stoll(version);
  return expected;
}

TEST(CorporaJsonNitf, ReadsEveryNinjsExample) {
  SKIP_WITHOUT_CORPORA();
  fs::path root = Corpora() / "iptc-ninjs";
  int files = 0;
  int stories = 0;
  int with_headline = 0;
  int skipped = 0;
  for (const fs::path& dir : {root / "examples", root / "documentation-examples"}) {
    for (const fs::path& path : Files(dir, ".json")) {
      if (path.filename() == "extension-schema.json")
        continue;  // A JSON Schema, not an item.
      SCOPED_TRACE(path.string());
      ++files;
      std::string text = ReadFile(path);
      json::value source = SourceJson(text);
      std::vector<const json::object*> objects;
      if (source.is_object()) {
        objects.push_back(&source.get_object());
      } else {
        for (const json::value& value : source.as_array()) objects.push_back(&value.as_object());
      }
      auto feed = FindFormat("ninjs")->Parse(text, {});
      ASSERT_TRUE(feed) << feed.error().ToString();
      EXPECT_THAT(feed->format, StartsWith("ninjs"));
      for (const json::object* object : objects) {
        NinjsExpectation expected = Expect(*object);
        const core::Item* item = FindItem(*feed, expected.uri);
        if (!expected.story) {
          ++skipped;
          EXPECT_EQ(item, nullptr) << expected.uri;
          continue;
        }
        ++stories;
        ASSERT_NE(item, nullptr) << expected.uri;
        EXPECT_FALSE(item->headline.empty() && item->body_html.empty());
        if (expected.has_headline) {
          EXPECT_FALSE(item->headline.empty());
        }
        with_headline += item->headline.empty() ? 0 : 1;
        EXPECT_EQ(item->status, expected.status);
        EXPECT_EQ(item->version, expected.version);
        // Detection picks ninjs for every story document.
        auto detected = ParseFeed(text);
        ASSERT_TRUE(detected) << detected.error().ToString();
        EXPECT_THAT(detected->format, StartsWith("ninjs"));
      }
    }
  }
  std::cout << "[ ninjs ] " << files << " example files, " << stories << " stories ("
            << with_headline << " with a headline), " << skipped << " non-story items skipped\n";
  EXPECT_GE(files, 60);
  EXPECT_GE(stories, 30);
}

TEST(CorporaJsonNitf, ParsesEveryNinjsSchemaTest) {
  SKIP_WITHOUT_CORPORA();
  fs::path suite = Corpora() / "iptc-ninjs" / "test_suite";
  const FeedFormat* ninjs = FindFormat("ninjs");
  int pass_files = 0;
  int pass_items = 0;
  int pass_detected = 0;
  int fail_files = 0;
  int fail_rejected = 0;
  for (const fs::path& path : Files(suite, ".json")) {
    std::string folder = path.parent_path().filename().string();
    if (folder != "should_pass" && folder != "should_fail")
      continue;
    SCOPED_TRACE(path.string());
    std::string text = ReadFile(path);
    auto feed = ninjs->Parse(text, {});
    bool is_json = !SourceJson(text).is_null();
    if (folder == "should_pass") {
      ++pass_files;
      ASSERT_TRUE(feed) << feed.error().ToString();
      pass_items += static_cast<int>(feed->items.size());
      auto detected = ParseFeed(text);
      if (detected && detected->format.rfind("ninjs", 0) == 0)
        ++pass_detected;
    } else {
      ++fail_files;
      // Schema failures that are still JSON parse (leniently); non-JSON is an error value.
      EXPECT_EQ(feed.has_value(), is_json);
      if (!feed) {
        ++fail_rejected;
        EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
      }
    }
  }
  std::cout << "[ ninjs test_suite ] should_pass: " << pass_files << " files parsed, " << pass_items
            << " stories, " << pass_detected << " detected as ninjs; should_fail: " << fail_files
            << " files, " << fail_rejected << " rejected as not JSON\n";
  EXPECT_EQ(pass_files, 158);  // The README counts 158 and 70.
  EXPECT_EQ(fail_files, 70);
  EXPECT_EQ(fail_rejected, 5);  // The five files the README says are not JSON.
}

// The validation plan (test-plan.json, see the ninjs README): each test-suite file validated
// against the schema the upstream runner uses must pass or fail as the plan says; a file that
// is not JSON counts as failing. Every file the plan calls valid must also parse as ninjs.
TEST(CorporaJsonNitf, NinjsTestSuiteValidatesAsItsPlanSays) {
  SKIP_WITHOUT_CORPORA();
  fs::path root = Corpora() / "iptc-ninjs";
  json::value plan = json::parse(ReadFile(root / "test-plan.json"));
  ASSERT_EQ(plan.at("format").as_string(), "wiredesk-ninjs-validation-plan/1");
  // Every schema the plan names, and the GeoJSON schema they reference, by $id.
  std::map<std::string, json::value> schemas;
  testing::JsonSchemaValidator validator;
  for (const fs::path& path : Files(root / "specification", ".json")) {
    schemas[fs::relative(path, root).string()] = json::parse(ReadFile(path));
  }
  json::value geojson = json::parse(ReadFile(root / "test_suite" / "GeoJSON-schema.json"));
  validator.Register(geojson, "https://geojson.org/schema/GeoJSON.json");
  for (auto& [name, schema] : schemas) validator.Register(schema);

  const FeedFormat* ninjs = FindFormat("ninjs");
  int entries = 0, valid = 0, invalid = 0, mismatches = 0;
  for (const json::value& entry : plan.at("entries").as_array()) {
    std::string file(entry.at("file").as_string());
    std::string schema_name(entry.at("schema").as_string());
    bool expect_valid = entry.at("expect").as_string() == "valid";
    SCOPED_TRACE(file + " against " + schema_name);
    ++entries;
    ASSERT_TRUE(schemas.count(schema_name)) << "the plan names an unknown schema";
    std::string text = ReadFile(root / file);
    std::error_code code;
    json::value instance = json::parse(text, code);
    std::string error = "not JSON";
    bool is_valid = !code && validator.Validate(schemas.at(schema_name), instance, &error);
    (is_valid ? valid : invalid)++;
    if (is_valid != expect_valid) {
      ++mismatches;
      ADD_FAILURE() << "expected " << (expect_valid ? "valid" : "invalid") << ", got "
                    << (is_valid ? "valid" : "invalid: " + error);
    }
    if (expect_valid) {
      auto feed = ninjs->Parse(text, {});
      EXPECT_TRUE(feed) << feed.error().ToString();
    }
  }
  std::cout << "[ ninjs plan ] " << entries << " validations: " << valid << " valid, " << invalid
            << " invalid, " << mismatches << " against the plan\n";
  EXPECT_EQ(entries, 789);  // The plan's count.
  EXPECT_EQ(invalid, 74);
}

TEST(CorporaJsonNitf, ReadsTheIptcNitfSample) {
  SKIP_WITHOUT_CORPORA();
  auto feed = ParseFeed(ReadFile(Corpora() / "iptc-nitf" / "nitf-fishing.xml"));
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->format, "nitf");
  ASSERT_EQ(feed->items.size(), 1u);
  const core::Item& item = feed->items[0];
  // The README's expectations (superdesk-core's IPTCExampleTestCase).
  EXPECT_EQ(item.headline, "Weather and Tide Updates for Norfolk");
  EXPECT_EQ(item.status, core::ItemStatus::kCanceled);
  EXPECT_EQ(item.guid, "iptc.321656141.b");
  EXPECT_EQ(item.ednote, "Today begins an expanded format of this popular column.");
  EXPECT_EQ(item.byline, "By Alan Karben");
  int coded = 0;
  for (const core::Subject& subject : item.subjects) coded += subject.code.empty() ? 0 : 1;
  EXPECT_EQ(coded, 3);
  EXPECT_THAT(item.subjects, Contains(::testing::Field(&core::Subject::name, "fishing")));
  // Read by hand from the file.
  EXPECT_EQ(item.version, 1);
  EXPECT_EQ(item.urgency, 3);
  EXPECT_EQ(item.rights, "International Press Telecommunications Council");
  EXPECT_EQ(core::FormatRfc3339(*item.published), "2002-02-25T19:30:00Z");
  EXPECT_THAT(item.body_html, HasSubstr("Acme Boat Company"));
  EXPECT_THAT(item.summary, HasSubstr("Superb weather in Norfolk today."));

  auto ntb = ParseFeed(ReadFile(Corpora() / "iptc-nitf" / "NTB_nitf_sample.xml"));
  ASSERT_TRUE(ntb) << ntb.error().ToString();
  ASSERT_EQ(ntb->items.size(), 1u);
  EXPECT_EQ(ntb->items[0].guid, "NTB5df9281a-a270-4dc5-a618-869bbc3bbca7_00");
  EXPECT_EQ(ntb->items[0].language, "nb-NO");
  EXPECT_EQ(ntb->items[0].byline, "NTB-AFP-DPA");
  EXPECT_EQ(ntb->items[0].dateline, "Unnao");
  EXPECT_FALSE(ntb->items[0].headline.empty());
  EXPECT_FALSE(ntb->items[0].body_html.empty());
}

struct NitfCase {
  std::string_view file;
  // "" when the file yields no item; ending in ':' a prefix, for an identity we derive.
  std::string_view guid;
  std::string_view headline;
  core::ItemStatus status;
  std::optional<int64_t> version;
};

TEST(CorporaJsonNitf, ReadsEverySuperdeskNitfFixture) {
  SKIP_WITHOUT_CORPORA();
  using core::ItemStatus;
  // Values read by hand from each file's docdata and hl1.
  const NitfCase kCases[] = {
      {"aap-1.xml", "AAP.115314987.5417374", "F1 Test", ItemStatus::kUsable, std::nullopt},
      {"aap-cyber.xml",
       "urn:newsml:localhost:2016-04-13T14:52:21.830724:0a686ee3-ec38-4fbf-beeb-aae311aecfdb",
       "Headline", ItemStatus::kUsable, std::nullopt},
      {"efe_nitf.xml", "22751909", "Honduran president announces Cabinet changes",
       ItemStatus::kUsable, std::nullopt},
      {"mapping_test.xml", "20160512:RTZ:8883:0", "", ItemStatus::kUsable, 4},
      {"nitf-ntb.xml", "faktisk-d9cde75b-256e-4989-b6a3-b8ad27f43a5c_47",
       "Faktisk.no: Nei, dette dokumentet beskriver ikke FNs Agenda 21 eller Agenda 2030",
       ItemStatus::kUsable, 48},
      {"pa3.xml", "4a82e12e-6b39-47eb-8e59-2c616a7e32a4HHH-13-1",
       "UK BREAK-UP 'NOT INCONCEIVABLE', FIRST MINISTER WARNS AHEAD OF BREXIT TALKS",
       ItemStatus::kUsable, std::nullopt},
      {"pa5.xml", "17b7b4c3-6e05-4690-b7cb-37b5c99c9a86HHH-5-1",
       "HARD BREXIT TO COST UK UP TO \xC2\xA3"
       "66BN A YEAR, SAYS TREASURY",
       ItemStatus::kUsable, std::nullopt},
      {"aap-finance.xml", "AFP.121974877.6504909",
       "ASIA:Samsung sells defence, petrochemical units", ItemStatus::kUsable, std::nullopt},
      {"aap-finance1.xml", "AAP.0.6703189",
       "Highlights of the AAP Finance Wire at 14:45 Feb 20, 2015", ItemStatus::kUsable,
       std::nullopt},
      {"aap-sports.xml", "AAP.123253116.6697929", "RL:Ferguson returns at centre for Roosters",
       ItemStatus::kUsable, std::nullopt},
      {"aap.xml", "AAP.115314987.5417374", "The main stories on today's 1900 ABC TV news",
       ItemStatus::kUsable, std::nullopt},
      {"handle_invalid_fields.xml", "eed713d46d74499d86b3250fa47b341b",
       "Man accused of ramming gate at Rideau Hall with truck faces multiple charges",
       ItemStatus::kUsable, std::nullopt},
      {"pa1.xml", "af1f7ad5-5619-49de-84cc-2e608538c77fSSS-3-1", "PA SPORT TRIVIA (OCTOBER 14)",
       ItemStatus::kUsable, std::nullopt},
      // No hedline: head/title stands in.
      {"pa2.xml", "T201510140143580001T", "1 SOCCER INT-Teams", ItemStatus::kUsable, std::nullopt},
      {"pa4.xml", "255dd17c-cecd-4e56-a555-24fcaf1ef394HHH-8-1",
       "GREAT BRITISH BAKE OFF COOKS UP TOP FIVE MOST-WATCHED SHOWS OF 2016", ItemStatus::kUsable,
       std::nullopt},
      // AP's NITF (from its Media API) names only its registry: the identity is derived from
      // the source, date.issue and headline.
      {"ap-nitf.xml", "urn:wiredesk:nitf:AP:20151210T191044Z:",
       "Can trading pollution like stocks help fight climate change?", ItemStatus::kUsable,
       std::nullopt},
      {"ap_media_text_nitf.xml", "urn:wiredesk:nitf:AP:20190703T040512Z:", "BC-BBN--Top Ten",
       ItemStatus::kUsable, std::nullopt},
      // Title, hedline and body.content all empty: nothing to show.
      {"aap-finance-lite.xml", "", "", ItemStatus::kUsable, std::nullopt},
  };
  fs::path dir = Corpora() / "superdesk-ingest-fixtures" / "nitf";
  int files = 0;
  int items = 0;
  for (const fs::path& path : Files(dir, ".xml")) {
    SCOPED_TRACE(path.string());
    ++files;
    auto feed = ParseFeed(ReadFile(path));
    ASSERT_TRUE(feed) << feed.error().ToString();
    EXPECT_EQ(feed->format, "nitf");
    items += static_cast<int>(feed->items.size());
    if (feed->items.empty()) {
      std::cout << "[ nitf ] " << path.filename().string() << ": no item:";
      for (const std::string& warning : feed->warnings) std::cout << " " << warning << ";";
      std::cout << "\n";
    }
    for (const core::Item& item : feed->items) {
      EXPECT_FALSE(item.guid.empty());
      EXPECT_FALSE(item.headline.empty());
      EXPECT_TRUE(item.published.has_value());
    }
    for (const NitfCase& c : kCases) {
      if (path.filename() != c.file)
        continue;
      if (c.guid.empty()) {
        EXPECT_TRUE(feed->items.empty());
        EXPECT_THAT(feed->warnings, Contains(HasSubstr("no headline or body")));
        continue;
      }
      ASSERT_EQ(feed->items.size(), 1u);
      const core::Item& item = feed->items[0];
      if (c.guid.back() == ':') {
        EXPECT_THAT(item.guid, StartsWith(std::string(c.guid)));
        EXPECT_EQ(item.guid.size(), c.guid.size() + 16);
      } else {
        EXPECT_EQ(item.guid, c.guid);
      }
      if (!c.headline.empty()) {
        EXPECT_EQ(item.headline, c.headline);
      }
      EXPECT_EQ(item.status, c.status);
      EXPECT_EQ(item.version, c.version);
      if (c.file == "pa3.xml") {
        // management-status="embargoed": usable once date.release has passed.
        ASSERT_TRUE(item.embargo.has_value());
        EXPECT_EQ(core::FormatRfc3339(*item.embargo), "2016-09-08T23:01:00Z");
      }
    }
  }
  std::cout << "[ nitf ] " << files << " superdesk fixtures, " << items << " items\n";
  EXPECT_EQ(files, 18);  // The README counts 18.
  // All but aap-finance-lite.xml, whose title, hedline and body.content are all empty.
  EXPECT_EQ(items, 17);
  size_t covered = sizeof(kCases) / sizeof(kCases[0]);
  EXPECT_EQ(covered, 18u);  // Every file has its row.
}

}  // namespace
}  // namespace wiredesk::formats
