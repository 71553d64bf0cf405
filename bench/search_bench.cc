// Search at archive scale: wiredesk's full-text search (SQLite FTS5 behind store::Store and the
// reader's query language) beside Xapian on the same generated documents and queries, in one run.
//
//   search_bench [--docs N] [--queries N] [--threads N] [--dir DIR] [--python PATH]
//                [--skip-xapian] [--reuse-store]
//
// Articles are written in batches of 1,000 (Store::WriteVersions), each stemmed by its language
// on both sides (wiredesk's tokenizer; Xapian's TermGenerator with that language's stemmer).
// Defaults: 1,000,000 articles, 200 queries per class, 4 threads for the concurrent run, a temp
// folder, /usr/bin/python3 (Debian's, which has python3-xapian). The generator writes articles
// in four languages (English 70 %, German, French and Spanish 10 % each) whose words follow a
// Zipf law over each language's 40,000-word vocabulary; headlines have 6 to 12 words, bodies 150
// to 600. It prints the index build rate and size, then p50/p99 latency of each query class
// (1, 2 and 3 words AND, 2 words OR, phrase, prefix, section-filtered), single-threaded and
// under concurrency, for both engines, and the p99 ratios. wiredesk's figures are printed before
// Xapian starts; --skip-xapian stops there (Xapian's Python indexing runs at about 150 articles/s
// here, so a million takes it about two hours). --reuse-store times the queries again on the store
// and documents an earlier run left in --dir (the same seed gives the same queries), so two
// builds of the search code can be compared on one archive without indexing it twice.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <vector>

#include "generated_text.h"
#include "search/searcher.h"
#include "store/sqlite_store.h"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kVocabulary = 40'000;

struct Language {
  const char* code;
  const char* syllables[12];
  int share;  // Percent of articles.
};

const Language kLanguages[] = {
    {"en", {"ka", "ro", "mi", "ne", "tu", "sa", "lo", "vi", "de", "ba", "po", "ge"}, 70},
    {"de", {"sch", "ei", "ung", "ber", "au", "ka", "te", "rü", "ge", "ließ", "an", "zu"}, 10},
    {"fr", {"é", "eau", "qu", "on", "ré", "la", "ch", "oi", "ne", "ê", "mi", "ten"}, 10},
    {"es", {"ñ", "ci", "ón", "la", "es", "ra", "do", "ll", "que", "ma", "á", "pe"}, 10},
};

const char* const kSections[] = {
    "news",  "news/world", "news/politics", "business", "business/markets",
    "sport", "culture",    "science",       "health",   "technology"};

std::string WordOf(const Language& language, int rank) {
  std::string word;
  int n = rank + 12;  // At least two syllables.
  while (n > 0) {
    word += language.syllables[n % 12];
    n /= 12;
  }
  return word;
}

using wiredesk::bench::Zipf;

struct Doc {
  std::string headline;
  std::string body;
  const char* section;
  const Language* language;
};

Doc MakeDoc(const Zipf& zipf, std::mt19937_64& random) {
  int roll = static_cast<int>(random() % 100);
  const Language* language = &kLanguages[0];
  for (const Language& l : kLanguages) {
    if (roll < l.share) {
      language = &l;
      break;
    }
    roll -= l.share;
  }
  auto words = [&](int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
      if (!text.empty())
        text += ' ';
      text += WordOf(*language, zipf(random));
    }
    return text;
  };
  Doc doc;
  doc.headline = words(6 + static_cast<int>(random() % 7));
  doc.body = words(150 + static_cast<int>(random() % 451));
  doc.section = kSections[random() % std::size(kSections)];
  doc.language = language;
  return doc;
}

struct Query {
  std::string cls;
  std::string text;  // Wiredesk's query language.
  // For Xapian: op ("and", "or", "phrase", "prefix"), words, and a section filter.
  std::string op;
  std::vector<std::string> words;
  std::string section;
};

double Percentile(std::vector<double> values, double p) {
  if (values.empty())
    return 0;
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::min(at == 0 ? 0 : at - 1, values.size() - 1)];
}

