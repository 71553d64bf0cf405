#include "recommend/for_you.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/key_terms.h"
#include "core/words.h"
#include "recommend/candidate_index.h"

namespace wiredesk::recommend {
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

template <typename Key>
void ScaleToOne(std::unordered_map<Key, double>& weights) {
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

std::string HeadlineKey(const core::Article& article) {
  std::string key;
  core::ForEachWord(article.headline, core::TextKind::kPlain, [&](std::string_view w) {
    key += w;
    key += ' ';
  });
  return key;
}

// A history story as the profile uses it.
struct HistoryTerms {
  core::ArticleId id = 0;
  core::TimePoint at;
  bool saved = false;
  core::SectionPath section;
  std::vector<uint64_t> key_terms;  // TermHash of each.
  std::vector<uint64_t> subjects;   // TermHash of each SubjectKey.
};

HistoryTerms TermsOf(core::ArticleId id, core::TimePoint at, bool saved,
                     const core::SectionPath& section, const std::vector<std::string>& key_terms,
                     const std::vector<core::Subject>& subjects) {
  HistoryTerms h{
      .id = id, .at = at, .saved = saved, .section = section, .key_terms = {}, .subjects = {}};
  for (const std::string& term : key_terms) h.key_terms.push_back(TermHash(term));
  for (const core::Subject& subject : subjects) h.subjects.push_back(TermHash(SubjectKey(subject)));
  return h;
}

struct Profile {
  std::unordered_map<uint64_t, double> terms;     // By TermHash.
  std::unordered_map<uint64_t, double> subjects;  // By TermHash of SubjectKey.
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
    for (uint64_t t : h.key_terms) p.terms[t] += w;
    for (uint64_t s : h.subjects) p.subjects[s] += w;
    p.sections[h.section.ToString()] += w;
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
    p.terms = std::unordered_map<uint64_t, double>(ranked.begin(), ranked.end());
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
    s.section_part = section_affinity[index.section_of(slot)];
    s.follow = follow_of[slot];
    scored.push_back(s);
    subject_part.push_back(subject);
  }

  for (size_t i = 0; i < scored.size(); ++i) {
    Scored& s = scored[i];
    s.term = best_term > 0 ? s.term / best_term : 0;
    double subject = best_subject > 0 ? subject_part[i] / best_subject : 0;
    double freshness = HalfLife(HoursBetween(input.now, s.published), kHoursPerDay);
    if (auto it = input.popular.find(s.id); it != input.popular.end() && input.best_popular > 0)
      s.popularity = std::log1p(it->second) / std::log1p(input.best_popular);
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

// The history story sharing most weighed key terms with `article`, if one shares at least
// kMinSharedTermsForReason.
std::optional<size_t> StoryBehind(const core::Article& article,
                                  const std::vector<HistoryTerms>& history,
                                  const Profile& profile) {
  const std::vector<uint64_t> terms = KeyTermHashes(article);
  const std::unordered_set<uint64_t> mine(terms.begin(), terms.end());
  std::optional<size_t> best;
  double best_overlap = 0;
  for (size_t h = 0; h < history.size(); ++h) {
    double overlap = 0;
    for (uint64_t t : history[h].key_terms) overlap += mine.count(t);
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

// Takes stories best first, a batch at a time, under the diversity rules of for_you.h's
// header, and explains each one taken.
core::Result<std::vector<Recommendation>> Choose(
    std::vector<Scored> scored, const std::vector<HistoryTerms>& history,
    const ReaderInterests& interests, const ScoringInput& input, const ForYouOptions& options,
    const FetchShown& fetch, const FetchHeadlines& headlines_of) {
  struct Chosen {
    Recommendation rec;
    Scored scored;
    std::optional<size_t> behind;  // The history story a "because you read" would name.
  };
  std::vector<Chosen> chosen;
  std::map<std::string, int> per_section;
  std::set<std::string> headlines;
  std::set<core::ArticleId> clusters;
  const int cap = std::max(1, options.max_per_section);
  const size_t batch = static_cast<size_t>(std::max(16, 2 * options.limit));
  auto full = [&] { return static_cast<int>(chosen.size()) >= options.limit; };
  for (size_t first = 0; first < scored.size() && !full(); first += batch) {
    // Only the next batch is put in order: most calls never look past the first.
    const auto begin = scored.begin() + static_cast<long>(first);
    const auto end = scored.begin() + static_cast<long>(std::min(scored.size(), first + batch));
    std::nth_element(begin, end - 1, scored.end(), Better);
    std::sort(begin, end, Better);
    std::vector<core::ArticleId> ids;
    for (auto it = begin; it != end; ++it) ids.push_back(it->id);
    WD_ASSIGN_OR_RETURN(auto shown, fetch(ids));
    for (auto it = begin; it != end && !full(); ++it) {
      auto found = shown.find(it->id);
      if (found == shown.end())
        continue;
      core::Article& article = found->second;
      const int allowed = cap * (static_cast<int>(chosen.size()) / 10 + 1);
      std::string section = article.section.ToString();
      if (per_section[section] >= allowed)
        continue;
      if (!headlines.insert(HeadlineKey(article)).second)
        continue;  // The same story from another wire: one is enough.
      if (!clusters.insert(article.ClusterKey()).second)
        continue;  // Another report of the same event (story_clusters.h): likewise.
      ++per_section[section];
      Chosen c{.rec = {}, .scored = *it, .behind = std::nullopt};
      // Naming the history story behind a recommendation compares it with every story read:
      // done for the stories shown only.
      if (it->follow < 0 && it->term > 0.2)
        c.behind = StoryBehind(article, history, input.profile);
      c.rec.article = std::move(article);
      c.rec.score = it->score;
      chosen.push_back(std::move(c));
    }
  }

  std::vector<core::ArticleId> named;
  for (const Chosen& c : chosen) {
    if (c.behind)
      named.push_back(history[*c.behind].id);
  }
  WD_ASSIGN_OR_RETURN(auto named_headlines, headlines_of(named));
  auto title = [&](const core::SectionPath& s) {
    return options.section_title ? options.section_title(s) : s.ToString();
  };
  std::vector<Recommendation> out;
  for (Chosen& c : chosen) {
    // The reason: the strongest signal that explains the story.
    Recommendation& rec = c.rec;
    const Scored& s = c.scored;
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
    terms.push_back(TermsOf(h.article.id, h.at, h.saved, h.article.section,
                            core::KeyTerms(h.article, kTermsPerStory), h.article.subjects));
    history_headlines.emplace(h.article.id, h.article.headline);
  }
  const Profile profile = BuildProfile(terms, interests, now);
  const std::unordered_set<core::ArticleId> excluded;
  const ScoringInput input =
      MakeInput(profile, interests, terms, popularity, now, core::TimePoint::min(), excluded);
  auto chosen = Choose(
      ScoreIndex(index, input), terms, interests, input, options,
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

core::Status Recommender::RefreshCandidates() {
  WD_ASSIGN_OR_RETURN(bool stories_changed, candidates_.Refresh());
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
  WD_RETURN_IF_ERROR(RefreshCandidates());
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

  WD_ASSIGN_OR_RETURN(std::vector<store::HistoryStory> stories,
                      reading_.ReadingHistory(interests.user, kProfileReads, kProfileSaved));
  std::vector<HistoryTerms> history;
  std::unordered_set<core::ArticleId> excluded;
  if (options.exclude)
    excluded.insert(*options.exclude);
  for (const store::HistoryStory& h : stories) {
    excluded.insert(h.article_id);
    history.push_back(TermsOf(h.article_id, h.at, h.saved, h.section, h.key_terms, h.subjects));
  }

  // Popular stories, overall and in the preferred sections.
  std::vector<std::pair<core::ArticleId, double>> popularity;
  auto popular = [&](const core::SectionPath& section, int limit) -> core::Status {
    WD_ASSIGN_OR_RETURN(auto entries, trending_.MostRead(section, limit));
    for (const store::MostReadEntry& e : entries) popularity.emplace_back(e.article.id, e.score);
    return core::Ok();
  };
  WD_RETURN_IF_ERROR(popular(core::SectionPath(), kMaxTrendingLimit));
  for (size_t i = 0; i < interests.sections.size() && i < 3; ++i)
    WD_RETURN_IF_ERROR(popular(interests.sections[i], 20));

  const Profile profile = BuildProfile(history, interests, now);
  const ScoringInput input =
      MakeInput(profile, interests, history, popularity, now, since, excluded);
  std::vector<Scored> scored =
      candidates_.WithIndex([&](const CandidateIndex& index) { return ScoreIndex(index, input); });
  // The pool may trail the store: what is shown is read again, and reads beyond the profile's
  // newest kProfileReads are found here.
  return Choose(
      std::move(scored), history, interests, input, options,
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

}  // namespace wiredesk::recommend
