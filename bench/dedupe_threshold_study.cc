// The study behind ingest/dedupe.h's thresholds, on Reuters-21578 (a real 1987 newswire with
// the repeats and rewrites a wire sends). Prints the tables docs/dedupe.md quotes.
//
//   dedupe_threshold_study [FOLDER] [--examples N]
// FOLDER holds reut2-000.sgm ... reut2-021.sgm; default $WIREDESK_SHARED/corpora/reuters-21578,
// else ../shared/corpora/reuters-21578. Prints N example pairs per distance that neither test
// below calls a duplicate (default 6), for a person to judge.
//
// Every story is read by formats' Reuters-21578 reader and fingerprinted as ingest does
// (MakeFingerprint over headline and sanitised body). Then:
//   1. exact: stories grouped by body text hash; a group is "same story" when its titles agree.
//   2. near: every pair of near-eligible stories (an all-pairs scan, so nothing hides behind
//      the banded index), counted by Hamming distance 0..kMaxReported. A pair is a "duplicate"
//      when its titles are equal (case and spacing aside) or its bodies' shingle sets have a
//      Jaccard similarity of at least 0.8 (near-identical bodies); else "different".
// A threshold is safe when no "different" pair the reader judges to be two stories falls at or
// below it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/text.h"
#include "core/time.h"
#include "formats/feed_parser.h"
#include "ingest/dedupe.h"
#include "reuters_study_args.h"
#include "sanitize/html_sanitizer.h"

namespace {

using wiredesk::ingest::DedupeWords;
using wiredesk::ingest::Fingerprint;
using wiredesk::ingest::HammingDistance;

constexpr int kMaxReported = 16;

struct Story {
  std::string guid;
  std::string title;  // Normalised: lower case, collapsed spaces.
  std::string headline;
  std::string body_start;  // First words of the body, for the examples.
  std::string body_sha256;
  Fingerprint fp;
  int64_t published = 0;           // Unix seconds; 0 when unknown.
  std::vector<uint64_t> shingles;  // Sorted hashes of the body's 3-word shingles.
};

std::string Lower(std::string_view text) {
  std::string out = wiredesk::core::CollapseWhitespace(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::vector<uint64_t> ShingleSet(std::string_view html) {
  std::vector<std::string_view> words = DedupeWords(html);
  std::vector<uint64_t> out;
  for (size_t i = 0; i + 3 <= words.size(); ++i) {
    std::vector<std::string_view> three(words.begin() + static_cast<long>(i),
                                        words.begin() + static_cast<long>(i) + 3);
    out.push_back(wiredesk::ingest::SimHash(three));  // One shingle: its hash, as a set key.
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double Jaccard(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.empty() && b.empty())
    return 1;
  size_t common = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] == b[j]) {
      ++common;
      ++i;
      ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  const std::string folder = wiredesk::bench::ReutersFolder(argc, argv);
  const int examples = wiredesk::bench::ExamplesOption(argc, argv, 6);
  const wiredesk::formats::FeedFormat* reader = wiredesk::formats::FindFormat("reuters-21578");
  if (reader == nullptr) {
    std::fprintf(stderr, "no reuters-21578 reader registered\n");
    return 1;
  }
  const std::vector<fs::path> files = wiredesk::bench::ReutersFiles(folder);
  if (files.empty())
    return 1;

  std::vector<Story> stories;
  for (const fs::path& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto feed = reader->Parse(bytes, {});
    if (!feed) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), feed.error().ToString().c_str());
      return 1;
    }
    for (const auto& item : feed->items) {
      Story s;
      s.guid = item.guid;
      s.title = Lower(item.headline);
      s.headline = item.headline;
      std::string text =
          wiredesk::core::CollapseWhitespace(wiredesk::sanitize::ExtractText(item.body_html));
      s.body_start = text.substr(0, 90);
      s.body_sha256 = item.body_text_sha256;
      s.fp = wiredesk::ingest::MakeFingerprint(item.headline, item.body_html);
      if (item.published)
        s.published = wiredesk::core::ToUnixSeconds(*item.published);
      s.shingles = ShingleSet(item.body_html);
      stories.push_back(std::move(s));
    }
  }
  std::printf("Reuters-21578: %zu stories from %zu files\n\n", stories.size(), files.size());

