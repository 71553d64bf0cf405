#include "cli/sample_seed.h"

#include <spdlog/spdlog.h>

#include "core/embedded.h"

namespace wiredesk::cli::embedded_samples {
const std::vector<wiredesk::core::EmbeddedFile>& All();
}  // namespace wiredesk::cli::embedded_samples

namespace wiredesk::cli {

std::vector<std::string> SampleFeedNames() {
  std::vector<std::string> names;
  for (const auto& file : embedded_samples::All()) names.emplace_back(file.path);
  return names;
}

core::Result<SeedResult> SeedSampleIfEmpty(store::Store& store, ingest::IngestPipeline& pipeline) {
  WD_ASSIGN_OR_RETURN(store::StoreStats stats, store.Stats());
  SeedResult result;
  if (stats.versions > 0)
    return result;
  ingest::SourceInfo source;
  source.name = "sample-wire";
  source.kind = core::SourceKind::kWire;
  for (const auto& file : embedded_samples::All()) {
    auto report = pipeline.IngestBytes(file.data, source);
    if (!report) {
      // A broken sample file must not keep the site from starting; say which one.
      spdlog::error("sample {}: {}", file.path, report.error().ToString());
      continue;
    }
    result.report.Add(*report);
  }
  result.seeded = true;
  return result;
}

}  // namespace wiredesk::cli
