// IngestPipeline: feed or wire bytes in, articles, versions and outbox events out.
//
// For each document: formats::ParseFeed turns the bytes into Items (sanitised); for each item
// the pipeline checks it is storable, ranks it (VersionRank), routes it to a section
// (SectionRouter), hashes the text of the body as stored, fingerprints a usable item for dedupe
// (ingest/dedupe.h), and hands the document's items (or, with IngestBatch, several
// documents' items) to the store as one batch (Store::WriteVersions: one transaction) with
// DecideVersion as the decider, so the version rules and the duplicate lookup run inside the
// store's transaction, in item order. A new guid whose story is already stored (from another
// guid or source) becomes an alias of it, reported as "duplicate of #id"; see DecideVersion
// for its later versions.
// One bad item never stops the batch: it is counted as rejected, with its reason.
//
// Thread safety: IngestBytes, IngestBatch and IngestFile may be called from several threads at once
// (the store serialises writes); the store, config and clock must outlive the pipeline.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/result.h"
#include "ingest/section_router.h"
#include "store/store.h"

namespace wiredesk::ingest {

// What one ingest run did, for the CLI and the logs.
struct IngestReport {
  int new_count = 0;  // Articles created and visible (or waiting for their embargo).
  int updated = 0;    // Articles superseded by a newer version (updates and corrections).
  int unchanged = 0;  // Versions that changed nothing: same, stale, or after a kill.
  int killed = 0;     // Articles killed.
  int withheld = 0;   // Articles withheld, or created withheld.
  int rejected = 0;   // Items that could not be stored.
  // New guids that were another story already (same text, or near it): not new articles.
  int duplicates = 0;
  // One line per rejected item, e.g. "item urn:x:1: no headline".
  std::vector<std::string> rejections;
  // One line per duplicate, e.g. "item urn:y:7: duplicate of #12 (same text)".
  std::vector<std::string> duplicate_lines;
  // Problems that did not stop an item: parser warnings, ignored stale versions or kills.
  std::vector<std::string> warnings;

  // "new 3, updated 1, unchanged 0, killed 1, withheld 0, rejected 1, duplicates 0".
  std::string Summary() const;
  // Summary(), then one indented line per rejection ("  rejected: ..."), per duplicate
  // ("  duplicate: ...") and per warning ("  warning: ...").
  std::string ToString() const;
  // Adds the counts and lines of `other`, for totals over several documents.
  void Add(const IngestReport& other);
};

// Where a document came from.
struct SourceInfo {
  // The configured source name, stored with each article. Default "wire".
  std::string name = "wire";
  // Whether its text can earn the wire notice (see core::Article). Default kWire.
  core::SourceKind kind = core::SourceKind::kWire;
  // The document's URL, for resolving relative links in it. Default empty.
  std::string base_url;
  // The source's own routing rules, tried before the configured ones (SectionRouter::Route).
  // Default none.
  std::vector<core::RoutingRule> section_rules;
};

// Called once after a batch is written, with every article that became visible to readers for
// the first time (created, or a withheld one's first usable version), in item order; the
// composition root uses it to put the stories in their clusters (recommend/story_clusters.h)
// in one go. Returns one status per article, in the same order (missing ones count as done). A
// failure does not undo the write: it becomes a warning of the item's report.
using NewArticlesHook =
    std::function<std::vector<core::Status>(std::span<const core::ArticleId> ids)>;

class IngestPipeline {
 public:
  // `on_new_articles` may be empty (the default): nothing is called.
  IngestPipeline(store::Store& store, const core::Config& config, const core::Clock& clock,
                 NewArticlesHook on_new_articles = {});

  IngestPipeline(const IngestPipeline&) = delete;
  IngestPipeline& operator=(const IngestPipeline&) = delete;

  // Parses `bytes` and stores every item. Fails (with the parser's reason) only when the
  // document cannot be read as a feed at all; per-item failures are in the report.
  core::Result<IngestReport> IngestBytes(std::string_view bytes, const SourceInfo& source);

  // IngestBytes for several documents of one source, with every item of all of them written
  // in one store batch (Store::WriteVersions: one transaction), so that a sweep of many small
  // documents (a drop folder of one-item NewsML-G2 files, say) costs one commit, not one per
  // document. One report per document, in order, each what IngestBytes would have returned.
  std::vector<core::Result<IngestReport>> IngestBatch(
      const std::vector<std::string_view>& documents, const SourceInfo& source);

  // Reads the file and calls IngestBytes. kNotFound when it cannot be read,
  // kResourceExhausted when it is larger than a feed may be.
  core::Result<IngestReport> IngestFile(const std::string& path, const SourceInfo& source);

 private:
  struct PendingDocument;

  // Parses a document and appends a version for each storable item to `versions`.
  core::Result<PendingDocument> Prepare(std::string_view bytes, const SourceInfo& source,
                                        std::vector<store::IncomingVersion>& versions);
  // Writes the versions of a batch, deciding each with DecideVersion.
  std::vector<core::Result<store::WriteOutcome>> Write(
      const std::vector<store::IncomingVersion>& versions);
  // Calls on_new_articles_ with the batch's newly shown articles; returns one status per
  // outcome (done for those it was not called for).
  std::vector<core::Status> AfterWrite(
      const std::vector<core::Result<store::WriteOutcome>>& outcomes);
  // The document's report, given the outcomes of its batch and AfterWrite's statuses.
  IngestReport Finish(PendingDocument& pending,
                      const std::vector<core::Result<store::WriteOutcome>>& outcomes,
                      const std::vector<core::Status>& after_write);

  store::Store& store_;
  const core::Clock& clock_;
  const SectionRouter router_;
  const std::string site_language_;  // Of items whose feed names no language.
  const NewArticlesHook on_new_articles_;
};

}  // namespace wiredesk::ingest
