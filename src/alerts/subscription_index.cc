#include "alerts/subscription_index.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <span>

#include "core/words.h"

namespace wiredesk::alerts {
namespace {

constexpr int kLowestUrgency = 9;

template <typename T>
size_t VectorBytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}

constexpr size_t kFilterWords = size_t{1} << 15;  // 2^21 bits, 256 KiB: stays in L2.

uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9;
  x ^= x >> 27;
  x *= 0x94d049bb133111eb;
  return x ^ (x >> 31);
}

// Eight bytes at a time: followed words are short, and this runs on every word of every story.
uint64_t HashWord(std::string_view word) {
  uint64_t hash = 0x9e3779b97f4a7c15 ^ word.size();
  size_t at = 0;
  for (; at + 8 <= word.size(); at += 8) {
    uint64_t chunk;
    std::memcpy(&chunk, word.data() + at, 8);
    hash = Mix(hash ^ chunk);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, word.data() + at, word.size() - at);
  return Mix(hash ^ tail);
}

// The filter word and its two bits for a hash; the table slot uses other bits of the hash.
size_t FilterWord(uint64_t hash) { return hash & (kFilterWords - 1); }
uint64_t FilterMask(uint64_t hash) {
  return (uint64_t{1} << ((hash >> 32) & 63)) | (uint64_t{1} << ((hash >> 38) & 63));
}
size_t SlotOf(uint64_t hash, size_t slots) { return (hash >> 20) & (slots - 1); }

}  // namespace

SubscriptionIndex::SubscriptionIndex()
    : term_slots_(1024), term_filter_(kFilterWords), by_urgency_(kLowestUrgency + 1) {}

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

bool SubscriptionIndex::SlotHolds(const TermSlot& slot, uint64_t hash,
                                  std::string_view word) const {
  if (slot.hash != hash)
    return false;
  if (word.size() > kSlotLetters)
    return term_words_[slot.id] == word;
  return slot.length == word.size() &&
         std::memcmp(slot.letters.data(), word.data(), word.size()) == 0;
}

SubscriptionIndex::TermId SubscriptionIndex::Find(uint64_t hash, std::string_view word) const {
  uint64_t mask = FilterMask(hash);
  if ((term_filter_[FilterWord(hash)] & mask) != mask)
    return kNoTerm;
  const size_t last = term_slots_.size() - 1;
  for (size_t at = SlotOf(hash, term_slots_.size());; at = (at + 1) & last) {
    const TermSlot& slot = term_slots_[at];
    if (slot.id == kNoTerm)
      return kNoTerm;
    if (SlotHolds(slot, hash, word))
      return slot.id;
  }
}

void SubscriptionIndex::PlaceInTable(std::vector<TermSlot>& table, const TermSlot& slot) const {
  size_t at = SlotOf(slot.hash, table.size());
  while (table[at].id != kNoTerm) at = (at + 1) & (table.size() - 1);
  table[at] = slot;
}

SubscriptionIndex::TermId SubscriptionIndex::Intern(std::string_view word) {
  uint64_t hash = HashWord(word);
  if (TermId known = Find(hash, word); known != kNoTerm)
    return known;
  if ((term_words_.size() + 1) * 2 > term_slots_.size()) {
    std::vector<TermSlot> grown(term_slots_.size() * 2);
    for (const TermSlot& slot : term_slots_) {
      if (slot.id != kNoTerm)
        PlaceInTable(grown, slot);
    }
    term_slots_ = std::move(grown);
  }
  TermSlot slot{.hash = hash,
                .id = static_cast<TermId>(term_words_.size()),
                .length = static_cast<uint8_t>(std::min<size_t>(word.size(), 255)),
                .letters = {}};
  std::memcpy(slot.letters.data(), word.data(), std::min(word.size(), kSlotLetters));
  PlaceInTable(term_slots_, slot);
  term_words_.emplace_back(word);
  term_filter_[FilterWord(hash)] |= FilterMask(hash);
  by_anchor_.emplace_back();
  return slot.id;
}

