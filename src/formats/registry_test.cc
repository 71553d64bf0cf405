#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(Registry, FormatsHaveDistinctNamesAndCanBeFound) {
  std::set<std::string_view> names;
  for (const FeedFormat* format : RegisteredFormats()) {
    EXPECT_TRUE(names.insert(format->name()).second) << format->name();
    EXPECT_EQ(FindFormat(format->name()), format);
  }
  EXPECT_THAT(names, ::testing::IsSupersetOf({"rss", "atom", "newsml-g2"}));
  EXPECT_EQ(FindFormat("no-such-format"), nullptr);
}

struct DetectCase {
  std::string_view name;
  std::string bytes;
  std::string_view format;
};

TEST(Registry, DetectsTheFormatFromContent) {
  const DetectCase kCases[] = {
      {"rss", "<rss version=\"2.0\"><channel><item><guid>1</guid></item></channel></rss>",
       "rss2.0"},
      {"rss after prolog",
       "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- made by hand -->\n<?xml-stylesheet href=\"s\"?>"
       "<!DOCTYPE rss>\n<rss version=\"0.92\"><channel/></rss>",
       "rss0.92"},
      {"rdf",
       "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
       "xmlns=\"http://purl.org/rss/1.0/\"><channel/></rdf:RDF>",
       "rss1.0"},
      {"atom", "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id></entry></feed>",
       "atom1.0"},
      {"atom without namespace", "<feed><entry><id>1</id></entry></feed>", "atom1.0"},
      {"atom whose text mentions rss",
       "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&lt;rss&gt;</title></feed>", "atom1.0"},
      {"newsml-g2 item", "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"g\"/>",
       "newsml-g2"},
      {"newsml-g2 message",
       "<n:newsMessage xmlns:n=\"http://iptc.org/std/nar/2006-10-01/\"><n:itemSet/>"
       "</n:newsMessage>",
       "newsml-g2"},
  };
  for (const DetectCase& c : kCases) {
    auto feed = ParseFeed(c.bytes);
    ASSERT_TRUE(feed) << c.name << ": " << feed.error().ToString();
    EXPECT_EQ(feed->format, c.format) << c.name;
  }
}

TEST(Registry, DetectScoresAreZeroForOtherFormats) {
  const FeedFormat* rss = FindFormat("rss");
  const FeedFormat* atom = FindFormat("atom");
  const FeedFormat* g2 = FindFormat("newsml-g2");
  std::string_view atom_doc = "<feed xmlns=\"http://www.w3.org/2005/Atom\"/>";
  EXPECT_EQ(rss->Detect(atom_doc), 0);
  EXPECT_EQ(g2->Detect(atom_doc), 0);
  EXPECT_GT(atom->Detect(atom_doc), 0);
  EXPECT_EQ(atom->Detect("<rss/>"), 0);
  // An RDF document that is not RSS is no feed.
  EXPECT_EQ(rss->Detect("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"/>"), 0);
}

TEST(Registry, RefusesUnknownFormatsWithOneLineReason) {
  // JSON, but neither a JSON Feed nor a ninjs item.
  auto json = ParseFeed(R"({"version": "2.0", "items": [], "title": "not a known format"})");
  ASSERT_FALSE(json);
  EXPECT_EQ(json.error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(json.error().message(), StartsWith("not a recognised feed format: "));
  EXPECT_EQ(json.error().message().find('\n'), std::string::npos);

  auto html = ParseFeed("<!DOCTYPE html><html><body>hi</body></html>");
  ASSERT_FALSE(html);
  EXPECT_THAT(html.error().message(), HasSubstr("<html>"));

  auto empty = ParseFeed("");
  ASSERT_FALSE(empty);
  EXPECT_THAT(empty.error().message(), HasSubstr("empty input"));

  auto binary = ParseFeed(std::string("\x00\x01\x02\xff", 4));
  ASSERT_FALSE(binary);
  EXPECT_EQ(binary.error().code(), core::ErrorCode::kInvalidArgument);
}

TEST(Registry, CapsTheDocumentSize) {
  ParseOptions options;
  options.max_bytes = 16;
  auto feed = ParseFeed("<rss version=\"2.0\"><channel/></rss>", options);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kResourceExhausted);
  // Each parser enforces the cap too, for callers that skip detection.
  auto direct = FindFormat("rss")->Parse("<rss version=\"2.0\"><channel/></rss>", options);
  ASSERT_FALSE(direct);
  EXPECT_EQ(direct.error().code(), core::ErrorCode::kResourceExhausted);
}

TEST(Registry, RefusesEntityDeclarationsWhateverTheFormat) {
  auto feed = ParseFeed(
      "<!DOCTYPE feed [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
      "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&e;</title></feed>");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(feed.error().message(), HasSubstr("DOCTYPE"));
}

TEST(Registry, ReportsXmlThatDoesNotParse) {
  auto feed = ParseFeed("<rss version=\"2.0\"");
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
  EXPECT_THAT(feed.error().message(), StartsWith("not well-formed XML"));
}

TEST(Registry, SurvivesDeepNesting) {
  // Every walk over the tree is iterative: depth must not exhaust the stack.
  constexpr int kDepth = 200000;
  std::string deep = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>";
  for (int i = 0; i < kDepth; ++i) deep += "<b>";
  deep += "deep";
  for (int i = 0; i < kDepth; ++i) deep += "</b>";
  deep += "</title></item></channel></rss>";
  auto feed = ParseFeed(deep);
  ASSERT_TRUE(feed) << feed.error().ToString();
  ASSERT_EQ(feed->items.size(), 1u);
  EXPECT_EQ(feed->items[0].headline, "deep");

  // Cut off inside the only item: readable, nothing kept.
  std::string cut = "<rss version=\"2.0\"><channel><item><guid>1</guid><description>";
  for (int i = 0; i < kDepth; ++i) cut += "<div>";
  auto truncated = ParseFeed(cut);
  ASSERT_TRUE(truncated) << truncated.error().ToString();
  EXPECT_TRUE(truncated->items.empty());
}

}  // namespace
}  // namespace wiredesk::formats
