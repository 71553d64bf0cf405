// Generated text for benchmarks: pronounceable distinct words and Zipf-distributed ranks, so a
// corpus has the word frequencies of real prose without shipping any. Benchmark-only.
#pragma once

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace wiredesk::bench {

// The word of rank `rank`: the rank written in a syllable alphabet ("ka", "lo", ...), so every
// rank has its own word and frequent words are short, as in prose.
inline std::string SyllableWord(int rank) {
  static const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "sa", "to", "vi",
                                           "do", "fe", "gu", "ha", "ji", "be", "po", "zu"};
  std::string word;
  int n = rank + 1;
  while (n > 0) {
    word += kSyllables[n % 16];
    n /= 16;
  }
  return word;
}

// Zipf ranks over [0, n) with exponent s, by inverting the cumulative weights 1 / rank^s.
class Zipf {
 public:
  explicit Zipf(int n, double s = 1.0) : cumulative_(static_cast<size_t>(n)) {
    double sum = 0;
    for (int i = 0; i < n; ++i) cumulative_[static_cast<size_t>(i)] = sum += std::pow(i + 1, -s);
    for (double& c : cumulative_) c /= sum;
  }
  int operator()(std::mt19937_64& random) const {
    double u = std::uniform_real_distribution<double>(0, 1)(random);
    return static_cast<int>(std::lower_bound(cumulative_.begin(), cumulative_.end(), u) -
                            cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace wiredesk::bench
