#include "recommend/candidate_index.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wiredesk::recommend {
namespace {

const core::TimePoint kNow = core::FromUnixSeconds(1'800'000'000);

core::Article Story(core::ArticleId id, const std::string& headline,
                    const std::string& section = "news", const std::string& summary_html = "",
                    std::vector<core::Subject> subjects = {}, core::TimePoint published = kNow) {
  core::Article a;
  a.id = id;
  a.headline = headline;
  a.section = *core::SectionPath::Parse(section);
  a.summary_html = summary_html;
  a.subjects = std::move(subjects);
  a.published = published;
  return a;
}

std::vector<uint64_t> Phrase(const std::vector<std::string>& words) {
  std::vector<uint64_t> hashes;
  for (const std::string& w : words) hashes.push_back(TermHash(w));
  return hashes;
}

// The ids of the live stories among `slots`, in slot order.
std::vector<core::ArticleId> LiveIds(const CandidateIndex& index,
                                     const std::vector<CandidateIndex::Slot>& slots) {
  std::vector<core::ArticleId> ids;
  for (CandidateIndex::Slot slot : slots) {
    if (index.live(slot))
      ids.push_back(index.article(slot).id);
  }
  return ids;
}

using Ids = std::vector<core::ArticleId>;

TEST(CandidateIndex, PostsKeyTermsAndSubjectsOfEachStory) {
  CandidateIndex index;
  const core::Subject climate{.name = "Climate", .code = "medtop:1", .scheme = "iptc"};
  index.Add(Story(1, "Glacier melt speeds up", "science", "<p>Alpine ice is going</p>", {climate}));
  index.Add(Story(2, "Glacier tours reopen", "travel"));
  index.Add(Story(3, "Cup final tonight", "sport"));
  EXPECT_EQ(index.size(), 3u);
  EXPECT_EQ(LiveIds(index, index.SlotsWithKeyTerm(TermHash("glacier"))), (Ids{1, 2}));
  EXPECT_EQ(LiveIds(index, index.SlotsWithKeyTerm(TermHash("alpine"))), (Ids{1}));
  // Common words and words under three letters are not key terms.
  EXPECT_TRUE(index.SlotsWithKeyTerm(TermHash("the")).empty());
  EXPECT_TRUE(index.SlotsWithKeyTerm(TermHash("up")).empty());
  EXPECT_EQ(LiveIds(index, index.SlotsWithSubject(TermHash(SubjectKey(climate)))), (Ids{1}));
  EXPECT_EQ(index.subject_count(0), 1u);
  EXPECT_GT(index.key_terms(0).size(), 3u);
}

TEST(CandidateIndex, EqualSectionsShareOneIndex) {
  CandidateIndex index;
  index.Add(Story(1, "One", "news/world"));
  index.Add(Story(2, "Two", "sport"));
  index.Add(Story(3, "Three", "news/world"));
  ASSERT_EQ(index.sections().size(), 2u);
  EXPECT_EQ(index.section_of(0), index.section_of(2));
  EXPECT_EQ(index.sections()[index.section_of(1)].ToString(), "sport");
}

TEST(CandidateIndex, PhrasesMatchConsecutiveWordsWithinOnePart) {
  CandidateIndex index;
  index.Add(Story(1, "Bank of England raises rates"));
  index.Add(Story(2, "Rates rise", "news", "<p>The <b>Bank</b> of England said &amp; so on</p>"));
  index.Add(Story(3, "England bank holiday", "news"));
  index.Add(
      Story(4, "Markets", "news", "", {{.name = "Bank of England", .code = "", .scheme = ""}}));
  index.Add(Story(5, "Talks at the Bank", "news", "<p>of England fame</p>"));
  EXPECT_EQ(LiveIds(index, index.SlotsWithPhrase(Phrase({"bank", "of", "england"}))),
            (Ids{1, 2, 4}));
  EXPECT_EQ(LiveIds(index, index.SlotsWithPhrase(Phrase({"holiday"}))), (Ids{3}));
  EXPECT_TRUE(index.SlotsWithPhrase(Phrase({"england", "bank", "rates"})).empty());
  EXPECT_TRUE(index.SlotsWithPhrase(Phrase({"unheard"})).empty());
  EXPECT_TRUE(index.SlotsWithPhrase({}).empty());
}

TEST(CandidateIndex, ANewerCopyReplacesTheOldAndRemovedStoriesLeavePhrases) {
  CandidateIndex index;
  index.Add(Story(1, "Storm nears the coast"));
  index.Add(Story(1, "Storm makes landfall"));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(index.slot_count(), 2u);
  EXPECT_FALSE(index.live(0));
  EXPECT_EQ(index.article(1).headline, "Storm makes landfall");
  EXPECT_EQ(LiveIds(index, index.SlotsWithKeyTerm(TermHash("storm"))), (Ids{1}));
  EXPECT_TRUE(index.SlotsWithPhrase(Phrase({"coast"})).empty());
  index.Remove(1);
  index.Remove(42);  // Unknown: nothing happens.
  EXPECT_EQ(index.size(), 0u);
  EXPECT_TRUE(index.SlotsWithPhrase(Phrase({"landfall"})).empty());
}

TEST(CandidateIndex, RebuildsItsPostingsWhenMostSlotsAreDead) {
  CandidateIndex index;
  for (core::ArticleId id = 1; id <= 100; ++id)
    index.Add(Story(id, "Report number " + std::to_string(id) + " on harvests"));
  for (core::ArticleId id = 1; id <= 60; ++id) index.Remove(id);
  EXPECT_EQ(index.size(), 40u);
  // Compacted when the 51st went (49 of 100 live); the nine removed since are dead slots.
  EXPECT_EQ(index.slot_count(), 49u);
  const auto& slots = index.SlotsWithKeyTerm(TermHash("harvests"));
  EXPECT_EQ(slots.size(), 49u);
  ASSERT_EQ(LiveIds(index, slots).size(), 40u);
  EXPECT_EQ(LiveIds(index, slots).front(), 61);
  EXPECT_EQ(LiveIds(index, index.SlotsWithPhrase(Phrase({"number", "77"}))), (Ids{77}));
}

TEST(CandidateIndex, RemovesStoriesOlderThanAGivenTime) {
  CandidateIndex index;
  index.Add(Story(1, "Old news", "news", "", {}, kNow - std::chrono::hours(200)));
  index.Add(Story(2, "Fresh news", "news", "", {}, kNow - std::chrono::hours(2)));
  index.RemoveOlderThan(kNow - std::chrono::hours(168));
  EXPECT_EQ(index.size(), 1u);
  EXPECT_EQ(LiveIds(index, index.SlotsWithPhrase(Phrase({"news"}))), (Ids{2}));
}

TEST(CandidateIndex, ABodyCountsTowardsKeyTermsAndIsNotKept) {
  CandidateIndex index;
  core::Article a = Story(1, "Storm hits the coast");
  a.body_html = "<p>Lighthouse lighthouse lighthouse keepers</p>";
  index.Add(a);
  const std::span<const uint64_t> terms = index.key_terms(0);
  EXPECT_NE(std::find(terms.begin(), terms.end(), TermHash("lighthouse")), terms.end());
  EXPECT_TRUE(index.article(0).body_html.empty());
}

TEST(CandidateIndex, KeyTermsAndClustersFollowTheirStoryThroughCompaction) {
  // A word of each story's own: "wb", "wc", ... from its id.
  auto own_word = [](core::ArticleId id) {
    std::string word = "w";
    for (core::ArticleId n = id; n > 0; n /= 26) word += static_cast<char>('a' + n % 26);
    return word;
  };
  CandidateIndex index;
  for (int i = 1; i <= 100; ++i) {
    core::Article a = Story(i, "Harbour story " + own_word(i));
    a.cluster_id = i % 2 == 0 ? 7 : 0;
    index.Add(a);
  }
  // Removing most stories compacts the index: the survivors move to new slots.
  for (int i = 1; i <= 90; ++i) index.Remove(i);
  ASSERT_LT(index.slot_count(), 100u);
  for (core::ArticleId id : {91, 92}) {
    const CandidateIndex::Slot slot = *index.SlotOf(id);
    EXPECT_EQ(index.id(slot), id);
    const std::span<const uint64_t> terms = index.key_terms(slot);
    EXPECT_EQ(terms.size(), index.key_term_count(slot));
    EXPECT_NE(std::find(terms.begin(), terms.end(), TermHash(own_word(id))), terms.end());
    EXPECT_EQ(index.cluster_id(slot), id == 92 ? 7 : 0);
    EXPECT_EQ(index.cluster_key(slot), index.article(slot).ClusterKey());
  }
}

TEST(CandidateIndex, HeadlineKeysIgnoreCaseAndPunctuationButNotWordOrder) {
  CandidateIndex index;
  index.Add(Story(1, "Storm hits the coast"));
  EXPECT_EQ(index.headline_key(0), HeadlineKey(Story(2, "STORM hits the coast!")));
  EXPECT_NE(index.headline_key(0), HeadlineKey(Story(3, "The coast hits storm")));
  EXPECT_NE(index.headline_key(0), HeadlineKey(Story(4, "Storm hits the coast again")));
}

}  // namespace
}  // namespace wiredesk::recommend
