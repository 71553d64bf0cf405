// The bundled sample: fictional wire feeds compiled into the binary (samples/feeds/), ingested
// into an empty database on first start so a newcomer's first `wiredesk serve` shows a living
// site. Not thread-safe against concurrent seeding of the same store; serve calls it once.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "ingest/pipeline.h"
#include "store/store.h"

namespace wiredesk::cli {

// Names of the embedded sample files, in arrival order.
std::vector<std::string> SampleFeedNames();

// Ingests every sample file in order when the store has never received a version; returns the
// summed report, or nullopt-like empty report with seeded=false when the store was not empty.
struct SeedResult {
  bool seeded = false;
  ingest::IngestReport report;
};
core::Result<SeedResult> SeedSampleIfEmpty(store::Store& store, ingest::IngestPipeline& pipeline);

}  // namespace wiredesk::cli
