// Story clustering at ingest speed: the stories of the last days held in memory with their key
// terms, so that placing a new story in its cluster (story_clusters.h) costs a few posting-list
// walks instead of a ranked full-text query.
//
// Why not the full-text index: ranking by BM25 scores every story in the window that shares
// any key term with the new one, and SQLite's FTS5 also counts each term's matches over the
// whole archive for every query. On generated news that made clustering 99 % of ingest's time
// (68 ms a story at 6,000 stories, growing with the archive); see docs/recommendations.md.
//
// Similarity, 0..1: the share of the new story's key-term weight that the candidate holds,
//   similarity(a, c) = sum of w(t) over key terms t of a that c also has / sum of w(t) over a's,
//   w(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))   (BM25's inverse document frequency),
// where key terms are core/key_terms.h's of headline, summary and body (twelve a story), N is
// the number of stories held and df(t) how many of them have t among their key terms. Like
// BM25, it weighs a term by its rarity: two earnings notices that share "shr", "cts" and "net"
// but not the company's name score low, two reports of one event share the rare names and
// numbers and score high. Templates defeat weights alone ("CITIBANK CUTS PRIME RATE", "CHASE
// CUTS PRIME RATE"), so a candidate must also hold the rarest key term of the new story's
// headline that any other story holds, or a second about as rare (KeyTermCandidates'
// headline anchor). The
// threshold (kMinKeyTermSimilarity) comes from bench/cluster_threshold_study.cc on
// Reuters-21578; docs/recommendations.md has the figures.
//
// What is held: the published stories from 2 × window before now onwards, read from the store
// on first use, and every story published since, whatever its date, from the outbox before
// each assignment (so stories another process ingests are seen too). A story dated long ago
// is compared with the stories of its days that arrived since the clusterer started (an
// archive loaded in order finds its neighbours) but not with older ones already stored: the
// full-text query of story_clusters.h would, at a cost per story that grows with the archive.
// Past 200,000 stories the older half by publication time is dropped.
//
// Thread safety: every member may be called from any thread; assignments run one at a time.
#pragma once

#include <chrono>
#include <mutex>
#include <span>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "recommend/candidate_index.h"
#include "recommend/story_clusters.h"
#include "store/store.h"

namespace wiredesk::recommend {

// The least key-term similarity (see the header) at which a story joins another's cluster.
inline constexpr double kMinKeyTermSimilarity = 0.6;

// The published stories of `index` within `window` of `article` that share key terms with it,
// most similar first (ties: the older first), the article itself left out, at most `limit`.
// Every story whose similarity reaches `at_least` is among them with its exact similarity;
// below that, stories sharing only common terms may be missing (they are not looked for: the
// postings of a common term are long). The stories compared are those holding the rarest terms
// first, 512 at most. With `headline_anchor`, a story is left out unless it holds the rarest key
// term of the article's headline that some other story holds, or a second headline term of at
// least 0.8 of its weight: templated reports of different companies, places or days
// ("CITIBANK CUTS PRIME RATE", "CHASE CUTS PRIME RATE") share most of their weight but not
// those. Exposed for the threshold study and tests.
std::vector<ClusterCandidate> KeyTermCandidates(const CandidateIndex& index,
                                                const core::Article& article,
                                                std::chrono::seconds window, size_t limit,
                                                double at_least = 0, bool headline_anchor = true);
// The same for the story the index holds in `slot`, from the key terms worked out when it was
// added: its text is not read again.
std::vector<ClusterCandidate> KeyTermCandidates(const CandidateIndex& index,
                                                CandidateIndex::Slot slot,
                                                std::chrono::seconds window, size_t limit,
                                                double at_least = 0, bool headline_anchor = true);

class StoryClusterer {
 public:
  // `store` and `clock` must outlive the clusterer. Stories farther apart than `window` are
  // never clustered together; `min_similarity` is the key-term similarity's threshold.
  StoryClusterer(store::Store& store, const core::Clock& clock,
                 std::chrono::seconds window = kClusterWindow,
                 double min_similarity = kMinKeyTermSimilarity);

  // Clusters article `id` and returns the cluster id it now has, with AssignCluster's contract
  // (story_clusters.h): an article already clustered keeps its cluster, one not published is
  // left alone (0), kNotFound for an unknown id.
  core::Result<core::ArticleId> Assign(core::ArticleId id);
  // Assign for each of `ids` in turn (a later one may join an earlier one's cluster, never the
  // reverse), with the clusters of all of them written in one store transaction: an ingest
  // batch's new stories cost one commit, and each is read once, when the clusterer follows the
  // outbox to it. One result per id, in order; when the store fails to write, every assigned id
  // has its error.
  std::vector<core::Result<core::ArticleId>> AssignAll(std::span<const core::ArticleId> ids);

 private:
  // Loads or follows the outbox.
  core::Status CatchUp();
  // Assign's decision for one story, with the store's writes appended to `writes` and the
  // held copies' clusters brought up to date. Stories in `not_reached` are not joined.
  core::Result<core::ArticleId> Decide(core::ArticleId id,
                                       const std::unordered_set<core::ArticleId>& not_reached,
                                       std::vector<store::ClusterAssignment>& writes);

  store::Store& store_;
  const core::Clock& clock_;
  const std::chrono::seconds window_;
  const double min_similarity_;
  std::mutex mutex_;  // Guards the members below.
  CandidateIndex index_;
  int64_t last_event_seq_ = -1;  // -1 until loaded.
};

}  // namespace wiredesk::recommend
