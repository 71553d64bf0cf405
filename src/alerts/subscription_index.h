// SubscriptionIndex: the percolator that finds, for one article, every reader subscription it
// matches, at a cost that grows with the article rather than with the number of readers.
//
// Subscriptions are what readers follow: free words ("interest rates": every word must occur),
// phrases (the words in that order: "Bank of England"), companies, people and places (matched
// as phrases, since "Apple Inc" is a name, not two keywords), sections ("news/world" and all
// below it), subjects (a wire subject code or name, e.g. "medtop:20000344" or "grain") and
// breaking news (wire urgency at or below a threshold, 1 = flash).
//
// Word and phrase subscriptions are indexed under one anchor word: the one with the shortest
// posting list when the subscription is added, which in practice is the rarest. Matching an
// article looks up each distinct word of the article once, then verifies the few candidates
// those postings name. Sections, subjects and urgency are looked up directly.
//
// Words come from core::ForEachWord (ASCII case folded, markup skipped); the same splitter reads
// subscriptions and articles, so both sides agree on what a word is.
//
// Thread safety: Match() may run on many threads at once; Add() and Remove() take an exclusive
// lock and may run alongside them.
#pragma once

#include <cstdint>
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

  // Every subscription `article` matches, ordered by reader, then subscription id.
  std::vector<SubscriptionMatch> Match(const ArticleText& article) const;

  size_t size() const;

  // An estimate of the heap memory the index holds, for capacity planning.
  size_t MemoryBytes() const;

 private:
  using TermId = uint32_t;
  using Slot = uint32_t;  // Index into entries_.

  struct Entry {
    SubscriptionId id = 0;
    ReaderId reader = 0;
    SubscriptionKind kind = SubscriptionKind::kWords;
    bool live = false;
    std::vector<TermId> terms;  // kWords, kPhrase: the words, in order.
    TermId anchor = 0;
    std::string key;  // kSection, kSubject: the normalised value.
    int max_urgency = 0;
  };

  TermId Intern(std::string_view word);
  std::optional<TermId> Find(std::string_view word) const;
  void Unlink(Slot slot);
  static std::string NormaliseKey(std::string_view value);

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, TermId> term_ids_;
  std::vector<Entry> entries_;
  std::vector<Slot> free_slots_;
  std::unordered_map<SubscriptionId, Slot> slot_of_;
  std::vector<std::vector<Slot>> by_anchor_;  // Indexed by TermId.
  std::unordered_map<std::string, std::vector<Slot>> by_section_;
  std::unordered_map<std::string, std::vector<Slot>> by_subject_;
  std::vector<std::vector<Slot>> by_urgency_;  // [u]: breaking subscriptions with max u.
  size_t live_count_ = 0;
};

}  // namespace wiredesk::alerts
