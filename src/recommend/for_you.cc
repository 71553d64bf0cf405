#include "recommend/for_you.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <boost/unordered/unordered_flat_map.hpp>

#include "core/key_terms.h"
#include "core/words.h"
#include "recommend/candidate_index.h"

namespace wiredesk::recommend {

// What a profile takes from one story of a reader's history, hashed once and shared by every
// reader who read it.
struct StoryTerms {
  std::string section;
  std::vector<uint64_t> key_terms;  // TermHash of each.
  std::vector<uint64_t> subjects;   // TermHash of each SubjectKey.
};

namespace {

constexpr int kTermsPerStory = 12;
constexpr double kHoursPerDay = 24;
constexpr size_t kMaxReasonHeadline = 70;
constexpr double kMinSharedTermsForReason = 2;

double HoursBetween(core::TimePoint later, core::TimePoint earlier) {
  return std::max<double>(0,
                          std::chrono::duration<double, std::ratio<3600>>(later - earlier).count());
}

double HalfLife(double age_hours, double half_life_hours) {
  return std::exp2(-age_hours / half_life_hours);
}

template <typename Map>
void ScaleToOne(Map& weights) {
  double best = 0;
  for (const auto& [key, w] : weights) best = std::max(best, w);
  if (best > 0) {
    for (auto& [key, w] : weights) w /= best;
  }
}

// `text` cut to at most `max` bytes on a UTF-8 boundary, with an ellipsis when cut.
std::string Shorten(const std::string& text, size_t max) {
  if (text.size() <= max)
    return text;
  size_t end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\u2026";
}

std::shared_ptr<const StoryTerms> MakeStoryTerms(const core::SectionPath& section,
                                                 const std::vector<std::string>& key_terms,
                                                 const std::vector<core::Subject>& subjects) {
  auto terms = std::make_shared<StoryTerms>();
  terms->section = section.ToString();
  for (const std::string& term : key_terms) terms->key_terms.push_back(TermHash(term));
  for (const core::Subject& subject : subjects)
    terms->subjects.push_back(TermHash(SubjectKey(subject)));
  return terms;
}

// A history story as the profile uses it.
struct HistoryTerms {
  core::ArticleId id = 0;
  core::TimePoint at;
  bool saved = false;
  std::shared_ptr<const StoryTerms> terms;  // Never null.
};

struct Profile {
  // Thousands of additions per profile: an open-addressing map makes each one cheap.
  boost::unordered_flat_map<uint64_t, double> terms;     // By TermHash.
  boost::unordered_flat_map<uint64_t, double> subjects;  // By TermHash of SubjectKey.
  std::unordered_map<std::string, double> sections;
  std::vector<double> history_weights;  // Per history story.
};

// TermHash of each of the article's key terms.
std::vector<uint64_t> KeyTermHashes(const core::Article& article) {
  std::vector<uint64_t> hashes;
  for (const std::string& term : core::KeyTerms(article, kTermsPerStory))
    hashes.push_back(TermHash(term));
  return hashes;
}

Profile BuildProfile(const std::vector<HistoryTerms>& history, const ReaderInterests& interests,
                     core::TimePoint now) {
  Profile p;
  for (const HistoryTerms& h : history) {
    double age = HoursBetween(now, h.at);
    double w = h.saved ? 2 * HalfLife(age, 30 * kHoursPerDay) : HalfLife(age, 7 * kHoursPerDay);
    for (uint64_t t : h.terms->key_terms) p.terms[t] += w;
    for (uint64_t s : h.terms->subjects) p.subjects[s] += w;
    p.sections[h.terms->section] += w;
    p.history_weights.push_back(w);
  }
  // The strongest terms only: the long tail of a long history weighs little each, and every
  // term kept is a posting list walked per call.
  if (p.terms.size() > kProfileTerms) {
    std::vector<std::pair<uint64_t, double>> ranked(p.terms.begin(), p.terms.end());
    std::nth_element(ranked.begin(), ranked.begin() + kProfileTerms - 1, ranked.end(),
                     [](const auto& a, const auto& b) {
                       return a.second != b.second ? a.second > b.second : a.first < b.first;
                     });
    ranked.resize(kProfileTerms);
    p.terms = boost::unordered_flat_map<uint64_t, double>(ranked.begin(), ranked.end());
  }
  ScaleToOne(p.terms);
  ScaleToOne(p.subjects);
  ScaleToOne(p.sections);
  for (const core::SectionPath& s : interests.sections) p.sections[s.ToString()] = 1.0;
  return p;
}

// The section's affinity: its own, or its nearest ancestor's, scaled down a little per level.
double SectionAffinity(const Profile& p, const core::SectionPath& section) {
  double factor = 1;
  for (core::SectionPath s = section; !s.empty(); s = s.Parent(), factor *= 0.7) {
    auto it = p.sections.find(s.ToString());
    if (it != p.sections.end())
      return it->second * factor;
  }
  return 0;
}

// One story of the pool as scored; the parts are kept to explain it if it is shown.
struct Scored {
  core::ArticleId id = 0;
  core::TimePoint published;
  double score = 0;
  double term = 0;  // Term similarity scaled to the best story's, 0..1.
  double section_part = 0;
  double popularity = 0;  // 0..1.
  int follow = -1;        // Index of the first follow the story matches.
  uint32_t section = 0;   // The pool's section index (CandidateIndex::section_of).
};

// Best first; the fresher, then the newer id, among equal scores.
bool Better(const Scored& x, const Scored& y) {
  if (x.score != y.score)
    return x.score > y.score;
  if (x.published != y.published)
    return x.published > y.published;
  return x.id > y.id;
}

// What the scorer needs besides the pool, worked out once per call.
struct ScoringInput {
  const Profile& profile;
  std::vector<std::vector<uint64_t>> follow_phrases;  // Word hashes per follow.
  std::unordered_map<core::ArticleId, double> popular;
  double best_popular = 0;
  bool cold = false;
  core::TimePoint now;
  core::TimePoint since;
  const std::unordered_set<core::ArticleId>& excluded;
};

// Scores every live story of `index` published at or after input.since and not excluded, as
// for_you.h's header gives the formula.
std::vector<Scored> ScoreIndex(const CandidateIndex& index, const ScoringInput& input) {
  const Profile& profile = input.profile;
  const CandidateIndex::Slot slots = index.slot_count();
  std::vector<double> term_sum(slots, 0);
  for (const auto& [hash, weight] : profile.terms) {
    for (CandidateIndex::Slot slot : index.SlotsWithKeyTerm(hash)) term_sum[slot] += weight;
  }
  std::vector<double> subject_sum(slots, 0);
  for (const auto& [hash, weight] : profile.subjects) {
    for (CandidateIndex::Slot slot : index.SlotsWithSubject(hash)) subject_sum[slot] += weight;
  }
  std::vector<int> follow_of(slots, -1);
  for (size_t i = 0; i < input.follow_phrases.size(); ++i) {
    for (CandidateIndex::Slot slot : index.SlotsWithPhrase(input.follow_phrases[i])) {
      if (follow_of[slot] < 0)
        follow_of[slot] = static_cast<int>(i);
    }
  }
  std::vector<double> section_affinity;
  for (const core::SectionPath& section : index.sections())
    section_affinity.push_back(SectionAffinity(profile, section));

  // Slots not to score: dead, or excluded (a few hundred ids, so looked up here rather than
  // each slot's id in the set).
  std::vector<unsigned char> skip(slots);
  for (CandidateIndex::Slot slot = 0; slot < slots; ++slot) skip[slot] = !index.live(slot);
  for (core::ArticleId id : input.excluded) {
    if (auto slot = index.SlotOf(id))
      skip[*slot] = 1;
  }
  // Likewise the popular stories, a few hundred at most.
  std::vector<double> popularity(slots, 0);
  if (input.best_popular > 0) {
    const double scale = std::log1p(input.best_popular);
    for (const auto& [id, score] : input.popular) {
      if (auto slot = index.SlotOf(id))
        popularity[*slot] = std::log1p(score) / scale;
    }
  }

  std::vector<Scored> scored;
  scored.reserve(index.size());
  std::vector<double> subject_part;
  subject_part.reserve(index.size());
  double best_term = 0;
  double best_subject = 0;
  for (CandidateIndex::Slot slot = 0; slot < slots; ++slot) {
    if (skip[slot] || index.published(slot) < input.since)
      continue;
    Scored s;
    s.id = index.id(slot);
    s.published = index.published(slot);
    // Dividing by the root of the term count keeps long summaries from winning on length.
    if (term_sum[slot] > 0)
      s.term = term_sum[slot] / std::sqrt(static_cast<double>(index.key_term_count(slot)));
    double subject = 0;
    if (subject_sum[slot] > 0)
      subject = subject_sum[slot] / static_cast<double>(index.subject_count(slot));
    best_term = std::max(best_term, s.term);
    best_subject = std::max(best_subject, subject);
    s.section = index.section_of(slot);
    s.section_part = section_affinity[s.section];
    s.popularity = popularity[slot];
    s.follow = follow_of[slot];
    scored.push_back(s);
    subject_part.push_back(subject);
  }

  for (size_t i = 0; i < scored.size(); ++i) {
    Scored& s = scored[i];
    s.term = best_term > 0 ? s.term / best_term : 0;
    double subject = best_subject > 0 ? subject_part[i] / best_subject : 0;
    double freshness = HalfLife(HoursBetween(input.now, s.published), kHoursPerDay);
    if (input.cold) {
      s.score = 0.5 * s.section_part + 0.35 * s.popularity + 0.15 * freshness;
    } else {
      double relevance = std::min(
          1.0, 0.5 * s.term + 0.15 * subject + 0.15 * s.section_part + (s.follow >= 0 ? 0.3 : 0));
      s.score = 0.65 * relevance + 0.2 * freshness + 0.15 * s.popularity;
    }
  }
  return scored;
}

// Fetches the stories with these ids as they should be shown, by id; an id missing from the
// result is not shown.
using FetchShown = std::function<core::Result<std::unordered_map<core::ArticleId, core::Article>>(
    const std::vector<core::ArticleId>&)>;
// The headlines of the history stories with these ids that may still be named in a reason.
using FetchHeadlines = std::function<core::Result<std::unordered_map<core::ArticleId, std::string>>(
    const std::vector<core::ArticleId>&)>;
// Calls its argument with the candidate index, held still for the call.
using WithIndex = std::function<void(const std::function<void(const CandidateIndex&)>&)>;

// The history story sharing most weighed key terms with a story of these `terms`, if one shares
// at least kMinSharedTermsForReason.
std::optional<size_t> StoryBehind(const std::vector<uint64_t>& terms,
                                  const std::vector<HistoryTerms>& history,
                                  const Profile& profile) {
  std::optional<size_t> best;
  double best_overlap = 0;
  for (size_t h = 0; h < history.size(); ++h) {
    double overlap = 0;
    // A dozen terms against a dozen: comparing them all beats hashing them.
    for (uint64_t t : history[h].terms->key_terms)
      overlap += static_cast<double>(std::count(terms.begin(), terms.end(), t));
    // One shared word is a coincidence more often than a reason worth naming.
    if (overlap < kMinSharedTermsForReason)
      continue;
    overlap *= profile.history_weights[h];
    if (overlap > best_overlap) {
      best_overlap = overlap;
      best = h;
    }
  }
  return best;
}

std::vector<std::string> SectionNames(const CandidateIndex& index) {
  std::vector<std::string> names;
  for (const core::SectionPath& section : index.sections()) names.push_back(section.ToString());
  return names;
}

// One section's scored stories best first, put in order a chunk at a time as the walk reaches
// them: a list takes a few stories per section, and ordering them all would cost more than
// scoring them.
class SectionQueue {
 public:
  void push(const Scored& s) { stories_.push_back(s); }
  bool empty() const { return next_ == stories_.size(); }
  // Stays where it is once reached, for as long as the queue lives.
  const Scored& front() {
    if (next_ == sorted_)
      SortMore();
    return stories_[next_];
  }
  void pop() { ++next_; }
  // Back to the best story; what is in order stays in order.
  void Rewind() { next_ = 0; }

