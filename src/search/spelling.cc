#include "search/spelling.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/search_tokenizer.h"

namespace wiredesk::search {
namespace {

constexpr int kMaxCandidates = 100000;  // Terms read per word; bounds the work on huge indexes.

std::u32string Decode(std::string_view utf8) {
  std::u32string out;
  for (size_t i = 0; i < utf8.size();) {
    auto c = static_cast<unsigned char>(utf8[i]);
    int extra = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    char32_t cp = extra == 0 ? c : extra == 1 ? (c & 0x1F) : extra == 2 ? (c & 0x0F) : (c & 0x07);
    ++i;
    for (int k = 0; k < extra && i < utf8.size(); ++k, ++i)
      cp = (cp << 6) | (static_cast<unsigned char>(utf8[i]) & 0x3F);
    out += cp;
  }
  return out;
}

size_t FirstCharBytes(std::string_view utf8) {
  auto c = static_cast<unsigned char>(utf8[0]);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, utf8.size());
}

// The best index term for `word` (folded), or empty.
std::string BestTerm(store::Store& store, const std::string& word) {
  auto exact = store.SearchTerms(word, word + '\x01', 1);
  if (!exact || !exact->empty())
    return {};  // Known (or the store failed): nothing to suggest.
  std::string from = word.substr(0, FirstCharBytes(word));
  std::string to = from;
  to.back() = static_cast<char>(static_cast<unsigned char>(to.back()) + 1);  // Never 0xFF.
  auto terms = store.SearchTerms(from, to, kMaxCandidates);
  if (!terms)
    return {};
  const std::u32string target = Decode(word);
  const int max = target.size() <= 4 ? 1 : 2;
  std::string best;
  double best_score = -1e9;
  for (const store::IndexTerm& t : *terms) {
    std::u32string candidate = Decode(t.term);
    if (std::abs(static_cast<int>(candidate.size()) - static_cast<int>(target.size())) > max)
      continue;
    int distance = EditDistance(target, candidate, max);
    if (distance > max)
      continue;
    double score = std::log10(1.0 + static_cast<double>(t.documents)) - 2.0 * distance;
    if (score > best_score) {
      best_score = score;
      best = t.term;
    }
  }
  return best;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

}  // namespace

int EditDistance(std::u32string_view a, std::u32string_view b, int max) {
  const size_t n = a.size(), m = b.size();
  if (static_cast<int>(n > m ? n - m : m - n) > max)
    return max + 1;
  // Three rows: the one before last (for transpositions), the last, and the current.
  std::vector<int> two(m + 1), one(m + 1), row(m + 1);
  for (size_t j = 0; j <= m; ++j) one[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    row[0] = static_cast<int>(i);
    int smallest = row[0];
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({one[j] + 1, row[j - 1] + 1, one[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], two[j - 2] + 1);
      smallest = std::min(smallest, row[j]);
    }
    if (smallest > max)
      return max + 1;
    std::swap(two, one);
    std::swap(one, row);
  }
  return std::min(one[m], max + 1);
}

std::string SuggestSpelling(store::Store& store, std::string_view query) {
  thread_local core::SearchTokenizer tokenizer;
  std::string out;
  bool changed = false;
  size_t i = 0;
  while (i < query.size()) {
    if (IsSpace(query[i])) {
      out += query[i++];
      continue;
    }
    size_t end = i;
    if (query[i] == '"' || (query[i] == '-' && i + 1 < query.size() && query[i + 1] == '"')) {
      // A phrase (or an excluded one) is kept whole, to its closing quote.
      size_t close = query.find('"', query[i] == '"' ? i + 1 : i + 2);
      end = close == std::string_view::npos ? query.size() : close + 1;
    } else {
      while (end < query.size() && !IsSpace(query[end])) ++end;
    }
    std::string_view word = query.substr(i, end - i);
    i = end;
    const bool plain = word != "OR" && word.find_first_of("\"*:-") == std::string_view::npos;
    int words = 0;
    if (plain) {
      tokenizer.Tokenize(word, core::TokenizeMode::kPrefix,
                         [&words](const core::SearchToken&) { return ++words < 2; });
    }
    if (words != 1) {
      out += word;
      continue;
    }
    std::string folded = tokenizer.Fold(word);
    std::string best = BestTerm(store, folded);
    if (best.empty()) {
      out += word;
    } else {
      out += best;
      changed = true;
    }
  }
  return changed ? out : std::string();
}

}  // namespace wiredesk::search