core::Status SubscriptionIndex::Add(const Subscription& subscription) {
  Placement placement;
  placement.kind = subscription.kind;
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
      placement.key = NormaliseKey(subscription.value);
      if (placement.key.empty())
        return core::MakeError(core::ErrorCode::kInvalidArgument, "empty section or subject");
      break;
    case SubscriptionKind::kBreaking:
      if (subscription.max_urgency < 1 || subscription.max_urgency > kLowestUrgency)
        return core::MakeError(core::ErrorCode::kInvalidArgument, "urgency must be 1..9");
      placement.max_urgency = subscription.max_urgency;
      break;
  }
  const SubscriptionMatch match{subscription.id, subscription.reader};

  std::unique_lock lock(mutex_);
  if (auto it = placements_.find(subscription.id); it != placements_.end()) {
    Unlink(it->first, it->second);
    placements_.erase(it);
  }
  switch (placement.kind) {
    case SubscriptionKind::kWords:
    case SubscriptionKind::kPhrase: {
      // A one-word phrase is the word: both kinds share the query then.
      bool phrase = placement.kind == SubscriptionKind::kPhrase && words.size() > 1;
      std::string key(1, phrase ? 'p' : 'w');
      for (const std::string& word : words) key += word + " ";
      auto [it, inserted] = query_by_key_.try_emplace(key, 0);
      if (inserted) {
        QueryIndex index;
        if (!free_queries_.empty()) {
          index = free_queries_.back();
          free_queries_.pop_back();
        } else {
          index = static_cast<QueryIndex>(queries_.size());
          queries_.emplace_back();
        }
        Query& query = queries_[index];
        query.kind = phrase ? SubscriptionKind::kPhrase : SubscriptionKind::kWords;
        for (const std::string& word : words) query.terms.push_back(Intern(word));
        // The rarest word so far is the best anchor: fewest queries to verify per article.
        auto anchor = std::min_element(
            query.terms.begin(), query.terms.end(),
            [this](TermId a, TermId b) { return by_anchor_[a].size() < by_anchor_[b].size(); });
        query.anchor = *anchor;
        query.key = key;
        Posting posting{
            .query = index, .others = {}, .anchor_at = 0, .phrase = phrase, .overflow = false};
        posting.others.fill(kNoTerm);
        size_t inline_terms = 0;
        for (auto term = query.terms.begin(); term != query.terms.end(); ++term) {
          if (term == anchor) {
            posting.anchor_at =
                static_cast<uint8_t>(std::min<long>(term - query.terms.begin(), 255));
            continue;
          }
          if (inline_terms == kInlineTerms) {
            posting.overflow = true;
            break;
          }
          posting.others[inline_terms++] = *term;
        }
        by_anchor_[query.anchor].push_back(posting);
        it->second = index;
      }
      placement.query = it->second;
      queries_[it->second].subscribers.push_back(match);
      break;
    }
    case SubscriptionKind::kSection:
      by_section_[placement.key].push_back(match);
      break;
    case SubscriptionKind::kSubject:
      by_subject_[placement.key].push_back(match);
      break;
    case SubscriptionKind::kBreaking:
      by_urgency_[static_cast<size_t>(placement.max_urgency)].push_back(match);
      break;
  }
  placements_.emplace(subscription.id, std::move(placement));
  return {};
}

void SubscriptionIndex::Unlink(SubscriptionId id, const Placement& placement) {
  auto erase_from = [id](std::vector<SubscriptionMatch>& list) {
    std::erase_if(list, [id](const SubscriptionMatch& m) { return m.subscription == id; });
  };
  switch (placement.kind) {
    case SubscriptionKind::kWords:
    case SubscriptionKind::kPhrase: {
      Query& query = queries_[placement.query];
      erase_from(query.subscribers);
      if (query.subscribers.empty()) {
        std::erase_if(by_anchor_[query.anchor], [&placement](const Posting& posting) {
          return posting.query == placement.query;
        });
        query_by_key_.erase(query.key);
        query = Query{};
        free_queries_.push_back(placement.query);
      }
      break;
    }
    case SubscriptionKind::kSection:
      erase_from(by_section_[placement.key]);
      break;
    case SubscriptionKind::kSubject:
      erase_from(by_subject_[placement.key]);
      break;
    case SubscriptionKind::kBreaking:
      erase_from(by_urgency_[static_cast<size_t>(placement.max_urgency)]);
      break;
  }
}

