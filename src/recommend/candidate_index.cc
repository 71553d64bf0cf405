#include "recommend/candidate_index.h"

#include <algorithm>
#include <functional>
#include <string>

#include "core/key_terms.h"
#include "core/words.h"

namespace wiredesk::recommend {
namespace {

const std::vector<CandidateIndex::Slot>& NoSlots() {
  static const std::vector<CandidateIndex::Slot> none;
  return none;
}

const std::vector<CandidateIndex::Slot>& Find(
    const boost::unordered_flat_map<uint64_t, std::vector<CandidateIndex::Slot>>& postings,
    uint64_t hash) {
  auto it = postings.find(hash);
  return it == postings.end() ? NoSlots() : it->second;
}

void AppendWords(std::string_view text, core::TextKind kind, std::vector<uint64_t>& out) {
  core::ForEachWord(text, kind, [&](std::string_view word) { out.push_back(TermHash(word)); });
  out.push_back(0);
}

}  // namespace

uint64_t TermHash(std::string_view text) {
  uint64_t hash = std::hash<std::string_view>{}(text);
  return hash == 0 ? 1 : hash;
}

std::string SubjectKey(const core::Subject& subject) {
  return subject.scheme + "\x1f" + (subject.code.empty() ? subject.name : subject.code);
}

uint64_t HeadlineKey(const core::Article& article) {
  uint64_t key = 0;
  core::ForEachWord(article.headline, core::TextKind::kPlain, [&](std::string_view word) {
    // Order matters: "A beats B" is not "B beats A".
    key = key * 1'000'003 + TermHash(word);
  });
  return key;
}

void CandidateIndex::Add(core::Article article) {
  Remove(article.id);
  const std::string section = article.section.ToString();
  auto [it, added] = section_index_.emplace(section, static_cast<uint32_t>(sections_.size()));
  if (added)
    sections_.push_back(article.section);
  Story story;
  story.headline_key = HeadlineKey(article);
  AppendWords(article.headline, core::TextKind::kPlain, story.words);
  AppendWords(article.summary_html, core::TextKind::kHtml, story.words);
  for (const core::Subject& subject : article.subjects)
    AppendWords(subject.name, core::TextKind::kPlain, story.words);
  const std::vector<std::string> key_terms = core::KeyTerms(article, kKeyTerms);
  const Slot slot = slot_count();
  by_id_[article.id] = slot;
  ids_.push_back(article.id);
  published_.push_back(article.published);
  cluster_ids_.push_back(article.cluster_id);
  key_term_table_.resize(key_term_table_.size() + kKeyTerms, 0);
  for (size_t i = 0; i < key_terms.size() && i < kKeyTerms; ++i)
    key_term_table_[slot * kKeyTerms + i] = TermHash(key_terms[i]);
  sections_of_.push_back(it->second);
  key_term_counts_.push_back(static_cast<uint32_t>(std::min(key_terms.size(), kKeyTerms)));
  subject_counts_.push_back(static_cast<uint32_t>(article.subjects.size()));
  live_.push_back(1);
  // The body has given its key terms; nothing reads it again, and the story clusterer adds
  // whole stories.
  article.body_html = std::string();
  story.article = std::move(article);
  stories_.push_back(std::move(story));
  Index(slot);
}

void CandidateIndex::Index(Slot slot) {
  const Story& story = stories_[slot];
  for (uint64_t hash : key_terms(slot)) key_term_slots_[hash].push_back(slot);
  for (const core::Subject& subject : story.article.subjects)
    subject_slots_[TermHash(SubjectKey(subject))].push_back(slot);
  // A word repeated in the story is posted once; a phrase is checked against the words anyway.
  std::vector<uint64_t> distinct = story.words;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (uint64_t hash : distinct) {
    if (hash != 0)
      word_slots_[hash].push_back(slot);
  }
}

std::optional<CandidateIndex::Slot> CandidateIndex::SlotOf(core::ArticleId id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? std::nullopt : std::optional<Slot>(it->second);
}

void CandidateIndex::Remove(core::ArticleId id) {
  auto it = by_id_.find(id);
  if (it == by_id_.end())
    return;
  Kill(it->second);
  by_id_.erase(it);
  CompactIfMostlyDead();
}

void CandidateIndex::SetCluster(Slot slot, core::ArticleId cluster_id) {
  cluster_ids_[slot] = cluster_id;
  stories_[slot].article.cluster_id = cluster_id;
}

void CandidateIndex::RemoveOlderThan(core::TimePoint since) {
  std::vector<core::ArticleId> old;
  for (const auto& [id, slot] : by_id_) {
    if (published_[slot] < since)
      old.push_back(id);
  }
  for (core::ArticleId id : old) {
    Kill(by_id_.at(id));
    by_id_.erase(id);
  }
  CompactIfMostlyDead();
}

void CandidateIndex::Kill(Slot slot) {
  live_[slot] = 0;
  // The slot stays until compaction; its text need not.
  stories_[slot] = Story{};
}

void CandidateIndex::CompactIfMostlyDead() {
  if (ids_.size() < 64 || by_id_.size() * 2 >= ids_.size())
    return;
  CandidateIndex live;
  live.sections_ = std::move(sections_);
  live.section_index_ = std::move(section_index_);
  for (Slot slot = 0; slot < slot_count(); ++slot) {
    if (!live_[slot])
      continue;
    const Slot to = live.slot_count();
    live.by_id_[ids_[slot]] = to;
    live.ids_.push_back(ids_[slot]);
    live.published_.push_back(published_[slot]);
    live.cluster_ids_.push_back(cluster_ids_[slot]);
    const auto row = key_term_table_.begin() + static_cast<long>(slot * kKeyTerms);
    live.key_term_table_.insert(live.key_term_table_.end(), row, row + kKeyTerms);
    live.sections_of_.push_back(sections_of_[slot]);
    live.key_term_counts_.push_back(key_term_counts_[slot]);
    live.subject_counts_.push_back(subject_counts_[slot]);
    live.live_.push_back(1);
    live.stories_.push_back(std::move(stories_[slot]));
    live.Index(to);
  }
  *this = std::move(live);
}

const std::vector<CandidateIndex::Slot>& CandidateIndex::SlotsWithKeyTerm(uint64_t hash) const {
  return Find(key_term_slots_, hash);
}

const std::vector<CandidateIndex::Slot>& CandidateIndex::SlotsWithSubject(uint64_t hash) const {
  return Find(subject_slots_, hash);
}

std::vector<CandidateIndex::Slot> CandidateIndex::SlotsWithPhrase(
    const std::vector<uint64_t>& phrase) const {
  std::vector<Slot> out;
  if (phrase.empty())
    return out;
  // The rarest word of the phrase names the few stories worth checking.
  const std::vector<Slot>* fewest = nullptr;
  for (uint64_t hash : phrase) {
    const std::vector<Slot>& slots = Find(word_slots_, hash);
    if (fewest == nullptr || slots.size() < fewest->size())
      fewest = &slots;
  }
  for (Slot slot : *fewest) {
    const Story& story = stories_[slot];
    if (live_[slot] && std::search(story.words.begin(), story.words.end(), phrase.begin(),
                                   phrase.end()) != story.words.end())
      out.push_back(slot);
  }
  return out;
}

}  // namespace wiredesk::recommend