  // ---- 1. Exact: equal body text hashes. ----
  std::map<std::string, std::vector<size_t>> by_hash;
  for (size_t i = 0; i < stories.size(); ++i) {
    if (stories[i].fp.body_words > 0)
      by_hash[stories[i].body_sha256].push_back(i);
  }
  struct ExactRow {
    int groups = 0, stories = 0, same_title = 0, different_title = 0;
  };
  ExactRow shortrow, longrow;
  std::vector<std::vector<size_t>> mixed_long;
  for (const auto& [hash, members] : by_hash) {
    if (members.size() < 2)
      continue;
    std::set<std::string> titles;
    for (size_t m : members) titles.insert(stories[m].title);
    const bool eligible = stories[members[0]].fp.ExactEligible();
    ExactRow& row = eligible ? longrow : shortrow;
    ++row.groups;
    row.stories += static_cast<int>(members.size());
    (titles.size() == 1 ? row.same_title : row.different_title) += 1;
    if (eligible && titles.size() > 1)
      mixed_long.push_back(members);
  }
  std::printf("1. Exact body text hash: groups of 2+ stories with the same body text\n");
  std::printf("| body words | groups | stories | titles all equal | titles differ |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  std::printf("| < %d | %d | %d | %d | %d |\n", wiredesk::ingest::kMinExactWords, shortrow.groups,
              shortrow.stories, shortrow.same_title, shortrow.different_title);
  std::printf("| >= %d | %d | %d | %d | %d |\n\n", wiredesk::ingest::kMinExactWords, longrow.groups,
              longrow.stories, longrow.same_title, longrow.different_title);
  for (size_t g = 0; g < mixed_long.size() && static_cast<int>(g) < examples; ++g) {
    std::printf("   same long body, titles differ:");
    for (size_t m : mixed_long[g])
      std::printf(" [%s] %s;", stories[m].guid.c_str(), stories[m].headline.c_str());
    std::printf("\n");
  }