bool SubscriptionIndex::Remove(SubscriptionId id) {
  std::unique_lock lock(mutex_);
  auto it = placements_.find(id);
  if (it == placements_.end())
    return false;
  Unlink(it->first, it->second);
  placements_.erase(it);
  return true;
}

size_t SubscriptionIndex::size() const {
  std::shared_lock lock(mutex_);
  return placements_.size();
}

std::vector<SubscriptionMatch> SubscriptionIndex::Match(const ArticleText& article) const {
  std::vector<SubscriptionMatch> matches;
  MatchInto(article, matches);
  return matches;
}

void SubscriptionIndex::MatchInto(const ArticleText& article,
                                  std::vector<SubscriptionMatch>& matches) const {
  matches.clear();
  // Matching is bound by memory latency, not arithmetic: a story touches a few hundred places
  // scattered over an index of a hundred megabytes. So each step first gathers the addresses it
  // will need and asks for them all (__builtin_prefetch), then reads them, letting the misses
  // overlap instead of waiting for them one at a time.

  // The article's words, each with its hash. A word is a view into the article when it needed no
  // case folding (most do not), else into `folded`, reserved up front so it never moves. An
  // empty word marks the break between fields, so a phrase never spans headline and body.
  struct ArticleWord {
    uint64_t hash = 0;
    std::string_view text;
  };
  size_t text_size = article.headline.size() + article.summary.size() + article.body.size();
  std::string folded;
  folded.reserve(text_size);
  std::vector<ArticleWord> words;
  words.reserve(text_size / 5 + 3);
  auto add_words = [&](std::string_view text, core::TextKind kind) {
    std::less_equal<const char*> not_after;
    core::ForEachWord(text, kind, [&](std::string_view word) {
      std::string_view kept = word;
      if (!not_after(text.data(), word.data()) ||
          !not_after(word.data(), text.data() + text.size())) {
        size_t at = folded.size();
        folded += word;
        kept = std::string_view(folded).substr(at);
      }
      words.push_back({HashWord(kept), kept});
    });
    words.push_back({});
  };
  add_words(article.headline, core::TextKind::kPlain);
  add_words(article.summary, core::TextKind::kHtml);
  add_words(article.body, core::TextKind::kHtml);

  std::shared_lock lock(mutex_);
  // Words the filter lets through (most are turned away in L2), then their table slots.
  std::vector<uint32_t> candidates;
  candidates.reserve(128);
  for (size_t i = 0; i < words.size(); ++i) {
    const ArticleWord& word = words[i];
    uint64_t mask = FilterMask(word.hash);
    if (word.text.empty() || (term_filter_[FilterWord(word.hash)] & mask) != mask)
      continue;
    __builtin_prefetch(&term_slots_[SlotOf(word.hash, term_slots_.size())]);
    candidates.push_back(static_cast<uint32_t>(i));
  }
  // The article as a sequence of followed words; kNoTerm stands for the rest and the breaks.
  std::vector<TermId> sequence(words.size(), kNoTerm);
  std::vector<TermId> present;
  present.reserve(candidates.size());
  for (uint32_t i : candidates) {
    const ArticleWord& word = words[i];
    TermId term = Find(word.hash, word.text);
    sequence[i] = term;
    if (term != kNoTerm) {
      present.push_back(term);
      __builtin_prefetch(&by_anchor_[term]);
    }
  }
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
  for (TermId term : present) {
    if (!by_anchor_[term].empty())
      __builtin_prefetch(by_anchor_[term].data());
  }
  auto has = [&present](TermId term) {
    return std::binary_search(present.begin(), present.end(), term);
  };
  auto has_phrase = [&sequence](std::span<const TermId> phrase) {
    if (phrase.size() > sequence.size())
      return false;
    for (size_t at = 0; at + phrase.size() <= sequence.size(); ++at) {
      if (std::equal(phrase.begin(), phrase.end(), sequence.begin() + static_cast<long>(at)))
        return true;
    }
    return false;
  };

  std::vector<QueryIndex> matched_queries;
  for (TermId term : present) {
    for (const Posting& posting : by_anchor_[term]) {
      if (!std::all_of(posting.others.begin(), posting.others.end(),
                       [&has](TermId other) { return other == kNoTerm || has(other); }))
        continue;
      if (posting.overflow) {
        const Query& query = queries_[posting.query];
        if (!std::all_of(query.terms.begin(), query.terms.end(), has) ||
            (posting.phrase && !has_phrase(query.terms)))
          continue;
      } else if (posting.phrase) {
        std::array<TermId, kInlineTerms + 1> phrase{};
        size_t length = 0;
        for (TermId other : posting.others) {
          if (length == posting.anchor_at)
            phrase[length++] = term;
          if (other != kNoTerm)
            phrase[length++] = other;
        }
        if (length == posting.anchor_at)
          phrase[length++] = term;
        if (!has_phrase(std::span(phrase.data(), length)))
          continue;
      }
      __builtin_prefetch(&queries_[posting.query].subscribers);
      matched_queries.push_back(posting.query);
    }
  }

  // The subscriber lists that match, gathered first so the result is sized once: a story can
  // match tens of thousands of readers, and growing the vector would copy them again and again.
  std::vector<const std::vector<SubscriptionMatch>*> matched_lists;
  auto append = [&](const std::vector<SubscriptionMatch>& list) {
    if (!list.empty())
      matched_lists.push_back(&list);
  };
  for (QueryIndex index : matched_queries) append(queries_[index].subscribers);
  // A section subscription covers its subtree: news/world/europe matches "news/world" and "news".
  std::string section = NormaliseKey(article.section);
  while (!section.empty()) {
    if (auto it = by_section_.find(section); it != by_section_.end())
      append(it->second);
    size_t slash = section.rfind('/');
    section.resize(slash == std::string::npos ? 0 : slash);
  }
  std::vector<std::string> subjects;
  for (std::string_view subject : article.subjects) subjects.push_back(NormaliseKey(subject));
  std::sort(subjects.begin(), subjects.end());
  subjects.erase(std::unique(subjects.begin(), subjects.end()), subjects.end());
  for (const std::string& subject : subjects) {
    if (auto it = by_subject_.find(subject); it != by_subject_.end())
      append(it->second);
  }
  if (article.urgency && *article.urgency >= 1) {
    for (int threshold = std::min(*article.urgency, kLowestUrgency + 1);
         threshold <= kLowestUrgency; ++threshold) {
      append(by_urgency_[static_cast<size_t>(threshold)]);
    }
  }
  size_t total = 0;
  for (const auto* list : matched_lists) total += list->size();
  matches.reserve(total);
  for (const auto* list : matched_lists) matches.insert(matches.end(), list->begin(), list->end());
}

