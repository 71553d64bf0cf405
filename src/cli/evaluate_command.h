// `wiredesk evaluate-recommendations`: the offline evaluation of Recommended For You
// (recommend/evaluation.h) on a MIND dataset, or on simulated readers of the Reuters-21578
// newswire, beside two baselines that know nothing of the reader (newest first, random).
#pragma once

#include <iosfwd>
#include <string>

#include "core/result.h"
#include "recommend/evaluation.h"

namespace wiredesk::cli {

// Sessions of simulated readers over every dated story of the reut2-*.sgm files in `dir`,
// labelled by their TOPICS. Stories appear as lists show them: headline, the first paragraph
// as the summary, no body.
core::Result<recommend::EvaluationSet> ReutersEvaluationSet(
    const std::string& dir, const recommend::SimulationOptions& options);

// The same sessions with the TOPICS subjects removed from every story, so the recommender is
// judged on the labels without being shown them.
recommend::EvaluationSet WithoutTopicSubjects(recommend::EvaluationSet set);

struct EvaluateFlags {
  std::string mind_news;       // --mind-news news.tsv
  std::string mind_behaviors;  // --mind-behaviors behaviors.tsv
  std::string reuters_dir;     // --reuters DIR
  int readers = 300;           // --readers N (simulated readers)
};

// Prints AUC, MRR, nDCG@5 and nDCG@10 for the recommender and the baselines. Exit 2 for bad
// flags, 1 when the data cannot be read.
int RunEvaluateRecommendations(const EvaluateFlags& flags, std::ostream& out, std::ostream& err);

}  // namespace wiredesk::cli