 private:
  static constexpr size_t kFirstChunk = 16;

  void SortMore() {
    const size_t end = std::min(stories_.size(), std::max(2 * sorted_, kFirstChunk));
    const auto first = stories_.begin() + static_cast<long>(sorted_);
    const auto last = stories_.begin() + static_cast<long>(end);
    std::nth_element(first, last - 1, stories_.end(), Better);
    std::sort(first, last, Better);
    sorted_ = end;
  }

  std::vector<Scored> stories_;
  size_t next_ = 0;
  size_t sorted_ = 0;
};

// Stories the store was asked about: their current copy, or nothing if not to be shown.
using Fetched = std::unordered_map<core::ArticleId, std::optional<core::Article>>;

struct Pick {
  const Scored* scored = nullptr;
  std::vector<uint64_t> key_terms;  // The pool's; empty if the pool no longer has the story.
  bool fetched = false;             // Judged by the store's copy.
};

// What the diversity rules compare of one story.
struct Traits {
  std::string section;
  uint64_t headline = 0;
  core::ArticleId cluster = 0;
  bool from_store = false;                   // Else from the pool's copy.
  std::optional<CandidateIndex::Slot> slot;  // In the pool, if there.
};

// The story as the walk knows it: the store's copy once read, else the pool's (unless
// `fetched_only`); nothing when it is not to be shown.
std::optional<Traits> TraitsOf(const Scored& s, const Fetched& fetched, bool fetched_only,
                               const CandidateIndex& index,
                               const std::vector<std::string>& section_names) {
  if (auto known = fetched.find(s.id); known != fetched.end()) {
    if (!known->second)
      return std::nullopt;
    return Traits{.section = known->second->section.ToString(),
                  .headline = HeadlineKey(*known->second),
                  .cluster = known->second->ClusterKey(),
                  .from_store = true,
                  .slot = index.SlotOf(s.id)};
  }
  if (fetched_only)
    return std::nullopt;
  // A story gone from the pool since it was scored was withheld or killed.
  std::optional<CandidateIndex::Slot> slot = index.SlotOf(s.id);
  if (!slot)
    return std::nullopt;
  return Traits{.section = section_names[s.section],
                .headline = index.headline_key(*slot),
                .cluster = index.article(*slot).ClusterKey(),
                .from_store = false,
                .slot = slot};
}

// One walk over the queues, best story first, under the diversity rules of for_you.h's header:
// up to `want` picks. A section that has had its share is parked until the next ten open, so
// the walk never wades through its lower stories one by one (a reader of two sections would
// otherwise pass thousands of them per list).
std::vector<Pick> Walk(std::vector<SectionQueue>& queues,
                       const std::vector<std::string>& section_names, const Fetched& fetched,
                       bool fetched_only, const CandidateIndex& index, int cap, size_t want) {
  std::vector<Pick> picks;
  for (SectionQueue& queue : queues) queue.Rewind();
  // A heap of the queues with stories left, the one with the best story on top.
  auto worse = [&](size_t a, size_t b) { return Better(queues[b].front(), queues[a].front()); };
  std::vector<size_t> heap;
  for (size_t q = 0; q < queues.size(); ++q) {
    if (!queues[q].empty())
      heap.push_back(q);
  }
  std::make_heap(heap.begin(), heap.end(), worse);
  std::vector<size_t> parked;
  std::map<std::string, int, std::less<>> per_section;
  std::unordered_set<uint64_t> headlines;
  std::unordered_set<core::ArticleId> clusters;
  while (!heap.empty() && picks.size() < want) {
    std::pop_heap(heap.begin(), heap.end(), worse);
    const size_t q = heap.back();
    heap.pop_back();
    const Scored& s = queues[q].front();
    auto next_in_queue = [&] {
      queues[q].pop();
      if (!queues[q].empty()) {
        heap.push_back(q);
        std::push_heap(heap.begin(), heap.end(), worse);
      }
    };
    std::optional<Traits> traits = TraitsOf(s, fetched, fetched_only, index, section_names);
    if (!traits) {
      next_in_queue();
      continue;
    }
    const int allowed = cap * (static_cast<int>(picks.size()) / 10 + 1);
    auto in_section = per_section.find(traits->section);
    if (in_section != per_section.end() && in_section->second >= allowed) {
      if (traits->section == section_names[s.section]) {
        parked.push_back(q);  // The whole section waits for the next ten.
      } else {
        next_in_queue();  // Moved to another section since the pool read it.
      }
      continue;
    }
    // The same story from another wire, or another report of the same event
    // (story_clusters.h): one is enough.
    if (headlines.contains(traits->headline) || clusters.contains(traits->cluster)) {
      next_in_queue();
      continue;
    }
    headlines.insert(traits->headline);
    clusters.insert(traits->cluster);
    ++per_section[traits->section];
    std::vector<uint64_t> key_terms;
    if (traits->slot) {
      const std::span<const uint64_t> held = index.key_terms(*traits->slot);
      key_terms.assign(held.begin(), held.end());
    }
    picks.push_back(
        {.scored = &s, .key_terms = std::move(key_terms), .fetched = traits->from_store});
    next_in_queue();
    if (picks.size() % 10 == 0) {
      // A new ten: every section may have its share again.
      for (size_t p : parked) heap.push_back(p);
      std::make_heap(heap.begin(), heap.end(), worse);
      parked.clear();
    }
  }
  return picks;
}

// Takes stories best first under the diversity rules of for_you.h's header, and explains each
// one taken. The rules are first applied to the candidate pool's copies; the stories taken
// (and a few spare ones after them) are then read from the store, and the walk is made again
// with what the store said, until every story taken has been read and passed. Most lists need
// one read of limit + spare stories; a reader who has read many of the best needs a few more.
// `section_names` are the pool's, by Scored::section.
core::Result<std::vector<Recommendation>> Choose(
    const std::vector<Scored>& scored, const std::vector<std::string>& section_names,
    const std::vector<HistoryTerms>& history, const ReaderInterests& interests,
    const ScoringInput& input, const ForYouOptions& options, const WithIndex& with_index,
    const FetchShown& fetch, const FetchHeadlines& headlines_of) {
  std::vector<SectionQueue> queues(section_names.size());
  for (const Scored& s : scored) queues[s.section].push(s);
  const size_t limit = static_cast<size_t>(options.limit);
  const size_t spare = limit / 2 + 2;
  constexpr int kMaxReads = 8;
  Fetched fetched;
  std::vector<Pick> picks;
  for (int reads = 0;; ++reads) {
    // After kMaxReads, only stories already read from the store are taken.
    with_index([&](const CandidateIndex& index) {
      picks = Walk(queues, section_names, fetched, reads == kMaxReads, index,
                   std::max(1, options.max_per_section), limit + spare);
    });
    std::vector<core::ArticleId> unread;
    for (const Pick& p : picks) {
      if (!p.fetched)
        unread.push_back(p.scored->id);
    }
    const size_t shown = std::min(limit, picks.size());
    const bool settled = std::all_of(picks.begin(), picks.begin() + static_cast<long>(shown),
                                     [](const Pick& p) { return p.fetched; });
    if (settled || unread.empty())
      break;
    WD_ASSIGN_OR_RETURN(auto current, fetch(unread));
    for (core::ArticleId id : unread) {
      auto found = current.find(id);
      if (found == current.end()) {
        fetched[id] = std::nullopt;
      } else {
        fetched[id] = std::move(found->second);
      }
    }
  }
  if (picks.size() > limit)
    picks.resize(limit);

  struct Chosen {
    Recommendation rec;
    const Scored* scored = nullptr;
    std::optional<size_t> behind;  // The history story a "because you read" would name.
  };
  std::vector<Chosen> chosen;
  std::vector<core::ArticleId> named;
  for (Pick& pick : picks) {
    const Scored& s = *pick.scored;
    Chosen c{.rec = {}, .scored = &s, .behind = std::nullopt};
    c.rec.article = std::move(*fetched.at(s.id));
    c.rec.score = s.score;
    // Naming the history story behind a recommendation compares it with every story read:
    // done for the stories shown only.
    if (s.follow < 0 && s.term > 0.2) {
      if (pick.key_terms.empty())
        pick.key_terms = KeyTermHashes(c.rec.article);
      c.behind = StoryBehind(pick.key_terms, history, input.profile);
      if (c.behind)
        named.push_back(history[*c.behind].id);
    }
    chosen.push_back(std::move(c));
  }

  WD_ASSIGN_OR_RETURN(auto named_headlines, headlines_of(named));
  auto title = [&](const core::SectionPath& s) {
    return options.section_title ? options.section_title(s) : s.ToString();
  };
  std::vector<Recommendation> out;
  for (Chosen& c : chosen) {
    // The reason: the strongest signal that explains the story.
    Recommendation& rec = c.rec;
    const Scored& s = *c.scored;
    if (s.follow >= 0) {
      rec.reason_kind = ReasonKind::kFollow;
      rec.reason = "Because you follow " + interests.follows[static_cast<size_t>(s.follow)].value;
    } else if (c.behind) {
      const HistoryTerms& h = history[*c.behind];
      if (auto headline = named_headlines.find(h.id); headline != named_headlines.end()) {
        rec.reason_kind = h.saved ? ReasonKind::kSaved : ReasonKind::kRead;
        rec.reason = std::string(h.saved ? "Because you saved" : "Because you read") + " \u201c" +
                     Shorten(headline->second, kMaxReasonHeadline) + "\u201d";
      }
    }
    if (rec.reason.empty()) {
      if (s.section_part > 0 && !input.cold) {
        rec.reason_kind = ReasonKind::kSection;
        rec.reason = "More from " + title(rec.article.section);
      } else if (s.popularity > 0) {
        rec.reason_kind = ReasonKind::kPopular;
        rec.reason = "Popular in " + title(rec.article.section);
      } else {
        rec.reason_kind = ReasonKind::kNew;
        rec.reason = "New in " + title(rec.article.section);
      }
    }
    out.push_back(std::move(rec));
  }
  return out;
}

ScoringInput MakeInput(const Profile& profile, const ReaderInterests& interests,
                       const std::vector<HistoryTerms>& history,
                       const std::vector<std::pair<core::ArticleId, double>>& popularity,
                       core::TimePoint now, core::TimePoint since,
                       const std::unordered_set<core::ArticleId>& excluded) {
  ScoringInput input{.profile = profile,
                     .follow_phrases = {},
                     .popular = {},
                     .best_popular = 0,
                     .cold = history.empty() && interests.follows.empty(),
                     .now = now,
                     .since = since,
                     .excluded = excluded};
  for (const Follow& f : interests.follows) {
    std::vector<uint64_t> phrase;
    core::ForEachWord(f.value, core::TextKind::kPlain,
                      [&](std::string_view word) { phrase.push_back(TermHash(word)); });
    input.follow_phrases.push_back(std::move(phrase));
  }
  for (const auto& [id, score] : popularity) {
    input.popular[id] = std::max(input.popular[id], score);
    input.best_popular = std::max(input.best_popular, score);
  }
  return input;
}

}  // namespace

std::vector<Recommendation> ScoreCandidates(
    const std::vector<HistoryEntry>& history, const ReaderInterests& interests,
    std::vector<core::Article> candidates,
    const std::vector<std::pair<core::ArticleId, double>>& popularity, core::TimePoint now,
    const ForYouOptions& options) {
  CandidateIndex index;
  std::unordered_map<core::ArticleId, core::Article> by_id;
  for (core::Article& a : candidates) {
    index.Add(a);
    by_id.emplace(a.id, std::move(a));
  }
  std::vector<HistoryTerms> terms;
  std::unordered_map<core::ArticleId, std::string> history_headlines;
  for (const HistoryEntry& h : history) {
    terms.push_back(
        {.id = h.article.id,
         .at = h.at,
         .saved = h.saved,
         .terms = MakeStoryTerms(h.article.section, core::KeyTerms(h.article, kTermsPerStory),
                                 h.article.subjects)});
    history_headlines.emplace(h.article.id, h.article.headline);
  }
  const Profile profile = BuildProfile(terms, interests, now);
  const std::unordered_set<core::ArticleId> excluded;
  const ScoringInput input =
      MakeInput(profile, interests, terms, popularity, now, core::TimePoint::min(), excluded);
  const std::vector<Scored> scored = ScoreIndex(index, input);
  auto chosen = Choose(
      scored, SectionNames(index), terms, interests, input, options,
      [&](const std::function<void(const CandidateIndex&)>& read) { read(index); },
      [&](const std::vector<core::ArticleId>& ids) {
        std::unordered_map<core::ArticleId, core::Article> shown;
        for (core::ArticleId id : ids) shown.emplace(id, by_id.at(id));
        return core::Result<decltype(shown)>(std::move(shown));
      },
      [&](const std::vector<core::ArticleId>&) {
        return core::Result<decltype(history_headlines)>(history_headlines);
      });
  return chosen ? std::move(*chosen) : std::vector<Recommendation>{};
}

Recommender::Recommender(store::Store& store, store::AccountStore& accounts,
                         store::ReadingStore& reading, Trending& trending, const core::Clock& clock)
    : accounts_(accounts),
      reading_(reading),
      trending_(trending),
      clock_(clock),
      candidates_(store, reading, clock) {}

namespace {

// What a list depends on besides the reader: a list made for other options is never reused.
uint64_t ListKey(const ForYouOptions& options) {
  return std::hash<std::string>{}(std::to_string(options.limit) + '\x1f' +
                                  std::to_string(options.candidate_window.count()) + '\x1f' +
                                  std::to_string(options.max_per_section));
}

// The list as shown: without the story on screen, at most options.limit.
std::vector<Recommendation> Shown(std::vector<Recommendation> recs, const ForYouOptions& options) {
  if (options.exclude) {
    std::erase_if(recs, [&](const Recommendation& r) { return r.article.id == *options.exclude; });
  }
  if (recs.size() > static_cast<size_t>(options.limit))
    recs.resize(static_cast<size_t>(options.limit));
  return recs;
}

}  // namespace

// The pool's stories read in trending's window, best first as Trending ranks them, counted at
// most once per trending refresh off the request path.
struct Recommender::Popularity {
  struct Story {
    core::ArticleId id = 0;
    double score = 0;
    core::TimePoint published;
    uint32_t section = 0;  // Into sections.
  };
  core::TimePoint counted;
  std::vector<core::SectionPath> sections;
  std::vector<Story> ranked;
};

core::Status Recommender::CountPopularity() {
  const core::TimePoint now = clock_.Now();
  WD_ASSIGN_OR_RETURN(auto scores, trending_.Scores());
  auto popularity = std::make_shared<Popularity>();
  popularity->counted = now;
  candidates_.WithIndex([&](const CandidateIndex& index) {
    popularity->sections = index.sections();
    for (const auto& [id, score] : scores) {
      // Only candidates are ever scored; a story outside the pool is not one.
      if (auto slot = index.SlotOf(id); slot && score > 0) {
        popularity->ranked.push_back({.id = id,
                                      .score = score,
                                      .published = index.published(*slot),
                                      .section = index.section_of(*slot)});
      }
    }
  });
  std::sort(popularity->ranked.begin(), popularity->ranked.end(),
            [](const Popularity::Story& a, const Popularity::Story& b) {
              if (a.score != b.score)
                return a.score > b.score;
              if (a.published != b.published)
                return a.published > b.published;
              return a.id > b.id;
            });
  std::lock_guard lock(popularity_mutex_);
  popularity_ = std::move(popularity);
  return core::Ok();
}

core::Status Recommender::RefreshCandidates() {
  WD_RETURN_IF_ERROR(RefreshPool());
  bool stale = false;
  {
    std::lock_guard lock(popularity_mutex_);
    stale = popularity_ == nullptr ||
            clock_.Now() - popularity_->counted >= trending_.options().refresh;
  }
  return stale ? CountPopularity() : core::Ok();
}

core::Status Recommender::RefreshPool() {
  WD_ASSIGN_OR_RETURN(PoolChanges pool_changes, candidates_.Refresh());
  const bool stories_changed = pool_changes.any();
  if (stories_changed) {
    std::lock_guard lock(history_terms_mutex_);
    if (pool_changes.loaded) {
      history_terms_.clear();
    } else {
      for (core::ArticleId id : pool_changes.changed) history_terms_.erase(id);
    }
    ++history_terms_generation_;
  }
  // The change log is read without lists_mutex_, so readers' lookups of kept lists never wait
  // on a query.
  std::lock_guard reading_log(follows_mutex_);
  bool drop_all = stories_changed;
  std::vector<store::UserId> changed_readers;
  if (follows_position_ < 0) {
    // Lists made before the first position was known may predate changes it will not show.
    WD_ASSIGN_OR_RETURN(follows_position_, accounts_.FollowsGeneration());
    drop_all = true;
  } else {
    WD_ASSIGN_OR_RETURN(store::AccountStore::FollowChanges changes,
                        accounts_.FollowChangesAfter(follows_position_));
    drop_all = drop_all || !changes.complete;
    changed_readers = std::move(changes.users);
    follows_position_ = changes.through;
  }
  std::lock_guard lock(lists_mutex_);
  if (drop_all) {
    lists_.clear();
    ++lists_generation_;
  } else if (!changed_readers.empty()) {
    for (store::UserId user : changed_readers) lists_.erase(user);
    ++lists_generation_;
  }
  return core::Ok();
}

core::Result<std::vector<Recommendation>> Recommender::ForReader(
    store::UserId user, const std::function<ReaderInterests()>& interests,
    const ForYouOptions& options) {
  if (options.limit < 1 || options.limit > kMaxRecommendations) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "limit must be an integer from 1 to " + std::to_string(kMaxRecommendations));
  }
  const uint64_t key = ListKey(options);
  const core::TimePoint now = clock_.Now();
  std::optional<std::vector<Recommendation>> kept;
  {
    std::lock_guard lock(lists_mutex_);
    if (auto it = lists_.find(user);
        it != lists_.end() && it->second.key == key && now - it->second.made_at < kListReuse) {
      kept = it->second.recommendations;
    }
  }
  if (kept) {
    std::vector<core::ArticleId> ids;
    for (const Recommendation& r : *kept) ids.push_back(r.article.id);
    WD_ASSIGN_OR_RETURN(std::vector<core::ArticleId> read, reading_.ReadAmong(user, ids));
    // The story on screen is left out of what is shown anyway, read or not.
    if (std::all_of(read.begin(), read.end(),
                    [&](core::ArticleId id) { return id == options.exclude; }))
      return Shown(std::move(*kept), options);
  }
  // Made without the story on screen in mind and one longer, so the list serves every page
  // the reader opens next, whichever story is on it.
  WD_RETURN_IF_ERROR(RefreshPool());
  bool counted = false;
  {
    std::lock_guard lock(popularity_mutex_);
    counted = popularity_ != nullptr;
  }
  if (!counted)
    WD_RETURN_IF_ERROR(CountPopularity());
  uint64_t generation = 0;
  {
    std::lock_guard lock(lists_mutex_);
    generation = lists_generation_;
  }
  ForYouOptions wider = options;
  wider.limit = options.limit + 1;
  wider.exclude = std::nullopt;
  ReaderInterests reader = interests();
  reader.user = user;
  WD_ASSIGN_OR_RETURN(std::vector<Recommendation> made, Make(reader, wider));
  {
    std::lock_guard lock(lists_mutex_);
    if (lists_.size() >= kMaxListsKept) {
      std::erase_if(lists_,
                    [&](const auto& entry) { return now - entry.second.made_at >= kListReuse; });
      if (lists_.size() >= kMaxListsKept)
        lists_.clear();
    }
    // Another refresh since ours may have dropped lists like this one: then it is not kept.
    if (generation == lists_generation_)
      lists_[user] = {.key = key, .made_at = now, .recommendations = made};
  }
  return Shown(std::move(made), options);
}

