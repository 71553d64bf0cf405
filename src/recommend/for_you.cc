#include "recommend/for_you.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "core/words.h"
#include "recommend/related.h"

namespace wiredesk::recommend {
namespace {

using Weights = std::unordered_map<std::string, double>;

constexpr int kTermsPerStory = 12;
// Full-text candidates are looked for among this many newest stories.
constexpr int64_t kMatchScanIds = 50'000;
constexpr double kHoursPerDay = 24;
constexpr size_t kMaxReasonHeadline = 70;
constexpr double kMinSharedTermsForReason = 2;

double HoursBetween(core::TimePoint later, core::TimePoint earlier) {
  return std::max<double>(0,
                          std::chrono::duration<double, std::ratio<3600>>(later - earlier).count());
}

double HalfLife(double age_hours, double half_life_hours) {
  return std::pow(0.5, age_hours / half_life_hours);
}

void ScaleToOne(Weights& weights) {
  double best = 0;
  for (const auto& [key, w] : weights) best = std::max(best, w);
  if (best > 0) {
    for (auto& [key, w] : weights) w /= best;
  }
}

std::vector<std::string> SubjectKeysOf(const core::Article& article) {
  std::vector<std::string> keys;
  for (const core::Subject& s : article.subjects) {
    keys.push_back(s.scheme + "\x1f" + (s.code.empty() ? s.name : s.code));
  }
  return keys;
}

// Whether `phrase` (as words) appears in `words`, contiguous.
bool ContainsPhrase(const std::vector<std::string>& words, const std::vector<std::string>& phrase) {
  if (phrase.empty() || phrase.size() > words.size())
    return false;
  return std::search(words.begin(), words.end(), phrase.begin(), phrase.end()) != words.end();
}

// The words a follow is matched against: headline, summary text and subject names, each
// split once per story however many follows the reader has.
struct StoryWords {
  explicit StoryWords(const core::Article& article)
      : headline(core::Words(article.headline)),
        summary(core::Words(article.summary_html, core::TextKind::kHtml)) {
    for (const core::Subject& s : article.subjects) subjects.push_back(core::Words(s.name));
  }
  bool Matches(const std::vector<std::string>& phrase) const {
    return ContainsPhrase(headline, phrase) || ContainsPhrase(summary, phrase) ||
           std::any_of(subjects.begin(), subjects.end(),
                       [&](const auto& words) { return ContainsPhrase(words, phrase); });
  }
  std::vector<std::string> headline;
  std::vector<std::string> summary;
  std::vector<std::vector<std::string>> subjects;
};

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

struct Profile {
  Weights terms;
  Weights subjects;
  Weights sections;
  std::vector<std::vector<std::string>> history_terms;  // Per history entry.
  std::vector<double> history_weights;
};

Profile BuildProfile(const std::vector<HistoryEntry>& history, const ReaderInterests& interests,
                     core::TimePoint now) {
  Profile p;
  for (const HistoryEntry& h : history) {
    double age = HoursBetween(now, h.at);
    double w = h.saved ? 2 * HalfLife(age, 30 * kHoursPerDay) : HalfLife(age, 7 * kHoursPerDay);
    std::vector<std::string> terms = KeyTerms(h.article, kTermsPerStory);
    for (const std::string& t : terms) p.terms[t] += w;
    for (const std::string& s : SubjectKeysOf(h.article)) p.subjects[s] += w;
    p.sections[h.article.section.ToString()] += w;
    p.history_terms.push_back(std::move(terms));
    p.history_weights.push_back(w);
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

}  // namespace

std::vector<Recommendation> ScoreCandidates(
    const std::vector<HistoryEntry>& history, const ReaderInterests& interests,
    std::vector<core::Article> candidates,
    const std::vector<std::pair<core::ArticleId, double>>& popularity, core::TimePoint now,
    const ForYouOptions& options) {
  const Profile profile = BuildProfile(history, interests, now);
  std::vector<std::vector<std::string>> follow_phrases;
  for (const Follow& f : interests.follows) follow_phrases.push_back(core::Words(f.value));
  const bool cold = history.empty() && interests.follows.empty();
  auto title = [&](const core::SectionPath& s) {
    return options.section_title ? options.section_title(s) : s.ToString();
  };

  std::unordered_map<core::ArticleId, double> popular;
  double best_popular = 0;
  for (const auto& [id, score] : popularity) {
    popular[id] = std::max(popular[id], score);
    best_popular = std::max(best_popular, score);
  }

  struct Scored {
    Recommendation rec;
    std::vector<std::string> terms;
    double term_part = 0;
    double section_part = 0;
    int follow = -1;
    double term = 0;        // term_part scaled to the best candidate's.
    double popularity = 0;  // 0..1.
  };
  std::vector<Scored> scored;
  double best_term = 0;
  double best_subject = 0;
  std::vector<double> subject_raw;
  for (core::Article& a : candidates) {
    Scored s;
    s.terms = KeyTerms(a, kTermsPerStory);
    for (const std::string& t : s.terms) {
      if (auto it = profile.terms.find(t); it != profile.terms.end())
        s.term_part += it->second;
    }
    // Dividing by the root of the term count keeps long summaries from winning on length.
    if (!s.terms.empty())
      s.term_part /= std::sqrt(static_cast<double>(s.terms.size()));
    double subject = 0;
    std::vector<std::string> keys = SubjectKeysOf(a);
    for (const std::string& k : keys) {
      if (auto it = profile.subjects.find(k); it != profile.subjects.end())
        subject += it->second;
    }
    if (!keys.empty())
      subject /= static_cast<double>(keys.size());
    subject_raw.push_back(subject);
    best_term = std::max(best_term, s.term_part);
    best_subject = std::max(best_subject, subject);
    s.section_part = SectionAffinity(profile, a.section);
    if (!follow_phrases.empty()) {
      const StoryWords words(a);
      for (size_t i = 0; i < follow_phrases.size() && s.follow < 0; ++i) {
        if (words.Matches(follow_phrases[i]))
          s.follow = static_cast<int>(i);
      }
    }
    s.rec.article = std::move(a);
    scored.push_back(std::move(s));
  }

  for (size_t i = 0; i < scored.size(); ++i) {
    Scored& s = scored[i];
    const core::Article& a = s.rec.article;
    double term = best_term > 0 ? s.term_part / best_term : 0;
    double subject = best_subject > 0 ? subject_raw[i] / best_subject : 0;
    double freshness = HalfLife(HoursBetween(now, a.published), kHoursPerDay);
    double pop = 0;
    if (auto it = popular.find(a.id); it != popular.end() && best_popular > 0)
      pop = std::log1p(it->second) / std::log1p(best_popular);
    if (cold) {
      s.rec.score = 0.5 * s.section_part + 0.35 * pop + 0.15 * freshness;
    } else {
      double relevance = std::min(
          1.0, 0.5 * term + 0.15 * subject + 0.15 * s.section_part + (s.follow >= 0 ? 0.3 : 0));
      s.rec.score = 0.65 * relevance + 0.2 * freshness + 0.15 * pop;
    }
    s.term = term;
    s.popularity = pop;
  }

  std::stable_sort(scored.begin(), scored.end(), [](const Scored& x, const Scored& y) {
    if (x.rec.score != y.rec.score)
      return x.rec.score > y.rec.score;
    return x.rec.article.published > y.rec.article.published;
  });
  // The reason: the strongest signal that explains the story.
  auto explain = [&](Scored& s) {
    if (s.follow >= 0) {
      s.rec.reason_kind = ReasonKind::kFollow;
      s.rec.reason = "Because you follow " + interests.follows[static_cast<size_t>(s.follow)].value;
    } else if (s.term > 0.2) {
      std::unordered_set<std::string> mine(s.terms.begin(), s.terms.end());
      size_t best = 0;
      double best_overlap = 0;
      for (size_t h = 0; h < history.size(); ++h) {
        double overlap = 0;
        for (const std::string& t : profile.history_terms[h]) overlap += mine.count(t);
        // One shared word is a coincidence more often than a reason worth naming.
        if (overlap < kMinSharedTermsForReason)
          continue;
        overlap *= profile.history_weights[h];
        if (overlap > best_overlap) {
          best_overlap = overlap;
          best = h;
        }
      }
      if (best_overlap > 0) {
        s.rec.reason_kind = history[best].saved ? ReasonKind::kSaved : ReasonKind::kRead;
        s.rec.reason = std::string(history[best].saved ? "Because you saved" : "Because you read") +
                       " \u201c" + Shorten(history[best].article.headline, kMaxReasonHeadline) +
                       "\u201d";
      }
    }
    if (s.rec.reason.empty()) {
      if (s.section_part > 0 && !cold) {
        s.rec.reason_kind = ReasonKind::kSection;
        s.rec.reason = "More from " + title(s.rec.article.section);
      } else if (s.popularity > 0) {
        s.rec.reason_kind = ReasonKind::kPopular;
        s.rec.reason = "Popular in " + title(s.rec.article.section);
      } else {
        s.rec.reason_kind = ReasonKind::kNew;
        s.rec.reason = "New in " + title(s.rec.article.section);
      }
    }
  };

  std::vector<Recommendation> out;
  std::map<std::string, int> per_section;
  std::set<std::string> headlines;
  std::set<core::ArticleId> clusters;
  const int cap = std::max(1, options.max_per_section);
  for (Scored& s : scored) {
    if (static_cast<int>(out.size()) >= options.limit)
      break;
    const int allowed = cap * (static_cast<int>(out.size()) / 10 + 1);
    std::string section = s.rec.article.section.ToString();
    if (per_section[section] >= allowed)
      continue;
    if (!headlines.insert(HeadlineKey(s.rec.article)).second)
      continue;  // The same story from another wire: one is enough.
    if (!clusters.insert(s.rec.article.ClusterKey()).second)
      continue;  // Another report of the same event (story_clusters.h): likewise.
    ++per_section[section];
    // The reason is worked out for the stories shown only: naming the history story behind one
    // compares it with every story read, too costly for every candidate.
    explain(s);
    out.push_back(std::move(s.rec));
  }
  return out;
}

Recommender::Recommender(store::Store& store, store::AccountStore& accounts,
                         store::ReadingStore& reading, Trending& trending, const core::Clock& clock)
    : store_(store), accounts_(accounts), reading_(reading), trending_(trending), clock_(clock) {}

namespace {

std::string QuotedPhrase(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += '"';  // FTS5 escapes a quote inside a string by doubling it.
    out += c;
  }
  return out + "\"";
}

}  // namespace

core::Result<std::vector<Recommendation>> Recommender::ForReader(
    const ReaderInterests& interests, const ForYouOptions& options) const {
  if (options.limit < 1 || options.limit > kMaxRecommendations) {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "limit must be an integer from 1 to " + std::to_string(kMaxRecommendations));
  }
  const core::TimePoint now = clock_.Now();
  const core::TimePoint since = now - options.candidate_window;