  // ---- 2. Near: all pairs by Hamming distance. ----
  std::vector<size_t> eligible;
  for (size_t i = 0; i < stories.size(); ++i) {
    if (stories[i].fp.NearEligible())
      eligible.push_back(i);
  }
  struct NearRow {
    long pairs = 0, exact_body = 0, same_title = 0, same_title_other_body = 0, near_body = 0,
         different = 0, in_window = 0;
  };
  std::vector<NearRow> rows(kMaxReported + 1);
  std::vector<std::vector<std::pair<size_t, size_t>>> different(kMaxReported + 1);
  std::vector<std::vector<std::pair<size_t, size_t>>> recurring(kMaxReported + 1);
  // Every pair a little past the threshold whose bodies differ: the sample to judge by eye.
  const int inspect_up_to = wiredesk::ingest::kNearDuplicateMaxDistance + 2;
  struct Inspected {
    double jaccard;
    int distance;
    size_t a, b;
  };
  std::vector<Inspected> inspected;
  const int64_t window = std::chrono::seconds(wiredesk::ingest::kNearDuplicateWindow).count();
  for (size_t x = 0; x < eligible.size(); ++x) {
    const Story& a = stories[eligible[x]];
    for (size_t y = x + 1; y < eligible.size(); ++y) {
      const Story& b = stories[eligible[y]];
      int d = HammingDistance(a.fp.simhash, b.fp.simhash);
      if (d > kMaxReported)
        continue;
      NearRow& row = rows[static_cast<size_t>(d)];
      ++row.pairs;
      if (a.published != 0 && b.published != 0 && std::abs(a.published - b.published) <= window)
        ++row.in_window;
      if (a.body_sha256 != b.body_sha256 && d <= inspect_up_to)
        inspected.push_back({Jaccard(a.shingles, b.shingles), d, eligible[x], eligible[y]});
      if (a.body_sha256 == b.body_sha256) {
        ++row.exact_body;
      } else if (a.title == b.title) {
        // A recurring slug ("FED ADDS RESERVES ...") over another day's figures is not a
        // rewrite: counted apart, and shown below.
        if (Jaccard(a.shingles, b.shingles) >= 0.5) {
          ++row.same_title;
        } else {
          ++row.same_title_other_body;
          recurring[static_cast<size_t>(d)].push_back({eligible[x], eligible[y]});
        }
      } else if (Jaccard(a.shingles, b.shingles) >= 0.8) {
        ++row.near_body;
      } else {
        ++row.different;
        different[static_cast<size_t>(d)].push_back({eligible[x], eligible[y]});
      }
    }
  }
  std::printf("\n2. SimHash: all pairs of the %zu stories with >= %d shingles, by distance\n",
              eligible.size(), wiredesk::ingest::kMinNearShingles);
  std::printf(
      "| distance | pairs | same body text | same title | same title, bodies < 0.5 "
      "Jaccard | other title, bodies >= 0.8 Jaccard | different | published within "
      "%lld h |\n",
      static_cast<long long>(window / 3600));
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (int d = 0; d <= kMaxReported; ++d) {
    const NearRow& r = rows[static_cast<size_t>(d)];
    std::printf("| %d | %ld | %ld | %ld | %ld | %ld | %ld | %ld |\n", d, r.pairs, r.exact_body,
                r.same_title, r.same_title_other_body, r.near_body, r.different, r.in_window);
  }
  auto print_pairs = [&](const std::vector<std::vector<std::pair<size_t, size_t>>>& pairs) {
    for (int d = 0; d <= kMaxReported; ++d) {
      const auto& list = pairs[static_cast<size_t>(d)];
      for (size_t k = 0; k < list.size() && static_cast<int>(k) < examples; ++k) {
        const Story& a = stories[list[k].first];
        const Story& b = stories[list[k].second];
        std::printf("d=%d J=%.2f\n  [%s] %s | %s\n  [%s] %s | %s\n", d,
                    Jaccard(a.shingles, b.shingles), a.guid.c_str(), a.headline.c_str(),
                    a.body_start.c_str(), b.guid.c_str(), b.headline.c_str(), b.body_start.c_str());
      }
    }
  };
  // How far apart in time the pairs under the threshold were sent: the window must hold the
  // re-sends and should not reach the next day's edition of a recurring report.
  {
    const int64_t bounds[] = {3600, 6 * 3600, 12 * 3600, 24 * 3600, 72 * 3600, INT64_MAX};
    const char* names[] = {"<= 1 h", "1-6 h", "6-12 h", "12-24 h", "24-72 h", "> 72 h"};
    long same[6] = {}, recurring_pairs[6] = {};
    for (const Inspected& p : inspected) {
      if (p.distance > wiredesk::ingest::kNearDuplicateMaxDistance)
        continue;
      const int64_t gap = std::abs(stories[p.a].published - stories[p.b].published);
      size_t k = 0;
      while (gap > bounds[k]) ++k;
      // Same figures: the bodies agree in every 3-word shingle but a few.
      (p.jaccard >= 0.9 ? same : recurring_pairs)[k] += 1;
    }
    std::printf("\n3. Pairs at distance <= %d with differing body text, by time apart\n",
                wiredesk::ingest::kNearDuplicateMaxDistance);
    std::printf("| apart | bodies >= 0.9 Jaccard | bodies < 0.9 Jaccard |\n|---|---:|---:|\n");
    for (size_t k = 0; k < 6; ++k)
      std::printf("| %s | %ld | %ld |\n", names[k], same[k], recurring_pairs[k]);
  }
  std::sort(inspected.begin(), inspected.end(),
            [](const Inspected& l, const Inspected& r) { return l.jaccard < r.jaccard; });
  std::printf("\nAll %zu pairs at distance <= %d whose body texts differ, least alike first:\n",
              inspected.size(), inspect_up_to);
  for (const Inspected& p : inspected) {
    const Story& a = stories[p.a];
    const Story& b = stories[p.b];
    std::printf("d=%d J=%.2f gap=%.1fh [%s] %s | [%s] %s\n", p.distance, p.jaccard,
                static_cast<double>(std::abs(a.published - b.published)) / 3600, a.guid.c_str(),
                a.headline.c_str(), b.guid.c_str(), b.headline.c_str());
  }
  std::printf("\nExamples of same-title pairs whose bodies differ, for judging by eye:\n");
  print_pairs(recurring);
  std::printf("\nExamples of \"different\" pairs, for judging by eye:\n");
  print_pairs(different);
  return 0;
}
