// Stories for the tests of story clustering: two agencies' reports of one earthquake, and
// stories on other subjects published earlier, so that term weights know which words are
// common. Test-only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "recommend/testing/story_fixture.h"

namespace wiredesk::recommend::testing {

// Stories on other subjects, so that term weights (BM25 or key-term) know which words are common.
inline const char* const kBackground[][2] = {
    {"Central bank leaves interest rates unchanged",
     "The central bank left its main interest rate unchanged on Tuesday, saying inflation was "
     "easing but the labour market remained tight. Economists had expected no change."},
    {"Carmaker recalls vehicles over faulty airbags",
     "A carmaker said it would recall thousands of vehicles because the airbags may fail to "
     "deploy in a crash. Owners will be told by letter and repairs will be free."},
    {"Football club appoints new coach after poor season",
     "The club appointed a new coach on Monday after finishing the season in tenth place. The "
     "coach signed a contract for three seasons, the club said in a statement."},
    {"Wheat prices rise on drought fears",
     "Wheat futures rose for a third day as traders worried that a drought in the plains would "
     "cut the harvest. Corn and soybean prices were little changed."},
    {"Airline reports higher quarterly profit",
     "The airline reported a higher quarterly profit as more passengers flew and fuel costs "
     "fell. Its shares rose in early trading after the results were published."},
    {"Parliament passes budget after long debate",
     "Parliament passed the budget late on Thursday after a debate that lasted two days. The "
     "opposition voted against it, saying it cut spending on schools and hospitals."},
};

// Two agencies' reports of one earthquake: the same names and figures, rewritten sentences
// (too different for dedupe's 3 bits of SimHash, which only merges copies).
inline constexpr const char* kQuakeHeadline =
    "Magnitude 7.1 earthquake strikes off Kermadec Islands";
inline constexpr const char* kQuakeBody =
    "A magnitude 7.1 earthquake struck off the Kermadec Islands north of New Zealand on "
    "Wednesday, the geological survey said. Tonga issued a tsunami warning for its coast and "
    "Nukualofa residents moved to higher ground. No damage was reported.";
inline constexpr const char* kQuakeOtherHeadline =
    "Magnitude 7.1 earthquake strikes off Kermadec Islands, Tonga warns of tsunami";
inline constexpr const char* kQuakeOtherBody =
    "An earthquake of magnitude 7.1 hit the sea off the Kermadec Islands, north of New Zealand, "
    "on Wednesday, according to the geological survey. Tonga issued a tsunami warning and "
    "residents of Nukualofa moved to higher ground. There were no immediate reports of damage.";

class ClusterFixture : public StoryFixture {
 protected:
  void SetUp() override {
    StoryFixture::SetUp();
    for (const auto& story : kBackground) Story(story[0], story[1], kNow - std::chrono::hours(100));
  }

  // Publishes a story with a body and returns its id.
  core::ArticleId Story(const std::string& headline, const std::string& body,
                        core::TimePoint published, const std::string& source = "wire") {
    store::IncomingVersion v;
    v.source = source;
    v.item.guid = "s" + std::to_string(++guid_);
    v.item.headline = headline;
    v.item.body_html = "<p>" + body + "</p>";
    v.item.published = published;
    v.rank = 1;
    v.section = *core::SectionPath::Parse("news/world");
    v.received_at = published;
    auto outcome = store_->WriteVersion(v, [](const std::optional<store::CurrentVersion>&) {
      return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                    ""};
    });
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome ? outcome->article_id : 0;
  }

  void Kill(core::ArticleId id) {
    core::Article article = *store_->GetArticle(id);
    store::IncomingVersion v;
    v.source = article.source;
    v.item.guid = article.guid;
    v.item.status = core::ItemStatus::kCanceled;
    v.rank = 2;
    v.section = article.section;
    v.received_at = kNow;
    auto outcome = store_->WriteVersion(v, [](const std::optional<store::CurrentVersion>&) {
      return store::VersionDecision{store::VersionAction::kKill, core::VersionChange::kKill, ""};
    });
    ASSERT_TRUE(outcome) << outcome.error().ToString();
  }

  std::vector<core::ArticleId> Members(core::ArticleId cluster) {
    auto members = store_->ClusterMembers(cluster, 20);
    EXPECT_TRUE(members) << members.error().ToString();
    std::vector<core::ArticleId> ids;
    if (members) {
      for (const core::Article& a : *members) ids.push_back(a.id);
    }
    return ids;
  }
};

}  // namespace wiredesk::recommend::testing