  std::vector<HistoryEntry> history;
  WD_ASSIGN_OR_RETURN(auto reads, accounts_.ListReads(interests.user, kProfileReads));
  WD_ASSIGN_OR_RETURN(auto saved, accounts_.ListSaved(interests.user, kProfileSaved));
  std::unordered_set<core::ArticleId> excluded;
  if (options.exclude)
    excluded.insert(*options.exclude);
  for (store::ListedArticle& r : reads) {
    excluded.insert(r.article.id);
    history.push_back({std::move(r.article), r.at, false});
  }
  for (store::ListedArticle& s : saved) {
    excluded.insert(s.article.id);
    history.push_back({std::move(s.article), s.at, true});
  }

  std::vector<core::Article> candidates;
  std::unordered_set<core::ArticleId> seen;
  auto add = [&](core::Article&& a) {
    if (a.published >= since && !excluded.contains(a.id) && seen.insert(a.id).second)
      candidates.push_back(std::move(a));
  };

  // The newest stories of the window.
  store::ArticleQuery recent;
  recent.limit = 100;
  for (int fetched = 0; fetched < kRecentCandidates;) {
    WD_ASSIGN_OR_RETURN(store::ArticlePage page, store_.ListArticles(recent));
    bool older = false;
    for (core::Article& a : page.articles) {
      older = older || a.published < since;
      add(std::move(a));
    }
    fetched += recent.limit;
    if (older || page.next_cursor.empty())
      break;
    recent.cursor = page.next_cursor;
  }
  // Older stories of the window that match the profile or a follow, from the newest
  // kMatchScanIds stories. A failed query costs candidates, not the list.
  auto search = [&](const std::string& match, int limit) {
    if (auto hits = reading_.RecentMatches(match, since, kMatchScanIds, limit)) {
      for (core::Article& a : *hits) add(std::move(a));
    }
  };
  if (!history.empty()) {
    Weights terms;
    for (const HistoryEntry& h : history) {
      for (const std::string& t : KeyTerms(h.article, kTermsPerStory)) terms[t] += h.saved ? 2 : 1;
    }
    std::vector<std::pair<std::string, double>> ranked(terms.begin(), terms.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    std::string match;
    for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(kTermsPerStory); ++i)
      match += (match.empty() ? "" : " OR ") + QuotedPhrase(ranked[i].first);
    if (!match.empty())
      search(match, 100);
  }
  for (size_t i = 0; i < interests.follows.size() && i < static_cast<size_t>(kMaxFollowQueries);
       ++i) {
    if (!core::Words(interests.follows[i].value).empty())
      search(QuotedPhrase(interests.follows[i].value), 20);
  }
  // Popular stories, overall and in the preferred sections.
  std::vector<std::pair<core::ArticleId, double>> popularity;
  auto popular = [&](const core::SectionPath& section, int limit) -> core::Status {
    WD_ASSIGN_OR_RETURN(auto entries, trending_.MostRead(section, limit));
    for (store::MostReadEntry& e : entries) {
      popularity.emplace_back(e.article.id, e.score);
      add(std::move(e.article));
    }
    return core::Ok();
  };
  WD_RETURN_IF_ERROR(popular(core::SectionPath(), kMaxTrendingLimit));
  for (size_t i = 0; i < interests.sections.size() && i < 3; ++i)
    WD_RETURN_IF_ERROR(popular(interests.sections[i], 20));

  // Reads beyond the profile's newest kProfileReads are found here, one index probe each.
  if (candidates.size() > 1000)
    candidates.resize(1000);  // The lookup's bound; the sources above stay well under it.
  std::vector<core::ArticleId> ids;
  for (const core::Article& a : candidates) ids.push_back(a.id);
  WD_ASSIGN_OR_RETURN(std::vector<core::ArticleId> read, reading_.ReadAmong(interests.user, ids));
  std::unordered_set<core::ArticleId> read_set(read.begin(), read.end());
  std::erase_if(candidates, [&](const core::Article& a) { return read_set.contains(a.id); });
  return ScoreCandidates(history, interests, std::move(candidates), popularity, now, options);
}

}  // namespace wiredesk::recommend
