// Dedupe fingerprints: how ingest tells that two items from different guids or sources are the
// same story.
//
// Two tests, cheapest first:
//   * exact: the SHA-256 of the body's text (DESIGN.md's text hash) is equal, for bodies long
//     enough that equal text means the same story (kMinExactWords);
//   * near: the 64-bit SimHashes of headline + body, over 3-word shingles, differ in at most
//     kNearDuplicateMaxDistance bits. The store finds candidates by exact lookups of the
//     fingerprint's kBands 16-bit bands: two hashes within kBands - 1 bits of each other agree on
//     at least one band (pigeonhole), so the banded lookup misses no pair under the threshold.
//
// The numbers were chosen on Reuters-21578 with bench/dedupe_threshold_study.cc; docs/dedupe.md
// has its table and says what each choice merges.
//
// Pure functions; thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wiredesk::ingest {

// Largest Hamming distance between SimHashes that still counts as the same story.
inline constexpr int kNearDuplicateMaxDistance = 3;
// Texts with fewer shingles than this get no SimHash lookup: a one-line story ("Qtly div 10
// cts vs 10 cts") shares most of its few shingles with unrelated one-liners.
inline constexpr int kMinNearShingles = 24;
// Bodies with fewer words than this are not deduplicated by text hash alone: short wire
// bodies ("Shr 10 cts vs nine cts") repeat word for word across different companies.
inline constexpr int kMinExactWords = 24;
// Near duplicates are looked for among stories published this close in time to the new one.
inline constexpr std::chrono::hours kNearDuplicateWindow{72};
// Bands of the SimHash indexed for candidate lookup; kBands > kNearDuplicateMaxDistance.
inline constexpr int kBands = 4;
static_assert(kBands > kNearDuplicateMaxDistance, "a pair under the threshold could be missed");
static_assert(64 % kBands == 0);

// The words of a text as dedupe sees them: runs of ASCII letters and digits (lower-cased) and
// of non-ASCII bytes; everything else separates. Markup in `html` ("<...>") and entity
// references ("&...;") separate words too, so sanitised HTML can be fed as is.
std::vector<std::string_view> DedupeWords(std::string_view html);

// What dedupe knows of one item.
struct Fingerprint {
  uint64_t simhash = 0;
  int shingles = 0;  // 3-word shingles the SimHash was built from.
  int body_words = 0;

  // Whether the SimHash says enough to match on (shingles >= kMinNearShingles).
  bool NearEligible() const { return shingles >= kMinNearShingles; }
  // Whether the body's text hash alone may identify the story (body_words >= kMinExactWords).
  bool ExactEligible() const { return body_words >= kMinExactWords; }
};

// The fingerprint of a story: SimHash over the 3-word shingles of its headline followed by its
// body (both may hold markup, which is skipped). Fewer than 3 words make one shingle each.
Fingerprint MakeFingerprint(std::string_view headline, std::string_view body_html);

// 64-bit SimHash of the shingles of `words`; 0 for no words. Exposed for the study tool.
uint64_t SimHash(const std::vector<std::string_view>& words, int* shingle_count = nullptr);

// Number of differing bits.
int HammingDistance(uint64_t a, uint64_t b);

// The kBands band keys of a SimHash: band i's 16 bits in the low bits, i above them, so keys
// of different bands never collide and one index serves all bands.
std::array<int64_t, kBands> BandKeys(uint64_t simhash);

}  // namespace wiredesk::ingest
