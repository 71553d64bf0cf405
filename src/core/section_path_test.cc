#include "core/section_path.h"

#include <gtest/gtest.h>

#include "core/article.h"

namespace wiredesk::core {
namespace {

TEST(SectionPath, ParsesAndFoldsCase) {
  auto path = SectionPath::Parse("/News/World/");
  ASSERT_TRUE(path);
  EXPECT_EQ(path->ToString(), "news/world");
  EXPECT_EQ(path->Url(), "/news/world/");
  EXPECT_EQ(path->Parent().ToString(), "news");
  EXPECT_TRUE(path->Parent().Parent().empty());
  EXPECT_EQ(SectionPath().Url(), "/");
}

TEST(SectionPath, RejectsBadSegmentsAndDepth) {
  EXPECT_FALSE(SectionPath::Parse("news/wor ld"));
  EXPECT_FALSE(SectionPath::Parse("news/<script>"));
  EXPECT_FALSE(SectionPath::Parse("a/b/c/d/e/f/g"));
}

TEST(SectionPath, IsWithin) {
  auto world = *SectionPath::Parse("news/world");
  EXPECT_TRUE(world.IsWithin(*SectionPath::Parse("news")));
  EXPECT_TRUE(world.IsWithin(SectionPath()));
  EXPECT_TRUE(world.IsWithin(world));
  EXPECT_FALSE(SectionPath::Parse("news")->IsWithin(world));
  EXPECT_FALSE(world.IsWithin(*SectionPath::Parse("markets")));
}

TEST(SectionPath, DefaultTitle) {
  EXPECT_EQ(DefaultSectionTitle("middle-east"), "Middle East");
  EXPECT_EQ(DefaultSectionTitle("world"), "World");
}

TEST(Article, SlugAndUrl) {
  EXPECT_EQ(Slugify("Ministers meet in Geneva, agree on 3% cut!"),
            "ministers-meet-in-geneva-agree-on-3-cut");
  EXPECT_EQ(Slugify("???"), "story");
  EXPECT_EQ(Slugify("Café prices rise"), "caf-prices-rise");
  Article article;
  article.id = 42;
  article.section = *SectionPath::Parse("news/world");
  article.slug = "ministers-meet";
  EXPECT_EQ(article.Url(), "/news/world/ministers-meet-42");
}

TEST(Article, WireNoticeNeedsEqualHashesAndAWireSource) {
  Article article;
  EXPECT_FALSE(article.ShowsWireNotice());
  article.body_text_sha256_received = "abc";
  article.body_text_sha256_stored = "abc";
  EXPECT_TRUE(article.ShowsWireNotice());
  article.source_kind = SourceKind::kWeb;
  EXPECT_FALSE(article.ShowsWireNotice());
  article.source_kind = SourceKind::kWire;
  article.body_text_sha256_stored = "def";
  EXPECT_FALSE(article.ShowsWireNotice());
}

}  // namespace
}  // namespace wiredesk::core
