#include "core/key_terms.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "core/words.h"

namespace wiredesk::core {
namespace {

// Words too common in English news to say what a story is about.
const std::unordered_set<std::string_view>& StopWords() {
  static const std::unordered_set<std::string_view> words = {
      "the",     "and",       "for",      "that",    "with",     "was",     "were",      "are",
      "has",     "have",      "had",      "but",     "not",      "from",    "this",      "which",
      "will",    "would",     "said",     "says",    "its",      "their",   "they",      "them",
      "his",     "her",       "she",      "him",     "who",      "whom",    "been",      "being",
      "also",    "than",      "then",     "there",   "these",    "those",   "into",      "over",
      "after",   "before",    "about",    "more",    "most",     "other",   "some",      "such",
      "only",    "can",       "could",    "should",  "may",      "might",   "must",      "our",
      "out",     "one",       "two",      "all",     "any",      "each",    "when",      "where",
      "what",    "while",     "how",      "why",     "you",      "your",    "yes",       "did",
      "does",    "doing",     "very",     "just",    "under",    "again",   "last",      "new",
      "year",    "years",     "per",      "mln",     "pct",      "reuter",  "reuters",   "told",
      "added",   "week",      "between",  "through", "during",   "against", "because",   "both",
      "same",    "own",       "off",      "now",     "first",    "today",   "yesterday", "monday",
      "tuesday", "wednesday", "thursday", "friday",  "saturday", "sunday"};
  return words;
}

// Word counts looked up by view, so a word seen again costs no allocation.
struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view word) const { return std::hash<std::string_view>{}(word); }
};
using WordCounts = std::unordered_map<std::string, int, WordHash, std::equal_to<>>;

// Adds `weight` to the count of every telling word of `text`.
void CountWords(std::string_view text, TextKind kind, int weight, WordCounts& counts) {
  ForEachWord(text, kind, [&](std::string_view word) {
    if (word.size() < 3)
      return;
    bool has_letter = std::any_of(word.begin(), word.end(), [](char ch) {
      return std::isalpha(static_cast<unsigned char>(ch)) || static_cast<unsigned char>(ch) >= 0x80;
    });
    if (!has_letter)
      return;
    if (auto it = counts.find(word); it != counts.end()) {
      it->second += weight;
    } else if (!StopWords().contains(word)) {
      counts.emplace(std::string(word), weight);
    }
  });
}

}  // namespace

std::vector<std::string> KeyTerms(std::string_view headline, std::string_view summary_html,
                                  std::string_view body_html, int max_terms) {
  if (max_terms <= 0)
    return {};
  WordCounts counts;
  counts.reserve(64);
  // A headline is plain text: Reuters' "<GEORGE WESTON LTD> YEAR NET" names a company, not a tag.
  CountWords(headline, TextKind::kPlain, 3, counts);
  CountWords(summary_html, TextKind::kHtml, 1, counts);
  CountWords(body_html, TextKind::kHtml, 1, counts);
  std::vector<std::pair<std::string_view, int>> ranked(counts.begin(), counts.end());
  // Most frequent first; ties by the longer word (longer words tend to be rarer), then
  // alphabetically so the query is stable.
  auto better = [](const auto& a, const auto& b) {
    if (a.second != b.second)
      return a.second > b.second;
    if (a.first.size() != b.first.size())
      return a.first.size() > b.first.size();
    return a.first < b.first;
  };
  const auto kept = ranked.begin() + std::min<long>(max_terms, static_cast<long>(ranked.size()));
  std::partial_sort(ranked.begin(), kept, ranked.end(), better);
  std::vector<std::string> terms;
  for (auto it = ranked.begin(); it != kept; ++it) terms.emplace_back(it->first);
  return terms;
}

std::vector<std::string> KeyTerms(const Article& article, int max_terms) {
  return KeyTerms(article.headline, article.summary_html, article.body_html, max_terms);
}

}  // namespace wiredesk::core
