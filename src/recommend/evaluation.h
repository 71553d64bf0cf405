// Offline evaluation of Recommended For You: replay reading sessions, rank each session's
// candidate stories, and measure how high the ones the reader chose came.
//
// A session ("impression", as in Microsoft's MIND dataset) is a reader's history of stories
// read before a moment, and the stories offered at that moment, each marked clicked or not.
// Metrics, each averaged over the impressions that hold at least one clicked and one unclicked
// candidate, as MIND's evaluation computes them:
//   AUC      the chance that a clicked candidate is ranked above an unclicked one (ties half);
//   MRR      the mean over clicked candidates of 1 / their rank;
//   nDCG@k   discounted cumulative gain of the first k with gain 1 per click, over the ideal.
//
// Data: LoadMind reads MIND's news.tsv and behaviors.tsv (https://msnews.github.io: tab-separated;
// news "NewsID Category SubCategory Title Abstract URL TitleEntities AbstractEntities",
// behaviors "ImpressionID UserID Time History Impressions" with impressions "N123-1 N456-0").
// Real click logs are not bundled; SimulateReaders builds sessions from labelled stories instead
// (a reader with a few interests reads stories carrying them and clicks the offered ones that do).
//
// Thread safety: pure functions over values.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "core/time.h"

namespace wiredesk::recommend {

struct Impression {
  std::string reader;
  core::TimePoint time;
  std::vector<core::ArticleId> history;  // Oldest first.
  std::vector<core::ArticleId> candidates;
  std::vector<bool> clicked;  // One per candidate.
};

struct EvaluationSet {
  std::unordered_map<core::ArticleId, core::Article> stories;
  std::vector<Impression> impressions;
};

// Parses MIND's two files' contents. News ids "N123" become article ids 123; the category and
// subcategory the section; title and abstract the headline and summary; the Wikidata entities
// of title and abstract subjects (code = WikidataId, name = Label). Impressions that name a
// story news.tsv lacks drop that story; a line that does not parse is skipped and counted in
// `skipped_lines` when given. Story publication times are unknown in MIND: each story is dated
// to its first impression (as offered) or use (as read), so freshness is neutral.
EvaluationSet ParseMind(std::string_view news_tsv, std::string_view behaviors_tsv,
                        int* skipped_lines = nullptr);
// The same from files; kNotFound naming a file that cannot be read.
core::Result<EvaluationSet> LoadMind(const std::string& news_tsv_path,
                                     const std::string& behaviors_tsv_path);

struct SimulationOptions {
  int readers = 300;
  int interests_per_reader = 2;  // Labels a reader follows, drawn by how common they are.
  int history = 20;              // Stories read before the session.
  int clicked = 3;               // Interesting stories offered in the session.
  int candidates = 20;           // Offered in all: the rest are stories of other labels.
  int min_stories_per_label = 40;
  uint64_t seed = 20261201;
};

// Sessions for simulated readers over `stories` (each labelled by `labels`, e.g. its Reuters
// TOPICS). A reader picks interests among labels with at least min_stories_per_label stories
// (the common ones more often). A session looks at a span of time holding 4 × `clicked` of
// their stories: `clicked` of those, picked at random, are offered and clicked, beside
// `candidates` − `clicked` stories of other labels picked at random from the same span (so
// recency alone tells nothing); their history is the `history` stories of theirs just before
// the span. Deterministic for a seed.
EvaluationSet SimulateReaders(
    const std::vector<core::Article>& stories,
    const std::unordered_map<core::ArticleId, std::vector<std::string>>& labels,
    const SimulationOptions& options);

// Scores for an impression's candidates, one per candidate: higher ranks first.
using SessionScorer = std::function<std::vector<double>(
    const std::vector<const core::Article*>& history,
    const std::vector<const core::Article*>& candidates, core::TimePoint now)>;

// The recommender as deployed (ScoreCandidates with its diversity rules): candidates it returns
// in its order, then those its diversity rules held back, in score order.
SessionScorer ForYouScorer();

struct RankingMetrics {
  double auc = 0;
  double mrr = 0;
  double ndcg5 = 0;
  double ndcg10 = 0;
  int impressions = 0;  // Counted: with at least one clicked and one unclicked candidate.
};

RankingMetrics Evaluate(const EvaluationSet& set, const SessionScorer& scorer);

// The metrics of one ranking; `scores` and `clicked` are parallel. Exposed for tests.
double AucOf(const std::vector<double>& scores, const std::vector<bool>& clicked);
double MrrOf(const std::vector<double>& scores, const std::vector<bool>& clicked);
double NdcgOf(const std::vector<double>& scores, const std::vector<bool>& clicked, int k);

}  // namespace wiredesk::recommend
