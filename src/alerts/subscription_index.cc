#include "alerts/subscription_index.h"

#include <algorithm>
#include <limits>
#include <mutex>

#include "core/words.h"

namespace wiredesk::alerts {
namespace {

constexpr uint32_t kUnknownTerm = std::numeric_limits<uint32_t>::max();
constexpr int kLowestUrgency = 9;

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

}  // namespace

SubscriptionIndex::SubscriptionIndex() : by_urgency_(kLowestUrgency + 1) {}

std::string SubscriptionIndex::NormaliseKey(std::string_view value) {
  std::string key;
  size_t begin = value.find_first_not_of(" \t/");
  size_t end = value.find_last_not_of(" \t/");
  if (begin == std::string_view::npos)
    return key;
  for (char c : value.substr(begin, end - begin + 1)) {
    key += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return key;
}

SubscriptionIndex::TermId SubscriptionIndex::Intern(std::string_view word) {
  auto [it, inserted] =
      term_ids_.try_emplace(std::string(word), static_cast<TermId>(term_ids_.size()));
  if (inserted)
    by_anchor_.emplace_back();
  return it->second;
}

std::optional<SubscriptionIndex::TermId> SubscriptionIndex::Find(std::string_view word) const {
  // Heterogeneous lookup needs C++20 transparent hashing; a temporary key is cheap next to the
  // hash itself for words this short.
  auto it = term_ids_.find(std::string(word));
  if (it == term_ids_.end())
    return std::nullopt;
  return it->second;
}

core::Status SubscriptionIndex::Add(const Subscription& subscription) {
  Entry entry;
  entry.id = subscription.id;
  entry.reader = subscription.reader;
  entry.kind = subscription.kind;
  entry.live = true;
  std::vector<std::string> words;
  switch (subscription.kind) {
    case SubscriptionKind::kWords:
    case SubscriptionKind::kPhrase:
      words = core::Words(subscription.value);
      if (words.empty()) {
        return core::MakeError(core::ErrorCode::kInvalidArgument,
                               "a followed word or name needs at least one letter or digit");
      }
      break;
    case SubscriptionKind::kSection:
    case SubscriptionKind::kSubject:
      entry.key = NormaliseKey(subscription.value);
      if (entry.key.empty())
        return core::MakeError(core::ErrorCode::kInvalidArgument, "empty section or subject");
      break;
    case SubscriptionKind::kBreaking:
      if (subscription.max_urgency < 1 || subscription.max_urgency > kLowestUrgency)
        return core::MakeError(core::ErrorCode::kInvalidArgument, "urgency must be 1..9");
      entry.max_urgency = subscription.max_urgency;
      break;
  }

  std::unique_lock lock(mutex_);
  if (auto it = slot_of_.find(subscription.id); it != slot_of_.end())
    Unlink(it->second);
  for (const std::string& word : words) entry.terms.push_back(Intern(word));
  Slot slot;
  if (!free_slots_.empty()) {
    slot = free_slots_.back();
    free_slots_.pop_back();
  } else {
    slot = static_cast<Slot>(entries_.size());
    entries_.emplace_back();
  }
  switch (entry.kind) {
    case SubscriptionKind::kWords:
    case SubscriptionKind::kPhrase: {
      // The rarest word so far is the best anchor: fewest candidates to verify per article.
      entry.anchor = *std::min_element(
          entry.terms.begin(), entry.terms.end(),
          [this](TermId a, TermId b) { return by_anchor_[a].size() < by_anchor_[b].size(); });
      by_anchor_[entry.anchor].push_back(slot);
      break;
    }
    case SubscriptionKind::kSection:
      by_section_[entry.key].push_back(slot);
      break;
    case SubscriptionKind::kSubject:
      by_subject_[entry.key].push_back(slot);
      break;
    case SubscriptionKind::kBreaking:
      by_urgency_[entry.max_urgency].push_back(slot);
      break;
  }
  entries_[slot] = std::move(entry);
  slot_of_[subscription.id] = slot;
  ++live_count_;
  return {};
}

void SubscriptionIndex::Unlink(Slot slot) {
  Entry& entry = entries_[slot];
  auto erase_from = [slot](std::vector<Slot>& list) { std::erase(list, slot); };
  switch (entry.kind) {
    case SubscriptionKind::kWords:
    case SubscriptionKind::kPhrase:
      erase_from(by_anchor_[entry.anchor]);
      break;
    case SubscriptionKind::kSection:
      erase_from(by_section_[entry.key]);
      break;
    case SubscriptionKind::kSubject:
      erase_from(by_subject_[entry.key]);
      break;
    case SubscriptionKind::kBreaking:
      erase_from(by_urgency_[entry.max_urgency]);
      break;
  }
  slot_of_.erase(entry.id);
  entry = Entry{};
  free_slots_.push_back(slot);
  --live_count_;
}

bool SubscriptionIndex::Remove(SubscriptionId id) {
  std::unique_lock lock(mutex_);
  auto it = slot_of_.find(id);
  if (it == slot_of_.end())
    return false;
  Unlink(it->second);
  return true;
}

size_t SubscriptionIndex::size() const {
  std::shared_lock lock(mutex_);
  return live_count_;
}

std::vector<SubscriptionMatch> SubscriptionIndex::Match(const ArticleText& article) const {
  std::shared_lock lock(mutex_);
  // The article as a sequence of known words; kUnknownTerm stands for words no subscription
  // uses and for the breaks between fields, so a phrase never spans headline and body.
  std::vector<TermId> sequence;
  auto add_words = [&](std::string_view text, core::TextKind kind) {
    core::ForEachWord(text, kind, [&](std::string_view word) {
      sequence.push_back(Find(word).value_or(kUnknownTerm));
    });
    sequence.push_back(kUnknownTerm);
  };
  add_words(article.headline, core::TextKind::kPlain);
  add_words(article.summary, core::TextKind::kHtml);
  add_words(article.body, core::TextKind::kHtml);
  std::vector<TermId> present = sequence;
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  if (!present.empty() && present.back() == kUnknownTerm)
    present.pop_back();
  auto has = [&present](TermId term) {
    return std::binary_search(present.begin(), present.end(), term);
  };
  auto has_phrase = [&sequence](const std::vector<TermId>& phrase) {
    if (phrase.size() > sequence.size())
      return false;
    for (size_t at = 0; at + phrase.size() <= sequence.size(); ++at) {
      if (std::equal(phrase.begin(), phrase.end(), sequence.begin() + static_cast<long>(at)))
        return true;
    }
    return false;
  };

  std::vector<SubscriptionMatch> matches;
  auto add = [&](Slot slot) { matches.push_back({entries_[slot].id, entries_[slot].reader}); };
  for (TermId term : present) {
    for (Slot slot : by_anchor_[term]) {
      const Entry& entry = entries_[slot];
      if (!std::all_of(entry.terms.begin(), entry.terms.end(), has))
        continue;
      if (entry.kind == SubscriptionKind::kPhrase && entry.terms.size() > 1 &&
          !has_phrase(entry.terms)) {
        continue;
      }
      add(slot);
    }
  }
  // A section subscription covers its subtree: news/world/europe matches "news/world" and "news".
  std::string section = NormaliseKey(article.section);
  while (!section.empty()) {
    if (auto it = by_section_.find(section); it != by_section_.end())
      std::for_each(it->second.begin(), it->second.end(), add);
    size_t slash = section.rfind('/');
    section.resize(slash == std::string::npos ? 0 : slash);
  }
  std::vector<std::string> subjects;
  for (std::string_view subject : article.subjects) subjects.push_back(NormaliseKey(subject));
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  for (const std::string& subject : subjects) {
    if (auto it = by_subject_.find(subject); it != by_subject_.end())
      std::for_each(it->second.begin(), it->second.end(), add);
  }
  if (article.urgency && *article.urgency >= 1) {
    for (int threshold = std::min(*article.urgency, kLowestUrgency + 1);
         threshold <= kLowestUrgency; ++threshold) {
      std::for_each(by_urgency_[threshold].begin(), by_urgency_[threshold].end(), add);
    }
  }
  std::sort(matches.begin(), matches.end(),
            [](const SubscriptionMatch& a, const SubscriptionMatch& b) {
              return a.reader != b.reader ? a.reader < b.reader : a.subscription < b.subscription;
            });
  matches.erase(std::unique(matches.begin(), matches.end(),
                            [](const SubscriptionMatch& a, const SubscriptionMatch& b) {
                              return a.subscription == b.subscription;
                            }),
                matches.end());
  return matches;
}

size_t SubscriptionIndex::MemoryBytes() const {
  std::shared_lock lock(mutex_);
  size_t bytes = VectorBytes(entries_) + VectorBytes(free_slots_) + VectorBytes(by_anchor_) +
                 VectorBytes(by_urgency_);
  for (const Entry& entry : entries_) bytes += VectorBytes(entry.terms) + entry.key.capacity();
  for (const auto& list : by_anchor_) bytes += VectorBytes(list);
  for (const auto& list : by_urgency_) bytes += VectorBytes(list);
  // Hash maps: a node per element (key, value, next pointer) plus the bucket array.
  for (const auto& [word, id] : term_ids_) bytes += sizeof(word) + word.capacity() + 16;
  bytes += term_ids_.bucket_count() * sizeof(void*);
  bytes += slot_of_.size() * (sizeof(SubscriptionId) + sizeof(Slot) + 16) +
           slot_of_.bucket_count() * sizeof(void*);
  for (const auto* map : {&by_section_, &by_subject_}) {
    for (const auto& [key, list] : *map)
      bytes += sizeof(key) + key.capacity() + VectorBytes(list) + 16;
    bytes += map->bucket_count() * sizeof(void*);
  }
  return bytes;
}

}  // namespace wiredesk::alerts
