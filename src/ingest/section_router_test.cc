#include "ingest/section_router.h"

#include <gtest/gtest.h>

namespace wiredesk::ingest {
namespace {

core::SectionPath Path(std::string_view text) { return *core::SectionPath::Parse(text); }

core::RoutingConfig Config() {
  core::RoutingConfig config;
  config.default_section = Path("news");
  config.rules = {{"World", Path("news/world")},
                  {"medtop:04000000", Path("companies")},
                  {"Markets", Path("markets")}};
  return config;
}

core::Item WithSubjects(std::vector<core::Subject> subjects) {
  core::Item item;
  item.subjects = std::move(subjects);
  return item;
}

TEST(SectionRouter, UnmatchedItemsGoToTheDefaultSection) {
  SectionRouter router(Config());
  EXPECT_EQ(router.Route(core::Item{}), Path("news"));
  EXPECT_EQ(router.Route(WithSubjects({{"Sport", "", ""}})), Path("news"));
}

TEST(SectionRouter, MatchesNamesIgnoringAsciiCase) {
  SectionRouter router(Config());
  EXPECT_EQ(router.Route(WithSubjects({{"world", "", ""}})), Path("news/world"));
  EXPECT_EQ(router.Route(WithSubjects({{"WORLD", "", ""}})), Path("news/world"));
  EXPECT_EQ(router.Route(WithSubjects({{"  World\n", "", ""}})), Path("news/world"));
}

TEST(SectionRouter, MatchesCodes) {
  SectionRouter router(Config());
  EXPECT_EQ(router.Route(WithSubjects({{"economy, business and finance", "MEDTOP:04000000",
                                        "http://cv.iptc.org/newscodes/mediatopic/"}})),
            Path("companies"));
}

TEST(SectionRouter, NeedsTheWholeNameNotAPart) {
  SectionRouter router(Config());
  EXPECT_EQ(router.Route(WithSubjects({{"World Cup", "", ""}})), Path("news"));
  EXPECT_EQ(router.Route(WithSubjects({{"Worl", "", ""}})), Path("news"));
}

TEST(SectionRouter, TheFirstRuleWinsWhateverTheSubjectOrder) {
  SectionRouter router(Config());
  EXPECT_EQ(router.Route(WithSubjects({{"Markets", "", ""}, {"World", "", ""}})),
            Path("news/world"));
  EXPECT_EQ(router.Route(WithSubjects({{"Markets", "", ""}, {"x", "medtop:04000000", ""}})),
            Path("companies"));
}

TEST(SectionRouter, EmptyMatchNeverMatches) {
  core::RoutingConfig config = Config();
  config.rules.insert(config.rules.begin(), {"", Path("nowhere")});
  SectionRouter router(config);
  // A free keyword has an empty code; an empty rule must not catch it.
  EXPECT_EQ(router.Route(WithSubjects({{"Markets", "", ""}})), Path("markets"));
}

TEST(SectionRouter, DefaultConfigRoutesTheSampleCategories) {
  auto config = core::DefaultConfig();
  ASSERT_TRUE(config) << config.error().ToString();
  SectionRouter router(config->routing);
  EXPECT_EQ(router.Route(WithSubjects({{"India", "", ""}})), Path("news/india"));
  EXPECT_EQ(router.Route(WithSubjects({{"Unknown", "", ""}})), Path("news"));
}

}  // namespace
}  // namespace wiredesk::ingest

namespace wiredesk::ingest {
namespace {

TEST(SectionRouter, SourceRulesComeFirstAndStarTakesEverything) {
  SectionRouter router(Config());
  const std::vector<core::RoutingRule> source_rules = {{"World", Path("markets")},
                                                       {"Cricket", Path("sport/cricket")}};
  EXPECT_EQ(router.Route(WithSubjects({{"World", "", ""}}), source_rules), Path("markets"));
  EXPECT_EQ(router.Route(WithSubjects({{"cricket", "", ""}}), source_rules), Path("sport/cricket"));
  // No source rule matches: the configured rules and default still apply.
  EXPECT_EQ(router.Route(WithSubjects({{"Markets", "", ""}}), source_rules), Path("markets"));
  EXPECT_EQ(router.Route(core::Item{}, source_rules), Path("news"));

  const std::vector<core::RoutingRule> catch_all = {{"Markets", Path("companies")},
                                                    {"*", Path("technology")}};
  EXPECT_EQ(router.Route(WithSubjects({{"Markets", "", ""}}), catch_all), Path("companies"));
  EXPECT_EQ(router.Route(core::Item{}, catch_all), Path("technology"));
  // "*" in the configured rules is only a literal keyword.
  core::RoutingConfig config = Config();
  config.rules.push_back({"*", Path("technology")});
  EXPECT_EQ(SectionRouter(config).Route(core::Item{}), Path("news"));
}

}  // namespace
}  // namespace wiredesk::ingest