size_t SubscriptionIndex::MemoryBytes() const {
  std::shared_lock lock(mutex_);
  size_t bytes = VectorBytes(term_slots_) + VectorBytes(term_words_) + VectorBytes(term_filter_) +
                 VectorBytes(queries_) + VectorBytes(free_queries_) + VectorBytes(by_anchor_) +
                 VectorBytes(by_urgency_);
  for (const Query& query : queries_) {
    bytes += VectorBytes(query.terms) + query.key.capacity() + VectorBytes(query.subscribers);
  }
  for (const auto& list : by_anchor_) bytes += VectorBytes(list);
  for (const auto& list : by_urgency_) bytes += VectorBytes(list);
  // Hash maps: a node per element (key, value, next pointer) plus the bucket array.
  constexpr size_t kNode = 16;
  for (const std::string& word : term_words_) {
    if (word.capacity() > 15)  // Beyond the string's own buffer.
      bytes += word.capacity() + 1;
  }
  for (const auto& [key, index] : query_by_key_) bytes += sizeof(key) + key.capacity() + kNode;
  bytes += query_by_key_.bucket_count() * sizeof(void*);
  for (const auto& [id, placement] : placements_) {
    bytes += sizeof(id) + sizeof(placement) + placement.key.capacity() + kNode;
  }
  bytes += placements_.bucket_count() * sizeof(void*);
  for (const auto* map : {&by_section_, &by_subject_}) {
    for (const auto& [key, list] : *map) {
      bytes += sizeof(key) + key.capacity() + VectorBytes(list) + kNode;
    }
    bytes += map->bucket_count() * sizeof(void*);
  }
  return bytes;
}

}  // namespace wiredesk::alerts