core::Result<std::vector<Recommendation>> Recommender::Make(const ReaderInterests& interests,
                                                            const ForYouOptions& options) {
  const core::TimePoint now = clock_.Now();
  const core::TimePoint since = now - std::min(options.candidate_window, candidates_.window());

  WD_ASSIGN_OR_RETURN(std::vector<store::HistoryRow> rows,
                      reading_.HistoryRows(interests.user, kProfileReads, kProfileSaved));
  std::vector<core::ArticleId> row_ids;
  for (const store::HistoryRow& row : rows) row_ids.push_back(row.article_id);
  WD_ASSIGN_OR_RETURN(auto terms_by_id, HistoryTermsOf(row_ids));
  std::vector<HistoryTerms> history;
  std::unordered_set<core::ArticleId> excluded(row_ids.begin(), row_ids.end());
  if (options.exclude)
    excluded.insert(*options.exclude);
  // A reader who read more candidates than the profile holds: the older of them are left out
  // here too, or the walk would meet them one store read at a time and give up (Choose) with
  // a short list, the case of a reader who reads the list each time it changes.
  const auto profile_reads = std::count_if(rows.begin(), rows.end(),
                                           [](const store::HistoryRow& row) { return !row.saved; });
  if (profile_reads == kProfileReads && rows[kProfileReads - 1].at >= since) {
    WD_ASSIGN_OR_RETURN(std::vector<core::ArticleId> window_reads,
                        reading_.ReadSince(interests.user, since, kMaxWindowReads));
    excluded.insert(window_reads.begin(), window_reads.end());
  }
  for (const store::HistoryRow& row : rows) {
    // A story no longer published has no terms: it no longer shapes the profile.
    if (auto terms = terms_by_id.find(row.article_id); terms != terms_by_id.end())
      history.push_back(
          {.id = row.article_id, .at = row.at, .saved = row.saved, .terms = terms->second});
  }

  // Popular stories, overall and in the preferred sections, as Trending would list them.
  std::shared_ptr<const Popularity> counted;
  {
    std::lock_guard lock(popularity_mutex_);
    counted = popularity_;
  }
  std::vector<std::pair<core::ArticleId, double>> popularity;
  if (counted) {
    const std::vector<Popularity::Story>& ranked = counted->ranked;
    for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(kMaxTrendingLimit); ++i)
      popularity.emplace_back(ranked[i].id, ranked[i].score);
    for (size_t i = 0; i < interests.sections.size() && i < 3; ++i) {
      std::vector<bool> within;
      for (const core::SectionPath& section : counted->sections)
        within.push_back(section.IsWithin(interests.sections[i]));
      size_t taken = 0;
      for (auto it = ranked.begin(); it != ranked.end() && taken < 20; ++it) {
        if (within[it->section]) {
          popularity.emplace_back(it->id, it->score);
          ++taken;
        }
      }
    }
  }

  const Profile profile = BuildProfile(history, interests, now);
  const ScoringInput input =
      MakeInput(profile, interests, history, popularity, now, since, excluded);
  auto [scored, section_names] = candidates_.WithIndex([&](const CandidateIndex& index) {
    return std::make_pair(ScoreIndex(index, input), SectionNames(index));
  });
  // The pool may trail the store: what is shown is read again, and reads beyond the profile's
  // newest kProfileReads are found here.
  return Choose(
      scored, section_names, history, interests, input, options,
      [&](const std::function<void(const CandidateIndex&)>& read) {
        candidates_.WithIndex([&](const CandidateIndex& index) { read(index); });
      },
      [&](const std::vector<core::ArticleId>& ids)
          -> core::Result<std::unordered_map<core::ArticleId, core::Article>> {
        WD_ASSIGN_OR_RETURN(std::vector<core::Article> current, reading_.PublishedAmong(ids));
        WD_ASSIGN_OR_RETURN(std::vector<core::ArticleId> read,
                            reading_.ReadAmong(interests.user, ids));
        const std::unordered_set<core::ArticleId> read_set(read.begin(), read.end());
        std::unordered_map<core::ArticleId, core::Article> shown;
        for (core::Article& a : current) {
          if (!read_set.contains(a.id) && a.published >= since)
            shown.emplace(a.id, std::move(a));
        }
        return shown;
      },
      [&](const std::vector<core::ArticleId>& ids)
          -> core::Result<std::unordered_map<core::ArticleId, std::string>> {
        WD_ASSIGN_OR_RETURN(std::vector<core::Article> named, reading_.PublishedAmong(ids));
        std::unordered_map<core::ArticleId, std::string> headlines;
        for (core::Article& a : named) headlines.emplace(a.id, std::move(a.headline));
        return headlines;
      });
}

