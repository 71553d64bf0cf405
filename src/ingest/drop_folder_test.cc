#include "ingest/drop_folder.h"

#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "store/sqlite_source_store.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::ingest {
namespace {

namespace fs = std::filesystem;

std::string Rss(const std::string& guid, const std::string& title) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>W</title>"
         "<link>https://wire.example.com/</link><description>W</description><item><title>" +
         title + "</title><guid isPermaLink=\"false\">" + guid +
         "</guid><pubDate>Thu, 09 Oct 2025 08:00:00 GMT</pubDate><description>Text of " + title +
         ".</description></item></channel></rss>";
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Waits for a condition another thread brings about; fails the test after ten seconds.
template <class Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition())
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

class DropFolderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = core::DefaultConfig();
    ASSERT_TRUE(config);
    config_ = *config;
    store::SqliteStoreOptions options;
    options.path = dir_.File("wd.db");
    auto articles = store::SqliteStore::Open(options);
    ASSERT_TRUE(articles);
    articles_ = std::move(*articles);
    auto sources = store::SqliteSourceStore::Open(dir_.File("wd.db"));
    ASSERT_TRUE(sources);
    sources_ = std::move(*sources);
    pipeline_ = std::make_unique<IngestPipeline>(*articles_, config_, clock_);
    folder_ = dir_.path() / "drop";
    fs::create_directories(folder_);
  }

  store::SourceRecord AddFolderSource(const std::string& name = "ftp") {
    store::SourceRecord source;
    source.name = name;
    source.kind = store::SourceKind::kFolder;
    source.location = folder_.string();
    source.section_rules = {{"*", *core::SectionPath::Parse("markets")}};
    EXPECT_TRUE(sources_->AddSource(source));
    return source;
  }

  int64_t Published() {
    auto stats = articles_->Stats();
    return stats ? stats->articles_published : -1;
  }

  store::test_util::TempDir dir_;
  core::Config config_;
  core::FakeClock clock_{core::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<store::SqliteStore> articles_;
  std::unique_ptr<store::SqliteSourceStore> sources_;
  std::unique_ptr<IngestPipeline> pipeline_;
  fs::path folder_;
};

TEST_F(DropFolderTest, ProcessesFilesPresentAndFilesThemAway) {
  store::SourceRecord source = AddFolderSource();
  Write(folder_ / "001.xml", Rss("urn:d:1", "First"));
  Write(folder_ / "002.txt", "this is not a feed");
  Write(folder_ / ".hidden.xml", Rss("urn:d:2", "Hidden"));
  Write(folder_ / "003.xml.part", Rss("urn:d:3", "Partial"));
  fs::create_symlink("/etc/passwd", folder_ / "004.xml");

  int reports = 0;
  DropFolderWatcher watcher(*sources_, *pipeline_, [&reports](const IngestReport&) { ++reports; });
  auto processed = watcher.ProcessFolder(source);
  ASSERT_TRUE(processed) << processed.error().ToString();
  ASSERT_EQ(processed->size(), 3u);
  EXPECT_EQ(reports, 1);
  EXPECT_TRUE((*processed)[0].ingested);
  EXPECT_EQ((*processed)[0].report.new_count, 1);
  EXPECT_FALSE((*processed)[1].ingested);
  EXPECT_FALSE((*processed)[2].ingested);

  EXPECT_TRUE(fs::exists(folder_ / "done" / "001.xml"));
  EXPECT_TRUE(fs::exists(folder_ / "failed" / "002.txt"));
  EXPECT_FALSE(Read(folder_ / "failed" / "002.txt.reason.txt").empty());
  EXPECT_TRUE(fs::is_symlink(folder_ / "failed" / "004.xml"));
  EXPECT_NE(Read(folder_ / "failed" / "004.xml.reason.txt").find("regular file"),
            std::string::npos);
  EXPECT_TRUE(fs::exists(folder_ / ".hidden.xml"));
  EXPECT_TRUE(fs::exists(folder_ / "003.xml.part"));
  EXPECT_FALSE(fs::exists(folder_ / "001.xml"));
  EXPECT_EQ(Published(), 1);

  // The source's rule routed it.
  store::ArticleQuery query;
  query.guid = "urn:d:1";
  auto page = articles_->ListArticles(query);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->articles.size(), 1u);
  EXPECT_EQ(page->articles[0].section.ToString(), "markets");
  EXPECT_EQ(page->articles[0].source, "ftp");

  // The same name again does not overwrite the first.
  Write(folder_ / "001.xml", Rss("urn:d:1", "First"));
  ASSERT_TRUE(watcher.ProcessFolder(source));
  EXPECT_TRUE(fs::exists(folder_ / "done" / "001.xml.1"));
}