uint64_t FolderBytes(const fs::path& path) {
  uint64_t bytes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(path)) {
    if (entry.is_regular_file())
      bytes += entry.file_size();
  }
  return bytes;
}

const char* kXapianScript = R"PY(
import json, os, sys, time, threading
import xapian

docs_path, db_path, queries_path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
start = time.perf_counter()
db = xapian.WritableDatabase(db_path, xapian.DB_CREATE_OR_OVERWRITE)
tg = xapian.TermGenerator()
# Stems by each article's language, as wiredesk's tokenizer does (STEM_SOME: the words as
# written plus Z-prefixed stems).
stemmers = {code: xapian.Stem(code) for code in ("en", "de", "fr", "es")}
count = 0
with open(docs_path, encoding="utf-8") as f:
    for line in f:
        section, lang, headline, body = line.rstrip("\n").split("\t")
        doc = xapian.Document()
        tg.set_stemmer(stemmers[lang])
        tg.set_document(doc)
        tg.index_text(headline, 10)  # The same headline weight FTS5's bm25 gets here.
        tg.index_text(body)
        doc.add_boolean_term("XS" + section)
        db.add_document(doc)
        count += 1
db.commit()
build = time.perf_counter() - start
size = sum(os.path.getsize(os.path.join(db_path, n)) for n in os.listdir(db_path))
db.close()
queries = [json.loads(l) for l in open(queries_path, encoding="utf-8")]

def make(q, db):
    terms = [w.lower() for w in q["words"]]
    if q["op"] == "or":
        query = xapian.Query(xapian.Query.OP_OR, terms)
    elif q["op"] == "phrase":
        query = xapian.Query(xapian.Query.OP_PHRASE, terms)
    elif q["op"] == "prefix":
        query = xapian.Query(xapian.Query.OP_WILDCARD, terms[0].rstrip("*"), 0, xapian.Query.WILDCARD_LIMIT_ERROR, xapian.Query.OP_SYNONYM)
    else:
        query = xapian.Query(xapian.Query.OP_AND, terms)
    if q["section"]:
        query = xapian.Query(xapian.Query.OP_FILTER, query, xapian.Query("XS" + q["section"]))
    return query

def run(db, qs, out):
    enquire = xapian.Enquire(db)
    for q in qs:
        t = time.perf_counter()
        enquire.set_query(make(q, db))
        mset = enquire.get_mset(0, 10)
        ids = [m.docid for m in mset]
        out.append((q["cls"], (time.perf_counter() - t) * 1e3))

single = []
run(xapian.Database(db_path), queries, single)
concurrent = []
workers = [threading.Thread(target=run, args=(xapian.Database(db_path), queries, concurrent)) for _ in range(threads)]
for w in workers: w.start()
for w in workers: w.join()
print(json.dumps({"docs": count, "build_seconds": build, "bytes": size, "single": single, "concurrent": concurrent}))
)PY";

}  // namespace

