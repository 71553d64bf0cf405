#include "search/searcher.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::search {
namespace {

using store::VersionAction;

const core::TimePoint kT0 = core::FromUnixSeconds(1'700'000'000);

store::VersionDecider Decide(VersionAction action, core::VersionChange change) {
  return [action, change](const std::optional<store::CurrentVersion>&) {
    return store::VersionDecision{action, change, ""};
  };
}

class SearcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto opened = store::SqliteStore::Open(options);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  core::ArticleId Write(const std::string& guid, int64_t rank, const std::string& headline,
                        const std::string& body, VersionAction action,
                        core::VersionChange change = core::VersionChange::kPublish,
                        std::string_view section = "news") {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.version = rank;
    v.item.headline = headline;
    v.item.body_html = body;
    v.item.published = kT0 + std::chrono::seconds(rank);
    v.rank = rank;
    v.section = *core::SectionPath::Parse(section);
    v.received_at = kT0 + std::chrono::minutes(rank);
    auto outcome = store_->WriteVersion(v, Decide(action, change));
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  // A published story with the fields filters look at.
  struct Story {
    std::string guid;
    std::string headline;
    core::TimePoint published;
    std::string body;
    std::string source;
    std::string byline;
    std::string language;
  };
  core::ArticleId Publish(std::string guid, std::string headline, core::TimePoint published,
                          std::string body = "", std::string source = "wire",
                          std::string byline = "", std::string language = "en") {
    return Publish(Story{std::move(guid), std::move(headline), published, std::move(body),
                         std::move(source), std::move(byline), std::move(language)});
  }
  core::ArticleId Publish(const Story& s) {
    store::IncomingVersion v;
    v.source = s.source;
    v.item.guid = s.guid;
    v.item.version = 1;
    v.item.headline = s.headline;
    v.item.byline = s.byline;
    v.item.language = s.language;
    v.item.body_html = s.body;
    v.item.published = s.published;
    v.rank = 1;
    v.section = *core::SectionPath::Parse("news");
    v.received_at = s.published;
    auto outcome =
        store_->WriteVersion(v, Decide(VersionAction::kCreate, core::VersionChange::kPublish));
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  // Every page of `query` in `sort` order, `limit` hits a page, following next_cursor; the
  // headlines in order.
  std::vector<std::string> AllPages(std::string_view query, SortOrder sort, int limit,
                                    core::TimePoint now) {
    std::vector<std::string> out;
    SearchOptions options{.limit = limit, .sort = sort, .cursor = "", .now = now, .language = ""};
    for (int page = 0; page < 100; ++page) {
      auto results = Search(*store_, query, options);
      EXPECT_TRUE(results) << query << ": " << results.error().ToString();
      if (!results)
        break;
      for (const auto& hit : results->hits) out.push_back(hit.article.headline);
      EXPECT_EQ(results->has_more, !results->next_cursor.empty());
      if (!results->has_more)
        break;
      options.cursor = results->next_cursor;
    }
    return out;
  }

  std::vector<std::string> Headlines(std::string_view query) {
    auto results = Search(*store_, query, 10, 0);
    EXPECT_TRUE(results) << query << ": " << results.error().ToString();
    std::vector<std::string> out;
    if (results) {
      for (const auto& hit : results->hits) out.push_back(hit.article.headline);
    }
    return out;
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
};

TEST_F(SearcherTest, FindsIngestedArticlesHeadlineMatchFirst) {
  Write("g1", 1, "Markets steady", "<p>Analysts said the glacier story moved markets.</p>",
        VersionAction::kCreate);
  Write("g2", 1, "Glacier retreats", "<p>Scientists measured the ice.</p>", VersionAction::kCreate);
  Write("g3", 1, "Unrelated", "<p>Nothing to see.</p>", VersionAction::kCreate);
  EXPECT_EQ(Headlines("glacier"), (std::vector<std::string>{"Glacier retreats", "Markets steady"}));
  EXPECT_EQ(Headlines("glac*"), (std::vector<std::string>{"Glacier retreats", "Markets steady"}));
  EXPECT_EQ(Headlines("glacier -ice"), std::vector<std::string>{"Markets steady"});
  EXPECT_EQ(Headlines("\"glacier story\""), std::vector<std::string>{"Markets steady"});
  auto results = Search(*store_, "scientists", 10, 0);
  ASSERT_TRUE(results);
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_NE(results->hits[0].snippet_html.find("<mark>Scientists</mark>"), std::string::npos)
      << results->hits[0].snippet_html;
}

TEST_F(SearcherTest, KilledArticleIsNotFound) {
  Write("g1", 1, "Tornado warning", "<p>Take shelter.</p>", VersionAction::kCreate);
  EXPECT_EQ(Headlines("tornado").size(), 1u);
  Write("g1", 2, "Tornado warning", "", VersionAction::kKill, core::VersionChange::kKill);
  EXPECT_TRUE(Headlines("tornado").empty());
}

TEST_F(SearcherTest, UpdatedArticleIsFoundByNewWordsOnly) {
  Write("g1", 1, "Ferry delayed", "<p>The ferry waits for a pilot.</p>", VersionAction::kCreate);
  Write("g1", 2, "Ferry cancelled", "<p>The crossing is off because of a storm.</p>",
        VersionAction::kSupersede, core::VersionChange::kUpdate);
  EXPECT_EQ(Headlines("storm"), std::vector<std::string>{"Ferry cancelled"});
  EXPECT_TRUE(Headlines("pilot").empty());
  EXPECT_TRUE(Headlines("delayed").empty());
}

TEST_F(SearcherTest, SectionFilterPagingAndHostileQueries) {
  Write("w1", 1, "Drought one", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "news/world");
  Write("w2", 1, "Drought two", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "news/world");
  Write("s1", 1, "Drought sport", "", VersionAction::kCreate, core::VersionChange::kPublish,
        "sport");
  EXPECT_EQ(Headlines("drought section:news/world").size(), 2u);
  EXPECT_EQ(Headlines("drought section:sport"), std::vector<std::string>{"Drought sport"});
  auto first = Search(*store_, "drought", 2, 0);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->hits.size(), 2u);
  EXPECT_TRUE(first->has_more);
  auto second = Search(*store_, "drought", 2, 2);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->hits.size(), 1u);
  EXPECT_FALSE(second->has_more);
  for (std::string_view hostile : {"NEAR(drought", "drought\"", "headline:drought", "drought^",
                                   "{headline}:drought", "drought*:*"}) {
    auto r = Search(*store_, hostile, 10, 0);
    EXPECT_TRUE(r) << hostile << ": " << r.error().ToString();
  }
  for (std::string_view bad : {"", "-drought", "*", "^ ( :"}) {
    auto r = Search(*store_, bad, 10, 0);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), core::ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(Search(*store_, "drought", 0, 0));
  EXPECT_FALSE(Search(*store_, "drought", 10, -1));
}

TEST_F(SearcherTest, FieldFiltersCombineWithTheText) {
  const core::TimePoint nov28 = core::FromUnixSeconds(1'795'824'000);  // 2026-11-28T00:00:00Z
  Publish("a", "Harbour strike ends", nov28, "", "alpha", "By Jane Doe, Port Averin", "en-GB");
  Publish("b", "Harbour strike spreads", nov28 + std::chrono::hours(24) - std::chrono::seconds(1),
          "", "beta", "John Smith", "en");
  Publish("c", "Greve no porto (harbour strike)", nov28 + std::chrono::hours(24), "", "beta",
          "Ana Doe", "pt");
  Publish("d", "Smith wins the cup", nov28, "", "alpha", "Jane Doe", "en");
  auto sorted = [this](std::string_view q) {
    auto h = Headlines(q);
    std::sort(h.begin(), h.end());
    return h;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(sorted("harbour source:alpha"), V{"Harbour strike ends"});
  EXPECT_EQ(sorted("harbour source:beta"),
            (V{"Greve no porto (harbour strike)", "Harbour strike spreads"}));
  EXPECT_TRUE(sorted("harbour source:gamma").empty());
  // author: looks at the byline only, never the text ("Smith" is in a headline).
  EXPECT_EQ(sorted("author:smith harbour OR cup"), V{"Harbour strike spreads"});
  EXPECT_EQ(sorted("author:\"doe jane\" strike OR cup"),
            (V{"Harbour strike ends", "Smith wins the cup"}));
  EXPECT_EQ(sorted("author:doe harbour"),
            (V{"Greve no porto (harbour strike)", "Harbour strike ends"}));
  EXPECT_TRUE(sorted("author:100% harbour").empty());  // % is a character, not a wildcard.
  // lang:en takes en-GB as well; lang:en-gb only it.
  EXPECT_EQ(sorted("harbour lang:en"), (V{"Harbour strike ends", "Harbour strike spreads"}));
  EXPECT_EQ(sorted("harbour lang:EN-gb"), V{"Harbour strike ends"});
  EXPECT_EQ(sorted("harbour lang:pt"), V{"Greve no porto (harbour strike)"});
  // Dates: after: includes its UTC day, before: excludes its own.
  EXPECT_EQ(sorted("harbour after:2026-11-28 before:2026-11-29"),
            (V{"Harbour strike ends", "Harbour strike spreads"}));
  EXPECT_EQ(sorted("harbour after:2026-11-29"), V{"Greve no porto (harbour strike)"});
  EXPECT_EQ(sorted("harbour before:2026-11-28"), V{});
  EXPECT_EQ(sorted("harbour source:beta after:2026-11-29 lang:pt author:ana"),
            V{"Greve no porto (harbour strike)"});
  auto bad = Search(*store_, "harbour after:2026-02-30", 10, 0);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code(), core::ErrorCode::kInvalidArgument);
}

TEST_F(SearcherTest, RelevanceBlendsRecencyWithinBounds) {
  const core::TimePoint now = kT0 + std::chrono::hours(24 * 365);
  // Same text, different ages: the fresher ranks first.
  Publish("old", "Volcano erupts", now - std::chrono::hours(24 * 30));
  Publish("new", "Volcano erupts again", now - std::chrono::hours(1));
  // A year-old story that is about the word beats a fresh one that mentions it in passing.
  Publish("strong", "Glacier glacier glacier", now - std::chrono::hours(24 * 365),
          "<p>The glacier, the glacier.</p>");
  Publish("weak", "Council meets", now,
          "<p>Budget, roads, schools, parks, libraries, bins and a glacier.</p>");
  SearchOptions options{
      .limit = 10, .sort = SortOrder::kRelevance, .cursor = "", .now = now, .language = ""};
  auto volcano = Search(*store_, "volcano", options);
  ASSERT_TRUE(volcano);
  ASSERT_EQ(volcano->hits.size(), 2u);
  EXPECT_EQ(volcano->hits[0].article.guid, "new");
  auto glacier = Search(*store_, "glacier", options);
  ASSERT_TRUE(glacier);
  ASSERT_EQ(glacier->hits.size(), 2u);
  EXPECT_EQ(glacier->hits[0].article.guid, "strong");
  EXPECT_LT(glacier->hits[0].score, glacier->hits[1].score);  // Lower is better.
  // Date order ignores the match's strength.
  options.sort = SortOrder::kDate;
  auto by_date = Search(*store_, "glacier", options);
  ASSERT_TRUE(by_date);
  ASSERT_EQ(by_date->hits.size(), 2u);
  EXPECT_EQ(by_date->hits[0].article.guid, "weak");
}

TEST_F(SearcherTest, CursorPagesCoverEveryHitOnceInBothOrders) {
  const core::TimePoint now = kT0 + std::chrono::hours(1000);
  std::vector<std::string> by_date;
  for (int k = 0; k < 7; ++k) {
    // Two stories share each publication time, so ties on the sort key are exercised.
    std::string headline = "Storm update " + std::to_string(k);
    Publish("s" + std::to_string(k), headline, kT0 + std::chrono::hours(k / 2),
            k % 3 == 0 ? "" : "<p>storm</p>");
  }
  for (SortOrder sort : {SortOrder::kRelevance, SortOrder::kDate}) {
    auto one_page = AllPages("storm", sort, 50, now);
    ASSERT_EQ(one_page.size(), 7u);
    for (int limit : {1, 2, 3}) {
      EXPECT_EQ(AllPages("storm", sort, limit, now), one_page)
          << SortOrderName(sort) << " limit " << limit;
    }
  }
  auto date_order = AllPages("storm", SortOrder::kDate, 50, now);
  EXPECT_EQ(date_order.front(), "Storm update 6");
  EXPECT_EQ(date_order.back(), "Storm update 0");
}

TEST_F(SearcherTest, NewStoriesDoNotShiftLaterPages) {
  const core::TimePoint now = kT0 + std::chrono::hours(100);
  for (SortOrder sort : {SortOrder::kDate, SortOrder::kRelevance}) {
    const std::string word = sort == SortOrder::kDate ? "Flood" : "Fire";
    std::vector<std::string> all;
    for (int k = 0; k < 4; ++k) {
      all.push_back(word + " " + std::to_string(k));
      Publish(word + std::to_string(k), all.back(), kT0 + std::chrono::hours(k));
    }
    SearchOptions options{.limit = 2, .sort = sort, .cursor = "", .now = now, .language = ""};
    auto first = Search(*store_, word, options);
    ASSERT_TRUE(first);
    ASSERT_EQ(first->hits.size(), 2u);
    std::vector<std::string> seen;
    for (const auto& hit : first->hits) seen.push_back(hit.article.headline);
    // A fresh story arrives between the pages: it belongs before the cursor, so the second
    // page neither repeats nor skips a story of the first listing.
    Publish(word + "-late", word + " late", now);
    options.cursor = first->next_cursor;
    options.now = now + std::chrono::hours(5);  // Ignored: the cursor keeps the first's.
    auto second = Search(*store_, word, options);
    ASSERT_TRUE(second) << second.error().ToString();
    for (const auto& hit : second->hits) seen.push_back(hit.article.headline);
    EXPECT_FALSE(second->has_more);
    std::sort(seen.begin(), seen.end());
    EXPECT_EQ(seen, all) << SortOrderName(sort);
  }
}

TEST_F(SearcherTest, RelevanceCursorSurvivesTheKillOfItsStory) {
  const core::TimePoint now = kT0 + std::chrono::hours(100);
  for (int k = 0; k < 4; ++k) {
    Publish("k" + std::to_string(k), "Wildfire " + std::to_string(k), kT0 + std::chrono::hours(k));
  }
  SearchOptions options{
      .limit = 2, .sort = SortOrder::kRelevance, .cursor = "", .now = now, .language = ""};
  auto first = Search(*store_, "wildfire", options);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->hits.size(), 2u);
  // The last story of the first page is killed: the cursor falls back to its saved score.
  Write(first->hits.back().article.guid, 2, "Wildfire", "", VersionAction::kKill,
        core::VersionChange::kKill);
  options.cursor = first->next_cursor;
  auto second = Search(*store_, "wildfire", options);
  ASSERT_TRUE(second) << second.error().ToString();
  std::vector<std::string> seen;
  for (const auto& hit : first->hits) seen.push_back(hit.article.headline);
  for (const auto& hit : second->hits) seen.push_back(hit.article.headline);
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen,
            (std::vector<std::string>{"Wildfire 0", "Wildfire 1", "Wildfire 2", "Wildfire 3"}));
}

TEST_F(SearcherTest, ForeignOrBrokenCursorsAreRefused) {
  for (int k = 0; k < 3; ++k) {
    Publish("c" + std::to_string(k), "Quake " + std::to_string(k), kT0 + std::chrono::hours(k));
  }
  SearchOptions options{
      .limit = 1, .sort = SortOrder::kDate, .cursor = "", .now = kT0, .language = ""};
  auto first = Search(*store_, "quake", options);
  ASSERT_TRUE(first);
  ASSERT_FALSE(first->next_cursor.empty());
  auto expect_refused = [this](std::string_view query, const SearchOptions& o) {
    auto r = Search(*store_, query, o);
    ASSERT_FALSE(r) << query << " " << o.cursor;
    EXPECT_EQ(r.error().code(), core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message().find("first page"), std::string::npos);
  };
  SearchOptions other = options;
  other.cursor = first->next_cursor;
  expect_refused("quake 1", other);  // Another query.
  other.sort = SortOrder::kRelevance;
  expect_refused("quake", other);  // Another sort.
  for (std::string bad : {std::string("zz"), std::string("abc"), std::string(600, 'a'),
                          first->next_cursor.substr(2), std::string("31")}) {
    SearchOptions broken = options;
    broken.cursor = bad;
    expect_refused("quake", broken);
  }
  EXPECT_TRUE(ParseSortOrder("date"));
  EXPECT_TRUE(ParseSortOrder(""));
  EXPECT_EQ(*ParseSortOrder("relevance"), SortOrder::kRelevance);
  EXPECT_FALSE(ParseSortOrder("newest"));
}

}  // namespace
}  // namespace wiredesk::search

