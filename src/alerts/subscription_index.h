// SubscriptionIndex: the percolator that finds, for one article, every reader subscription it
// matches, at a cost that grows with the article rather than with the number of readers.
//
// Subscriptions are what readers follow: free words ("interest rates": every word must occur),
// phrases (the words in that order: "Bank of England"), companies, people and places (matched
// as phrases, since "Apple Inc" is a name, not two keywords), sections ("news/world" and all
// below it), subjects (a wire subject code or name, e.g. "medtop:20000344" or "grain") and
// breaking news (wire urgency at or below a threshold, 1 = flash).
//
// Word and phrase subscriptions are grouped into queries (everyone who follows "Bank of England"
// shares one), and each query is indexed under one anchor word: the one with the shortest
// posting list when the query is added, which in practice is the rarest. Matching an article
// looks up each distinct word of the article once, verifies the few queries those postings name
// and copies out their subscribers. Sections, subjects and urgency are looked up directly.
//
// Words come from core::ForEachWord (ASCII case folded, markup skipped); the same splitter reads
// subscriptions and articles, so both sides agree on what a word is.
//
// Thread safety: Match() may run on many threads at once; Add() and Remove() take an exclusive
// lock and may run alongside them.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

namespace wiredesk::alerts {

using ReaderId = int64_t;
using SubscriptionId = int64_t;

enum class SubscriptionKind {
  kWords,     // Every word must occur, in any order.
  kPhrase,    // The words in this order; companies, people and places are phrases too.
  kSection,   // The article is in this section or below it.
  kSubject,   // The article carries this subject (code or name, case-insensitive).
  kBreaking,  // The article's urgency is at or below `max_urgency`.
};

struct Subscription {
  SubscriptionId id = 0;  // Unique; the caller's (e.g. the watchlist entry's) id.
  ReaderId reader = 0;
  SubscriptionKind kind = SubscriptionKind::kWords;
  std::string value;    // Words, phrase, section path or subject; unused for kBreaking.
  int max_urgency = 0;  // kBreaking only: 1..9.
};

// What the matcher reads from an article.
struct ArticleText {
  std::string_view headline;               // Plain text.
  std::string_view summary;                // HTML.
  std::string_view body;                   // HTML.
  std::string_view section;                // "news/world".
  std::vector<std::string_view> subjects;  // Codes and names.
  std::optional<int> urgency;
};

struct SubscriptionMatch {
  SubscriptionId subscription = 0;
  ReaderId reader = 0;
};

class SubscriptionIndex {
 public:
  SubscriptionIndex();
  SubscriptionIndex(const SubscriptionIndex&) = delete;
  SubscriptionIndex& operator=(const SubscriptionIndex&) = delete;

  // Adds or replaces (same id) a subscription. kInvalidArgument when it can never match: no
  // words, an empty section or subject, or an urgency outside 1..9.
  core::Status Add(const Subscription& subscription);

  // Removes a subscription; false when there was none with that id.
  bool Remove(SubscriptionId id);

  // Every subscription `article` matches, each once, in no particular order: a story followed by
  // 100,000 readers must not pay for sorting them.
  std::vector<SubscriptionMatch> Match(const ArticleText& article) const;
  // The same into `matches` (cleared first). A caller matching story after story keeps one
  // buffer: a result of many thousands of readers then costs no fresh pages each time.
  void MatchInto(const ArticleText& article, std::vector<SubscriptionMatch>& matches) const;

  size_t size() const;

  // An estimate of the heap memory the index holds, for capacity planning.
  size_t MemoryBytes() const;

 private:
  using TermId = uint32_t;
  using QueryIndex = uint32_t;  // Index into queries_.
  static constexpr TermId kNoTerm = std::numeric_limits<TermId>::max();

  // One distinct word list or phrase and everyone who follows it: readers who follow the same
  // name share one query, verified once per article and copied out in one append.
  struct Query {
    SubscriptionKind kind = SubscriptionKind::kWords;
    std::vector<TermId> terms;  // The words, in order.
    TermId anchor = 0;
    std::string key;  // In query_by_key_.
    std::vector<SubscriptionMatch> subscribers;
  };

  // A query as its anchor word's posting list holds it: the other words inline, so a query whose
  // words are not all in the article is turned away, and a short phrase is checked, without
  // touching queries_ (a cache miss or two each, and an article verifies hundreds of them).
  static constexpr size_t kInlineTerms = 3;
  struct Posting {
    QueryIndex query = 0;
    // The query's words other than the anchor, in order; unused slots hold kNoTerm. A query with
    // more words than fit is marked `overflow` and checked against queries_.
    std::array<TermId, kInlineTerms> others{};
    uint8_t anchor_at = 0;  // The anchor's place among the words, for phrases.
    bool phrase = false;
    bool overflow = false;
  };

  // Where a subscription lives, so Remove() can find it.
  struct Placement {
    SubscriptionKind kind = SubscriptionKind::kWords;
    QueryIndex query = 0;  // kWords, kPhrase.
    std::string key;       // kSection, kSubject: the normalised value.
    int max_urgency = 0;   // kBreaking.
  };

  // Words followed by someone, as an open-addressing table: a slot holds the word's hash, its
  // id and, for all but long words, its spelling, so finding a word reads one cache line.
  static constexpr size_t kSlotLetters = 19;
  struct TermSlot {
    uint64_t hash = 0;
    TermId id = kNoTerm;
    uint8_t length = 0;  // Capped at 255; longer words are compared against term_words_.
    std::array<char, kSlotLetters> letters{};
  };
  bool SlotHolds(const TermSlot& slot, uint64_t hash, std::string_view word) const;
  void PlaceInTable(std::vector<TermSlot>& table, const TermSlot& slot) const;

  TermId Intern(std::string_view word);
  // kNoTerm when nobody follows the word; `hash` is HashWord(word).
  TermId Find(uint64_t hash, std::string_view word) const;
  void GrowTermTable();
  void Unlink(SubscriptionId id, const Placement& placement);
  static std::string NormaliseKey(std::string_view value);

  mutable std::shared_mutex mutex_;
  std::vector<TermSlot> term_slots_;     // Power-of-two size, at most half full.
  std::vector<std::string> term_words_;  // By TermId.
  // A Bloom filter over the followed words: most words of an article are followed by nobody,
  // and two bits of one cache-resident word turn them away before the table is touched.
  std::vector<uint64_t> term_filter_;
  std::unordered_map<SubscriptionId, Placement> placements_;
  std::vector<Query> queries_;
  std::vector<QueryIndex> free_queries_;
  std::unordered_map<std::string, QueryIndex> query_by_key_;
  std::vector<std::vector<Posting>> by_anchor_;  // Indexed by TermId.
  // Whole-list subscriptions keep their match ready to copy, like queries' subscribers.
  std::unordered_map<std::string, std::vector<SubscriptionMatch>> by_section_;
  std::unordered_map<std::string, std::vector<SubscriptionMatch>> by_subject_;
  std::vector<std::vector<SubscriptionMatch>> by_urgency_;  // [u]: breaking, threshold u.
};

}  // namespace wiredesk::alerts
