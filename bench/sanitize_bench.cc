// Sanitiser throughput: SanitizeHtml over every document of a corpus file, reported as bytes
// per second. bench/sanitize_bench.sh builds the corpus at run time from ../shared/corpora and
// runs Python bleach over the same documents in the same run.
//
//   sanitize_bench CORPUS [--benchmark_... flags]
// CORPUS holds the documents separated by NUL bytes.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "sanitize/html_sanitizer.h"

namespace {

std::vector<std::string> ReadCorpus(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::string> documents;
  size_t start = 0;
  while (start < all.size()) {
    size_t end = all.find('\0', start);
    if (end == std::string::npos)
      end = all.size();
    if (end > start)
      documents.push_back(all.substr(start, end - start));
    start = end + 1;
  }
  return documents;
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS [--benchmark_... flags]\n", argv[0]);
    return 2;
  }
  const std::vector<std::string> documents = ReadCorpus(argv[1]);
  if (documents.empty()) {
    std::fprintf(stderr, "%s: no documents\n", argv[1]);
    return 1;
  }
  int64_t bytes = 0;
  for (const std::string& document : documents) bytes += static_cast<int64_t>(document.size());

  benchmark::RegisterBenchmark("SanitizeHtml/corpus", [&](benchmark::State& state) {
    for (auto _ : state) {
      for (const std::string& document : documents) {
        std::string safe = wiredesk::sanitize::SanitizeHtml(document);
        benchmark::DoNotOptimize(safe);
      }
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["documents"] = static_cast<double>(documents.size());
  })->Unit(benchmark::kMillisecond);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
