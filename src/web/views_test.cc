#include "web/views.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/config.h"
#include "core/time.h"
#include "web/assets.h"

namespace wiredesk::web {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr std::string_view kHostileHeadline = "<script>alert(1)</script> \"Quoted\" & more";
constexpr std::string_view kEscapedHeadline =
    "&lt;script&gt;alert(1)&lt;/script&gt; &quot;Quoted&quot; &amp; more";

core::SectionPath Path(std::string_view text) { return *core::SectionPath::Parse(text); }

core::TimePoint At(std::string_view rfc3339) { return *core::ParseRfc3339(rfc3339); }

core::Config TestConfig() {
  core::Config config;
  config.site.name = "Wiredesk";
  config.sections = {
      {Path("news"), "News"}, {Path("news/world"), "World"}, {Path("markets"), "Markets"}};
  return config;
}

// A config whose site name and section titles try to break out of their contexts.
core::Config HostileConfig() {
  core::Config config;
  config.site.name = "Site \"<b>name</b>\"";
  config.sections = {{Path("news"), "News \"<i>\""}, {Path("news/world"), "World\" onclick=\"x"}};
  return config;
}

core::Article WireArticle() {
  core::Article a;
  a.id = 42;
  a.source = "sample-wire";
  a.source_kind = core::SourceKind::kWire;
  a.guid = "urn:newsml:example.com:20261130:42";
  a.section = Path("news/world");
  a.slug = "ministers-meet-in-geneva";
  a.headline = "Ministers meet in Geneva";
  a.byline = "By Ana Ruiz";
  a.dateline = "GENEVA";
  a.summary_html = "<p>Short summary.</p>";
  a.body_html = "<p>Hello <em>world</em> &amp; co.</p>";
  a.language = "en";
  a.published = At("2026-11-30T19:58:22Z");
  a.updated = At("2026-11-30T20:10:00Z");
  a.received_at = a.updated;
  a.body_text_sha256_received = std::string(64, 'a');
  a.body_text_sha256_stored = std::string(64, 'a');
  return a;
}

core::Article HostileArticle() {
  core::Article a = WireArticle();
  a.headline = std::string(kHostileHeadline);
  a.byline = "O\"Brien <b>bold</b>";
  a.dateline = "\"GENEVA\" <i>";
  a.source = "wire \"<x>\"";
  a.guid = "guid\"><script>alert(2)</script>";
  a.link = "javascript:alert(3)";
  a.rights = "<u>rights</u>";
  a.summary_html = "<p>Summary.</p>";
  a.body_html = "<p>Body.</p>";
  return a;
}

std::vector<core::ArticleVersion> TwoVersions(const core::Article& article) {
  core::ArticleVersion first;
  first.rank = 1;
  first.change = core::VersionChange::kPublish;
  first.headline = article.headline;
  first.body_text_sha256 = std::string(64, 'b');
  first.received_at = article.published;
  core::ArticleVersion second = first;
  second.rank = 2;
  second.change = core::VersionChange::kCorrection;
  second.body_text_sha256 = article.body_text_sha256_received;
  second.received_at = article.updated;
  return {first, second};
}

HomeView HomeOf(const std::vector<core::Article>& articles, const core::Config& config) {
  HomeView view;
  view.chrome = MakeChrome(config, "", core::SectionPath(), CrumbMode::kSectionIsPage);
  view.top_story = MakeStoryCard(articles.front(), config);
  for (const auto& a : articles) view.latest.push_back(MakeStoryCard(a, config));
  SectionBlock block{"World", "/news/world/", "section-news-world", {}};
  for (const auto& a : articles) block.stories.push_back(MakeStoryCard(a, config));
  view.sections.push_back(block);
  return view;
}

SectionView SectionOf(const std::vector<core::Article>& articles, const core::Config& config,
                      const core::SectionPath& section) {
  SectionView view;
  view.title = config.SectionTitle(section);
  view.url = section.Url();
  view.chrome = MakeChrome(config, view.title, section, CrumbMode::kSectionIsPage);
  for (const auto& a : articles) view.stories.push_back(MakeStoryCard(a, config));
  return view;
}

class ViewsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(LoadTemplates()) << LoadTemplates().error().ToString();
  }
};

