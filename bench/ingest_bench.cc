// Ingest throughput: parse-only and end-to-end (parse, sanitise, dedupe, store, index) over a
// corpus of wire items in RSS 2.0, Atom 1.0 and NewsML-G2, generated at run time, beside the
// bare pugixml DOM parse of the same bytes. bench/ingest_bench.sh runs it and Python
// feedparser over the same RSS and Atom files in the same run, and prints the ratios.
//
//   ingest_bench generate DIR [--items N]   writes DIR/{rss,atom,newsml}/*.xml (N items, default
//                                           100000, a third in each format)
//   ingest_bench run DIR                    times the three passes over those files
//
// `run` prints one "key value" line per figure (items, bytes, seconds per pass and format),
// for the script to read; figures are from one single-threaded pass each, after one untimed
// warm-up parse of every file.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "cli/clustering.h"
#include "core/clock.h"
#include "core/config.h"
#include "formats/feed_parser.h"
#include "ingest/pipeline.h"
#include "store/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kItemsPerFeed = 50;  // RSS and Atom documents; NewsML-G2 is one item a file.
// Documents handed to the pipeline at once in the end-to-end pass.
constexpr size_t kIngestBatchDocuments = 100;

// ---- Corpus ---------------------------------------------------------------------------------

// Words with a wire's flavour; each story draws its own sequence, so no two are alike and
// dedupe has real work (a lookup that finds nothing) for every item.
constexpr std::string_view kWords[] = {
    "minister",  "said",     "on",         "Tuesday",    "the",       "government", "would",
    "talks",     "harbour",  "reopen",     "shares",     "rose",      "percent",    "after",
    "agency",    "reported", "officials",  "expected",   "agreement", "between",    "two",
    "countries", "trade",    "deal",       "market",     "prices",    "fell",       "record",
    "central",   "bank",     "interest",   "rates",      "inflation", "growth",     "economy",
    "election",  "vote",     "parliament", "opposition", "leader",    "police",     "court",
    "ruling",    "appeal",   "storm",      "flooding",   "rescue",    "workers",    "strike",
    "union",     "wages",    "company",    "profit",     "quarter",   "analysts",   "forecast",
    "oil",       "gas",      "energy",     "supply",     "port",      "ships",      "exports",
    "imports",   "tariffs",  "summit",     "leaders",    "Geneva",    "statement",  "week",
    "month",     "year",     "city",       "region",     "north",     "south",      "council",
    "plan",      "budget",   "spending",   "cuts",       "schools",   "hospital",   "health"};

class StoryWriter {
 public:
  explicit StoryWriter(uint64_t seed) : rng_(seed) {}

  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i > 0)
        out += ' ';
      out += kWords[rng_() % std::size(kWords)];
    }
    return out;
  }

  // About 250 words in five paragraphs, with an entity and inline markup as wires send them.
  std::string BodyHtml(int story) {
    std::string out;
    for (int p = 0; p < 5; ++p) {
      out += "<p>";
      if (p == 0)
        out += "GENEVA (Wire) &#8212; ";
      out += Words(22) + " <em>" + Words(3) + "</em> " + Words(20) + " &amp; story " +
             std::to_string(story) + ".</p>";
    }
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

std::string Escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string Rfc822(int minute) {
  // Minutes after 2025-10-09 00:00 UTC, within one month so every day is valid.
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%02d Oct 2025 %02d:%02d:00 GMT", 1 + minute / 1440 % 28,
                minute / 60 % 24, minute % 60);
  return buffer;
}

std::string Rfc3339(int minute) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "2025-10-%02dT%02d:%02d:00Z", 1 + minute / 1440 % 28,
                minute / 60 % 24, minute % 60);
  return buffer;
}

