#include "ingest/pipeline.h"

#include <fstream>
#include <set>

#include <gtest/gtest.h>

#include "store/sqlite_store.h"
#include "store/testing/forwarding_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::ingest {
namespace {

using core::ArticleState;
using core::VersionChange;

const core::TimePoint kT0 = core::FromUnixSeconds(1'760'000'000);

std::string Rss(const std::string& items) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Example Wire</title><link>https://wire.example.com/</link><description>Wire</description>
)" + items +
         "</channel></rss>";
}

std::string RssItem(const std::string& guid, const std::string& title, const std::string& category,
                    const std::string& body = "<p>Talks &amp; more talks.</p>") {
  std::string out = "<item>";
  if (!title.empty())
    out += "<title>" + title + "</title>";
  out += "<guid isPermaLink=\"false\">" + guid + "</guid>";
  out += "<pubDate>Thu, 09 Oct 2025 08:00:00 GMT</pubDate>";
  if (!category.empty())
    out += "<category>" + category + "</category>";
  out += "<description><![CDATA[" + body + "]]></description></item>\n";
  return out;
}

std::string Atom(const std::string& entries) {
  return R"(<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Example Atom Wire</title>
<id>urn:example:feed</id><updated>2025-10-09T10:00:00Z</updated>
)" + entries +
         "</feed>";
}

std::string AtomEntry(const std::string& id, const std::string& title, const std::string& updated,
                      const std::string& extra = "") {
  return "<entry><id>" + id + "</id><title>" + title + "</title><updated>" + updated +
         "</updated><published>2025-10-09T08:00:00Z</published>" + extra +
         "<content type=\"html\">&lt;p&gt;" + title + " text.&lt;/p&gt;</content></entry>\n";
}

std::string G2(const std::string& guid, int version, const std::string& status,
               const std::string& headline, const std::string& extra_meta = "",
               const std::string& extra_content = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid=")" +
         guid + "\" version=\"" + std::to_string(version) +
         R"(" standard="NewsML-G2" standardversion="2.29">
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:EXAMPLE"/>
<firstCreated>2025-10-09T08:00:00Z</firstCreated>
<versionCreated>2025-10-09T0)" +
         std::to_string(version) + R"(:00:00Z</versionCreated>
<pubStatus qcode="stat:)" +
         status + "\"/>" + extra_meta + R"(</itemMeta>
<contentMeta><headline>)" +
         headline + "</headline>" + extra_content + R"(</contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>)" +
         headline + R"( &amp; the details.</p></body></html></inlineXML></contentSet>
</newsItem>)";
}

class IngestPipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto store = store::SqliteStore::Open(options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config) << config.error().ToString();
    config_ = *config;
    pipeline_ = std::make_unique<IngestPipeline>(*store_, config_, clock_);
  }

  IngestReport Ingest(const std::string& bytes, const SourceInfo& source = {}) {
    auto report = pipeline_->IngestBytes(bytes, source);
    EXPECT_TRUE(report) << report.error().ToString();
    return report ? *report : IngestReport{};
  }

  core::Article ByGuid(const std::string& guid) {
    store::ArticleQuery query;
    query.guid = guid;
    query.include_hidden = true;
    auto page = store_->ListArticles(query);
    EXPECT_TRUE(page) << page.error().ToString();
    if (!page || page->articles.size() != 1) {
      ADD_FAILURE() << "no single article with guid " << guid;
      return {};
    }
    auto article = store_->GetArticle(page->articles[0].id);
    EXPECT_TRUE(article);
    return article ? *article : core::Article{};
  }

  size_t EventCount() {
    auto events = store_->EventsAfter(0, 1000);
    EXPECT_TRUE(events);
    return events ? events->size() : 0;
  }

  store::test_util::TempDir dir_;
  core::FakeClock clock_{kT0};
  core::Config config_;
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<IngestPipeline> pipeline_;
};

