#include "core/config.h"

#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

TEST(Config, DefaultConfigIsTheCommentedSample) {
  auto config = DefaultConfig();
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->server.listen, "127.0.0.1:8080");
  EXPECT_EQ(config->routing.default_section.ToString(), "news");
  EXPECT_FALSE(config->routing.rules.empty());
  EXPECT_EQ(config->SectionTitle(*SectionPath::Parse("news/world")), "World");
  EXPECT_EQ(config->SqlitePath(), "./wiredesk-data/wiredesk.db");
}

TEST(Config, FileValuesOverrideDefaults) {
  auto config = ParseConfig(R"(
[server]
listen = "0.0.0.0:9000"
threads = 3
[routing]
default_section = "general"
rules = [{ match = "Sport", section = "sport/football" }]
)");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->server.listen, "0.0.0.0:9000");
  EXPECT_EQ(config->server.threads, 3);
  EXPECT_EQ(config->routing.default_section.ToString(), "general");
  ASSERT_EQ(config->routing.rules.size(), 1u);
  EXPECT_EQ(config->routing.rules[0].section.ToString(), "sport/football");
}

TEST(Config, NetworkAndSourcesSections) {
  auto defaults = DefaultConfig();
  ASSERT_TRUE(defaults) << defaults.error().ToString();
  EXPECT_FALSE(defaults->network.allow_private_addresses);
  EXPECT_EQ(defaults->network.max_redirects, 5);
  EXPECT_EQ(defaults->sources.default_interval_seconds, 300);
  auto config = ParseConfig(R"(
[network]
allow_private_addresses = true
max_fetch_bytes = 1000
[sources]
default_interval_seconds = 60
max_push_bytes = 2048
)");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_TRUE(config->network.allow_private_addresses);
  EXPECT_EQ(config->network.max_fetch_bytes, 1000u);
  EXPECT_EQ(config->sources.default_interval_seconds, 60);
  EXPECT_EQ(config->sources.max_push_bytes, 2048u);
  auto unknown = ParseConfig("[network]\nallow_private = true\n");
  ASSERT_FALSE(unknown);
  EXPECT_NE(unknown.error().message().find("network.allow_private"), std::string::npos);
}

TEST(Config, UnknownKeyIsAnErrorNamingTheKey) {
  auto config = ParseConfig("[server]\nlisten_on = \"x\"\n");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(config.error().message().find("server.listen_on"), std::string::npos);

  auto top = ParseConfig("colour = 1\n");
  ASSERT_FALSE(top);
  EXPECT_NE(top.error().message().find("'colour'"), std::string::npos);

  auto rule = ParseConfig("[routing]\nrules = [{ match = \"a\", section = \"b\", x = 1 }]\n");
  ASSERT_FALSE(rule);
  EXPECT_NE(rule.error().message().find("routing.rules[0].x"), std::string::npos);
}

TEST(Config, SiteLanguageIsALanguageTag) {
  EXPECT_EQ(DefaultConfig()->site.language, "en");
  auto config = ParseConfig("[site]\nlanguage = \"pt-BR\"\n");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->site.language, "pt-br");
  auto bad = ParseConfig("[site]\nlanguage = \"Portuguese\"\n");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("site.language"), std::string::npos);
}

TEST(Config, WrongTypesAndBadSectionsAreErrors) {
  EXPECT_FALSE(ParseConfig("[server]\nthreads = \"four\"\n"));
  EXPECT_FALSE(ParseConfig("[server]\nthreads = -1\n"));
  EXPECT_FALSE(ParseConfig("[routing]\ndefault_section = \"bad path!\"\n"));
}

TEST(Config, RecommendKeys) {
  auto config = ParseConfig(
      "[recommend]\ntrending_hours = 6\ntrending_refresh_seconds = 5\npage_blocks = false\n");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->recommend.trending_hours, 6);
  EXPECT_EQ(config->recommend.trending_refresh_seconds, 5);
  EXPECT_FALSE(config->recommend.page_blocks);
  auto defaults = DefaultConfig();
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->recommend.trending_hours, 24);
  EXPECT_EQ(defaults->recommend.trending_refresh_seconds, 60);
  EXPECT_TRUE(defaults->recommend.page_blocks);
  for (const char* bad : {"[recommend]\ntrending_hours = 0\n", "[recommend]\ntrending_hours = 73\n",
                          "[recommend]\ntrending_refresh_seconds = 0\n", "[recommend]\nx = 1\n",
                          "[recommend]\npage_blocks = 1\n"}) {
    EXPECT_FALSE(ParseConfig(bad)) << bad;
  }
}

TEST(Config, WebAndPremiumKeys) {
  auto config = ParseConfig(
      "[web]\nsecure_cookies = true\n[premium]\nsections = [\"markets\", \"news/world\"]\n"
      "articles = [\"urn:x\"]\nfree_articles_per_month = 5\n");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_TRUE(config->web.secure_cookies);
  ASSERT_EQ(config->premium.sections.size(), 2u);
  EXPECT_EQ(config->premium.sections[1].ToString(), "news/world");
  EXPECT_EQ(config->premium.articles, std::vector<std::string>{"urn:x"});
  EXPECT_EQ(config->premium.free_articles_per_month, 5);
  auto defaults = DefaultConfig();
  ASSERT_TRUE(defaults);
  EXPECT_FALSE(defaults->web.secure_cookies);
  EXPECT_TRUE(defaults->premium.sections.empty());
  EXPECT_EQ(defaults->premium.free_articles_per_month, 3);
  for (const char* bad : {"[premium]\nsections = [\"Bad Path\"]\n", "[premium]\nsections = 3\n",
                          "[premium]\narticles = [1]\n", "[web]\nsecure = true\n"}) {
    auto parsed = ParseConfig(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
  }
}

TEST(Config, SyntaxErrorNamesTheLine) {
  auto config = ParseConfig("[site]\nname = \n");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("line 2"), std::string::npos);
}

TEST(Config, MissingFileIsNotFound) {
  auto config = LoadConfigFile("/nonexistent/wiredesk.toml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace wiredesk::core