void WriteFile(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

int Generate(const fs::path& dir, int items) {
  for (const char* sub : {"rss", "atom", "newsml"}) fs::create_directories(dir / sub);
  StoryWriter writer(20251009);
  const int per_format = items / 3;
  int story = 0;
  for (int first = 0; first < per_format; first += kItemsPerFeed) {
    std::string doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Bench Wire</title>"
        "<link>https://wire.example.com/</link><description>Bench wire</description>\n";
    for (int i = first; i < std::min(first + kItemsPerFeed, per_format); ++i, ++story) {
      doc += "<item><title>" + writer.Words(9) + "</title><link>https://wire.example.com/s/" +
             std::to_string(story) +
             "</link><guid isPermaLink=\"false\">urn:bench:rss:" + std::to_string(i) +
             "</guid><pubDate>Thu, " + Rfc822(i) +
             "</pubDate><dc:creator>A. Reporter</dc:creator><category>World</category>"
             "<description>" +
             Escape("<p>" + writer.Words(40) + "</p>") + "</description><content:encoded " +
             "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><![CDATA[" +
             writer.BodyHtml(story) + "]]></content:encoded></item>\n";
    }
    doc += "</channel></rss>\n";
    WriteFile(dir / "rss" / ("feed-" + std::to_string(first / kItemsPerFeed) + ".xml"), doc);
  }
  for (int first = 0; first < per_format; first += kItemsPerFeed) {
    std::string doc =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
        "xmlns=\"http://www.w3.org/2005/Atom\"><title>Bench Atom Wire</title>"
        "<id>urn:bench:atom</id><updated>2025-10-09T10:00:00Z</updated>\n";
    for (int i = first; i < std::min(first + kItemsPerFeed, per_format); ++i, ++story) {
      doc += "<entry><id>urn:bench:atom:" + std::to_string(i) + "</id><title>" + writer.Words(9) +
             "</title><updated>" + Rfc3339(i) + "</updated><published>" + Rfc3339(i) +
             "</published><author><name>A. Reporter</name></author>"
             "<category term=\"Markets\"/><link href=\"https://wire.example.com/a/" +
             std::to_string(story) + "\"/><summary type=\"html\">" +
             Escape("<p>" + writer.Words(40) + "</p>") + "</summary><content type=\"html\">" +
             Escape(writer.BodyHtml(story)) + "</content></entry>\n";
    }
    doc += "</feed>\n";
    WriteFile(dir / "atom" / ("feed-" + std::to_string(first / kItemsPerFeed) + ".xml"), doc);
  }
  for (int i = 0; i < items - 2 * per_format; ++i, ++story) {
    std::string body = writer.BodyHtml(story);
    // The XHTML payload of a G2 item: the same paragraphs, with the entity spelled out.
    for (size_t at = body.find("&#8212;"); at != std::string::npos; at = body.find("&#8212;"))
      body.replace(at, 7, "\xe2\x80\x94");
    std::string doc =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<newsItem "
        "xmlns=\"http://iptc.org/std/nar/2006-10-01/\" guid=\"urn:bench:g2:" +
        std::to_string(i) +
        "\" version=\"1\" standard=\"NewsML-G2\" standardversion=\"2.29\">\n<itemMeta>"
        "<itemClass qcode=\"ninat:text\"/><provider qcode=\"nprov:BENCH\"/><versionCreated>" +
        Rfc3339(i) + "</versionCreated><firstCreated>" + Rfc3339(i) +
        "</firstCreated><pubStatus qcode=\"stat:usable\"/></itemMeta>\n<contentMeta>"
        "<urgency>4</urgency><subject type=\"cpnat:abstract\" qcode=\"medtop:04000000\">"
        "<name>economy, business and finance</name></subject><headline>" +
        writer.Words(9) +
        "</headline><by>A. Reporter</by><dateline>GENEVA</dateline>"
        "<description role=\"drol:summary\">" +
        writer.Words(40) +
        "</description></contentMeta>\n<contentSet><inlineXML "
        "contenttype=\"application/xhtml+xml\"><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        "<body>" +
        body + "</body></html></inlineXML></contentSet>\n</newsItem>\n";
    WriteFile(dir / "newsml" / ("item-" + std::to_string(i) + ".xml"), doc);
  }
  std::printf("generated %d items in %s\n", items, dir.c_str());
  return 0;
}

// ---- Timing ---------------------------------------------------------------------------------

struct Document {
  std::string bytes;
};

std::vector<Document> ReadAll(const fs::path& dir) {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(dir)) paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<Document> docs;
  for (const fs::path& path : paths) {
    std::ifstream in(path, std::ios::binary);
    docs.push_back({std::string((std::istreambuf_iterator<char>(in)), {})});
  }
  return docs;
}

// A stopwatch of wall time and of this process's CPU time: the machine the figures come from
// may be shared, and CPU time shows what the code costs while wall time shows what a user
// waits (the two part when other work or I/O waits get in).
class Stopwatch {
 public:
  Stopwatch() : wall_(Clock::now()), cpu_(std::clock()) {}
  void Print(const char* name) const {
    std::printf("%s_seconds %.6f\n%s_cpu_seconds %.6f\n", name,
                std::chrono::duration<double>(Clock::now() - wall_).count(), name,
                static_cast<double>(std::clock() - cpu_) / CLOCKS_PER_SEC);
  }

 private:
  Clock::time_point wall_;
  std::clock_t cpu_;
};