TEST_F(IngestPipelineTest, NewItemsAreStoredAndRouted) {
  IngestReport report = Ingest(Rss(RssItem("urn:wire:1", "Ministers meet in Geneva", "World") +
                                   RssItem("urn:wire:2", "Shares rally", "Markets") +
                                   RssItem("urn:wire:3", "Local election", "India") +
                                   RssItem("urn:wire:4", "Something else", "")));
  EXPECT_EQ(report.Summary(),
            "new 4, updated 0, unchanged 0, killed 0, withheld 0, rejected 0, duplicates 0");
  EXPECT_EQ(ByGuid("urn:wire:1").section.ToString(), "news/world");
  EXPECT_EQ(ByGuid("urn:wire:2").section.ToString(), "markets");
  EXPECT_EQ(ByGuid("urn:wire:3").section.ToString(), "news/india");
  EXPECT_EQ(ByGuid("urn:wire:4").section.ToString(), "news");  // The default section.

  core::Article a = ByGuid("urn:wire:1");
  EXPECT_EQ(a.headline, "Ministers meet in Geneva");
  EXPECT_EQ(a.source, "wire");
  EXPECT_EQ(a.state, ArticleState::kPublished);
  EXPECT_EQ(a.received_at, kT0);
  EXPECT_EQ(a.published, *core::ParseRfc3339("2025-10-09T08:00:00Z"));
  EXPECT_NE(a.body_html.find("Talks"), std::string::npos);
  // The sanitiser changes markup, not text: the stored text hash equals the received one.
  EXPECT_FALSE(a.body_text_sha256_stored.empty());
  EXPECT_TRUE(a.ShowsWireNotice())
      << a.body_text_sha256_received << " vs " << a.body_text_sha256_stored;
  EXPECT_EQ(EventCount(), 4u);
}

TEST_F(IngestPipelineTest, SourceInfoIsRecorded) {
  SourceInfo source;
  source.name = "example-site";
  source.kind = core::SourceKind::kWeb;
  Ingest(Rss(RssItem("urn:web:1", "From a web site", "")), source);
  core::Article a = ByGuid("urn:web:1");
  EXPECT_EQ(a.source, "example-site");
  EXPECT_EQ(a.source_kind, core::SourceKind::kWeb);
  EXPECT_FALSE(a.ShowsWireNotice());
}

TEST_F(IngestPipelineTest, ReingestingTheSameFeedChangesNothing) {
  std::string feed = Rss(RssItem("urn:wire:1", "One", "World") + RssItem("urn:wire:2", "Two", ""));
  Ingest(feed);
  clock_.Advance(std::chrono::minutes(5));
  IngestReport again = Ingest(feed);
  EXPECT_EQ(again.Summary(),
            "new 0, updated 0, unchanged 2, killed 0, withheld 0, rejected 0, duplicates 0");
  EXPECT_TRUE(again.warnings.empty());  // "same version" is the normal case, not a warning.
  EXPECT_EQ(EventCount(), 2u);
  EXPECT_EQ(ByGuid("urn:wire:1").received_at, kT0);
}

TEST_F(IngestPipelineTest, NewerAtomUpdatedSupersedes) {
  Ingest(Atom(AtomEntry("urn:atom:1", "First take", "2025-10-09T09:00:00Z")));
  core::Article first = ByGuid("urn:atom:1");
  clock_.Advance(std::chrono::minutes(10));
  IngestReport report =
      Ingest(Atom(AtomEntry("urn:atom:1", "Second take", "2025-10-09T09:30:00Z")));
  EXPECT_EQ(report.Summary(),
            "new 0, updated 1, unchanged 0, killed 0, withheld 0, rejected 0, duplicates 0");
  core::Article a = ByGuid("urn:atom:1");
  EXPECT_EQ(a.id, first.id);
  EXPECT_EQ(a.slug, first.slug);
  EXPECT_EQ(a.headline, "Second take");
  EXPECT_EQ(a.version_count, 2);
  EXPECT_EQ(a.last_change, VersionChange::kUpdate);
  EXPECT_EQ(a.updated, *core::ParseRfc3339("2025-10-09T09:30:00Z"));
  EXPECT_EQ(a.received_at, kT0 + std::chrono::minutes(10));
  auto versions = store_->GetVersions(a.id);
  ASSERT_TRUE(versions);
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[0].headline, "First take");
  EXPECT_EQ(EventCount(), 2u);
}

