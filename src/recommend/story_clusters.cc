#include "recommend/story_clusters.h"

#include <algorithm>
#include <string>
#include <utility>

#include "core/key_terms.h"
#include "recommend/related.h"

namespace wiredesk::recommend {

core::Result<std::vector<ClusterCandidate>> ClusterCandidates(store::Store& store,
                                                              const core::Article& article,
                                                              const ClusterOptions& options) {
  if (options.candidates < 1 || options.candidates > 100 || options.max_terms < 1 ||
      options.window.count() < 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "cluster options out of range");
  }
  const std::vector<std::string> terms = core::KeyTerms(article, options.max_terms);
  if (terms.empty())
    return std::vector<ClusterCandidate>{};
  store::SearchQuery query;
  query.fts_match = AnyTermMatch(terms);
  query.published_from = article.published - options.window;
  query.published_before = article.published + options.window + std::chrono::seconds(1);
  query.narrow_to_span = true;  // The window is short, the archive long.
  query.with_snippets = false;
  // ranked_at is left at the epoch, before every story, so the recency factor is the same
  // (2) for all of them and cancels out of the ratio below: similarity is about the text only.
  // The article itself is one more hit.
  query.limit = options.candidates + 1;
  WD_ASSIGN_OR_RETURN(std::vector<store::SearchHit> hits, store.Search(query));

  // BM25 is relative to the query; the article's own score for its key terms is the most any
  // story of its length can score, so dividing by it gives an absolute scale.
  double own = 0;
  for (const store::SearchHit& hit : hits) {
    if (hit.article.id == article.id)
      own = hit.score;
  }
  std::vector<ClusterCandidate> candidates;
  if (own >= 0)
    return candidates;  // Not in the index (not published): nothing to measure against.
  for (const store::SearchHit& hit : hits) {
    if (hit.article.id == article.id)
      continue;
    candidates.push_back({.article_id = hit.article.id,
                          .cluster_key = hit.article.ClusterKey(),
                          .clustered = hit.article.cluster_id != 0,
                          .published = hit.article.published,
                          .similarity = std::clamp(hit.score / own, 0.0, 1.0)});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const ClusterCandidate& a, const ClusterCandidate& b) {
                     if (a.similarity != b.similarity)
                       return a.similarity > b.similarity;
                     return a.published < b.published;
                   });
  return candidates;
}

std::optional<ClusterCandidate> ChooseCluster(const std::vector<ClusterCandidate>& candidates,
                                              core::TimePoint published,
                                              std::chrono::seconds window, double min_similarity) {
  for (const ClusterCandidate& c : candidates) {
    if (c.similarity < min_similarity)
      break;  // Most similar first: the rest are less similar still.
    const auto apart = c.published > published ? c.published - published : published - c.published;
    if (apart <= window)
      return c;
  }
  return std::nullopt;
}

core::Result<core::ArticleId> AssignCluster(store::Store& store, core::ArticleId id,
                                            const ClusterOptions& options) {
  WD_ASSIGN_OR_RETURN(core::Article article, store.GetArticle(id));
  if (article.cluster_id != 0)
    return article.cluster_id;
  if (article.state != core::ArticleState::kPublished)
    return core::ArticleId{0};  // Not searchable yet; later stories may still join it.
  WD_ASSIGN_OR_RETURN(std::vector<ClusterCandidate> candidates,
                      ClusterCandidates(store, article, options));
  std::optional<ClusterCandidate> best =
      ChooseCluster(candidates, article.published, options.window, options.min_similarity);
  core::ArticleId cluster = best ? best->cluster_key : article.id;
  if (best && !best->clustered) {
    // A story stored before clusters existed: it becomes the first member of its own cluster,
    // so that it and the new one carry the same key.
    WD_RETURN_IF_ERROR(store.SetArticleCluster(best->article_id, cluster));
  }
  WD_RETURN_IF_ERROR(store.SetArticleCluster(article.id, cluster));
  return cluster;
}

}  // namespace wiredesk::recommend
