// Related stories: for one article, other published stories about the same things.
//
// The article's key terms (the words it uses most, headline words counted three times, common
// English words aside) become one OR query on the store's full-text index, so BM25 weighs each
// term by how rare it is across the archive. Candidates are then re-ranked:
//
//   score = relevance + 0.3 × subject overlap
//
// where relevance is the candidate's BM25 divided by the best candidate's (1 for the best) and
// subject overlap the Jaccard index of the two articles' subject codes. Candidates with a
// relevance under 0.25, or matching only words found in more than half of the archive, are
// dropped: they share only some common word with the article. Among
// stories whose scores round to the same tenth, the fresher comes first, so a follow-up outranks an
// equally similar story from last year. Copies of the article itself (same headline, or same body
// text as received) and the other members of its story cluster are left out: they are the same
// story, not a related one (Full coverage lists the cluster); of any other cluster only the best
// placed member is kept.
//
// RelatedStories keeps each article's list for kRelatedReuse and shows it again, without a
// query, while it was made for the same version of the article. Like the page cache, it is
// emptied by the server whenever the outbox reports a change (Forget), so a kill leaves every
// kept list with the server's next outbox poll.
//
// Thread safety: the functions are stateless and as thread-safe as the store they read;
// RelatedStories may be used from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/article.h"
#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace wiredesk::recommend {

struct RelatedOptions {
  int limit = 5;        // Stories returned, 1..20.
  int candidates = 40;  // Full-text hits re-ranked, at least limit.
  int max_terms = 12;   // Key terms in the query.
};

// An FTS5 MATCH expression for stories holding any of `terms`, each quoted.
std::string AnyTermMatch(const std::vector<std::string>& terms);

// One candidate of the full-text query with its BM25 score (lower is better, as FTS5 gives it).
struct RelatedCandidate {
  core::Article article;
  double bm25 = 0;
};

// Re-ranks candidates for `article` as the header describes and keeps `limit` of them.
std::vector<core::Article> RankRelated(const core::Article& article,
                                       std::vector<RelatedCandidate> candidates, int limit);

// Related published stories for `article`, best first; empty when it has no key terms.
// kInvalidArgument for a limit outside 1..20.
core::Result<std::vector<core::Article>> RelatedArticles(store::Store& store,
                                                         const core::Article& article,
                                                         const RelatedOptions& options = {});

inline constexpr std::chrono::minutes kRelatedReuse{10};
inline constexpr size_t kMaxRelatedListsKept = 20'000;

class RelatedStories {
 public:
  // The references must outlive this object.
  RelatedStories(store::Store& store, const core::Clock& clock);

  // As RelatedArticles, from the kept list when it still holds.
  core::Result<std::vector<core::Article>> For(const core::Article& article,
                                               const RelatedOptions& options = {});

  // Drops every kept list: stories came, changed or went.
  void Forget();

 private:
  struct KeptList {
    core::TimePoint article_updated;  // The version of the article it was made for.
    RelatedOptions options;           // It was made with.
    core::TimePoint made_at;
    std::vector<core::Article> stories;
  };

  store::Store& store_;
  const core::Clock& clock_;
  std::mutex mutex_;
  std::unordered_map<core::ArticleId, KeptList> lists_;  // Guarded by mutex_.
  uint64_t generation_ = 0;                              // Moves on Forget; guarded by mutex_.
};

}  // namespace wiredesk::recommend