TEST_F(IngestPipelineTest, OlderAtomVersionArrivingLateIsIgnored) {
  Ingest(Atom(AtomEntry("urn:atom:1", "Newest", "2025-10-09T09:30:00Z")));
  IngestReport report = Ingest(Atom(AtomEntry("urn:atom:1", "Older", "2025-10-09T09:00:00Z")));
  EXPECT_EQ(report.unchanged, 1);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_NE(report.warnings[0].find("urn:atom:1: ignored: stale version"), std::string::npos)
      << report.warnings[0];
  EXPECT_EQ(ByGuid("urn:atom:1").headline, "Newest");
}

TEST_F(IngestPipelineTest, AtomCategoryCodesRoute) {
  Ingest(Atom(AtomEntry("urn:atom:co", "Earnings beat", "2025-10-09T09:00:00Z",
                        "<category term=\"medtop:04000000\" label=\"economy\" "
                        "scheme=\"http://cv.iptc.org/newscodes/mediatopic/\"/>") +
              AtomEntry("urn:atom:tech", "New chip", "2025-10-09T09:00:00Z",
                        "<category term=\"technology\"/>")));
  EXPECT_EQ(ByGuid("urn:atom:co").section.ToString(), "companies");
  EXPECT_EQ(ByGuid("urn:atom:tech").section.ToString(), "technology");
}

TEST_F(IngestPipelineTest, RoutingFollowsTheConfiguration) {
  config_.routing.default_section = *core::SectionPath::Parse("general");
  config_.routing.rules = {{"Football", *core::SectionPath::Parse("sport/football")}};
  IngestPipeline pipeline(*store_, config_, clock_);
  auto report = pipeline.IngestBytes(
      Rss(RssItem("urn:s:1", "Cup final", "football") + RssItem("urn:s:2", "Other", "World")), {});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(ByGuid("urn:s:1").section.ToString(), "sport/football");
  EXPECT_EQ(ByGuid("urn:s:2").section.ToString(), "general");
}

TEST_F(IngestPipelineTest, ItemsWithoutALanguageTakeTheSiteLanguage) {
  config_.site.language = "de";
  IngestPipeline pipeline(*store_, config_, clock_);
  auto report = pipeline.IngestBytes(Rss(RssItem("urn:l:1", "Neue H\u00e4user am Hafen", "")), {});
  ASSERT_TRUE(report) << report.error().ToString();
  auto english = pipeline.IngestBytes(
      G2("urn:l:2", 1, "usable", "Harbour homes", "", "<language tag=\"en-GB\"/>"), {});
  ASSERT_TRUE(english) << english.error().ToString();
  EXPECT_EQ(ByGuid("urn:l:1").language, "de");
  EXPECT_EQ(ByGuid("urn:l:2").language, "en-GB");
}

TEST_F(IngestPipelineTest, AnItemWithoutHeadlineIsRejectedAndTheRestStored) {
  IngestReport report =
      Ingest(Rss(RssItem("urn:wire:1", "Good story", "") + RssItem("urn:wire:2", "", "") +
                 RssItem("urn:wire:3", "Another good story", "")));
  EXPECT_EQ(report.new_count, 2);
  EXPECT_EQ(report.rejected, 1);
  ASSERT_EQ(report.rejections.size(), 1u);
  EXPECT_EQ(report.rejections[0], "item urn:wire:2: no headline");
  EXPECT_EQ(report.ToString(),
            "new 2, updated 0, unchanged 0, killed 0, withheld 0, rejected 1, duplicates 0\n"
            "  rejected: item urn:wire:2: no headline");
  EXPECT_EQ(EventCount(), 2u);
}

TEST_F(IngestPipelineTest, AnUnreadableDocumentIsAnError) {
  for (const char* bytes : {"", "this is not a feed", "<html><body>hi</body></html>"}) {
    auto report = pipeline_->IngestBytes(bytes, {});
    EXPECT_FALSE(report) << bytes;
  }
  EXPECT_EQ(EventCount(), 0u);
}

