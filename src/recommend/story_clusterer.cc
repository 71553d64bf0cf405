#include "recommend/story_clusterer.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_set>
#include <utility>

#include <boost/unordered/unordered_flat_set.hpp>

#include "core/key_terms.h"

namespace wiredesk::recommend {
namespace {

constexpr size_t kKeyTermsPerStory = CandidateIndex::kKeyTerms;
constexpr int kEventBatch = 500;
constexpr size_t kMaxHeld = 200'000;  // A few KB each: bodies count towards key terms.
constexpr size_t kCandidates = 20;
// Stories compared per new story, at most: when even its rarer terms are held by thousands, as
// in text whose frequent words are not stop words, the cost stays bounded and the stories
// holding its rarest terms are the ones compared.
constexpr size_t kMaxCompared = 512;  // Only the first that passes matters; the rest for ties.
constexpr size_t kHeadlineAnchors = 2;
constexpr double kSecondAnchorShare = 0.8;  // Of the rarest anchor's weight.

std::chrono::seconds Apart(core::TimePoint a, core::TimePoint b) {
  return std::chrono::duration_cast<std::chrono::seconds>(a > b ? a - b : b - a);
}

}  // namespace

namespace {

// KeyTermCandidates of the story `article` (its id, date, headline and language are read)
// whose key terms' hashes are `key_terms`; `held` says whether the index holds it.
std::vector<ClusterCandidate> CandidatesByKeyTerms(const CandidateIndex& index,
                                                   const core::Article& article,
                                                   std::span<const uint64_t> key_terms, bool held,
                                                   std::chrono::seconds window, size_t limit,
                                                   double at_least, bool headline_anchor) {
  struct Term {
    uint64_t hash = 0;
    double weight = 0;
    bool held_by_others = false;  // Some other story holds it (as the postings say).
  };
  std::vector<Term> terms;
  for (const uint64_t hash : key_terms) {
    if (std::none_of(terms.begin(), terms.end(), [&](const Term& t) { return t.hash == hash; }))
      terms.push_back({.hash = hash, .weight = 0});
  }
  // The new story counts among the stories and the holders of its terms, held or not yet.
  // Holders are counted from the postings, which keep removed stories until the index
  // compacts: close enough for a weight.
  const double unheld = held ? 0 : 1;
  const double stories = static_cast<double>(index.size()) + unheld;
  double own = 0;
  for (Term& t : terms) {
    const double holders = static_cast<double>(index.SlotsWithKeyTerm(t.hash).size()) + unheld;
    t.held_by_others = holders > 1;
    t.weight = std::log1p(std::max(0.0, stories - holders + 0.5) / (holders + 0.5));
    own += t.weight;
  }
  std::vector<ClusterCandidate> candidates;
  if (own <= 0)
    return candidates;
  // Rarest first. A story holding none of the terms walked so far can share at most the weight
  // of those left; once that is below `at_least`, the common terms' long postings are not
  // walked for new candidates, only checked against the candidates found.
  std::sort(terms.begin(), terms.end(),
            [](const Term& a, const Term& b) { return a.weight > b.weight; });
  double left = own;
  boost::unordered_flat_set<CandidateIndex::Slot> found;
  for (const Term& t : terms) {
    if (left < at_least * own || found.size() >= kMaxCompared)
      break;
    left -= t.weight;
    for (CandidateIndex::Slot slot : index.SlotsWithKeyTerm(t.hash)) {
      if (index.live(slot) && index.id(slot) != article.id &&
          Apart(index.published(slot), article.published) <= window) {
        found.insert(slot);
        if (found.size() >= kMaxCompared)
          break;
      }
    }
  }
  // The headline's two rarest key terms: a story holding neither is about another company,
  // place or day, however much of the template it shares (see the header).
  std::vector<uint64_t> anchors;
  if (headline_anchor) {
    core::Article headline_only;
    headline_only.headline = article.headline;
    headline_only.language = article.language;
    const std::vector<std::string> headline_terms =
        core::KeyTerms(headline_only, kKeyTermsPerStory);
    double rarest = 0;
    for (const Term& t : terms) {  // Rarest first.
      if (anchors.size() == kHeadlineAnchors)
        break;
      // A word no other story uses ("... Tonga warns of tsunami") cannot tell them apart, and
      // a second anchor must be about as rare as the first: "CHASE CUTS PRIME RATE" has one
      // name, and "cuts" must not stand in for it.
      if (!t.held_by_others || (!anchors.empty() && t.weight < kSecondAnchorShare * rarest) ||
          std::none_of(headline_terms.begin(), headline_terms.end(),
                       [&](const std::string& h) { return TermHash(h) == t.hash; }))
        continue;
      if (anchors.empty())
        rarest = t.weight;
      anchors.push_back(t.hash);
    }
  }
  candidates.reserve(found.size());
  for (CandidateIndex::Slot slot : found) {
    const std::span<const uint64_t> theirs = index.key_terms(slot);
    if (!anchors.empty() && std::none_of(anchors.begin(), anchors.end(), [&](uint64_t a) {
          return std::find(theirs.begin(), theirs.end(), a) != theirs.end();
        }))
      continue;
    double shared = 0;
    for (const Term& t : terms) {
      if (std::find(theirs.begin(), theirs.end(), t.hash) != theirs.end())
        shared += t.weight;
    }
    // From the index's per-slot arrays: the story itself lies far from them in memory.
    candidates.push_back({.article_id = index.id(slot),
                          .cluster_key = index.cluster_key(slot),
                          .clustered = index.cluster_id(slot) != 0,
                          .published = index.published(slot),
                          .similarity = std::min(1.0, shared / own)});
  }
  auto better = [](const ClusterCandidate& a, const ClusterCandidate& b) {
    if (a.similarity != b.similarity)
      return a.similarity > b.similarity;
    if (a.published != b.published)
      return a.published < b.published;
    return a.article_id < b.article_id;
  };
  if (candidates.size() > limit) {
    std::nth_element(candidates.begin(), candidates.begin() + static_cast<long>(limit) - 1,
                     candidates.end(), better);
    candidates.resize(limit);
  }
  std::sort(candidates.begin(), candidates.end(), better);
  return candidates;
}

}  // namespace

std::vector<ClusterCandidate> KeyTermCandidates(const CandidateIndex& index,
                                                const core::Article& article,
                                                std::chrono::seconds window, size_t limit,
                                                double at_least, bool headline_anchor) {
  std::vector<uint64_t> key_terms;
  for (const std::string& term : core::KeyTerms(article, kKeyTermsPerStory))
    key_terms.push_back(TermHash(term));
  return CandidatesByKeyTerms(index, article, key_terms, index.SlotOf(article.id).has_value(),
                              window, limit, at_least, headline_anchor);
}

std::vector<ClusterCandidate> KeyTermCandidates(const CandidateIndex& index,
                                                CandidateIndex::Slot slot,
                                                std::chrono::seconds window, size_t limit,
                                                double at_least, bool headline_anchor) {
  return CandidatesByKeyTerms(index, index.article(slot), index.key_terms(slot), /*held=*/true,
                              window, limit, at_least, headline_anchor);
}

StoryClusterer::StoryClusterer(store::Store& store, const core::Clock& clock,
                               std::chrono::seconds window, double min_similarity)
    : store_(store), clock_(clock), window_(window), min_similarity_(min_similarity) {}

core::Status StoryClusterer::CatchUp() {
  const core::TimePoint since = clock_.Now() - 2 * window_;
  // Stories are read whole: their bodies count towards their key terms.
  auto add = [&](core::ArticleId id) -> core::Status {
    auto article = store_.GetArticle(id);
    if (!article) {
      if (article.error().code() == core::ErrorCode::kNotFound)
        return core::Ok();
      return tl::unexpected(std::move(article).error());
    }
    if (article->state == core::ArticleState::kPublished)
      index_.Add(std::move(*article));
    return core::Ok();
  };
  if (last_event_seq_ < 0) {
    // The outbox position first: an event written during the load is applied again, not missed.
    WD_ASSIGN_OR_RETURN(store::StoreStats stats, store_.Stats());
    store::ArticleQuery query;
    query.limit = 100;
    std::vector<core::ArticleId> ids;
    for (bool older = false; !older;) {
      WD_ASSIGN_OR_RETURN(store::ArticlePage page, store_.ListArticles(query));
      for (const core::Article& article : page.articles) {
        older = article.published < since;
        if (older)
          break;
        ids.push_back(article.id);
      }
      if (page.next_cursor.empty())
        break;
      query.cursor = std::move(page.next_cursor);
    }
    index_ = CandidateIndex();
    for (core::ArticleId id : ids) WD_RETURN_IF_ERROR(add(id));
    last_event_seq_ = stats.last_event_seq;
    return core::Ok();
  }
  while (true) {
    WD_ASSIGN_OR_RETURN(std::vector<store::OutboxEvent> events,
                        store_.EventsAfter(last_event_seq_, kEventBatch));
    std::unordered_set<core::ArticleId> seen;
    for (const store::OutboxEvent& event : events) {
      if (!seen.insert(event.article_id).second)
        continue;
      // Whatever happened, the story is read as it stands: withheld and killed ones leave.
      index_.Remove(event.article_id);
      WD_RETURN_IF_ERROR(add(event.article_id));
    }
    if (!events.empty())
      last_event_seq_ = events.back().seq;
    if (events.size() < static_cast<size_t>(kEventBatch))
      break;
  }
  if (index_.size() > kMaxHeld) {
    // The newest half by publication time stays.
    std::vector<core::TimePoint> published;
    for (CandidateIndex::Slot slot = 0; slot < index_.slot_count(); ++slot) {
      if (index_.live(slot))
        published.push_back(index_.published(slot));
    }
    const auto middle = published.begin() + static_cast<long>(published.size() / 2);
    std::nth_element(published.begin(), middle, published.end());
    index_.RemoveOlderThan(*middle);
  }
  return core::Ok();
}

core::Result<core::ArticleId> StoryClusterer::Assign(core::ArticleId id) {
  return std::move(AssignAll({&id, 1}).front());
}

std::vector<core::Result<core::ArticleId>> StoryClusterer::AssignAll(
    std::span<const core::ArticleId> ids) {
  std::vector<core::Result<core::ArticleId>> results;
  results.reserve(ids.size());
  std::lock_guard lock(mutex_);
  // Following the outbox reads the batch's new stories into the index; Decide takes them from
  // there.
  if (core::Status caught_up = CatchUp(); !caught_up) {
    for (size_t i = 0; i < ids.size(); ++i) results.emplace_back(tl::unexpect, caught_up.error());
    return results;
  }
  // The batch's stories are all held by now, but each is placed as if it came in its turn: one
  // not reached yet is no candidate, or the first story of an event would join the cluster of
  // a later one and the cluster would not be named after its first story.
  std::unordered_set<core::ArticleId> not_reached(ids.begin(), ids.end());
  std::vector<store::ClusterAssignment> writes;
  for (core::ArticleId id : ids) {
    not_reached.erase(id);
    results.push_back(Decide(id, not_reached, writes));
  }
  if (core::Status written = store_.SetArticleClusters(writes); !written) {
    // Nothing was written: neither the held copies nor the results may claim those clusters.
    for (const store::ClusterAssignment& write : writes) {
      if (std::optional<CandidateIndex::Slot> slot = index_.SlotOf(write.id))
        index_.SetCluster(*slot, 0);
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      if (std::any_of(writes.begin(), writes.end(),
                      [&](const store::ClusterAssignment& w) { return w.id == ids[i]; }))
        results[i] = tl::unexpected(written.error());
    }
  }
  return results;
}

core::Result<core::ArticleId> StoryClusterer::Decide(
    core::ArticleId id, const std::unordered_set<core::ArticleId>& not_reached,
    std::vector<store::ClusterAssignment>& writes) {
  std::optional<CandidateIndex::Slot> slot = index_.SlotOf(id);
  if (slot) {
    // Read when the outbox led to it; its cluster kept up to date since.
    if (index_.cluster_id(*slot) != 0)
      return index_.cluster_id(*slot);
  } else {
    // Not published (later stories may still join it once it is), or published before the
    // window and stored before the clusterer first loaded it.
    WD_ASSIGN_OR_RETURN(core::Article article, store_.GetArticle(id));
    if (article.cluster_id != 0)
      return article.cluster_id;
    if (article.state != core::ArticleState::kPublished)
      return core::ArticleId{0};
    index_.Add(std::move(article));
    slot = index_.SlotOf(id);
  }
  std::vector<ClusterCandidate> candidates =
      KeyTermCandidates(index_, *slot, window_, kCandidates, min_similarity_);
  std::erase_if(candidates,
                [&](const ClusterCandidate& c) { return not_reached.contains(c.article_id); });
  core::ArticleId cluster = id;
  if (std::optional<ClusterCandidate> best =
          ChooseCluster(candidates, index_.published(*slot), window_, min_similarity_)) {
    const CandidateIndex::Slot joined = *index_.SlotOf(best->article_id);
    cluster = index_.cluster_id(joined);
    if (cluster == 0) {
      // Held from before it had a cluster, or clustered by another process since: the store
      // says which it is now.
      WD_ASSIGN_OR_RETURN(core::Article stored, store_.GetArticle(best->article_id));
      cluster = stored.ClusterKey();
      // A story stored before clusters existed becomes the first member of its own cluster.
      if (stored.cluster_id == 0)
        writes.push_back({.id = stored.id, .cluster_id = cluster});
      index_.SetCluster(joined, cluster);
    }
  }
  writes.push_back({.id = id, .cluster_id = cluster});
  index_.SetCluster(*slot, cluster);
  return cluster;
}

}  // namespace wiredesk::recommend