TEST_F(ViewsTest, LoadTemplatesIsIdempotent) {
  EXPECT_TRUE(LoadTemplates());
  EXPECT_TRUE(LoadTemplates());
}

TEST(TemplatesCheck, FailsNamingAMissingTemplate) {
  std::vector<core::EmbeddedFile> files;
  for (const auto& f : AllTemplates()) {
    if (f.path != "article.tpl")
      files.push_back(f);
  }
  auto status = CheckTemplates(files);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code(), core::ErrorCode::kInternal);
  EXPECT_THAT(status.error().message(), HasSubstr("article.tpl"));
  EXPECT_THAT(status.error().message(), HasSubstr("missing"));
}

TEST(TemplatesCheck, FailsNamingATemplateThatDoesNotParse) {
  std::vector<core::EmbeddedFile> files = AllTemplates();
  for (auto& f : files) {
    if (f.path == "section.tpl")
      f.data = "{{%AUTOESCAPE context=\"HTML\"}}\n{{#OPEN}} never closed";
  }
  auto status = CheckTemplates(files);
  ASSERT_FALSE(status);
  EXPECT_THAT(status.error().message(), HasSubstr("section.tpl"));
  EXPECT_THAT(status.error().message(), HasSubstr("does not parse"));
}

TEST(TemplatesCheck, AcceptsTheEmbeddedTemplates) { EXPECT_TRUE(CheckTemplates(AllTemplates())); }

// Every page must escape every text field: no raw markup from a headline, byline, dateline,
// source, guid, site name or section title may reach the HTML.
void ExpectNoInjection(const std::string& html) {
  EXPECT_THAT(html, Not(HasSubstr("<script")));
  EXPECT_THAT(html, Not(HasSubstr("<b>")));
  EXPECT_THAT(html, Not(HasSubstr("<i>")));
  EXPECT_THAT(html, Not(HasSubstr("<u>")));
  EXPECT_THAT(html, Not(HasSubstr("O\"Brien")));
  EXPECT_THAT(html, Not(HasSubstr("onclick=\"x")));
  EXPECT_THAT(html, Not(HasSubstr("Site \"")));
  EXPECT_THAT(html, Not(HasSubstr("href=\"javascript:")));
}