// Fails writes for one guid, as a full disk or a lock timeout would, and passes the rest on.
class FailingStore final : public store::test_util::ForwardingStore {
 public:
  FailingStore(store::Store& inner, std::string failing_guid)
      : ForwardingStore(inner), failing_guid_(std::move(failing_guid)) {}
  core::Result<store::WriteOutcome> WriteVersion(const store::IncomingVersion& version,
                                                 const store::VersionDecider& decide) override {
    if (version.item.guid == failing_guid_) {
      return core::MakeError(core::ErrorCode::kUnavailable, "database is locked");
    }
    return ForwardingStore::WriteVersion(version, decide);
  }

 private:
  std::string failing_guid_;
};

TEST_F(IngestPipelineTest, ABatchReportsEachDocumentAsIngestBytesWould) {
  // Versions 1 and 2 of one story in two documents of the batch, an unreadable document
  // between them, and a feed with an item the store refuses (no headline).
  const std::string v1 = G2("urn:g2:1", 1, "usable", "Talks open");
  const std::string v2 = G2("urn:g2:1", 2, "usable", "Talks open, updated");
  const std::string feed = Rss(RssItem("urn:wire:1", "One", "") + RssItem("urn:wire:2", "", ""));
  auto reports = pipeline_->IngestBatch({v1, "this is not a feed", v2, feed, v1}, {});
  ASSERT_EQ(reports.size(), 5u);
  ASSERT_TRUE(reports[0]);
  EXPECT_EQ(reports[0]->Summary(),
            "new 1, updated 0, unchanged 0, killed 0, withheld 0, rejected 0, duplicates 0");
  EXPECT_FALSE(reports[1]);
  ASSERT_TRUE(reports[2]);
  EXPECT_EQ(reports[2]->Summary(),
            "new 0, updated 1, unchanged 0, killed 0, withheld 0, rejected 0, duplicates 0");
  ASSERT_TRUE(reports[3]);
  EXPECT_EQ(reports[3]->Summary(),
            "new 1, updated 0, unchanged 0, killed 0, withheld 0, rejected 1, duplicates 0");
  ASSERT_EQ(reports[3]->rejections.size(), 1u);
  EXPECT_EQ(reports[3]->rejections[0], "item urn:wire:2: no headline");
  // The stale version 1 after version 2 changes nothing, as a separate call would find.
  ASSERT_TRUE(reports[4]);
  EXPECT_EQ(reports[4]->unchanged, 1);
  EXPECT_EQ(ByGuid("urn:g2:1").headline, "Talks open, updated");
  EXPECT_EQ(EventCount(), 3u);
}

TEST_F(IngestPipelineTest, AStoreErrorRejectsOnlyThatItem) {
  FailingStore failing(*store_, "urn:wire:2");
  IngestPipeline pipeline(failing, config_, clock_);
  auto report =
      pipeline.IngestBytes(Rss(RssItem("urn:wire:1", "One", "") + RssItem("urn:wire:2", "Two", "") +
                               RssItem("urn:wire:3", "Three", "")),
                           {});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->new_count, 2);
  EXPECT_EQ(report->rejected, 1);
  ASSERT_EQ(report->rejections.size(), 1u);
  EXPECT_EQ(report->rejections[0], "item urn:wire:2: unavailable: database is locked");
}

TEST_F(IngestPipelineTest, IngestsFiles) {
  std::string path = dir_.File("feed.xml");
  {
    std::ofstream out(path, std::ios::binary);
    out << Rss(RssItem("urn:file:1", "From a file", "World"));
  }
  auto report = pipeline_->IngestFile(path, {});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->new_count, 1);
  auto missing = pipeline_->IngestFile(dir_.File("missing.xml"), {});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code(), core::ErrorCode::kNotFound);
  auto folder = pipeline_->IngestFile(dir_.path().string(), {});
  ASSERT_FALSE(folder);
}

