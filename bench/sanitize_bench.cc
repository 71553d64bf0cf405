// Sanitiser throughput: SanitizeHtml over every document of a corpus file, reported as bytes
// per second. bench/sanitize_bench.sh builds the corpus at run time from ../shared/corpora and
// runs Python bleach over the same documents in the same run.
//
// Beside it, on the same documents: a bare Gumbo parse (what any sanitiser that parses every
// input costs at least), the sanitiser without its fast paths (parse, rebuild, re-parse to prove
// a fixed point), and SanitizeHtml over only the documents its simple-HTML fast path does not
// take, so the figure for the corpus is not mistaken for the parse path's.
//
//   sanitize_bench CORPUS [--benchmark_... flags]
// CORPUS holds the documents separated by NUL bytes.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <gumbo.h>

#include "sanitize/html_sanitizer.h"
#include "sanitize/internal/reference.h"
#include "sanitize/internal/simple_html.h"

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

// One parse as the sanitiser configures Gumbo (internal/parse.cc), and nothing else.
void GumboParse(const std::string& document) {
  GumboOptions options = kGumboDefaultOptions;
  options.fragment_context = GUMBO_TAG_DIV;
  options.fragment_namespace = GUMBO_NAMESPACE_HTML;
  options.max_errors = 0;
  GumboOutput* output = gumbo_parse_with_options(&options, document.data(), document.size());
  benchmark::DoNotOptimize(output);
  gumbo_destroy_output(&options, output);
}

// Registers a benchmark that runs `one` over every document of `documents` per iteration.
template <class One>
void Register(const char* name, const std::vector<std::string>& documents, One one) {
  int64_t bytes = 0;
  for (const std::string& document : documents) bytes += static_cast<int64_t>(document.size());
  benchmark::RegisterBenchmark(name, [&documents, bytes, one](benchmark::State& state) {
    for (auto _ : state) {
      for (const std::string& document : documents) one(document);
    }
    state.SetBytesProcessed(state.iterations() * bytes);
    state.counters["documents"] = static_cast<double>(documents.size());
  })->Unit(benchmark::kMillisecond);
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
  std::vector<std::string> parsed_documents;
  for (const std::string& document : documents) {
    std::string out;
    if (!wiredesk::sanitize::internal::CanonicalizeSimpleHtml(document, out, nullptr))
      parsed_documents.push_back(document);
  }

  Register("SanitizeHtml/corpus", documents, [](const std::string& document) {
    std::string safe = wiredesk::sanitize::SanitizeHtml(document);
    benchmark::DoNotOptimize(safe);
  });
  Register("GumboParse/corpus", documents, GumboParse);
  Register("SanitizeHtmlByReparsing/corpus", documents, [](const std::string& document) {
    std::string safe = wiredesk::sanitize::internal::SanitizeHtmlByReparsing(document);
    benchmark::DoNotOptimize(safe);
  });
  if (!parsed_documents.empty()) {
    Register("SanitizeHtml/parsed-documents", parsed_documents, [](const std::string& document) {
      std::string safe = wiredesk::sanitize::SanitizeHtml(document);
      benchmark::DoNotOptimize(safe);
    });
    Register("GumboParse/parsed-documents", parsed_documents, GumboParse);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
