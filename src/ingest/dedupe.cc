#include "ingest/dedupe.h"

#include <array>
#include <bit>

namespace wiredesk::ingest {
namespace {

constexpr int kShingleWords = 3;
constexpr int kBandBits = 64 / kBands;

bool IsWordByte(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

// FNV-1a over the lower-cased words, then a splitmix64 finaliser: FNV alone leaves the high
// bits of short inputs poorly mixed, and SimHash needs every bit to be a fair coin.
uint64_t HashShingle(const std::string_view* words, int count) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (int i = 0; i < count; ++i) {
    for (char ch : words[i]) {
      unsigned char c = static_cast<unsigned char>(ch);
      if (c >= 'A' && c <= 'Z')
        c = static_cast<unsigned char>(c - 'A' + 'a');
      h = (h ^ c) * 0x100000001b3ULL;
    }
    h = (h ^ 0x1f) * 0x100000001b3ULL;  // A separator, so "ab c" and "a bc" differ.
  }
  h += 0x9e3779b97f4a7c15ULL;
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ULL;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebULL;
  return h ^ (h >> 31);
}

// kSpread[b] holds bit i of b in byte i: a byte's bits as eight counters of one.
constexpr std::array<uint64_t, 256> MakeSpread() {
  std::array<uint64_t, 256> spread{};
  for (size_t b = 0; b < 256; ++b) {
    for (int i = 0; i < 8; ++i) {
      if ((b >> i) & 1)
        spread[b] |= uint64_t{1} << (8 * i);
    }
  }
  return spread;
}
constexpr std::array<uint64_t, 256> kSpread = MakeSpread();

}  // namespace

std::vector<std::string_view> DedupeWords(std::string_view html) {
  std::vector<std::string_view> words;
  size_t i = 0;
  const size_t n = html.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(html[i]);
    if (c == '<') {
      size_t end = html.find('>', i);
      i = end == std::string_view::npos ? n : end + 1;
      continue;
    }
    if (c == '&') {
      // An entity reference is at most a few dozen characters; a bare '&' is just a separator.
      size_t j = i + 1;
      while (j < n && j - i < 32 &&
             (IsWordByte(static_cast<unsigned char>(html[j])) || html[j] == '#')) {
        ++j;
      }
      i = j < n && html[j] == ';' ? j + 1 : i + 1;
      continue;
    }
    if (!IsWordByte(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < n && IsWordByte(static_cast<unsigned char>(html[i]))) ++i;
    words.push_back(html.substr(start, i - start));
  }
  return words;
}

uint64_t SimHash(const std::vector<std::string_view>& words, int* shingle_count) {
  const int n = static_cast<int>(words.size());
  const int width = n < kShingleWords ? n : kShingleWords;
  const int shingles = n == 0 ? 0 : n - width + 1;
  if (shingle_count != nullptr)
    *shingle_count = shingles;
  if (shingles == 0)
    return 0;
  // Bit b of the SimHash is set when more shingle hashes have b set than clear. The ones are
  // counted eight bits at a time: kSpread puts each bit of a byte into a byte lane of its own,
  // so one add counts eight bits, and the lanes are emptied before a byte can overflow.
  uint32_t ones[64] = {};
  uint64_t lanes[8] = {};
  auto flush = [&] {
    for (int k = 0; k < 8; ++k) {
      for (int i = 0; i < 8; ++i)
        ones[k * 8 + i] += static_cast<uint32_t>((lanes[k] >> (8 * i)) & 0xff);
      lanes[k] = 0;
    }
  };
  int pending = 0;
  for (int s = 0; s < shingles; ++s) {
    const uint64_t h = HashShingle(words.data() + s, width);
    for (int k = 0; k < 8; ++k) lanes[k] += kSpread[(h >> (8 * k)) & 0xff];
    if (++pending == 255) {
      flush();
      pending = 0;
    }
  }
  flush();
  uint64_t out = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (2 * static_cast<int64_t>(ones[bit]) > shingles)
      out |= uint64_t{1} << bit;
  }
  return out;
}

Fingerprint MakeFingerprint(std::string_view headline, std::string_view body_html) {
  std::vector<std::string_view> words = DedupeWords(headline);
  const size_t headline_words = words.size();
  std::vector<std::string_view> body = DedupeWords(body_html);
  words.insert(words.end(), body.begin(), body.end());
  Fingerprint fp;
  fp.simhash = SimHash(words, &fp.shingles);
  fp.body_words = static_cast<int>(words.size() - headline_words);
  return fp;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

std::array<int64_t, kBands> BandKeys(uint64_t simhash) {
  std::array<int64_t, kBands> keys{};
  constexpr uint64_t kMask = (uint64_t{1} << kBandBits) - 1;
  for (int i = 0; i < kBands; ++i) {
    keys[static_cast<size_t>(i)] =
        (int64_t{i} << kBandBits) | static_cast<int64_t>((simhash >> (i * kBandBits)) & kMask);
  }
  return keys;
}

}  // namespace wiredesk::ingest