TEST_F(IngestPipelineTest, NewsmlG2LifecycleEndsInAKill) {
  const std::string guid = "urn:newsml:example.com:20251009:story";
  IngestReport created =
      Ingest(G2(guid, 1, "usable", "Quake hits coast", "",
                "<subject qcode=\"medtop:04000000\"><name>economy</name></subject>"));
  EXPECT_EQ(created.new_count, 1) << created.ToString();
  core::Article a = ByGuid(guid);
  EXPECT_EQ(a.section.ToString(), "companies");
  EXPECT_EQ(a.version_rank, 1);
  EXPECT_TRUE(a.ShowsWireNotice())
      << a.body_text_sha256_received << " vs " << a.body_text_sha256_stored;

  IngestReport corrected =
      Ingest(G2(guid, 2, "usable", "Quake hits coast, corrects toll",
                "<signal qcode=\"sig:correction\"/><edNote>Corrects toll</edNote>"));
  EXPECT_EQ(corrected.updated, 1) << corrected.ToString();
  a = ByGuid(guid);
  EXPECT_EQ(a.last_change, VersionChange::kCorrection);
  EXPECT_EQ(a.ednote, "Corrects toll");
  EXPECT_EQ(a.section.ToString(), "companies");  // The URL does not move.

  IngestReport withheld = Ingest(G2(guid, 3, "withheld", "Quake hits coast"));
  EXPECT_EQ(withheld.withheld, 1) << withheld.ToString();
  EXPECT_EQ(ByGuid(guid).state, ArticleState::kWithheld);

  IngestReport back = Ingest(G2(guid, 4, "usable", "Quake hits coast, toll rises"));
  EXPECT_EQ(back.updated, 1) << back.ToString();
  EXPECT_EQ(ByGuid(guid).state, ArticleState::kPublished);

  IngestReport killed = Ingest(G2(guid, 5, "canceled", "Quake hits coast"));
  EXPECT_EQ(killed.Summary(),
            "new 0, updated 0, unchanged 0, killed 1, withheld 0, rejected 0, duplicates 0");
  a = ByGuid(guid);
  EXPECT_EQ(a.state, ArticleState::kKilled);
  EXPECT_EQ(a.headline, "Quake hits coast, toll rises");  // Content kept for provenance.

  IngestReport after = Ingest(G2(guid, 6, "usable", "Quake hits coast again"));
  EXPECT_EQ(after.unchanged, 1);
  ASSERT_EQ(after.warnings.size(), 1u);
  EXPECT_EQ(after.warnings[0], "item " + guid + ": ignored: story was killed");
  EXPECT_EQ(ByGuid(guid).state, ArticleState::kKilled);

  auto versions = store_->GetVersions(a.id);
  ASSERT_TRUE(versions);
  EXPECT_EQ(versions->size(), 5u);
  EXPECT_EQ(EventCount(), 5u);
  store::ArticleQuery published;
  auto page = store_->ListArticles(published);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->articles.empty());
}

TEST_F(IngestPipelineTest, NewsmlG2VersionsOutOfOrderKeepTheNewest) {
  const std::string guid = "urn:newsml:example.com:20251009:ooo";
  EXPECT_EQ(Ingest(G2(guid, 3, "usable", "Third")).new_count, 1);
  EXPECT_EQ(Ingest(G2(guid, 2, "usable", "Second")).unchanged, 1);
  EXPECT_EQ(Ingest(G2(guid, 1, "usable", "First")).unchanged, 1);
  core::Article a = ByGuid(guid);
  EXPECT_EQ(a.headline, "Third");
  EXPECT_EQ(a.version_rank, 3);
  EXPECT_EQ(a.version_count, 1);
}

TEST_F(IngestPipelineTest, KillOfAnUnknownStoryStoresNothing) {
  IngestReport report = Ingest(G2("urn:newsml:example.com:unknown", 2, "canceled", "Gone"));
  EXPECT_EQ(report.unchanged, 1);
  ASSERT_EQ(report.warnings.size(), 1u);
  EXPECT_EQ(report.warnings[0],
            "item urn:newsml:example.com:unknown: ignored: kill for unknown story");
  EXPECT_EQ(EventCount(), 0u);
}