TEST_F(ViewsTest, EscapesTextFieldsOnEveryPage) {
  core::Config config = HostileConfig();
  core::Article article = HostileArticle();
  std::vector<core::Article> articles = {article};

  std::string home = RenderHome(HomeOf(articles, config));
  ExpectNoInjection(home);
  EXPECT_THAT(home, HasSubstr(kEscapedHeadline));
  EXPECT_THAT(home, HasSubstr("Site &quot;&lt;b&gt;name&lt;/b&gt;&quot;"));
  EXPECT_THAT(home, HasSubstr("World&quot; onclick=&quot;x"));

  std::string section = RenderSection(SectionOf(articles, config, Path("news/world")));
  ExpectNoInjection(section);
  EXPECT_THAT(section, HasSubstr(kEscapedHeadline));
  EXPECT_THAT(section, HasSubstr("News &quot;&lt;i&gt;&quot;"));  // The breadcrumb.

  std::string page = RenderArticle(MakeArticleView(article, config));
  ExpectNoInjection(page);
  EXPECT_THAT(page, HasSubstr(kEscapedHeadline));
  EXPECT_THAT(page, HasSubstr("O&quot;Brien &lt;b&gt;bold&lt;/b&gt;"));
  EXPECT_THAT(page, HasSubstr("&quot;GENEVA&quot; &lt;i&gt;"));
  EXPECT_THAT(page, HasSubstr("&lt;u&gt;rights&lt;/u&gt;"));

  std::string provenance =
      RenderProvenance(MakeProvenanceView(article, TwoVersions(article), config));
  ExpectNoInjection(provenance);
  EXPECT_THAT(provenance, HasSubstr(kEscapedHeadline));
  EXPECT_THAT(provenance, HasSubstr("guid&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
  EXPECT_THAT(provenance, HasSubstr("wire &quot;&lt;x&gt;&quot;"));
  // A link with an unsafe scheme is neutralised by the URL context, not just escaped.
  EXPECT_THAT(provenance, HasSubstr("<a class=\"wire-id\" href=\"#\""));

  for (int status : {400, 404, 405, 410, 500}) {
    ExpectNoInjection(RenderError(status, MakeChrome(config, "", {}, CrumbMode::kNone)));
  }
}

TEST_F(ViewsTest, RecommendationBlocksEscapeHeadlinesAndReasons) {
  core::Config config = HostileConfig();
  core::Article article = HostileArticle();
  StoryCard card = MakeStoryCard(article, config);
  card.reason = "Because you read \u201c<b>O\"Brien</b>\u201d";
  HomeView home = HomeOf({article}, config);
  home.recommended = {card};
  home.most_read = {MakeStoryCard(article, config)};
  std::string html = RenderHome(home);
  ExpectNoInjection(html);
  EXPECT_THAT(html, HasSubstr("Recommended For You"));
  EXPECT_THAT(html, HasSubstr(">Most read</h2>"));
  EXPECT_THAT(html, HasSubstr("<p class=\"story__reason\">Because you read \u201c&lt;b&gt;O&quot;"
                              "Brien&lt;/b&gt;\u201d</p>"));

  SectionView section = SectionOf({article}, config, Path("news/world"));
  section.most_read = {MakeStoryCard(article, config)};
  std::string section_html = RenderSection(section);
  ExpectNoInjection(section_html);
  EXPECT_THAT(section_html, HasSubstr("Most read in "));

  ArticleView page = MakeArticleView(article, config);
  page.recommended = {card};
  std::string page_html = RenderArticle(page);
  ExpectNoInjection(page_html);
  EXPECT_THAT(page_html, HasSubstr("Recommended For You"));
  // No reason, no line; and the blocks are absent when empty.
  EXPECT_THAT(RenderHome(HomeOf({article}, config)), Not(HasSubstr("story__reason")));
  EXPECT_THAT(RenderHome(HomeOf({article}, config)), Not(HasSubstr("Most read")));
}

// Block lists are rendered once and kept by their content: showing one again must give the same
// HTML, and any change to a story in it (or its reason) must show, never the kept HTML.
TEST_F(ViewsTest, KeptBlockListsFollowTheirStories) {
  core::Config config = HostileConfig();
  core::Article article = HostileArticle();
  ArticleView page = MakeArticleView(article, config);
  StoryCard card = MakeStoryCard(article, config);
  card.headline = "Floods close the <Danube> ports";
  page.related = {card};
  card.reason = "Because you follow Danube";
  page.recommended = {card};
  const std::string first = RenderArticle(page);
  EXPECT_EQ(RenderArticle(page), first);
  EXPECT_THAT(first, HasSubstr("Floods close the &lt;Danube&gt; ports"));
  ExpectNoInjection(first);

  page.related[0].headline = "Floods close the Danube ports, correction";
  const std::string corrected = RenderArticle(page);
  EXPECT_THAT(corrected, HasSubstr("Floods close the Danube ports, correction"));
  EXPECT_THAT(corrected, HasSubstr("Floods close the &lt;Danube&gt; ports"));  // Still recommended.

  page.recommended[0].reason = "Because you read about floods";
  page.recommended[0].last_change = core::VersionChange::kCorrection;
  const std::string changed = RenderArticle(page);
  EXPECT_THAT(changed, HasSubstr("Because you read about floods"));
  EXPECT_THAT(changed, Not(HasSubstr("Because you follow Danube")));
  EXPECT_THAT(changed, HasSubstr(">Corrected</span>"));

  page.related.clear();
  EXPECT_THAT(RenderArticle(page), Not(HasSubstr("Related stories")));
}

TEST_F(ViewsTest, EscapesTheTitleElement) {
  core::Article article = HostileArticle();
  std::string page = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(page, HasSubstr(std::string("<title>") + std::string(kEscapedHeadline) +
                              " | Wiredesk</title>"));
}

TEST_F(ViewsTest, InsertsSanitisedBodyAndSummaryUnescaped) {
  core::Article article = WireArticle();
  article.summary_html = "<p>The <strong>summary</strong>.</p>";
  std::string page = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(page, HasSubstr("<p>Hello <em>world</em> &amp; co.</p>"));
  EXPECT_THAT(page, HasSubstr("<p>The <strong>summary</strong>.</p>"));

  std::string section = RenderSection(SectionOf({article}, TestConfig(), Path("news/world")));
  EXPECT_THAT(section, HasSubstr("<p>The <strong>summary</strong>.</p>"));
}

constexpr std::string_view kWireNotice =
    "Published from a wire agency feed without modifications to the text.";
constexpr std::string_view kEditedNotice = "Edited by the newsroom";

TEST_F(ViewsTest, WireNoticeAppearsExactlyWhenShowsWireNotice) {
  core::Config config = TestConfig();
  struct Case {
    std::string name;
    core::SourceKind kind;
    std::string received;
    std::string stored;
    TextNotice expected;
  };
  std::vector<Case> cases = {
      {"wire, same text", core::SourceKind::kWire, std::string(64, 'a'), std::string(64, 'a'),
       TextNotice::kWireUnmodified},
      {"wire, edited text", core::SourceKind::kWire, std::string(64, 'a'), std::string(64, 'c'),
       TextNotice::kEdited},
      {"web, same text", core::SourceKind::kWeb, std::string(64, 'a'), std::string(64, 'a'),
       TextNotice::kNone},
      {"wire, no received hash", core::SourceKind::kWire, "", std::string(64, 'a'),
       TextNotice::kNone},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    core::Article article = WireArticle();
    article.source_kind = c.kind;
    article.body_text_sha256_received = c.received;
    article.body_text_sha256_stored = c.stored;
    EXPECT_EQ(TextNoticeFor(article), c.expected);
    std::string page = RenderArticle(MakeArticleView(article, config));
    std::string provenance = RenderProvenance(MakeProvenanceView(article, {}, config));
    for (const std::string& html : {page, provenance}) {
      EXPECT_EQ(html.find(kWireNotice) != std::string::npos, article.ShowsWireNotice());
      EXPECT_EQ(html.find(kEditedNotice) != std::string::npos, c.expected == TextNotice::kEdited);
    }
  }
}

TEST_F(ViewsTest, SectionPageHasBreadcrumbTrailEndingInCurrentPage) {
  std::string html = RenderSection(SectionOf({WireArticle()}, TestConfig(), Path("news/world")));
  EXPECT_THAT(html, HasSubstr("aria-label=\"Breadcrumb\""));
  size_t nav = html.find("aria-label=\"Breadcrumb\"");
  size_t home = html.find("<li><a href=\"/\">Home</a></li>", nav);
  size_t news = html.find("<li><a href=\"/news/\">News</a></li>", nav);
  size_t world =
      html.find("<li><a href=\"/news/world/\" aria-current=\"page\">World</a></li>", nav);
  ASSERT_NE(home, std::string::npos);
  ASSERT_NE(news, std::string::npos);
  ASSERT_NE(world, std::string::npos);
  EXPECT_LT(home, news);
  EXPECT_LT(news, world);
  EXPECT_LT(world, html.find("</ol>", nav));
  // The trail sits before <main>, so the first section link inside main is a story.
  EXPECT_LT(world, html.find("<main"));
  EXPECT_THAT(html, HasSubstr("<h1 class=\"page-header__title\">World</h1>"));
}

TEST_F(ViewsTest, ArticleBreadcrumbsLinkTheSectionWithoutMarkingItCurrent) {
  std::string html = RenderArticle(MakeArticleView(WireArticle(), TestConfig()));
  EXPECT_THAT(html, HasSubstr("<li><a href=\"/\">Home</a></li>"));
  EXPECT_THAT(html, HasSubstr("<li><a href=\"/news/\">News</a></li>"));
  EXPECT_THAT(html, HasSubstr("<li><a href=\"/news/world/\">World</a></li>"));
  EXPECT_THAT(html, Not(HasSubstr("aria-current=\"page\">World</a></li>")));
}

TEST_F(ViewsTest, HomeHasNoBreadcrumbsAndMarksHomeInNav) {
  std::string html = RenderHome(HomeOf({WireArticle()}, TestConfig()));
  EXPECT_THAT(html, Not(HasSubstr("aria-label=\"Breadcrumb\"")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/\" aria-current=\"page\">Home</a>"));
}

TEST_F(ViewsTest, ArticlePageShowsHeadlineBylineDatelineAndTimes) {
  std::string html = RenderArticle(MakeArticleView(WireArticle(), TestConfig()));
  EXPECT_THAT(html, HasSubstr("<h1 class=\"article__headline\">Ministers meet in Geneva</h1>"));
  EXPECT_THAT(html, HasSubstr("By Ana Ruiz"));
  EXPECT_THAT(html, HasSubstr("<span class=\"dateline\">GENEVA</span>"));
  EXPECT_THAT(html, HasSubstr("<time class=\"published\" datetime=\"2026-11-30T19:58:22Z\">30 "
                              "Nov 2026, 19:58 UTC</time>"));
  EXPECT_THAT(html, HasSubstr("href=\"/news/world/ministers-meet-in-geneva-42/provenance\">"
                              "Provenance</a>"));
  EXPECT_THAT(
      html, HasSubstr("<link rel=\"canonical\" href=\"/news/world/ministers-meet-in-geneva-42\">"));
  EXPECT_THAT(html, HasSubstr("<article class=\"article\" lang=\"en\">"));
}

TEST_F(ViewsTest, ChangeLineFollowsLastChange) {
  core::Article article = WireArticle();
  std::string updated_time =
      "<time class=\"updated\" datetime=\"2026-11-30T20:10:00Z\">30 Nov 2026, 20:10 UTC</time>";

  article.last_change = core::VersionChange::kPublish;
  std::string published = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(published, Not(HasSubstr("<strong>Updated</strong>")));
  EXPECT_THAT(published, Not(HasSubstr("<strong>Corrected</strong>")));

  article.last_change = core::VersionChange::kUpdate;
  std::string updated = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(updated, HasSubstr("<strong>Updated</strong> " + updated_time));
  EXPECT_THAT(updated, Not(HasSubstr("<strong>Corrected</strong>")));

  article.last_change = core::VersionChange::kCorrection;
  std::string corrected = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(corrected, HasSubstr("<strong>Corrected</strong> " + updated_time));
  EXPECT_THAT(corrected, Not(HasSubstr("<strong>Updated</strong>")));
}

TEST_F(ViewsTest, LongSummaryGetsAMoreLessToggleWithoutScript) {
  core::Article article = WireArticle();
  article.summary_html = "<p>" + std::string(300, 'x') + "</p>";
  std::string html = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(html, HasSubstr("standfirst--long"));
  EXPECT_THAT(html, HasSubstr("<input class=\"standfirst__toggle\" type=\"checkbox\" "
                              "id=\"standfirst-toggle\""));
  EXPECT_THAT(html, HasSubstr("<label class=\"standfirst__button\" for=\"standfirst-toggle\">"));
  EXPECT_THAT(html, HasSubstr(">More</span>"));
  EXPECT_THAT(html, HasSubstr(">Less</span>"));
  EXPECT_THAT(html, Not(HasSubstr("<script")));

  article.summary_html = "<p>Short.</p>";
  std::string short_html = RenderArticle(MakeArticleView(article, TestConfig()));
  EXPECT_THAT(short_html, HasSubstr("<p>Short.</p>"));
  EXPECT_THAT(short_html, Not(HasSubstr("type=\"checkbox\"")));
}

TEST_F(ViewsTest, ErrorPages) {
  PageChrome chrome = MakeChrome(TestConfig(), "", {}, CrumbMode::kNone);
  std::string gone = RenderError(410, chrome);
  EXPECT_THAT(gone, HasSubstr("This story has been withdrawn"));
  EXPECT_THAT(gone, HasSubstr("The wire agency that supplied this story withdrew it."));
  EXPECT_THAT(gone, HasSubstr("<title>This story has been withdrawn | Wiredesk</title>"));
  EXPECT_THAT(gone, HasSubstr("<meta name=\"robots\" content=\"noindex\">"));

  std::string missing = RenderError(404, chrome);
  EXPECT_THAT(missing, HasSubstr("Page not found"));
  EXPECT_THAT(missing, Not(HasSubstr("withdrew")));

  EXPECT_THAT(RenderError(400, chrome), HasSubstr("Bad request"));
  EXPECT_THAT(RenderError(405, chrome), HasSubstr("Method not allowed"));
  EXPECT_THAT(RenderError(500, chrome), HasSubstr("Something went wrong"));
  EXPECT_THAT(RenderError(503, chrome), HasSubstr("Something went wrong"));
  EXPECT_THAT(RenderError(418, chrome), HasSubstr("Error 418"));
}

TEST_F(ViewsTest, PaginationEscapesTheCursorForTheQuery) {
  SectionView view = SectionOf({WireArticle()}, TestConfig(), Path("news/world"));
  view.next_cursor = "a+b/c=&\"";
  std::string first = RenderSection(view);
  EXPECT_THAT(first, HasSubstr("href=\"?cursor=a%2Bb/c%3D%26%22\" rel=\"next\">Older stories</a>"));
  EXPECT_THAT(first, Not(HasSubstr("Newest stories")));

  view.first_page = false;
  view.next_cursor.clear();
  std::string last = RenderSection(view);
  EXPECT_THAT(last, Not(HasSubstr("Older stories")));
  EXPECT_THAT(last, HasSubstr("href=\"/news/world/\">Newest stories</a>"));
}

TEST_F(ViewsTest, EmptySectionSaysSo) {
  SectionView view = SectionOf({}, TestConfig(), Path("markets"));
  EXPECT_THAT(RenderSection(view), HasSubstr("No stories have been published in Markets yet."));
}

TEST_F(ViewsTest, EmptyHomeSaysSo) {
  HomeView view;
  view.chrome = MakeChrome(TestConfig(), "", {}, CrumbMode::kSectionIsPage);
  std::string html = RenderHome(view);
  EXPECT_THAT(html, HasSubstr("No stories yet"));
  EXPECT_THAT(html, Not(HasSubstr("id=\"latest-heading\"")));
}

TEST_F(ViewsTest, ProvenanceListsEveryVersionAndTheHashes) {
  core::Article article = WireArticle();
  article.link = "https://wire.example/42";
  std::string html =
      RenderProvenance(MakeProvenanceView(article, TwoVersions(article), TestConfig()));
  EXPECT_THAT(html, HasSubstr("sample-wire"));
  EXPECT_THAT(html, HasSubstr("Wire agency"));
  EXPECT_THAT(html, HasSubstr("urn:newsml:example.com:20261130:42"));
  EXPECT_THAT(html, HasSubstr("href=\"https://wire.example/42\""));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">1</td><td>Publish</td><td>Usable</td>"));
  EXPECT_THAT(html, HasSubstr("<td class=\"num\">2</td><td>Correction</td><td>Usable</td>"));
  EXPECT_THAT(html, HasSubstr(std::string(64, 'b')));
  EXPECT_THAT(html, HasSubstr("verdict--match\">Yes</strong>"));

  article.body_text_sha256_stored = std::string(64, 'd');
  std::string edited = RenderProvenance(MakeProvenanceView(article, {}, TestConfig()));
  EXPECT_THAT(edited, HasSubstr("verdict--differ\">No</strong>"));
}

