// Story clusters: the stories about one event, from several sources, grouped at ingest.
//
// Copies of one story are one article already (ingest/dedupe.h: the same text, or SimHashes
// within 3 bits, become aliases) and the write-thrus of a story are versions of its article;
// a cluster groups the *different* articles about the same event: a second agency's own
// report, a follow-up rewritten from the first take. Every member carries the id of the
// cluster's first article (core::Article::cluster_id).
//
// Clustering is incremental: when ingest creates a visible article, it is placed in the
// cluster of the most similar story published within kClusterWindow of it, or starts its own.
// Ingest does it with StoryClusterer (story_clusterer.h: key terms in memory). AssignCluster
// below is the full-text way, kept for the threshold study's comparison: one query of the
// article's key terms, the similarity being the candidate's BM25 for them divided by the
// article's own (clamped to 1), joined at kMinClusterSimilarity. It costs a ranked FTS5 query
// per story that grows with the archive (docs/recommendations.md has the figures).
//
// Lists never show two members of one cluster: KeepOnePerCluster keeps the first (best
// placed) and drops the later ones, which Full coverage (ClusterMembers) still reaches.
//
// Thread safety: stateless functions; as thread-safe as the store they use. Two articles
// clustered at the same moment may each start a cluster rather than join one another.
#pragma once

#include <chrono>
#include <optional>
#include <unordered_set>
#include <vector>

#include "core/article.h"
#include "core/result.h"
#include "store/store.h"

namespace wiredesk::recommend {

// Stories farther apart in publication time than this are never clustered together.
inline constexpr std::chrono::hours kClusterWindow{48};
// The least similarity (0..1, see the header) at which a story joins another's cluster.
inline constexpr double kMinClusterSimilarity = 0.7;

struct ClusterOptions {
  std::chrono::seconds window = kClusterWindow;   // See kClusterWindow.
  double min_similarity = kMinClusterSimilarity;  // See kMinClusterSimilarity.
  int max_terms = 12;                             // Key terms in the query.
  int candidates = 20;                            // Full-text hits compared, 1..100.
};

// A published story the article could join, with how similar it is.
struct ClusterCandidate {
  core::ArticleId article_id = 0;
  core::ArticleId cluster_key = 0;  // core::Article::ClusterKey() of the candidate.
  bool clustered = false;           // Whether the candidate has a cluster_id stored.
  core::TimePoint published;
  double similarity = 0;  // 0..1.
};

// The published stories within options.window of `article` that share key terms with it, most
// similar first (ties: the older first), the article itself left out. Empty when the article
// has no key terms or is not in the search index (not published). kInvalidArgument for
// options out of range.
core::Result<std::vector<ClusterCandidate>> ClusterCandidates(store::Store& store,
                                                              const core::Article& article,
                                                              const ClusterOptions& options = {});

// The candidate to join: the first of `candidates` (most similar first) whose similarity
// reaches `min_similarity` and that lies within `window` of `published`; nullopt for none.
std::optional<ClusterCandidate> ChooseCluster(const std::vector<ClusterCandidate>& candidates,
                                              core::TimePoint published,
                                              std::chrono::seconds window, double min_similarity);

// Clusters article `id` as the header describes and returns the cluster id it now has. An
// article already clustered keeps its cluster. A candidate that was never clustered (stored
// before clusters existed) starts the cluster both then share. An article not published
// (embargoed, withheld, killed) is left unclustered and 0 returned: it is not in the search
// index to be measured, and stands alone until then. kNotFound for an unknown id.
core::Result<core::ArticleId> AssignCluster(store::Store& store, core::ArticleId id,
                                            const ClusterOptions& options = {});

// Keeps the first item of each cluster in `items`, in order, and drops the others;
// `article_of(item)` gives the item's core::Article.
template <class T, class ArticleOf>
void KeepOnePerCluster(std::vector<T>& items, ArticleOf article_of) {
  std::unordered_set<core::ArticleId> seen;
  std::erase_if(items, [&](const T& item) {
    return !seen.insert(static_cast<const core::Article&>(article_of(item)).ClusterKey()).second;
  });
}

inline void KeepOnePerCluster(std::vector<core::Article>& articles) {
  KeepOnePerCluster(articles, [](const core::Article& a) -> const core::Article& { return a; });
}

}  // namespace wiredesk::recommend
