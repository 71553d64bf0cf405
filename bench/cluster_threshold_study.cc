// The study behind recommend/story_clusters.h's thresholds, on Reuters-21578 (a real 1987
// newswire that reports many events in several takes and follow-ups). Prints the tables
// docs/recommendations.md quotes.
//
//   cluster_threshold_study [FOLDER] [--examples N] [--measure keyterms|fulltext]
// FOLDER holds reut2-000.sgm ... reut2-021.sgm; default $WIREDESK_SHARED/corpora/reuters-21578,
// else ../shared/corpora/reuters-21578. Prints N example pairs per similarity band (default 4)
// for a person to judge.
//
// The whole collection is ingested by the real pipeline into a temporary store (so copies are
// merged by dedupe exactly as in production), then every story, in ingest order, is measured
// against the stories ingested before it, as ingest does when the story arrives: by default with
// the key-term similarity of recommend/story_clusterer.h (KeyTermCandidates over the stories
// held so far), with --measure fulltext by the full-text query of story_clusters.h
// (ClusterCandidates):
//   1. the best candidate's similarity within 48 h, in bands, with the SimHash distance of the
//      pair and whether the two share a Reuters topic, plus example pairs per band;
//   1b. (key terms) the best candidates at the threshold or above that the headline-anchor rule
//      turns down, with examples;
//   2. the same with a 7-day window (for every fourth story), for the best candidates that lie
//      outside 48 h: the same words on another day;
//   3. for thresholds 0.3..0.8, the clusters an incremental assignment would form: how many
//      stories join one, cluster sizes and how long the largest spans in time.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "core/config.h"
#include "ingest/dedupe.h"
#include "ingest/pipeline.h"
#include "recommend/candidate_index.h"
#include "recommend/story_clusterer.h"
#include "recommend/story_clusters.h"
#include "reuters_study_args.h"
#include "store/internal/sqlite.h"
#include "store/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using wiredesk::core::Article;
using wiredesk::core::ArticleId;

struct Story {
  ArticleId id = 0;
  std::string headline;
  int64_t published = 0;
  uint64_t simhash = 0;
  std::set<std::string> topics;
};

struct Best {
  ArticleId other = 0;  // 0: no candidate.
  double similarity = 0;
};

int Band(double similarity) { return std::min(9, static_cast<int>(similarity * 10)); }

