// Recommended For You: stories for one signed-in reader, each with a short reason.
//
// Profile. From the reader's reads (the newest kProfileReads, each weighed 0.5^(age / 7 days))
// and saved stories (weighed twice, with a 30-day half-life) come three maps, each scaled to a
// maximum of 1: key terms (core/key_terms.h, of headline and summary; the strongest
// kProfileTerms are kept), subject codes and sections. The history rows come from one walk of
// each history index (store::ReadingStore::HistoryRows); each story's terms from the store's
// story features (ReadingStore::FeaturesOf), hashed once and kept, shared by every reader who
// read the story, until the pool sees it change (so a kill or a rewrite reaches the profiles).
// A story no longer published does not count. Preferred sections add 1 to the section map;
// preferred topics and watchlist entries are "follows", matched as whole-word phrases in
// headline, summary and subject names.
//
// Candidates: every published story of the last `candidate_window` (default and at most 7
// days), held in memory with its key terms, subject keys and words already hashed
// (recommend/candidate_pool.h), so the profile is scored against all of them by walking posting
// lists, without a query or a story's text per candidate. The best are then re-read from the
// store in batches, so what is shown is the story as it stands (never one killed since the pool
// last heard from the store), and those the reader has read or saved (over the whole history,
// not only the profile's part of it) are dropped, as is the story being read.
//
// Score, each part in 0..1:
//   relevance  = min(1, 0.5 term similarity + 0.15 subject similarity + 0.15 section affinity
//                       + 0.3 if a follow matches)       (similarities scaled to the best one)
//   freshness  = 0.5^(age / 24 h)
//   popularity = log(1 + trending score) / log(1 + best trending score among candidates)
//                (for the 50 most read stories of the pool and the 20 most read in each of the
//                first three preferred sections, as Trending ranks them; counted by
//                RefreshCandidates once per trending refresh, never on a reader's request
//                except the very first)
//   score      = 0.65 relevance + 0.2 freshness + 0.15 popularity
// Cold start (no reads, no saved stories, no follows): popular stories in the preferred
// sections first, score = 0.5 section affinity + 0.35 popularity + 0.15 freshness, so the
// places the section cap leaves go to the most read stories elsewhere.
//
// Diversity: at most `max_per_section` stories of one section among each ten (the k-th result
// may be taken while its section has fewer than max_per_section × (k / 10 + 1); a section that
// has had its share waits for the next ten, when its best remaining story competes again), and
// never two
// stories with the same headline words or of the same story cluster (story_clusters.h). Reasons:
// "Because you follow X" for a follow match; "Because you read “H”" (or saved) naming the history
// story sharing most weighed terms (two at least); "More from S" for section affinity; "Popular in
// S" / "New in S" otherwise.
//
// Kept lists: a reader's list is made one story longer than asked, without regard to the story
// on screen, and kept for kListReuse; within that time the next call shows it again (less the
// story on screen) after one lookup of the reader's reads among its stories, without asking for
// the reader's interests at all. It is made anew when one of its stories has been read, when
// the options differ, when it is older, and — as RefreshCandidates learns of them, after each
// outbox poll of the server — when any story was published, changed, withheld or killed, or
// when the reader's follows or preferences changed (the account store's change log). A reader
// moving from page to page thus costs one indexed lookup per page, not a new list.
//
// Cost of making a list: one walk of each history index and the features of history stories
// not yet kept, one pass over the pool (the postings of the profile's terms, then one score
// per story), a walk of the best stories under the diversity rules over the pool's copies
// (per-section queues, so a reader of two sections does not wade through thousands of their
// stories), then one lookup of the limit + limit / 2 + 2 stories walked and of the reader's
// reads among them (again, for the ones replacing those the store turned down), and one lookup
// of the headlines named in reasons. Nothing grows with the archive or the history's length.
//
// Thread safety: every member of Recommender may be called from any thread.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/article.h"
#include "core/clock.h"
#include "core/result.h"
#include "core/section_path.h"
#include "recommend/candidate_pool.h"
#include "recommend/trending.h"
#include "store/account_store.h"
#include "store/reading_store.h"
#include "store/store.h"