int Run(const fs::path& dir) {
  const char* formats[] = {"rss", "atom", "newsml"};
  std::vector<Document> docs[3];
  for (int f = 0; f < 3; ++f) docs[f] = ReadAll(dir / formats[f]);

  // Warm-up: page in the code and let the allocator settle; also counts the items.
  int64_t items[3] = {}, bytes[3] = {};
  for (int f = 0; f < 3; ++f) {
    for (const Document& d : docs[f]) {
      auto feed = wiredesk::formats::ParseFeed(d.bytes);
      if (!feed) {
        std::fprintf(stderr, "%s: %s\n", formats[f], feed.error().ToString().c_str());
        return 1;
      }
      items[f] += static_cast<int64_t>(feed->items.size());
      bytes[f] += static_cast<int64_t>(d.bytes.size());
    }
  }

  for (int f = 0; f < 3; ++f) {
    std::printf("%s_items %lld\n%s_bytes %lld\n", formats[f], static_cast<long long>(items[f]),
                formats[f], static_cast<long long>(bytes[f]));
    // Parse only: detection, parsing, normalising and sanitising, as ingest does it.
    Stopwatch parse_watch;
    size_t parsed = 0;
    for (const Document& d : docs[f]) {
      auto feed = wiredesk::formats::ParseFeed(d.bytes);
      parsed += feed ? feed->items.size() : 0;
    }
    parse_watch.Print((std::string(formats[f]) + "_parse").c_str());
    if (static_cast<int64_t>(parsed) != items[f])
      return 1;

    // The ceiling: pugixml's DOM of the same bytes, and nothing else.
    Stopwatch pugixml_watch;
    size_t nodes = 0;
    for (const Document& d : docs[f]) {
      pugi::xml_document xml;
      pugi::xml_parse_result result = xml.load_buffer(d.bytes.data(), d.bytes.size());
      nodes += result ? 1 : 0;
    }
    pugixml_watch.Print((std::string(formats[f]) + "_pugixml").c_str());
    if (nodes != docs[f].size())
      return 1;
  }

  // End to end, one thread, into a fresh SQLite store.
  const fs::path db = dir / "bench.db";
  fs::remove(db);
  fs::remove(dir / "bench.db-wal");
  fs::remove(dir / "bench.db-shm");
  wiredesk::store::SqliteStoreOptions options;
  options.path = db.string();
  auto store = wiredesk::store::SqliteStore::Open(options);
  if (!store) {
    std::fprintf(stderr, "store: %s\n", store.error().ToString().c_str());
    return 1;
  }
  auto config = wiredesk::core::DefaultConfig();
  if (!config)
    return 1;
  wiredesk::core::SystemClock clock;
  // Every new story is clustered as the real ingest does it (cli/clustering.h); its share of the
  // time is printed apart.
  std::clock_t clustering_cpu = 0;
  const wiredesk::ingest::NewArticlesHook cluster =
      wiredesk::cli::ClusterNewArticles(**store, clock);
  wiredesk::ingest::IngestPipeline pipeline(
      **store, *config, clock, [&](std::span<const wiredesk::core::ArticleId> ids) {
        const std::clock_t start = std::clock();
        std::vector<wiredesk::core::Status> clustered = cluster(ids);
        clustering_cpu += std::clock() - start;
        return clustered;
      });
  wiredesk::ingest::IngestReport total;
  Stopwatch ingest_watch;
  // Documents go in as a drop-folder sweep or a poll round hands them over: a batch at a time
  // (IngestBatch: one store transaction a batch), so one-item NewsML-G2 files do not pay a
  // commit each.
  for (int f = 0; f < 3; ++f) {
    for (size_t first = 0; first < docs[f].size(); first += kIngestBatchDocuments) {
      std::vector<std::string_view> batch;
      for (size_t i = first; i < std::min(docs[f].size(), first + kIngestBatchDocuments); ++i)
        batch.push_back(docs[f][i].bytes);
      for (auto& report : pipeline.IngestBatch(batch, {})) {
        if (!report) {
          std::fprintf(stderr, "ingest: %s\n", report.error().ToString().c_str());
          return 1;
        }
        total.Add(*report);
      }
    }
  }
  ingest_watch.Print("ingest");
  std::printf("ingest_clustering_cpu_seconds %.6f\n",
              static_cast<double>(clustering_cpu) / CLOCKS_PER_SEC);
  std::printf("ingest_new %d\ningest_rejected %d\ningest_duplicates %d\n", total.new_count,
              total.rejected, total.duplicates);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string_view(argv[1]) == "generate") {
    int items = 100000;
    if (argc == 5 && std::string_view(argv[3]) == "--items")
      items = std::atoi(argv[4]);
    if (items < 3) {
      std::fprintf(stderr, "--items must be at least 3\n");
      return 2;
    }
    return Generate(argv[2], items);
  }
  if (argc == 3 && std::string_view(argv[1]) == "run")
    return Run(argv[2]);
  std::fprintf(stderr, "usage: %s generate DIR [--items N] | run DIR\n", argv[0]);
  return 2;
}