int main(int argc, char** argv) {
  int docs = 1'000'000;
  int per_class = 200;
  int threads = 4;
  std::string dir_arg;
  std::string python = "/usr/bin/python3";
  bool with_xapian = true;
  bool reuse_store = false;
  for (int i = 1; i < argc; i += 2) {
    std::string flag = argv[i];
    // Flags without a value.
    if (flag == "--skip-xapian") {
      with_xapian = false;
      --i;
      continue;
    }
    if (flag == "--reuse-store") {
      reuse_store = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", argv[i]);
      return 2;
    }
    if (flag == "--docs") {
      docs = std::atoi(argv[i + 1]);
    } else if (flag == "--queries") {
      per_class = std::atoi(argv[i + 1]);
    } else if (flag == "--threads") {
      threads = std::atoi(argv[i + 1]);
    } else if (flag == "--dir") {
      dir_arg = argv[i + 1];
    } else if (flag == "--python") {
      python = argv[i + 1];
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (docs < 100 || per_class < 1 || threads < 1) {
    std::fprintf(stderr, "need --docs >= 100, --queries >= 1, --threads >= 1\n");
    return 2;
  }
  fs::path dir = dir_arg.empty() ? fs::temp_directory_path() /
                                       ("wiredesk-search-bench-" + std::to_string(::getpid()))
                                 : fs::path(dir_arg);
  fs::create_directories(dir);
  fs::path store_dir = dir / "wiredesk";
  if (reuse_store) {
    if (dir_arg.empty() || !fs::exists(store_dir / "wiredesk.db") ||
        !fs::exists(dir / "docs.tsv")) {
      std::fprintf(stderr, "--reuse-store needs --dir with an earlier run's store and docs.tsv\n");
      return 2;
    }
  } else {
    fs::remove_all(store_dir);
    fs::create_directories(store_dir);
  }

  wiredesk::store::SqliteStoreOptions options;
  options.path = (store_dir / "wiredesk.db").string();
  auto opened = wiredesk::store::SqliteStore::Open(options);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().ToString().c_str());
    return 1;
  }
  auto& store = **opened;

  std::mt19937_64 random(20261201);
  const Zipf zipf(kVocabulary);
  // A reused store keeps the earlier run's documents; they are generated again all the same, as
  // the queries are drawn from the same random sequence after them.
  std::ofstream tsv;
  if (!reuse_store)
    tsv.open(dir / "docs.tsv", std::ios::binary);
  std::vector<Doc> samples;  // A few documents to draw phrase queries from.
  const auto epoch = wiredesk::core::FromUnixSeconds(1'700'000'000);
  std::printf(reuse_store ? "generating %d articles again, for the queries (store reused)...\n"
                          : "indexing %d articles into wiredesk (SQLite FTS5)...\n",
              docs);
  std::fflush(stdout);
  auto build_start = Clock::now();
  // Written as ingest writes a drop-folder sweep: Store::WriteVersions, one transaction per
  // batch of kBatch articles.
  constexpr int kBatch = 1000;
  std::vector<wiredesk::store::IncomingVersion> batch;
  auto flush = [&]() -> bool {
    auto outcomes = store.WriteVersions(
        batch, [](size_t, const std::optional<wiredesk::store::CurrentVersion>&) {
          return wiredesk::store::VersionDecision{wiredesk::store::VersionAction::kCreate,
                                                  wiredesk::core::VersionChange::kPublish, ""};
        });
    batch.clear();
    for (const auto& written : outcomes) {
      if (!written) {
        std::fprintf(stderr, "write: %s\n", written.error().ToString().c_str());
        return false;
      }
    }
    return true;
  };
  for (int i = 0; i < docs; ++i) {
    Doc doc = MakeDoc(zipf, random);
    if (reuse_store) {
      if (i % (docs / 50) == 0)
        samples.push_back(std::move(doc));
      continue;
    }
    wiredesk::store::IncomingVersion v;
    v.source = "bench";
    v.item.guid = "bench-" + std::to_string(i);
    v.item.headline = doc.headline;
    v.item.body_html = "<p>" + doc.body + "</p>";
    v.item.language = doc.language->code;
    v.item.published = epoch + std::chrono::minutes(i);
    v.rank = 1;
    v.section = *wiredesk::core::SectionPath::Parse(doc.section);
    v.received_at = *v.item.published;
    batch.push_back(std::move(v));
    if (static_cast<int>(batch.size()) == kBatch && !flush())
      return 1;
    tsv << doc.section << '\t' << doc.language->code << '\t' << doc.headline << '\t' << doc.body
        << '\n';
    if (docs >= 10 && i % (docs / 10) == 0) {
      std::printf("  %d articles, %.0f s\n", i,
                  std::chrono::duration<double>(Clock::now() - build_start).count());
      std::fflush(stdout);
    }
    if (i % (docs / 50) == 0)
      samples.push_back(std::move(doc));
  }
  if (!batch.empty() && !flush())
    return 1;
  tsv.close();
  double build_seconds = std::chrono::duration<double>(Clock::now() - build_start).count();
  uint64_t store_bytes = FolderBytes(store_dir);

  // Queries: words from the middle of the English vocabulary (they have hits but are not
  // stopword-common), phrases taken from real generated text.
  std::vector<Query> queries;
  const Language& en = kLanguages[0];
  auto mid_word = [&] { return WordOf(en, 20 + static_cast<int>(random() % 2000)); };
  for (int i = 0; i < per_class; ++i) {
    std::string a = mid_word(), b = mid_word(), c = mid_word();
    queries.push_back({"1 word", a, "and", {a}, ""});
    queries.push_back({"2 words AND", a + " " + b, "and", {a, b}, ""});
    queries.push_back({"3 words AND", a + " " + b + " " + c, "and", {a, b, c}, ""});
    queries.push_back({"2 words OR", a + " OR " + b, "or", {a, b}, ""});
    const Doc& sample = samples[static_cast<size_t>(i) % samples.size()];
    std::istringstream words(sample.body);
    std::vector<std::string> body_words{std::istream_iterator<std::string>(words), {}};
    size_t at = random() % (body_words.size() - 1);
    std::string phrase = body_words[at] + " " + body_words[at + 1];
    queries.push_back(
        {"phrase", "\"" + phrase + "\"", "phrase", {body_words[at], body_words[at + 1]}, ""});
    std::string prefix = a.substr(0, 4);
    queries.push_back({"prefix", prefix + "*", "prefix", {prefix + "*"}, ""});
    std::string section = kSections[random() % std::size(kSections)];
    queries.push_back({"filtered", a + " section:" + section, "and", {a}, section});
  }
  std::ofstream qfile(dir / "queries.jsonl", std::ios::binary);
  for (const Query& q : queries) {
    std::string words_json;
    for (const std::string& w : q.words)
      words_json += (words_json.empty() ? "\"" : ",\"") + w + "\"";
    qfile << "{\"cls\":\"" << q.cls << "\",\"op\":\"" << q.op << "\",\"words\":[" << words_json
          << "],\"section\":\"" << q.section << "\"}\n";
  }
  qfile.close();

  auto run = [&](const std::vector<Query>& list, std::vector<std::pair<std::string, double>>& out,
                 std::atomic<int>& failures) {
    for (const Query& q : list) {
      auto start = Clock::now();
      auto results = wiredesk::search::Search(store, q.text, 10, 0);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (!results)
        ++failures;
      out.emplace_back(q.cls, ms);
    }
  };
  // A process's first search loads the table of story lengths and times the ranking reads
  // (store/internal/search_rank.h): timed apart, so the classes show the steady state. Its word
  // is a rare one no class asks for (the load, not the matching, is what it times), and picking
  // it draws no random number, so the queries stay those of the seed.
  double first_search_ms = 0;
  {
    auto start = Clock::now();
    auto first = wiredesk::search::Search(store, WordOf(en, 30000), 10, 0);
    first_search_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (!first)
      std::fprintf(stderr, "first search failed: %s\n", first.error().ToString().c_str());
  }
  std::atomic<int> failures{0};
  std::vector<std::pair<std::string, double>> single;
  run(queries, single, failures);
  std::vector<std::vector<std::pair<std::string, double>>> per_thread(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { run(queries, per_thread[static_cast<size_t>(t)], failures); });
  }
  for (std::thread& w : workers) w.join();
  std::vector<std::pair<std::string, double>> concurrent;
  for (auto& list : per_thread) concurrent.insert(concurrent.end(), list.begin(), list.end());

  auto by_class = [](const std::vector<std::pair<std::string, double>>& timings) {
    std::map<std::string, std::vector<double>> out;
    for (const auto& [cls, ms] : timings) out[cls].push_back(ms);
    return out;
  };
  // wiredesk's own figures first: at a million articles Xapian's side takes hours, and these
  // should survive a run that is stopped before it ends.
  if (reuse_store)
    std::printf("\n%d articles; wiredesk's store reused (build not timed), index %.2f GiB\n", docs,
                static_cast<double>(store_bytes) / (1 << 30));
  else
    std::printf("\n%d articles; wiredesk indexed %.0f articles/s (%.0f s), index %.2f GiB\n", docs,
                docs / build_seconds, build_seconds, static_cast<double>(store_bytes) / (1 << 30));
  std::printf("first search of the process: %.1f ms\n", first_search_ms);
  if (failures > 0)
    std::printf("wiredesk: %d queries failed\n", failures.load());
  for (const auto& [label, ours] : {std::pair{"single-threaded", by_class(single)},
                                    std::pair{"concurrent", by_class(concurrent)}}) {
    std::printf("\n%s (%s)          wiredesk p50 / p99 ms\n", label,
                label[0] == 'c' ? (std::to_string(threads) + " threads").c_str() : "1 thread");
    for (const auto& [cls, times] : ours) {
      std::printf("  %-14s %10.2f / %-10.2f\n", cls.c_str(), Percentile(times, 0.5),
                  Percentile(times, 0.99));
    }
  }
  std::fflush(stdout);
  if (!with_xapian) {
    if (dir_arg.empty())
      fs::remove_all(dir);
    return 0;
  }

  std::printf("indexing %d articles into Xapian (python3-xapian)...\n", docs);
  std::fflush(stdout);
  fs::path script = dir / "xapian_bench.py";
  std::ofstream(script) << kXapianScript;
  std::string command = python + " " + script.string() + " " + (dir / "docs.tsv").string() + " " +
                        (dir / "xapian").string() + " " + (dir / "queries.jsonl").string() + " " +
                        std::to_string(threads);
  FILE* pipe = popen(command.c_str(), "r");
  std::string xapian_json;
  char buffer[65536];
  while (pipe && fgets(buffer, sizeof buffer, pipe) != nullptr) xapian_json += buffer;
  int status = pipe ? pclose(pipe) : -1;
  if (status != 0) {
    std::fprintf(stderr, "xapian run failed (%d); is python3-xapian installed for %s?\n", status,
                 python.c_str());
    return 1;
  }
  // A small reader for the one JSON object the script prints.
  auto number_after = [&](const std::string& key) {
    size_t at = xapian_json.find("\"" + key + "\": ");
    return at == std::string::npos ? 0.0 : std::atof(xapian_json.c_str() + at + key.size() + 4);
  };
  auto pairs_after = [&](const std::string& key) {
    std::vector<std::pair<std::string, double>> out;
    size_t at = xapian_json.find("\"" + key + "\": [");
    size_t end = xapian_json.find("]]", at);
    while (at != std::string::npos && (at = xapian_json.find("[\"", at + 1)) < end) {
      size_t close = xapian_json.find('"', at + 2);
      std::string cls = xapian_json.substr(at + 2, close - at - 2);
      out.emplace_back(cls, std::atof(xapian_json.c_str() + close + 2));
    }
    return out;
  };
  double xapian_build = number_after("build_seconds");
  double xapian_bytes = number_after("bytes");
  auto xapian_single = pairs_after("single");
  auto xapian_concurrent = pairs_after("concurrent");

  std::printf("\nXapian indexed %.0f articles/s (%.0f s), index %.2f GiB\n", docs / xapian_build,
              xapian_build, xapian_bytes / (1 << 30));
  for (const auto& [label, ours, theirs] :
       {std::tuple{"single-threaded", by_class(single), by_class(xapian_single)},
        std::tuple{"concurrent", by_class(concurrent), by_class(xapian_concurrent)}}) {
    std::printf("\n%s (%s)          wiredesk p50 / p99 ms     Xapian p50 / p99 ms    p99 ratio\n",
                label,
                label[0] == 'c' ? (std::to_string(threads) + " threads").c_str() : "1 thread");
    for (const auto& [cls, times] : ours) {
      auto them = theirs.count(cls) ? theirs.at(cls) : std::vector<double>{};
      double p99 = Percentile(times, 0.99);
      double their_p99 = Percentile(them, 0.99);
      std::printf("  %-14s %10.2f / %-10.2f %10.2f / %-10.2f %8.2fx\n", cls.c_str(),
                  Percentile(times, 0.5), p99, Percentile(them, 0.5), their_p99,
                  their_p99 > 0 ? p99 / their_p99 : 0.0);
    }
  }
  std::printf("\n(p99 ratio = wiredesk p99 / Xapian p99; below 1 is faster than Xapian)\n");
  if (dir_arg.empty())
    fs::remove_all(dir);
  return 0;
}
