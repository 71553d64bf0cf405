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
                               const core::Clock& clock)
    : store_(store), clock_(clock), router_(config.routing) {}

core::Result<IngestReport> IngestPipeline::IngestBytes(std::string_view bytes,
                                                       const SourceInfo& source) {
  formats::ParseOptions options;
  options.base_url = source.base_url;
  WD_ASSIGN_OR_RETURN(formats::ParsedFeed feed, formats::ParseFeed(bytes, options));

  IngestReport report;
  report.warnings = std::move(feed.warnings);
  // One arrival time for the whole document: its items arrived together.
  const core::TimePoint received_at = clock_.Now();
  for (size_t index = 0; index < feed.items.size(); ++index) {
    core::Item& item = feed.items[index];
    if (item.guid.empty()) {
      ++report.rejected;
      report.rejections.push_back("item " + std::to_string(index + 1) + ": no guid");
      continue;
    }
    const std::string label = "item " + item.guid;
    // Kills and withholds may come without a headline; only a story to show needs one.
    if (item.status == core::ItemStatus::kUsable && IsBlank(item.headline)) {
      ++report.rejected;
      report.rejections.push_back(label + ": no headline");
      continue;
    }

    store::IncomingVersion version;
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
    version.item = std::move(item);

    const int64_t rank = version.rank;
    const core::Item& stored_item = version.item;
    auto outcome = store_.WriteVersion(
        version, [&stored_item, rank](const std::optional<store::CurrentVersion>& current) {
          return DecideVersion(current, stored_item, rank);
        });
    if (!outcome) {
      ++report.rejected;
      report.rejections.push_back(label + ": " + outcome.error().ToString());
      continue;
    }
    const store::VersionDecision& decision = outcome->decision;
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
  return report;
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