bool ShareTopic(const Story& a, const Story& b) {
  for (const std::string& t : a.topics) {
    if (b.topics.contains(t))
      return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // Tables appear as they are printed.
  const std::string folder = wiredesk::bench::ReutersFolder(argc, argv);
  const int examples = wiredesk::bench::ExamplesOption(argc, argv, 4);
  bool fulltext = false;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string_view(argv[i]) == "--measure")
      fulltext = std::string_view(argv[i + 1]) == "fulltext";
  }
  std::printf("measure: %s\n", fulltext ? "full-text BM25 (story_clusters.h)"
                                        : "key-term similarity (story_clusterer.h)");
  const std::vector<fs::path> files = wiredesk::bench::ReutersFiles(folder);
  if (files.empty())
    return 1;

  const fs::path dir = fs::temp_directory_path() / ("cluster_study_" + std::to_string(getpid()));
  fs::create_directories(dir);
  wiredesk::store::SqliteStoreOptions options;
  options.path = (dir / "study.db").string();
  auto store = wiredesk::store::SqliteStore::Open(options);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().ToString().c_str());
    return 1;
  }
  wiredesk::core::Config config;
  wiredesk::core::SystemClock clock;
  wiredesk::ingest::IngestPipeline pipeline(**store, config, clock);
  wiredesk::ingest::SourceInfo source;
  source.name = "reuters";
  wiredesk::ingest::IngestReport total;
  for (const fs::path& path : files) {
    auto report = pipeline.IngestFile(path.string(), source);
    if (!report) {
      std::fprintf(stderr, "%s: %s\n", path.c_str(), report.error().ToString().c_str());
      return 1;
    }
    total.Add(*report);
  }
  std::printf("Reuters-21578 ingested: %s\n\n", total.Summary().c_str());
  // One full-text segment instead of the dozens a bulk load leaves: the queries below then run
  // faster, with the same results.
  auto optimized = (*store)->WithWriter([](wiredesk::store::internal::Connection& db) {
    return db.Exec("INSERT INTO article_search(article_search) VALUES('optimize')");
  });
  if (!optimized) {
    std::fprintf(stderr, "optimize: %s\n", optimized.error().ToString().c_str());
    return 1;
  }

  std::vector<Story> stories;
  std::unordered_map<ArticleId, size_t> index_of;
  std::vector<Article> articles;
  for (ArticleId id = 1;; ++id) {
    auto article = (*store)->GetArticle(id);
    if (!article)
      break;
    if (article->state != wiredesk::core::ArticleState::kPublished)
      continue;
    Story s;
    s.id = id;
    s.headline = article->headline;
    s.published = wiredesk::core::ToUnixSeconds(article->published);
    s.simhash = wiredesk::ingest::MakeFingerprint(article->headline, article->body_html).simhash;
    for (const auto& subject : article->subjects) s.topics.insert(subject.scheme + subject.name);
    index_of[id] = stories.size();
    stories.push_back(std::move(s));
    articles.push_back(std::move(*article));
  }
  std::printf("%zu published stories\n\n", stories.size());

  // Best earlier-ingested candidate of each story, within 48 h and within 7 days.
  std::vector<Best> best48(stories.size()), best7d(stories.size());
  std::vector<std::vector<wiredesk::recommend::ClusterCandidate>> near(stories.size());
  // Key-term measure only: the best earlier story within 48 h without the headline-anchor rule,
  // when the rule turns it down at kMinKeyTermSimilarity or above.
  std::vector<Best> turned_down(stories.size());
  // The stories held so far, for the key-term measure: each story is added before it is
  // measured, as the clusterer holds a new story by the time it places it.
  wiredesk::recommend::CandidateIndex held;
  for (size_t i = 0; i < stories.size(); ++i) {
    if (!fulltext)
      held.Add(articles[i]);
    if (i % 2000 == 0)
      std::fprintf(stderr, "measured %zu of %zu\n", i, stories.size());
    // The 7-day pass only for every fourth story: it is there to count, not to cluster.
    for (int pass = 0; pass < (i % 4 == 0 ? 2 : 1); ++pass) {
      wiredesk::recommend::ClusterOptions o;
      o.window = pass == 0 ? std::chrono::seconds(std::chrono::hours(48))
                           : std::chrono::seconds(std::chrono::hours(24 * 7));
      auto candidates =
          fulltext ? wiredesk::recommend::ClusterCandidates(**store, articles[i], o)
                   : wiredesk::core::Result<std::vector<wiredesk::recommend::ClusterCandidate>>(
                         wiredesk::recommend::KeyTermCandidates(held, articles[i], o.window, 20));
      if (!candidates) {
        std::fprintf(stderr, "%s\n", candidates.error().ToString().c_str());
        return 1;
      }
      std::erase_if(*candidates, [&](const auto& c) { return c.article_id >= stories[i].id; });
      Best& b = pass == 0 ? best48[i] : best7d[i];
      if (!candidates->empty())
        b = {candidates->front().article_id, candidates->front().similarity};
      if (pass == 0 && !fulltext) {
        auto unanchored = wiredesk::recommend::KeyTermCandidates(held, articles[i], o.window, 20, 0,
                                                                 /*headline_anchor=*/false);
        std::erase_if(unanchored, [&](const auto& c) { return c.article_id >= stories[i].id; });
        if (!unanchored.empty() &&
            unanchored.front().similarity >= wiredesk::recommend::kMinKeyTermSimilarity &&
            std::none_of(candidates->begin(), candidates->end(), [&](const auto& c) {
              return c.article_id == unanchored.front().article_id;
            }))
          turned_down[i] = {unanchored.front().article_id, unanchored.front().similarity};
      }
      if (pass == 0)
        near[i] = std::move(*candidates);
    }
  }

  // ---- 1. Best similarity within 48 h. ----
  std::printf("1. Best earlier candidate within 48 h, by similarity\n");
  std::printf("| similarity | stories | SimHash <= 12 bits | share a topic | apart <= 12 h |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  std::map<int, std::vector<size_t>> by_band;
  for (size_t i = 0; i < stories.size(); ++i) {
    if (best48[i].other != 0)
      by_band[Band(best48[i].similarity)].push_back(i);
  }
  for (int band = 0; band < 10; ++band) {
    int close = 0, topic = 0, soon = 0;
    for (size_t i : by_band[band]) {
      const Story& a = stories[i];
      const Story& b = stories[index_of[best48[i].other]];
      close += wiredesk::ingest::HammingDistance(a.simhash, b.simhash) <= 12 ? 1 : 0;
      topic += ShareTopic(a, b) ? 1 : 0;
      soon += std::llabs(a.published - b.published) <= 12 * 3600 ? 1 : 0;
    }
    std::printf("| %.1f-%.1f | %zu | %d | %d | %d |\n", band / 10.0, (band + 1) / 10.0,
                by_band[band].size(), close, topic, soon);
  }
  std::printf("\nExamples (similarity, SimHash bits, hours apart: headline / headline):\n");
  for (int band = 2; band < 10; ++band) {
    const std::vector<size_t>& members = by_band[band];
    if (members.empty())
      continue;
    std::printf("band %.1f-%.1f\n", band / 10.0, (band + 1) / 10.0);
    for (int k = 0; k < examples; ++k) {
      // Spread over the band rather than the first few stories of the collection.
      size_t i = members[members.size() * static_cast<size_t>(k) / static_cast<size_t>(examples)];
      const Story& a = stories[i];
      const Story& b = stories[index_of[best48[i].other]];
      std::printf("  %.2f %2d %5.1f h: %s / %s\n", best48[i].similarity,
                  wiredesk::ingest::HammingDistance(a.simhash, b.simhash),
                  static_cast<double>(std::llabs(a.published - b.published)) / 3600.0,
                  a.headline.c_str(), b.headline.c_str());
      if (k + 1 >= static_cast<int>(members.size()))
        break;
    }
  }

  // ---- 1b. What the headline-anchor rule turns down. ----
  if (!fulltext) {
    std::vector<size_t> down;
    for (size_t i = 0; i < stories.size(); ++i) {
      if (turned_down[i].other != 0)
        down.push_back(i);
    }
    int topic = 0;
    for (size_t i : down) topic += ShareTopic(stories[i], stories[index_of[turned_down[i].other]]);
    std::printf(
        "\n1b. Best earlier candidates at %.1f or more that the headline-anchor rule turns "
        "down: %zu (%d share a topic); examples:\n",
        wiredesk::recommend::kMinKeyTermSimilarity, down.size(), topic);
    for (int k = 0; k < 2 * examples && !down.empty(); ++k) {
      size_t i = down[down.size() * static_cast<size_t>(k) / static_cast<size_t>(2 * examples)];
      std::printf("  %.2f: %s / %s\n", turned_down[i].similarity, stories[i].headline.c_str(),
                  stories[index_of[turned_down[i].other]].headline.c_str());
      if (k + 1 >= static_cast<int>(down.size()))
        break;
    }
  }

  // ---- 2. The same words on another day. ----
  std::printf("\n2. Best earlier candidate within 7 days lying beyond 48 h, by similarity\n");
  std::printf("| similarity | stories | examples |\n|---|---:|---|\n");
  std::map<int, std::vector<size_t>> beyond;
  for (size_t i = 0; i < stories.size(); ++i) {
    const Best& b = best7d[i];
    if (b.other == 0)
      continue;
    const Story& other = stories[index_of[b.other]];
    if (std::llabs(stories[i].published - other.published) > 48 * 3600)
      beyond[Band(b.similarity)].push_back(i);
  }
  for (int band = 0; band < 10; ++band) {
    std::string shown;
    for (size_t k = 0; k < beyond[band].size() && k < 2; ++k) {
      size_t i = beyond[band][k];
      shown += (k ? "; " : "") + stories[i].headline + " / " +
               stories[index_of[best7d[i].other]].headline;
    }
    std::printf("| %.1f-%.1f | %zu | %s |\n", band / 10.0, (band + 1) / 10.0, beyond[band].size(),
                band >= 4 ? shown.c_str() : "");
  }

  // ---- 3. Incremental clusters per threshold. ----
  std::printf(
      "\n3. Clusters formed incrementally (each story joins its best earlier candidate's "
      "cluster at or above the threshold)\n");
  std::printf("| threshold | stories in a cluster | clusters of 2+ | largest | largest spans |\n");
  std::printf("|---:|---:|---:|---:|---:|\n");
  for (double threshold : {0.3, 0.4, 0.5, 0.6, 0.7, 0.8}) {
    std::vector<ArticleId> cluster(stories.size());
    for (size_t i = 0; i < stories.size(); ++i) {
      cluster[i] = stories[i].id;
      for (const auto& c : near[i]) {
        if (c.similarity < threshold)
          break;
        cluster[i] = cluster[index_of[c.article_id]];
        break;
      }
    }
    std::map<ArticleId, std::vector<size_t>> members;
    for (size_t i = 0; i < stories.size(); ++i) members[cluster[i]].push_back(i);
    size_t in_cluster = 0, clusters = 0, largest = 0;
    int64_t span = 0;
    ArticleId largest_key = 0;
    for (const auto& [key, m] : members) {
      if (m.size() < 2)
        continue;
      ++clusters;
      in_cluster += m.size();
      if (m.size() > largest) {
        largest = m.size();
        largest_key = key;
        int64_t lo = INT64_MAX, hi = INT64_MIN;
        for (size_t i : m) {
          lo = std::min(lo, stories[i].published);
          hi = std::max(hi, stories[i].published);
        }
        span = hi - lo;
      }
    }
    std::printf("| %.1f | %zu | %zu | %zu | %.0f h |\n", threshold, in_cluster, clusters, largest,
                static_cast<double>(span) / 3600.0);
    if (largest_key != 0) {
      const auto& m = members[largest_key];
      std::printf("  largest: ");
      for (size_t k = 0; k < m.size() && k < 5; ++k)
        std::printf("%s%s", k ? " | " : "", stories[m[k]].headline.c_str());
      std::printf("\n");
    }
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return 0;
}