TEST_F(ViewsTest, NavMarksCurrentAndEnclosingSections) {
  PageChrome chrome =
      MakeChrome(TestConfig(), "World", Path("news/world"), CrumbMode::kSectionIsPage);
  ASSERT_EQ(chrome.nav.size(), 3u);
  EXPECT_FALSE(chrome.nav[0].current);
  EXPECT_TRUE(chrome.nav[0].active);  // News encloses World.
  EXPECT_TRUE(chrome.nav[1].current);
  EXPECT_FALSE(chrome.nav[2].active);
  EXPECT_EQ(chrome.title, "World | Wiredesk");
  std::string html = RenderSection(SectionOf({}, TestConfig(), Path("news/world")));
  EXPECT_THAT(html, HasSubstr("<a href=\"/news/\" class=\"is-active\">News</a>"));
  EXPECT_THAT(html, HasSubstr("<a href=\"/news/world/\" aria-current=\"page\">World</a></li>"));
}

TEST(FormatDisplayTime, PrintsDayMonthYearAndUtcTime) {
  EXPECT_EQ(FormatDisplayTime(At("2026-11-30T19:58:22Z")), "30 Nov 2026, 19:58 UTC");
  EXPECT_EQ(FormatDisplayTime(At("2027-01-02T03:04:05Z")), "2 Jan 2027, 03:04 UTC");
  EXPECT_EQ(FormatDisplayTime(At("1969-12-31T23:59:59Z")), "31 Dec 1969, 23:59 UTC");
}

