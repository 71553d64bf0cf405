#include "recommend/related.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/key_terms.h"
#include "core/words.h"
#include "recommend/story_clusters.h"

namespace wiredesk::recommend {
namespace {

// Candidates less relevant than this fraction of the best share only a common word with the
// article: listing them would look random to a reader.
constexpr double kMinRelevance = 0.25;
// FTS5 gives a word in more than half of the archive a near-zero weight (its idf is clamped to
// 1e-6); a candidate scoring under this matched only such words, whatever the best scored.
constexpr double kMinBm25Magnitude = 0.01;

std::string Normalised(std::string_view headline) {
  std::string out;
  core::ForEachWord(headline, core::TextKind::kPlain,
                    [&out](std::string_view word) { out += word; });
  return out;
}

std::set<std::string> SubjectKeys(const core::Article& article) {
  std::set<std::string> keys;
  for (const core::Subject& subject : article.subjects) {
    keys.insert(subject.scheme + "\x1f" + (subject.code.empty() ? subject.name : subject.code));
  }
  return keys;
}

double Jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() || b.empty())
    return 0;
  size_t shared = 0;
  for (const std::string& key : a) shared += b.contains(key) ? 1 : 0;
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

}  // namespace

std::string AnyTermMatch(const std::vector<std::string>& terms) {
  std::string match;
  for (const std::string& term : terms) {
    if (!match.empty())
      match += " OR ";
    match += '"';
    for (char c : term) {
      if (c == '"')
        match += '"';  // FTS5 escapes a quote inside a string by doubling it.
      match += c;
    }
    match += '"';
  }
  return match;
}

std::vector<core::Article> RankRelated(const core::Article& article,
                                       std::vector<RelatedCandidate> candidates, int limit) {
  const std::string headline = Normalised(article.headline);
  const std::set<std::string> subjects = SubjectKeys(article);

  struct Scored {
    double score;
    core::Article article;
  };
  // The article itself and copies of it match best of all; they must not set the scale. The
  // other members of its story cluster are the same event, listed under Full coverage.
  std::erase_if(candidates, [&](const RelatedCandidate& c) {
    const core::Article& other = c.article;
    return other.id == article.id || other.ClusterKey() == article.ClusterKey() ||
           Normalised(other.headline) == headline ||
           (!article.body_text_sha256_received.empty() &&
            other.body_text_sha256_received == article.body_text_sha256_received);
  });
  double best = 0;
  for (const RelatedCandidate& c : candidates) best = std::min(best, c.bm25);
  std::vector<Scored> scored;
  for (RelatedCandidate& c : candidates) {
    double relevance = best < 0 ? c.bm25 / best : 0;
    if (relevance < kMinRelevance || -c.bm25 < kMinBm25Magnitude)
      continue;
    double score = relevance + 0.3 * Jaccard(subjects, SubjectKeys(c.article));
    scored.push_back({std::round(score * 10) / 10, std::move(c.article)});
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    if (a.score != b.score)
      return a.score > b.score;
    return a.article.published > b.article.published;
  });
  KeepOnePerCluster(scored, [](const Scored& s) -> const core::Article& { return s.article; });
  std::vector<core::Article> out;
  for (Scored& s : scored) {
    if (static_cast<int>(out.size()) >= limit)
      break;
    out.push_back(std::move(s.article));
  }
  return out;
}

core::Result<std::vector<core::Article>> RelatedArticles(store::Store& store,
                                                         const core::Article& article,
                                                         const RelatedOptions& options) {
  if (options.limit < 1 || options.limit > 20)
    return core::MakeError(core::ErrorCode::kInvalidArgument, "related limit must be 1..20");
  std::vector<std::string> terms = core::KeyTerms(article, options.max_terms);
  if (terms.empty())
    return std::vector<core::Article>{};
  store::SearchQuery query;
  query.fts_match = AnyTermMatch(terms);
  query.limit = std::clamp(std::max(options.candidates, options.limit + 1), 1, 100);
  WD_ASSIGN_OR_RETURN(std::vector<store::SearchHit> hits, store.Search(query));
  std::vector<RelatedCandidate> candidates;
  candidates.reserve(hits.size());
  for (store::SearchHit& hit : hits) candidates.push_back({std::move(hit.article), hit.score});
  return RankRelated(article, std::move(candidates), options.limit);
}

RelatedStories::RelatedStories(store::Store& store, const core::Clock& clock)
    : store_(store), clock_(clock) {}

core::Result<std::vector<core::Article>> RelatedStories::For(const core::Article& article,
                                                             const RelatedOptions& options) {
  const core::TimePoint now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    if (auto it = lists_.find(article.id); it != lists_.end() &&
                                           it->second.article_updated == article.updated &&
                                           it->second.options.limit == options.limit &&
                                           it->second.options.candidates == options.candidates &&
                                           it->second.options.max_terms == options.max_terms &&
                                           now - it->second.made_at < kRelatedReuse) {
      return it->second.stories;
    }
  }
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
  }
  WD_ASSIGN_OR_RETURN(std::vector<core::Article> made, RelatedArticles(store_, article, options));
  std::lock_guard lock(mutex_);
  if (generation != generation_)
    return made;  // Forgotten while it was made: it may hold a story killed since.
  if (lists_.size() >= kMaxRelatedListsKept) {
    std::erase_if(lists_, [&](const auto& e) { return now - e.second.made_at >= kRelatedReuse; });
    if (lists_.size() >= kMaxRelatedListsKept)
      lists_.clear();
  }
  lists_[article.id] = {
      .article_updated = article.updated, .options = options, .made_at = now, .stories = made};
  return made;
}

void RelatedStories::Forget() {
  std::lock_guard lock(mutex_);
  lists_.clear();
  ++generation_;
}

}  // namespace wiredesk::recommend
