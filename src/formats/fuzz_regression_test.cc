// Regression inputs for the fuzz targets (testdata/fuzz/): every input a fuzzer ever crashed
// on is kept there, and each goes through what the targets run, under the debug build's
// sanitizers. The same folder seeds the fuzzers in CI (.ci/run). To add a crash: copy the
// reproducer libFuzzer wrote (crash-<sha1>) into the folder under a name that says what it
// exercises, and fix the code until this test passes.
#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "formats/encoding.h"
#include "formats/feed_json.h"
#include "formats/feed_parser.h"
#include "formats/internal/fields.h"
#include "formats/internal/xml.h"
#include "formats/testing/corpora.h"

namespace wiredesk::formats {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> RegressionInputs() {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(fs::path(WIREDESK_FORMATS_TESTDATA) / "fuzz")) {
    if (entry.is_regular_file())
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

void ExpectOneLineError(const core::Error& error) {
  EXPECT_FALSE(error.message().empty());
  EXPECT_EQ(error.message().find('\n'), std::string::npos) << error.message();
}

TEST(FuzzRegression, EveryParserSurvivesEveryInput) {
  std::vector<fs::path> inputs = RegressionInputs();
  ASSERT_FALSE(inputs.empty());
  for (const fs::path& path : inputs) {
    SCOPED_TRACE(path.filename().string());
    std::string bytes = testing::ReadFile(path);
    // feed_parser_fuzz: detection, the chosen parser, the JSON printer.
    auto parsed = ParseFeed(bytes);
    if (parsed) {
      EXPECT_FALSE(ParsedFeedToJson(*parsed).empty());
    } else {
      ExpectOneLineError(parsed.error());
    }
    // rss_fuzz, atom_fuzz, ...: each parser on its own, whatever the content.
    for (const FeedFormat* format : RegisteredFormats()) {
      format->Detect(bytes);
      auto direct = format->Parse(bytes, {});
      if (!direct)
        ExpectOneLineError(direct.error());
    }
  }
}

TEST(FuzzRegression, FieldParsersSurviveEveryInput) {
  for (const fs::path& path : RegressionInputs()) {
    SCOPED_TRACE(path.filename().string());
    std::string bytes = testing::ReadFile(path);
    // fields_fuzz.
    (void)internal::ParseAnyDate(bytes);
    (void)internal::ParsePerson(bytes);
    (void)internal::WebUrl("https://example.com/a/b", bytes);
    (void)internal::PlainText(bytes);
    std::string rewritten = internal::NumericHtmlReferences(bytes);
    if (bytes.find('&') == std::string::npos) {
      EXPECT_EQ(rewritten, bytes);
    }
    size_t newline = bytes.find('\n');
    std::string_view view(bytes);
    std::string_view charset = newline == std::string::npos ? "" : view.substr(0, newline);
    std::string_view body = newline == std::string::npos ? view : view.substr(newline + 1);
    auto decoded = DecodeToUtf8(body, charset.substr(0, 40));
    if (decoded) {
      EXPECT_EQ(RepairUtf8(decoded->utf8), decoded->utf8);
    }
  }
}

}  // namespace
}  // namespace wiredesk::formats