TEST(HtmlToPlainText, DropsTagsDecodesEntitiesAndSeparatesBlocks) {
  EXPECT_EQ(HtmlToPlainText("<p>One &amp; two</p><p>three&nbsp;&#52;&#x35;</p>"),
            "One & two three 45");
  EXPECT_EQ(HtmlToPlainText("<a href=\"x>y\" title='a>b'>link</a> text"), "link text");
  EXPECT_EQ(HtmlToPlainText("in<em>line</em>"), "inline");
  EXPECT_EQ(HtmlToPlainText("&unknown; &#xZZ; &"), "&unknown; &#xZZ; &");
  EXPECT_EQ(HtmlToPlainText("&#0; &#x110000;"), "\xEF\xBF\xBD \xEF\xBF\xBD");
  EXPECT_EQ(HtmlToPlainText("<p unterminated"), "");
  EXPECT_EQ(HtmlToPlainText(""), "");
}

TEST(MakeArticleView, DescriptionIsPlainTextCutAtAWord) {
  core::Article article = WireArticle();
  std::string words;
  for (int i = 0; i < 60; ++i) words += "word ";
  article.summary_html = "<p>" + words + "</p>";
  ArticleView view = MakeArticleView(article, TestConfig());
  EXPECT_LE(view.chrome.description.size(), 200u + 3u);
  EXPECT_EQ(view.chrome.description.substr(view.chrome.description.size() - 7), "word\u2026");
}