TEST_F(DropFolderTest, RefusesOtherKindsAndMissingFolders) {
  DropFolderWatcher watcher(*sources_, *pipeline_);
  store::SourceRecord http;
  http.name = "h";
  http.kind = store::SourceKind::kHttp;
  EXPECT_EQ(watcher.ProcessFolder(http).error().code(), core::ErrorCode::kFailedPrecondition);
  store::SourceRecord missing;
  missing.name = "m";
  missing.kind = store::SourceKind::kFolder;
  missing.location = (dir_.path() / "nowhere").string();
  EXPECT_EQ(watcher.ProcessFolder(missing).error().code(), core::ErrorCode::kNotFound);
}

TEST_F(DropFolderTest, WatchesWritesAndRenamesAndWaitsForWritersToClose) {
  DropFolderWatcher watcher(*sources_, *pipeline_);
  ASSERT_TRUE(watcher.Start(std::chrono::milliseconds(20)));
  // A source added while running is picked up at the next refresh.
  AddFolderSource();
  // Written elsewhere, renamed in.
  Write(dir_.path() / "staging.xml", Rss("urn:d:10", "Renamed in"));
  ASSERT_TRUE(Eventually([&] { return fs::exists(folder_ / "done"); }));
  fs::rename(dir_.path() / "staging.xml", folder_ / "010.xml");
  EXPECT_TRUE(Eventually([&] { return fs::exists(folder_ / "done" / "010.xml"); }));

  // Written in place: nothing happens while the writer holds it open.
  {
    std::ofstream writer(folder_ / "011.xml", std::ios::binary);
    const std::string text = Rss("urn:d:11", "Written in place");
    writer << text.substr(0, text.size() / 2) << std::flush;
    // Another file completes meanwhile, and the watcher processes that one...
    Write(folder_ / "012.xml", Rss("urn:d:12", "Quick one"));
    ASSERT_TRUE(Eventually([&] { return fs::exists(folder_ / "done" / "012.xml"); }));
    // ...while the half-written file stays where it is.
    EXPECT_TRUE(fs::exists(folder_ / "011.xml"));
    writer << text.substr(text.size() / 2);
  }
  EXPECT_TRUE(Eventually([&] { return fs::exists(folder_ / "done" / "011.xml"); }));
  watcher.Stop();
  EXPECT_EQ(Published(), 3);
}

TEST_F(DropFolderTest, FileOpenForWritingAtStartIsLeftUntilClosed) {
  store::SourceRecord source = AddFolderSource();
  std::ofstream writer(folder_ / "020.xml", std::ios::binary);
  writer << "<?xml version=\"1.0\"?><rss" << std::flush;
  DropFolderWatcher watcher(*sources_, *pipeline_);
  auto processed = watcher.ProcessFolder(source);
  ASSERT_TRUE(processed);
  EXPECT_TRUE(processed->empty());
  EXPECT_TRUE(fs::exists(folder_ / "020.xml"));
  writer.close();
  processed = watcher.ProcessFolder(source);
  ASSERT_TRUE(processed);
  EXPECT_EQ(processed->size(), 1u);
}

}  // namespace
}  // namespace wiredesk::ingest