TEST_F(IngestPipelineTest, EmbargoedNewsmlG2WaitsForItsTime) {
  const std::string guid = "urn:newsml:example.com:20251009:embargo";
  std::string embargo = core::FormatRfc3339(kT0 + std::chrono::hours(1));
  IngestReport report =
      Ingest(G2(guid, 1, "usable", "Results are in", "<embargoed>" + embargo + "</embargoed>"));
  EXPECT_EQ(report.new_count, 1);
  EXPECT_EQ(ByGuid(guid).state, ArticleState::kEmbargoed);
  auto released = store_->ReleaseEmbargoes(kT0 + std::chrono::hours(1));
  ASSERT_TRUE(released);
  EXPECT_EQ(*released, 1);
  EXPECT_EQ(ByGuid(guid).state, ArticleState::kPublished);
}

// A wire-length story body (dedupe leaves one-liners alone).
std::string LongBody(const std::string& last_words = "since the storm in March") {
  return "<p>Ministers from twelve countries met in Geneva on Tuesday to agree a timetable for "
         "the reopening of the northern harbour. The talks, chaired by the Swiss foreign "
         "minister, are expected to last three days and to end with a joint statement on "
         "shipping rights and port fees.</p><p>Delegates said the main obstacle was the cost of "
         "dredging the outer channel, which engineers put at forty million francs. Shipping "
         "lines have diverted more than two hundred vessels to southern ports " +
         last_words + ".</p>";
}

SourceInfo Source(const std::string& name) {
  SourceInfo source;
  source.name = name;
  return source;
}

TEST_F(IngestPipelineTest, TheSameStoryFromTwoSourcesIsOneArticle) {
  IngestReport first =
      Ingest(Rss(RssItem("urn:a:1", "Ministers meet", "World", LongBody())), Source("agency-a"));
  EXPECT_EQ(first.new_count, 1);
  const core::Article article = ByGuid("urn:a:1");

  // The same text under another guid, from another source, with another headline.
  IngestReport copy =
      Ingest(Rss(RssItem("urn:b:9", "Geneva harbour talks open", "World", LongBody())),
             Source("agency-b"));
  EXPECT_EQ(copy.new_count, 0);
  EXPECT_EQ(copy.duplicates, 1);
  ASSERT_EQ(copy.duplicate_lines.size(), 1u);
  EXPECT_EQ(copy.duplicate_lines[0],
            "item urn:b:9: duplicate of #" + std::to_string(article.id) + " (same text)");
  EXPECT_NE(copy.ToString().find("\n  duplicate: item urn:b:9: duplicate of #"), std::string::npos);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 1);

  // Re-fetching the copy's feed is quiet: unchanged, no new line.
  IngestReport again =
      Ingest(Rss(RssItem("urn:b:9", "Geneva harbour talks open", "World", LongBody())),
             Source("agency-b"));
  EXPECT_EQ(again.unchanged, 1);
  EXPECT_EQ(again.duplicates, 0);
  EXPECT_TRUE(again.warnings.empty());
}

TEST_F(IngestPipelineTest, ARetouchedCopyIsANearDuplicate) {
  Ingest(Rss(RssItem("urn:a:1", "Ministers meet", "World", LongBody())), Source("agency-a"));
  const core::Article article = ByGuid("urn:a:1");
  IngestReport copy = Ingest(Rss(RssItem("urn:b:1", "Ministers meet", "World",
                                         LongBody("since the storm in early March"))),
                             Source("agency-b"));
  EXPECT_EQ(copy.new_count, 0);
  EXPECT_EQ(copy.duplicates, 1);
  ASSERT_EQ(copy.duplicate_lines.size(), 1u);
  EXPECT_TRUE(copy.duplicate_lines[0].starts_with("item urn:b:1: duplicate of #" +
                                                  std::to_string(article.id) + " (near: "))
      << copy.duplicate_lines[0];
}

TEST_F(IngestPipelineTest, DifferentStoriesAndShortBodiesStayApart) {
  // One-line bodies repeat word for word across companies: never merged on text alone.
  IngestReport shorts =
      Ingest(Rss(RssItem("urn:a:1", "Acme sets dividend", "Markets", "<p>Qtly div 10 cts</p>") +
                 RssItem("urn:a:2", "Bolt sets dividend", "Markets", "<p>Qtly div 10 cts</p>")));
  EXPECT_EQ(shorts.new_count, 2);
  EXPECT_EQ(shorts.duplicates, 0);

  IngestReport other = Ingest(
      Rss(RssItem("urn:a:3", "Ministers meet", "World", LongBody()) +
          RssItem("urn:a:4", "Cup final tonight", "Sport",
                  "<p>The two clubs meet at the national stadium tonight in front of a crowd of "
                  "eighty thousand, the first final between them since the league was founded a "
                  "century ago, and both managers have named unchanged sides for the occasion, "
                  "with the kick-off brought forward an hour for the television audience.</p>")));
  EXPECT_EQ(other.new_count, 2);
  EXPECT_EQ(other.duplicates, 0);
}

