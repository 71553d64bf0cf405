#include "ingest/embargo_scheduler.h"

#include <gtest/gtest.h>

#include "core/config.h"
#include "ingest/pipeline.h"
#include "store/sqlite_store.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::ingest {
namespace {

const core::TimePoint kT0 = *core::ParseRfc3339("2026-11-30T09:00:00Z");

std::string EmbargoedItem(const std::string& embargo) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:test:embargo" version="1"
  standard="NewsML-G2" standardversion="2.35">
<itemMeta><itemClass qcode="ninat:text"/><provider qcode="nprov:TEST"/>
<versionCreated>2026-11-30T08:55:00Z</versionCreated><pubStatus qcode="stat:usable"/>
<embargoed>)" +
         embargo +
         R"(</embargoed></itemMeta>
<contentMeta><headline>Quarterly figures of Northwind Mills</headline></contentMeta>
<contentSet><inlineXML contenttype="application/xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Figures.</p></body></html></inlineXML></contentSet>
</newsItem>)";
}

class EmbargoSchedulerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteStoreOptions options;
    options.path = dir_.File("wiredesk.db");
    auto store = store::SqliteStore::Open(options);
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    config_ = *core::DefaultConfig();
  }

  size_t PublishedCount() {
    auto page = store_->ListArticles(store::ArticleQuery{});
    EXPECT_TRUE(page);
    return page ? page->articles.size() : 0;
  }

  store::test_util::TempDir dir_;
  std::unique_ptr<store::SqliteStore> store_;
  core::Config config_;
  core::FakeClock clock_{kT0};
};

TEST_F(EmbargoSchedulerTest, PublishesAtTheEmbargoTimeAndNotBefore) {
  IngestPipeline pipeline(*store_, config_, clock_);
  auto report = pipeline.IngestBytes(EmbargoedItem("2026-11-30T10:00:00Z"), SourceInfo{});
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->new_count, 1) << report->ToString();

  EmbargoScheduler scheduler(*store_, clock_);
  auto early = scheduler.RunOnce();
  ASSERT_TRUE(early);
  EXPECT_EQ(*early, 0);
  EXPECT_EQ(PublishedCount(), 0u) << "visible nowhere before its embargo";

  clock_.Set(*core::ParseRfc3339("2026-11-30T09:59:59Z"));
  EXPECT_EQ(*scheduler.RunOnce(), 0);
  EXPECT_EQ(PublishedCount(), 0u);

  clock_.Set(*core::ParseRfc3339("2026-11-30T10:00:00Z"));
  EXPECT_EQ(*scheduler.RunOnce(), 1);
  EXPECT_EQ(PublishedCount(), 1u);
  EXPECT_EQ(*scheduler.RunOnce(), 0) << "released once";
}

TEST_F(EmbargoSchedulerTest, BackgroundThreadStartsAndStopsCleanly) {
  EmbargoScheduler scheduler(*store_, clock_);
  scheduler.Start(std::chrono::milliseconds(10));
  scheduler.Stop();
  scheduler.Stop();  // Idempotent.
}

}  // namespace
}  // namespace wiredesk::ingest
