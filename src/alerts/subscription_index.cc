#include "alerts/subscription_index.h"

#include <algorithm>
#include <iterator>
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

constexpr size_t kFilterBits = size_t{1} << 21;  // 256 KiB.

// The two filter bits of a word's hash (the same hash the term map uses, computed once).
std::pair<size_t, size_t> FilterBits(size_t hash) {
  return {hash & (kFilterBits - 1), (hash >> 32) & (kFilterBits - 1)};
}

}  // namespace

SubscriptionIndex::SubscriptionIndex()
    : term_filter_(kFilterBits / 64), by_urgency_(kLowestUrgency + 1) {}

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
  if (inserted) {
    by_anchor_.emplace_back();
    auto [a, b] = FilterBits(TermHash{}(word));
    term_filter_[a / 64] |= uint64_t{1} << (a % 64);
    term_filter_[b / 64] |= uint64_t{1} << (b % 64);
  }
  return it->second;
}

std::optional<SubscriptionIndex::TermId> SubscriptionIndex::Find(std::string_view word) const {
  size_t hash = TermHash{}(word);
  auto [a, b] = FilterBits(hash);
  if (!(term_filter_[a / 64] >> (a % 64) & 1) || !(term_filter_[b / 64] >> (b % 64) & 1))
    return std::nullopt;
  auto it = term_ids_.find(word);
  if (it == term_ids_.end())
    return std::nullopt;
  return it->second;
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
        query.anchor = *std::min_element(
            query.terms.begin(), query.terms.end(),
            [this](TermId a, TermId b) { return by_anchor_[a].size() < by_anchor_[b].size(); });
        query.key = key;
        by_anchor_[query.anchor].push_back(index);
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
        std::erase(by_anchor_[query.anchor], placement.query);
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
  std::shared_lock lock(mutex_);
  // The article as a sequence of known words; kUnknownTerm stands for words no subscription
  // uses and for the breaks between fields, so a phrase never spans headline and body.
  std::vector<TermId> sequence;
  sequence.reserve((article.headline.size() + article.summary.size() + article.body.size()) / 5);
  auto add_words = [&](std::string_view text, core::TextKind kind) {
    core::ForEachWord(text, kind, [&](std::string_view word) {
      sequence.push_back(Find(word).value_or(kUnknownTerm));
    });
    sequence.push_back(kUnknownTerm);
  };
  add_words(article.headline, core::TextKind::kPlain);
  add_words(article.summary, core::TextKind::kHtml);
  add_words(article.body, core::TextKind::kHtml);
  // Most of an article's words are followed by nobody: sorting only the known ones is what
  // keeps this step small (a 750-word story has some 50 known words).
  std::vector<TermId> present;
  present.reserve(64);
  std::copy_if(sequence.begin(), sequence.end(), std::back_inserter(present),
               [](TermId term) { return term != kUnknownTerm; });
  std::sort(present.begin(), present.end());
  present.erase(std::unique(present.begin(), present.end()), present.end());
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

  // The subscriber lists that match, gathered first so the result is sized once: a story can
  // match tens of thousands of readers, and growing the vector would copy them again and again.
  std::vector<const std::vector<SubscriptionMatch>*> matched_lists;
  auto append = [&](const std::vector<SubscriptionMatch>& list) {
    if (!list.empty())
      matched_lists.push_back(&list);
  };
  for (TermId term : present) {
    for (QueryIndex index : by_anchor_[term]) {
      const Query& query = queries_[index];
      if (!std::all_of(query.terms.begin(), query.terms.end(), has))
        continue;
      if (query.kind == SubscriptionKind::kPhrase && !has_phrase(query.terms))
        continue;
      append(query.subscribers);
    }
  }
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
  size_t bytes = VectorBytes(term_filter_) + VectorBytes(queries_) + VectorBytes(free_queries_) +
                 VectorBytes(by_anchor_) + VectorBytes(by_urgency_);
  for (const Query& query : queries_) {
    bytes += VectorBytes(query.terms) + query.key.capacity() + VectorBytes(query.subscribers);
  }
  for (const auto& list : by_anchor_) bytes += VectorBytes(list);
  for (const auto& list : by_urgency_) bytes += VectorBytes(list);
  // Hash maps: a node per element (key, value, next pointer) plus the bucket array.
  constexpr size_t kNode = 16;
  for (const auto& [word, id] : term_ids_) bytes += sizeof(word) + word.capacity() + kNode;
  bytes += term_ids_.bucket_count() * sizeof(void*);
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
