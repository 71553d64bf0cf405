#include "ingest/pipeline.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>

#include "formats/feed_parser.h"
#include "ingest/dedupe.h"
#include "ingest/version_rules.h"
#include "sanitize/html_sanitizer.h"

namespace wiredesk::ingest {
namespace {

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

store::DedupeKeys MakeDedupeKeys(const core::Item& item, const std::string& stored_text_sha256,
                                 core::TimePoint received_at) {
  const Fingerprint fp = MakeFingerprint(item.headline, item.body_html);
  store::DedupeKeys keys;
  if (fp.ExactEligible()) {
    keys.text_sha256 = item.body_text_sha256.empty() ? stored_text_sha256 : item.body_text_sha256;
  }
  if (fp.NearEligible()) {
    keys.simhash = fp.simhash;
    auto bands = BandKeys(fp.simhash);
    keys.band_keys.assign(bands.begin(), bands.end());
  }
  keys.max_distance = kNearDuplicateMaxDistance;
  keys.window_seconds = std::chrono::seconds(kNearDuplicateWindow).count();
  keys.published = item.published.value_or(received_at);
  return keys;
}

}  // namespace

std::string IngestReport::Summary() const {
  std::ostringstream out;
  out << "new " << new_count << ", updated " << updated << ", unchanged " << unchanged
      << ", killed " << killed << ", withheld " << withheld << ", rejected " << rejected
      << ", duplicates " << duplicates;
  return out.str();
}

std::string IngestReport::ToString() const {
  std::string out = Summary();
  for (const auto& r : rejections) out += "\n  rejected: " + r;
  for (const auto& d : duplicate_lines) out += "\n  duplicate: " + d;
  for (const auto& w : warnings) out += "\n  warning: " + w;
  return out;
}

void IngestReport::Add(const IngestReport& other) {
  new_count += other.new_count;
  updated += other.updated;
  unchanged += other.unchanged;
  killed += other.killed;
  withheld += other.withheld;
  rejected += other.rejected;
  duplicates += other.duplicates;
  rejections.insert(rejections.end(), other.rejections.begin(), other.rejections.end());
  duplicate_lines.insert(duplicate_lines.end(), other.duplicate_lines.begin(),
                         other.duplicate_lines.end());
  warnings.insert(warnings.end(), other.warnings.begin(), other.warnings.end());
}

IngestPipeline::IngestPipeline(store::Store& store, const core::Config& config,
                               const core::Clock& clock, NewArticlesHook on_new_articles)
    : store_(store),
      clock_(clock),
      router_(config.routing),
      site_language_(config.site.language),
      on_new_articles_(std::move(on_new_articles)) {}

// One parsed document on its way to the store: the report so far, and for each item either
// its rejection or the index of its version in the batch.
struct IngestPipeline::PendingDocument {
  struct Slot {
    std::string label;  // "item <guid>", or the whole rejection line when rejected.
    bool rejected = false;
    size_t version = 0;  // Index into the batch's versions when not rejected.
  };
  IngestReport report;
  std::vector<Slot> slots;
};

core::Result<IngestPipeline::PendingDocument> IngestPipeline::Prepare(
    std::string_view bytes, const SourceInfo& source,
    std::vector<store::IncomingVersion>& versions) {
  formats::ParseOptions options;
  options.base_url = source.base_url;
  WD_ASSIGN_OR_RETURN(formats::ParsedFeed feed, formats::ParseFeed(bytes, options));

  PendingDocument pending;
  pending.report.warnings = std::move(feed.warnings);
  pending.slots.reserve(feed.items.size());
  // One arrival time for the whole document: its items arrived together.
  const core::TimePoint received_at = clock_.Now();
  for (size_t index = 0; index < feed.items.size(); ++index) {
    core::Item& item = feed.items[index];
    if (item.guid.empty()) {
      pending.slots.push_back({.label = "item " + std::to_string(index + 1) + ": no guid",
                               .rejected = true,
                               .version = 0});
      continue;
    }
    std::string label = "item " + item.guid;
    // Kills and withholds may come without a headline; only a story to show needs one.
    if (item.status == core::ItemStatus::kUsable && IsBlank(item.headline)) {
      pending.slots.push_back({.label = label + ": no headline", .rejected = true, .version = 0});
      continue;
    }

    store::IncomingVersion& version = versions.emplace_back();
    version.source = source.name;
    version.source_kind = source.kind;
    version.rank = VersionRank(item);
    version.section = router_.Route(item, source.section_rules);
    version.received_at = received_at;
    // formats has sanitised body_html already; this is the hash of the text as stored, which
    // equals the received one unless something changed the text (see DESIGN.md).
    version.stored_body_text_sha256 = sanitize::TextSha256(item.body_html);
    if (item.status == core::ItemStatus::kUsable) {
      version.dedupe = MakeDedupeKeys(item, version.stored_body_text_sha256, received_at);
    }
    if (item.language.empty())
      item.language = site_language_;
    version.item = std::move(item);
    pending.slots.push_back(
        {.label = std::move(label), .rejected = false, .version = versions.size() - 1});
  }
  return pending;
}

namespace {

// Whether the write made the article visible to readers for the first time.
bool FirstShown(const store::VersionDecision& decision) {
  return decision.action == store::VersionAction::kCreate ||
         (decision.action == store::VersionAction::kSupersede &&
          decision.change == core::VersionChange::kPublish);
}

}  // namespace

std::vector<core::Status> IngestPipeline::AfterWrite(
    const std::vector<core::Result<store::WriteOutcome>>& outcomes) {
  std::vector<core::Status> statuses(outcomes.size());
  if (!on_new_articles_)
    return statuses;
  std::vector<core::ArticleId> shown;
  std::vector<size_t> shown_at;  // The outcome of each of `shown`.
  for (size_t i = 0; i < outcomes.size(); ++i) {
    if (outcomes[i] && FirstShown(outcomes[i]->decision)) {
      shown.push_back(outcomes[i]->article_id);
      shown_at.push_back(i);
    }
  }
  if (shown.empty())
    return statuses;
  std::vector<core::Status> done = on_new_articles_(shown);
  for (size_t k = 0; k < done.size() && k < shown_at.size(); ++k)
    statuses[shown_at[k]] = std::move(done[k]);
  return statuses;
}

IngestReport IngestPipeline::Finish(PendingDocument& pending,
                                    const std::vector<core::Result<store::WriteOutcome>>& outcomes,
                                    const std::vector<core::Status>& after_write) {
  IngestReport& report = pending.report;
  for (PendingDocument::Slot& slot : pending.slots) {
    if (slot.rejected) {
      ++report.rejected;
      report.rejections.push_back(std::move(slot.label));
      continue;
    }
    const std::string& label = slot.label;
    const core::Result<store::WriteOutcome>& outcome = outcomes[slot.version];
    if (!outcome) {
      ++report.rejected;
      report.rejections.push_back(label + ": " + outcome.error().ToString());
      continue;
    }
    const store::VersionDecision& decision = outcome->decision;
    if (const core::Status& done = after_write[slot.version]; !done)
      report.warnings.push_back(label + ": stored, but after storing: " + done.error().ToString());
    switch (decision.action) {
      case store::VersionAction::kCreate:
        ++report.new_count;
        break;
      case store::VersionAction::kSupersede:
        ++report.updated;
        break;
      case store::VersionAction::kCreateWithheld:
      case store::VersionAction::kWithhold:
        ++report.withheld;
        break;
      case store::VersionAction::kKill:
        ++report.killed;
        break;
      case store::VersionAction::kAlias:
        ++report.duplicates;
        report.duplicate_lines.push_back(label + ": " + decision.reason);
        break;
      case store::VersionAction::kIgnore:
        ++report.unchanged;
        // Re-fetching an unchanged feed is the normal case and not worth a line, nor is a
        // re-fetched duplicate (reported when it first came); a stale version or a kill that
        // found nothing to kill is.
        if (decision.reason != "same version" && !decision.reason.starts_with("duplicate of")) {
          report.warnings.push_back(label + ": ignored: " + decision.reason);
        }
        break;
    }
  }
  return std::move(report);
}

std::vector<core::Result<store::WriteOutcome>> IngestPipeline::Write(
    const std::vector<store::IncomingVersion>& versions) {
  return store_.WriteVersions(
      versions, [&versions](size_t index, const std::optional<store::CurrentVersion>& current) {
        const store::IncomingVersion& version = versions[index];
        return DecideVersion(current, version.item, version.rank);
      });
}

core::Result<IngestReport> IngestPipeline::IngestBytes(std::string_view bytes,
                                                       const SourceInfo& source) {
  std::vector<store::IncomingVersion> versions;
  WD_ASSIGN_OR_RETURN(PendingDocument pending, Prepare(bytes, source, versions));
  const std::vector<core::Result<store::WriteOutcome>> outcomes = Write(versions);
  return Finish(pending, outcomes, AfterWrite(outcomes));
}

std::vector<core::Result<IngestReport>> IngestPipeline::IngestBatch(
    const std::vector<std::string_view>& documents, const SourceInfo& source) {
  std::vector<store::IncomingVersion> versions;
  std::vector<core::Result<PendingDocument>> pending;
  pending.reserve(documents.size());
  for (std::string_view bytes : documents) pending.push_back(Prepare(bytes, source, versions));
  const std::vector<core::Result<store::WriteOutcome>> outcomes = Write(versions);
  const std::vector<core::Status> after_write = AfterWrite(outcomes);
  std::vector<core::Result<IngestReport>> reports;
  reports.reserve(documents.size());
  for (core::Result<PendingDocument>& document : pending) {
    if (document) {
      reports.emplace_back(Finish(*document, outcomes, after_write));
    } else {
      reports.emplace_back(tl::unexpect, std::move(document).error());
    }
  }
  return reports;
}

core::Result<IngestReport> IngestPipeline::IngestFile(const std::string& path,
                                                      const SourceInfo& source) {
  // Refuse oversized files before reading them into memory; ParseFeed would refuse them after.
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec)
    return core::MakeError(core::ErrorCode::kNotFound, "cannot read " + path + ": " + ec.message());
  const size_t limit = formats::ParseOptions{}.max_bytes;
  if (size > limit) {
    return core::MakeError(core::ErrorCode::kResourceExhausted,
                           path + " is larger than " + std::to_string(limit) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return core::MakeError(core::ErrorCode::kNotFound, "cannot read " + path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (in.bad())
    return core::MakeError(core::ErrorCode::kUnavailable, "error reading " + path);
  return IngestBytes(bytes.str(), source);
}

}  // namespace wiredesk::ingest