core::Result<std::unordered_map<core::ArticleId, std::shared_ptr<const StoryTerms>>>
Recommender::HistoryTermsOf(const std::vector<core::ArticleId>& ids) {
  std::unordered_map<core::ArticleId, std::shared_ptr<const StoryTerms>> out;
  std::vector<core::ArticleId> missing;
  uint64_t generation = 0;
  {
    std::lock_guard lock(history_terms_mutex_);
    generation = history_terms_generation_;
    std::unordered_set<core::ArticleId> asked;
    for (core::ArticleId id : ids) {
      if (auto kept = history_terms_.find(id); kept != history_terms_.end()) {
        if (kept->second)
          out.emplace(id, kept->second);
      } else if (asked.insert(id).second) {
        missing.push_back(id);
      }
    }
  }
  if (missing.empty())
    return out;
  WD_ASSIGN_OR_RETURN(std::vector<store::StoryFeatures> features, reading_.FeaturesOf(missing));
  for (const store::StoryFeatures& f : features)
    out.emplace(f.article_id, MakeStoryTerms(f.section, f.key_terms, f.subjects));
  std::lock_guard lock(history_terms_mutex_);
  // A refresh since the read may have dropped some of these as changed: then none are kept.
  if (generation != history_terms_generation_)
    return out;
  if (history_terms_.size() + missing.size() > kMaxHistoryTermsKept)
    history_terms_.clear();
  for (core::ArticleId id : missing) {
    auto found = out.find(id);
    history_terms_[id] = found == out.end() ? nullptr : found->second;
  }
  return out;
}

}  // namespace wiredesk::recommend