core::ArticleVersion Ver(core::VersionChange change, std::string headline, int minute) {
  core::ArticleVersion v;
  v.change = change;
  v.headline = std::move(headline);
  v.received_at = core::FromUnixSeconds(1'760'000'000 + 60 * minute);
  return v;
}

TEST(MakeVersionHistory, ListsPublishedVersionsNewestFirst) {
  using core::VersionChange;
  // Created withheld, released, updated, corrected: the withhold is not a reader's version.
  std::vector<core::ArticleVersion> versions = {
      Ver(VersionChange::kWithhold, "Held", 0), Ver(VersionChange::kPublish, "First", 1),
      Ver(VersionChange::kUpdate, "Second", 2), Ver(VersionChange::kCorrection, "Third", 3)};
  versions[3].ednote = "Corrects the date.";
  std::vector<HistoryEntry> history = MakeVersionHistory(versions);
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].headline, "Third");
  EXPECT_EQ(history[0].change, VersionChange::kCorrection);
  EXPECT_EQ(history[0].ednote, "Corrects the date.");
  EXPECT_EQ(history[0].received_at, versions[3].received_at);
  EXPECT_EQ(history[1].change, VersionChange::kUpdate);
  EXPECT_EQ(history[2].change, VersionChange::kPublish);

  // One published version (however many withholds around it) is no history.
  EXPECT_TRUE(MakeVersionHistory({Ver(VersionChange::kPublish, "Only", 0)}).empty());
  EXPECT_TRUE(MakeVersionHistory({Ver(VersionChange::kPublish, "Only", 0),
                                  Ver(VersionChange::kWithhold, "Held", 1)})
                  .empty());
  EXPECT_TRUE(MakeVersionHistory({}).empty());
}