namespace wiredesk::search {
namespace {

// ---- Multilingual tokenising (core/search_tokenizer.h through the "wiredesk" FTS5 tokenizer) --

class MultilingualSearchTest : public SearcherTest {
 protected:
  // Headlines of the hits for `query`, searched in `language` (the site's default).
  std::vector<std::string> Find(std::string_view query, std::string language = "") {
    SearchOptions options{
        .limit = 10, .sort = SortOrder::kDate, .cursor = "", .now = kT0, .language = language};
    auto results = Search(*store_, query, options);
    EXPECT_TRUE(results) << query << ": " << results.error().ToString();
    std::vector<std::string> out;
    if (results) {
      for (const auto& hit : results->hits) out.push_back(hit.article.headline);
    }
    return out;
  }
  void Story(std::string guid, std::string headline, std::string body, std::string language,
             int minute = 0) {
    Publish(std::move(guid), std::move(headline), kT0 - std::chrono::minutes(minute),
            std::move(body), "wire", "", std::move(language));
  }
  using Headlines = std::vector<std::string>;
};

TEST_F(MultilingualSearchTest, AccentsAndCaseFoldBothWays) {
  Story("fr1", "Le café du matin", "<p>Une crème brûlée à Zürich.</p>", "fr");
  EXPECT_EQ(Find("cafe"), Headlines{"Le café du matin"});
  EXPECT_EQ(Find("CAFÉ"), Headlines{"Le café du matin"});
  EXPECT_EQ(Find("creme brulee"), Headlines{"Le café du matin"});
  EXPECT_EQ(Find("zurich"), Headlines{"Le café du matin"});
  EXPECT_EQ(Find("zür*"), Headlines{"Le café du matin"});
}

TEST_F(MultilingualSearchTest, EnglishStemsMatchOtherFormsOfAWord) {
  Story("en1", "Marathon runners", "<p>She was running in the rain.</p>", "en", 1);
  Story("en2", "A quick run", "<p>Short.</p>", "en-GB", 2);
  Story("en3", "Runway lights", "<p>Airport news.</p>", "en", 3);
  EXPECT_EQ(Find("run"), (Headlines{"Marathon runners", "A quick run"}));
  EXPECT_EQ(Find("running"), (Headlines{"Marathon runners", "A quick run"}));
  // Prefix terms are not stemmed: they match the words as written.
  EXPECT_EQ(Find("runn*"), Headlines{"Marathon runners"});
  EXPECT_EQ(Find("runw*"), Headlines{"Runway lights"});
  EXPECT_EQ(Find("\"was running\""), Headlines{"Marathon runners"});
}

TEST_F(MultilingualSearchTest, GermanAndFrenchStoriesAreStemmedInTheirLanguage) {
  Story("de1", "Neue Häuser in Berlin", "<p>Die Mieten steigen.</p>", "de");
  Story("fr1", "Les nationalisations", "<p>Le gouvernement nationalise les banques.</p>", "fr");
  // The reader's lang: filter (or the site's language) stems the query the same way.
  EXPECT_EQ(Find("haus lang:de"), Headlines{"Neue Häuser in Berlin"});
  EXPECT_EQ(Find("haus", "de"), Headlines{"Neue Häuser in Berlin"});
  EXPECT_EQ(Find("miete", "de-AT"), Headlines{"Neue Häuser in Berlin"});
  EXPECT_EQ(Find("nationalisation lang:fr"), Headlines{"Les nationalisations"});
  // Without a language the words themselves still match, accents or not.
  EXPECT_EQ(Find("hauser"), Headlines{"Neue Häuser in Berlin"});
  EXPECT_EQ(Find("nationalisations"), Headlines{"Les nationalisations"});
}

TEST_F(MultilingualSearchTest, ChineseAndJapaneseFindAnyPartOfARun) {
  Story("zh1", "北京大学的新图书馆", "<p>我们在北京大学学习中文。</p>", "zh");
  Story("ja1", "東京の天気", "<p>東京都は今日雨が降っています。</p>", "ja");
  EXPECT_EQ(Find("北京"), Headlines{"北京大学的新图书馆"});
  EXPECT_EQ(Find("图书馆"), Headlines{"北京大学的新图书馆"});
  EXPECT_EQ(Find("东京 OR 東京"), Headlines{"東京の天気"});
  EXPECT_EQ(Find("天気"), Headlines{"東京の天気"});
  // Across the dictionary's word boundary (北京|大学), and one character alone.
  EXPECT_EQ(Find("京大"), Headlines{"北京大学的新图书馆"});
  EXPECT_EQ(Find("馆"), Headlines{"北京大学的新图书馆"});
  EXPECT_EQ(Find("雨が降"), Headlines{"東京の天気"});
  // The characters must follow one another: 北 and 学 both occur, 北学 does not.
  EXPECT_TRUE(Find("北学").empty());
  EXPECT_TRUE(Find("大阪").empty());
}

TEST_F(MultilingualSearchTest, ChineseSnippetsMarkTheWholeMatch) {
  Story("zh1", "新闻", "<p>我们在北京大学学习中文。</p>", "zh");
  SearchOptions options{
      .limit = 10, .sort = SortOrder::kDate, .cursor = "", .now = kT0, .language = "zh"};
  auto results = Search(*store_, "京大学", options);
  ASSERT_TRUE(results) << results.error().ToString();
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_EQ(results->hits[0].snippet_html, "我们在北<mark>京大学</mark>学习中文。");
}

TEST_F(MultilingualSearchTest, ArabicAndHebrewAreSearchableWithOrWithoutPoints) {
  Story("ar1", "مَكْتَبَة جديدة في القاهرة", "<p>افتتحت المكتبة اليوم.</p>", "ar");
  Story("he1", "שָׁלוֹם עֲלֵיכֶם", "<p>ירושלים היום.</p>", "he");
  EXPECT_EQ(Find("مكتبة"), Headlines{"مَكْتَبَة جديدة في القاهرة"});
  EXPECT_EQ(Find("القاهرة"), Headlines{"مَكْتَبَة جديدة في القاهرة"});
  EXPECT_EQ(Find("שלום"), Headlines{"שָׁלוֹם עֲלֵיכֶם"});
  EXPECT_EQ(Find("ירושלים"), Headlines{"שָׁלוֹם עֲלֵיכֶם"});
}

TEST_F(MultilingualSearchTest, SnippetsDoNotShowTheLanguageMark) {
  Story("de1", "Wetter", "<p>Regen in Hamburg und Bremen.</p>", "de");
  SearchOptions options{
      .limit = 10, .sort = SortOrder::kDate, .cursor = "", .now = kT0, .language = "de"};
  auto results = Search(*store_, "regen", options);
  ASSERT_TRUE(results) << results.error().ToString();
  ASSERT_EQ(results->hits.size(), 1u);
  EXPECT_EQ(results->hits[0].snippet_html, "<mark>Regen</mark> in Hamburg und Bremen.");
}

}  // namespace
}  // namespace wiredesk::search
