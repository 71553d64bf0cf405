// The stories Recommended For You chooses among, in memory, with what its scorer compares
// already worked out: each story's key terms (related.h's KeyTerms of headline and summary),
// subject keys and words are hashed once when the story is added, and posting lists lead from
// each hash to the stories holding it. A reader's profile is then scored against every story by
// walking the postings of the profile's own terms, so one call costs the same whether the
// window holds a hundred stories or fifty thousand, and no story's text is read again.
//
// Stories live in slots. Removing one (or adding a newer copy with the same id) marks its slot
// dead; postings keep pointing at dead slots, which readers skip, until more than half the slots
// are dead and Add or Remove rebuilds the lists from the live ones.
//
// Hashes are 64-bit, so two different words sharing one is too rare to matter for ranking; the
// stories finally shown are compared by their text.
//
// Thread safety: none. const members may run concurrently with each other only;
// recommend/candidate_pool.h adds the locking for the server.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <boost/unordered/unordered_flat_map.hpp>

#include "core/article.h"

namespace wiredesk::recommend {

// Hash of a word or subject key as the index stores it; never 0 (0 separates word runs).
uint64_t TermHash(std::string_view text);
// The key a subject is compared by: its scheme and code (or name when it has no code).
std::string SubjectKey(const core::Subject& subject);
// Hash of the headline's words: two wires sending one story under the same headline, give or
// take case and punctuation, share it.
uint64_t HeadlineKey(const core::Article& article);

class CandidateIndex {
 public:
  using Slot = uint32_t;
  // Key terms kept per story (core/key_terms.h), most telling first: as many as a profile keeps
  // per story read (for_you.cc).
  static constexpr size_t kKeyTerms = 12;

  // Adds `article`, replacing any earlier copy with the same id. The list form is enough; a body,
  // when present, counts towards the key terms as KeyTerms counts it.
  void Add(core::Article article);
  // Removes the story with this id, if present.
  void Remove(core::ArticleId id);
  // Records that the story in `slot` is now in cluster `cluster_id` (the story clusterer's
  // assignment), in cluster_id() and in article().
  void SetCluster(Slot slot, core::ArticleId cluster_id);
  // Removes every story published before `since`.
  void RemoveOlderThan(core::TimePoint since);

  size_t size() const { return by_id_.size(); }  // Live stories.
  Slot slot_count() const { return static_cast<Slot>(ids_.size()); }
  // The slot holding the live story with this id, if any.
  std::optional<Slot> SlotOf(core::ArticleId id) const;
  // Per slot. What the scorer reads of every story sits in arrays of its own, so a pass over
  // all slots touches a few bytes per story rather than a whole Article.
  bool live(Slot slot) const { return live_[slot] != 0; }
  core::ArticleId id(Slot slot) const { return ids_[slot]; }
  core::TimePoint published(Slot slot) const { return published_[slot]; }
  // The story's cluster: core::Article::cluster_id as it was added or last set, and
  // ClusterKey().
  core::ArticleId cluster_id(Slot slot) const { return cluster_ids_[slot]; }
  core::ArticleId cluster_key(Slot slot) const {
    return cluster_ids_[slot] != 0 ? cluster_ids_[slot] : ids_[slot];
  }
  // The story as it was added, without its body; lists compare its section, headline key and
  // cluster.
  const core::Article& article(Slot slot) const { return stories_[slot].article; }
  uint64_t headline_key(Slot slot) const { return stories_[slot].headline_key; }
  // The slot's section as an index into sections(); equal paths share one index.
  uint32_t section_of(Slot slot) const { return sections_of_[slot]; }
  const std::vector<core::SectionPath>& sections() const { return sections_; }
  // TermHash of each key term, most telling first. The story clusterer compares hundreds of
  // stories' key terms per new story, so they sit in one table, not behind each story.
  std::span<const uint64_t> key_terms(Slot slot) const {
    return {key_term_table_.data() + slot * kKeyTerms, key_term_counts_[slot]};
  }
  uint32_t key_term_count(Slot slot) const { return key_term_counts_[slot]; }
  uint32_t subject_count(Slot slot) const { return subject_counts_[slot]; }

  // Slots (live or dead) whose key terms, subject keys or words hold `hash`; empty when none.
  const std::vector<Slot>& SlotsWithKeyTerm(uint64_t hash) const;
  const std::vector<Slot>& SlotsWithSubject(uint64_t hash) const;
  // Live slots whose headline, summary or one subject name holds `phrase` (word hashes, in
  // order) as consecutive words.
  std::vector<Slot> SlotsWithPhrase(const std::vector<uint64_t>& phrase) const;

 private:
  struct Story {
    core::Article article;
    uint64_t headline_key = 0;
    // Word hashes of headline, summary and each subject name, each run ended by a 0, so a
    // phrase never matches across two of them.
    std::vector<uint64_t> words;
  };

  void Index(Slot slot);
  void Kill(Slot slot);
  void CompactIfMostlyDead();

  // One entry per slot in each.
  std::vector<core::ArticleId> ids_;
  std::vector<core::TimePoint> published_;
  std::vector<core::ArticleId> cluster_ids_;
  std::vector<uint64_t> key_term_table_;  // kKeyTerms per slot; unused entries 0.
  std::vector<uint32_t> sections_of_;
  std::vector<uint32_t> key_term_counts_;
  std::vector<uint32_t> subject_counts_;
  std::vector<unsigned char> live_;
  std::vector<Story> stories_;

  boost::unordered_flat_map<core::ArticleId, Slot> by_id_;
  std::vector<core::SectionPath> sections_;
  std::unordered_map<std::string, uint32_t> section_index_;
  boost::unordered_flat_map<uint64_t, std::vector<Slot>> key_term_slots_;
  boost::unordered_flat_map<uint64_t, std::vector<Slot>> subject_slots_;
  boost::unordered_flat_map<uint64_t, std::vector<Slot>> word_slots_;
};

}  // namespace wiredesk::recommend