TEST_F(IngestPipelineTest, AnAliasUpdateIsIgnoredAndItsKillKillsTheStory) {
  Ingest(Rss(RssItem("urn:a:1", "Ministers meet", "World", LongBody())), Source("agency-a"));
  const core::Article article = ByGuid("urn:a:1");
  Ingest(G2("urn:b:1", 1, "usable", "Ministers meet") /* another story: its own article */,
         Source("agency-b"));
  // A NewsML-G2 copy of the story, then its update: the copy's versions do not rewrite ours.
  auto copy_of_story = [](int version, const std::string& status) {
    std::string doc = G2("urn:b:copy", version, status, "Ministers meet");
    const std::string from = "<p>Ministers meet &amp; the details.</p>";
    std::string body = LongBody();
    doc.replace(doc.find(from), from.size(), body);
    return doc;
  };
  IngestReport copy = Ingest(copy_of_story(1, "usable"), Source("agency-b"));
  EXPECT_EQ(copy.duplicates, 1);
  IngestReport update = Ingest(copy_of_story(2, "usable"), Source("agency-b"));
  EXPECT_EQ(update.unchanged, 1);
  EXPECT_EQ(update.updated, 0);
  EXPECT_EQ(ByGuid("urn:a:1").version_count, 1);

  // The copy's agency withdraws it: the text we show is the text withdrawn, so it goes.
  IngestReport kill = Ingest(copy_of_story(3, "canceled"), Source("agency-b"));
  EXPECT_EQ(kill.killed, 1);
  EXPECT_EQ(ByGuid("urn:a:1").state, ArticleState::kKilled);

  // A third copy arriving later does not bring the story back.
  IngestReport late =
      Ingest(Rss(RssItem("urn:c:1", "Ministers meet", "World", LongBody())), Source("agency-c"));
  EXPECT_EQ(late.new_count, 0);
  EXPECT_EQ(late.duplicates, 1);
  ASSERT_EQ(late.duplicate_lines.size(), 1u);
  EXPECT_EQ(late.duplicate_lines[0], "item urn:c:1: duplicate of #" + std::to_string(article.id) +
                                         " (same text), a killed story");
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 1);  // Only agency-b's other story.
}

TEST_F(IngestPipelineTest, AKillOfTheOriginalGuidKillsTheStoryForItsCopiesToo) {
  Ingest(G2("urn:a:g2", 1, "usable", "Harbour talks"), Source("agency-a"));
  std::string body = LongBody();
  auto with_body = [&body](std::string doc) {
    const std::string from = "<p>Harbour talks &amp; the details.</p>";
    size_t at = doc.find(from);
    if (at != std::string::npos)
      doc.replace(at, from.size(), body);
    return doc;
  };
  // Version 2 of the original carries the long text; a copy of it then arrives elsewhere.
  Ingest(with_body(G2("urn:a:g2", 2, "usable", "Harbour talks")), Source("agency-a"));
  IngestReport copy =
      Ingest(Rss(RssItem("urn:b:rss", "Harbour talks", "World", body)), Source("agency-b"));
  EXPECT_EQ(copy.duplicates, 1);  // Found through the superseding version's fingerprint.
  Ingest(G2("urn:a:g2", 3, "canceled", "Harbour talks"), Source("agency-a"));
  EXPECT_EQ(ByGuid("urn:a:g2").state, ArticleState::kKilled);
  IngestReport refetch =
      Ingest(Rss(RssItem("urn:b:rss", "Harbour talks", "World", body)), Source("agency-b"));
  EXPECT_EQ(refetch.new_count, 0);
  EXPECT_EQ(refetch.unchanged, 1);
  auto stats = store_->Stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->articles_published, 0);
}