namespace wiredesk::recommend {

inline constexpr int kProfileReads = 200;
inline constexpr int kProfileSaved = 100;
// Reads within the candidate window left out of a list beyond the profile's (a reader of more
// than this in a week still gets a list, found through the store's re-reads).
inline constexpr int kMaxWindowReads = 5000;
inline constexpr size_t kProfileTerms = 256;
// How long a reader's list is shown again before it is made anew, and how many readers' lists
// are kept.
inline constexpr std::chrono::seconds kListReuse{60};
inline constexpr size_t kMaxListsKept = 100'000;
// How many stories' history terms are kept (a few hundred bytes each).
inline constexpr size_t kMaxHistoryTermsKept = 200'000;
inline constexpr int kMaxRecommendations = 50;

// What accounts/ knows of the reader beyond their lists; the caller fills it (recommend may not
// depend on accounts/).
struct Follow {
  std::string kind;   // "topic" for a preferred topic, else the watchlist kind.
  std::string value;  // As the reader wrote it.
};

struct ReaderInterests {
  store::UserId user = 0;
  std::vector<core::SectionPath> sections;  // Preferred sections.
  std::vector<Follow> follows;              // Preferred topics and watchlist entries.
};

struct ForYouOptions {
  int limit = 10;                                          // 1..kMaxRecommendations.
  std::chrono::hours candidate_window = kCandidateWindow;  // At most kCandidateWindow.
  int max_per_section = 2;                                 // Per ten results. Default 2.
  std::optional<core::ArticleId> exclude;                  // The story on screen, if any.
  // Section titles for reasons; default: the section's path.
  std::function<std::string(const core::SectionPath&)> section_title;
};

enum class ReasonKind { kFollow, kRead, kSaved, kSection, kPopular, kNew };

struct Recommendation {
  core::Article article;  // body_html is left empty, as in lists.
  double score = 0;
  ReasonKind reason_kind = ReasonKind::kNew;
  std::string reason;  // One line for the reader, e.g. "Because you read “Rates rise”".
};

struct StoryTerms;  // for_you.cc

// A story as the scorer sees it; exposed with ScoreCandidates for tests.
struct HistoryEntry {
  core::Article article;
  core::TimePoint at;
  bool saved = false;
};

// Ranks `candidates` for a reader with `history` and `interests` as the header describes;
// `popularity` holds trending scores by article id. Does not drop read stories: the caller
// does, with the store. Pure.
std::vector<Recommendation> ScoreCandidates(
    const std::vector<HistoryEntry>& history, const ReaderInterests& interests,
    std::vector<core::Article> candidates,
    const std::vector<std::pair<core::ArticleId, double>>& popularity, core::TimePoint now,
    const ForYouOptions& options);

class Recommender {
 public:
  // Every reference must outlive the Recommender.
  Recommender(store::Store& store, store::AccountStore& accounts, store::ReadingStore& reading,
              Trending& trending, const core::Clock& clock);

  // Recommendations for `user`, best first, at most options.limit. `interests` (with the same
  // user) is called only when a new list is made. kInvalidArgument for a limit outside
  // 1..kMaxRecommendations; store failures as they come.
  core::Result<std::vector<Recommendation>> ForReader(
      store::UserId user, const std::function<ReaderInterests()>& interests,
      const ForYouOptions& options);

  // Brings the candidate pool up to date with the store and drops the kept lists it makes
  // stale, as the header describes, and counts the stories' popularity again when the count is
  // older than trending's refresh. The server calls this after each outbox poll, so no
  // reader's request waits on a count.
  core::Status RefreshCandidates();

 private:
  struct KeptList {
    uint64_t key = 0;  // Of the options it was made for.
    core::TimePoint made_at;
    std::vector<Recommendation> recommendations;
  };

  struct Popularity;

  // RefreshCandidates without the count, for the request path.
  core::Status RefreshPool();
  core::Status CountPopularity();
  core::Result<std::vector<Recommendation>> Make(const ReaderInterests& interests,
                                                 const ForYouOptions& options);
  // The terms of the published stories among `ids`, by id, read from the store only for those
  // not kept.
  core::Result<std::unordered_map<core::ArticleId, std::shared_ptr<const StoryTerms>>>
  HistoryTermsOf(const std::vector<core::ArticleId>& ids);

  store::AccountStore& accounts_;
  store::ReadingStore& reading_;
  Trending& trending_;
  const core::Clock& clock_;
  CandidatePool candidates_;

  std::mutex lists_mutex_;  // Guards lists_ and lists_generation_.
  std::unordered_map<store::UserId, KeptList> lists_;
  // Moves whenever a refresh drops lists: a list made while one did is not kept.
  uint64_t lists_generation_ = 0;
  // The terms of stories in readers' histories, shared between readers and kept until the
  // pool sees the story change; null for a story no longer published.
  std::mutex history_terms_mutex_;  // Guards the two members below.
  std::unordered_map<core::ArticleId, std::shared_ptr<const StoryTerms>> history_terms_;
  uint64_t history_terms_generation_ = 0;         // Moves whenever a refresh drops terms.
  std::mutex popularity_mutex_;                   // Guards popularity_.
  std::shared_ptr<const Popularity> popularity_;  // Null until first counted.
  std::mutex follows_mutex_;       // One reader of the change log at a time; guards the position.
  int64_t follows_position_ = -1;  // In the account store's change log; -1 before the first.
};

}  // namespace wiredesk::recommend