TEST_F(ViewsTest, VersionHistoryEscapesHeadlinesAndNotes) {
  ArticleView view = MakeArticleView(HostileArticle(), TestConfig());
  view.history = {HistoryEntry{core::FromUnixSeconds(0), core::VersionChange::kCorrection,
                               "<script>alert(1)</script>", "<img src=x onerror=alert(2)>"},
                  HistoryEntry{core::FromUnixSeconds(0), core::VersionChange::kPublish, "a", ""}};
  std::string html = RenderArticle(view);
  EXPECT_THAT(html, HasSubstr("Version history"));
  EXPECT_THAT(html, Not(HasSubstr("<script>alert(1)</script></span>")));
  EXPECT_THAT(html, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;</span>"));
  EXPECT_THAT(html, HasSubstr("Note: &lt;img src=x onerror=alert(2)&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("version-history__note\">Note: </p>")));
}

TEST_F(ViewsTest, SearchPageEscapesAHostileQueryEverywhere) {
  const std::string query = "\"><script>alert(1)</script> q' onfocus='x";
  SearchView view;
  view.query = query;
  view.chrome = MakeChrome(TestConfig(), "Search: " + query, {}, CrumbMode::kNone);
  view.chrome.search_query = query;
  std::string none = RenderSearch(view);  // The no-results state echoes the query.
  EXPECT_THAT(none, Not(HasSubstr("<script>alert(1)")));
  EXPECT_THAT(none, Not(HasSubstr("' onfocus='x")));
  EXPECT_THAT(none, HasSubstr("No stories match"));
  EXPECT_THAT(none, HasSubstr("value=\"&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"));
  EXPECT_THAT(none, HasSubstr("&lt;script&gt;alert(1)&lt;/script&gt;"));

  core::Article article = HostileArticle();
  view.results.push_back(SearchResultCard{MakeStoryCard(article, TestConfig()),
                                          SnippetHtml{"a &lt;b&gt; <mark>word</mark>"}});
  view.relevance_url = "/search?q=x";
  view.date_url = "/search?q=x&sort=date";
  view.next_url = "/search?q=x&cursor=ab12";
  std::string hits = RenderSearch(view);
  EXPECT_THAT(hits, Not(HasSubstr("<script>alert(1)")));
  EXPECT_THAT(hits, HasSubstr(kEscapedHeadline));
  EXPECT_THAT(hits, HasSubstr("a &lt;b&gt; <mark>word</mark>"));
  EXPECT_THAT(hits, HasSubstr("href=\"/search?q=x&amp;cursor=ab12\" rel=\"next\">Next page"));
  EXPECT_THAT(hits, HasSubstr("href=\"/search?q=x&amp;sort=date\">sort by date"));
  EXPECT_THAT(hits, Not(HasSubstr("First results")));  // The first page needs no way back.
  view.first_page = false;
  view.sort = "date";
  view.previous_url = "/search?q=x&sort=date";
  view.next_url.clear();
  std::string later = RenderSearch(view);
  EXPECT_THAT(later, HasSubstr("href=\"/search?q=x&amp;sort=date\">First results"));
  EXPECT_THAT(later, HasSubstr("href=\"/search?q=x\">sort by relevance"));
  EXPECT_THAT(later, Not(HasSubstr("Next page")));
  EXPECT_THAT(hits, Not(HasSubstr("No stories match")));

  view.query.clear();
  view.results.clear();
  EXPECT_THAT(RenderSearch(view), HasSubstr("Type one or more words"));
}

}  // namespace
}  // namespace wiredesk::web