TEST_F(IngestPipelineTest, TheNewArticleHookSeesEachStoryOnceWhenItFirstShows) {
  std::vector<core::ArticleId> seen;
  std::vector<size_t> calls;  // How many ids each call had.
  IngestPipeline pipeline(*store_, config_, clock_, [&](std::span<const core::ArticleId> ids) {
    calls.push_back(ids.size());
    std::vector<core::Status> done;
    for (core::ArticleId id : ids) {
      seen.push_back(id);
      done.push_back(seen.size() == 2 ? core::MakeError(core::ErrorCode::kUnavailable, "hook busy")
                                      : core::Ok());
    }
    return done;
  });
  const std::string feed =
      Rss(RssItem("urn:wire:1", "One", "World") + RssItem("urn:wire:2", "Two", ""));
  auto report = pipeline.IngestBytes(feed, {});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->new_count, 2);
  EXPECT_EQ(seen, (std::vector<core::ArticleId>{ByGuid("urn:wire:1").id, ByGuid("urn:wire:2").id}));
  EXPECT_EQ(calls, std::vector<size_t>{2});  // One call for the batch.
  // A failing hook leaves the story stored and says so.
  ASSERT_EQ(report->warnings.size(), 1u);
  EXPECT_NE(report->warnings[0].find("item urn:wire:2: stored, but"), std::string::npos);
  EXPECT_NE(report->warnings[0].find("hook busy"), std::string::npos);

  // Nothing new, nothing called; a withheld story is called when its usable version comes.
  ASSERT_TRUE(pipeline.IngestBytes(feed, {}));
  EXPECT_EQ(seen.size(), 2u);
  ASSERT_TRUE(pipeline.IngestBytes(G2("urn:g2:held", 1, "withheld", "Held story"), {}));
  EXPECT_EQ(seen.size(), 2u);
  ASSERT_TRUE(pipeline.IngestBytes(G2("urn:g2:held", 2, "usable", "Held story"), {}));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[2], ByGuid("urn:g2:held").id);
  // An update is not a new story.
  ASSERT_TRUE(pipeline.IngestBytes(G2("urn:g2:held", 3, "usable", "Held story, updated"), {}));
  EXPECT_EQ(seen.size(), 3u);

  // Several documents in one batch: one call, their new stories in item order, and each
  // document's report carries its own items' failures.
  calls.clear();
  const std::string first = Rss(RssItem("urn:wire:3", "Three", "World"));
  const std::string second =
      Rss(RssItem("urn:wire:4", "Four", "World") + RssItem("urn:wire:1", "One", "World"));
  std::vector<core::Result<IngestReport>> reports = pipeline.IngestBatch({first, second}, {});
  ASSERT_EQ(reports.size(), 2u);
  ASSERT_TRUE(reports[0] && reports[1]);
  EXPECT_EQ(calls, std::vector<size_t>{2});
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen[3], ByGuid("urn:wire:3").id);
  EXPECT_EQ(seen[4], ByGuid("urn:wire:4").id);
  EXPECT_TRUE(reports[0]->warnings.empty());
  EXPECT_EQ(reports[1]->new_count, 1);
  EXPECT_EQ(reports[1]->unchanged, 1);
}

TEST(IngestReport, AddsUp) {
  IngestReport a;
  a.new_count = 1;
  a.rejected = 1;
  a.rejections = {"item x: no headline"};
  IngestReport b;
  b.updated = 2;
  b.killed = 1;
  b.withheld = 1;
  b.unchanged = 3;
  b.warnings = {"item y: ignored: stale version 1 < 2"};
  a.Add(b);
  EXPECT_EQ(a.Summary(),
            "new 1, updated 2, unchanged 3, killed 1, withheld 1, rejected 1, duplicates 0");
  EXPECT_EQ(a.ToString(),
            "new 1, updated 2, unchanged 3, killed 1, withheld 1, rejected 1, duplicates 0\n"
            "  rejected: item x: no headline\n"
            "  warning: item y: ignored: stale version 1 < 2");
}

}  // namespace
}  // namespace wiredesk::ingest
