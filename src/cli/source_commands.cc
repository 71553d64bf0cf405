#include "cli/source_commands.h"

#include <filesystem>
#include <ostream>
#include <system_error>

#include "cli/clustering.h"
#include "core/clock.h"
#include "ingest/drop_folder.h"
#include "ingest/http_fetcher.h"
#include "ingest/pipeline.h"
#include "ingest/poller.h"
#include "ingest/push_token.h"
#include "store/source_store.h"
#include "store/store.h"

namespace wiredesk::cli {
namespace {

// Opens both stores of the configured database (the data folder is created when missing).
struct OpenedStores {
  std::unique_ptr<store::Store> articles;
  std::unique_ptr<store::SourceStore> sources;
};

core::Result<std::string> DatabaseUrl(const core::Config& config) {
  if (!config.store.db.empty())
    return config.store.db;
  std::error_code ec;
  std::filesystem::create_directories(config.store.data_dir, ec);
  if (ec) {
    return core::MakeError(
        core::ErrorCode::kUnavailable,
        "cannot create data folder " + config.store.data_dir + ": " + ec.message());
  }
  return "sqlite:" + config.SqlitePath();
}

core::Result<std::unique_ptr<store::SourceStore>> OpenSources(const core::Config& config) {
  WD_ASSIGN_OR_RETURN(std::string url, DatabaseUrl(config));
  return store::OpenSourceStore(url);
}

core::Result<OpenedStores> OpenBoth(const core::Config& config) {
  WD_ASSIGN_OR_RETURN(std::string url, DatabaseUrl(config));
  OpenedStores stores;
  WD_ASSIGN_OR_RETURN(stores.articles, store::OpenStore(url));
  WD_ASSIGN_OR_RETURN(stores.sources, store::OpenSourceStore(url));
  return stores;
}

int ExitCodeFor(const core::Error& error) {
  switch (error.code()) {
    case core::ErrorCode::kInvalidArgument:
    case core::ErrorCode::kAlreadyExists:
    case core::ErrorCode::kNotFound:
    case core::ErrorCode::kFailedPrecondition:
      return 2;
    default:
      return 1;
  }
}

// "MATCH=SECTION"; the last "=" separates, so a match may itself contain one.
core::Result<core::RoutingRule> ParseRule(const std::string& text) {
  const size_t equals = text.rfind('=');
  if (equals == std::string::npos || equals == 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "--section-rule wants MATCH=SECTION, got '" + text + "'");
  }
  auto section = core::SectionPath::Parse(text.substr(equals + 1));
  if (!section || section->empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "--section-rule '" + text + "': bad section" +
                               (section ? std::string() : ": " + section.error().message()));
  }
  return core::RoutingRule{text.substr(0, equals), std::move(*section)};
}

std::string RulesText(const std::vector<core::RoutingRule>& rules) {
  std::string out;
  for (const auto& rule : rules) {
    if (!out.empty())
      out += ",";
    out += rule.match + "=" + rule.section.ToString();
  }
  return out.empty() ? "-" : out;
}

}  // namespace

int RunSourceAdd(const SourceAddFlags& flags, std::ostream& out, std::ostream& err) {
  auto fail = [&err](const core::Error& error) {
    err << "wiredesk source add: " << error.message() << "\n";
    return ExitCodeFor(error);
  };
  auto config = ResolveConfig(flags.data);
  if (!config)
    return fail(config.error());
  const int kinds =
      (flags.url.empty() ? 0 : 1) + (flags.folder.empty() ? 0 : 1) + (flags.push ? 1 : 0);
  if (kinds != 1) {
    return fail(core::Error(core::ErrorCode::kInvalidArgument,
                            "give exactly one of --url URL, --folder DIR or --push"));
  }
  if (!store::IsValidSourceName(flags.name)) {
    return fail(core::Error(core::ErrorCode::kInvalidArgument,
                            "source name '" + flags.name +
                                "' must be 1-64 of a-z, 0-9, '-' and '_', starting with a "
                                "letter or digit"));
  }
  core::SystemClock clock;
  store::SourceRecord source;
  source.name = flags.name;
  source.created_at = clock.Now();
  source.poll.next_poll_at = source.created_at;  // Due at once.
  for (const std::string& text : flags.section_rules) {
    auto rule = ParseRule(text);
    if (!rule)
      return fail(rule.error());
    source.section_rules.push_back(std::move(*rule));
  }
  std::string token;
  if (!flags.url.empty()) {
    if (!ingest::IsHttpUrl(flags.url)) {
      return fail(core::Error(core::ErrorCode::kInvalidArgument,
                              "--url must be an http:// or https:// URL"));
    }
    source.kind = store::SourceKind::kHttp;
    source.location = flags.url;
    source.interval_seconds =
        flags.interval_seconds.value_or(config->sources.default_interval_seconds);
    if (source.interval_seconds < 1) {
      return fail(
          core::Error(core::ErrorCode::kInvalidArgument, "--interval must be at least 1 second"));
    }
  } else if (!flags.folder.empty()) {
    std::error_code ec;
    const auto folder = std::filesystem::absolute(flags.folder, ec);
    if (!ec)
      std::filesystem::create_directories(folder, ec);
    if (ec) {
      return fail(core::Error(core::ErrorCode::kInvalidArgument,
                              "cannot use folder " + flags.folder + ": " + ec.message()));
    }
    source.kind = store::SourceKind::kFolder;
    source.location = folder.lexically_normal().string();
  } else {
    source.kind = store::SourceKind::kPush;
    token = ingest::GeneratePushToken();
    source.push_token_hash = ingest::HashPushToken(token);
  }
  if (flags.interval_seconds && source.kind != store::SourceKind::kHttp) {
    return fail(
        core::Error(core::ErrorCode::kInvalidArgument, "--interval applies to --url sources only"));
  }
  auto sources = OpenSources(*config);
  if (!sources)
    return fail(sources.error());
  auto added = (*sources)->AddSource(source);
  if (!added)
    return fail(added.error());
  out << "added " << store::SourceKindName(source.kind) << " source " << source.name;
  if (!source.location.empty())
    out << ": " << source.location;
  out << "\n";
  if (!token.empty()) {
    out << "push token (shown once; only its hash is stored): " << token << "\n"
        << "push with: curl -H 'Authorization: Bearer " << token
        << "' -H 'Content-Type: application/xml' --data-binary @item.xml "
        << "http://HOST:PORT/ingest/" << source.name << "\n";
  }
  return 0;
}

int RunSourceList(const DataFlags& flags, std::ostream& out, std::ostream& err) {
  auto config = ResolveConfig(flags);
  if (!config) {
    err << "wiredesk source list: " << config.error().message() << "\n";
    return 2;
  }
  auto sources = OpenSources(*config);
  auto list = sources
                  ? (*sources)->ListSources()
                  : core::Result<std::vector<store::SourceRecord>>(tl::unexpected(sources.error()));
  if (!list) {
    err << "wiredesk source list: " << list.error().message() << "\n";
    return 1;
  }
  // One tab-separated line per source, with a header: easy to read and to cut(1).
  out << "NAME\tKIND\tLOCATION\tINTERVAL\tRULES\tLAST_POLL\tNEXT_POLL\tFAILURES\tSTATUS\n";
  for (const store::SourceRecord& s : *list) {
    const bool http = s.kind == store::SourceKind::kHttp;
    out << s.name << "\t" << store::SourceKindName(s.kind) << "\t"
        << (s.location.empty() ? "-" : s.location) << "\t"
        << (http ? std::to_string(s.interval_seconds) + "s" : "-") << "\t"
        << RulesText(s.section_rules) << "\t"
        << (s.poll.last_polled_at ? core::FormatRfc3339(*s.poll.last_polled_at) : "-") << "\t"
        << (http ? core::FormatRfc3339(s.poll.next_poll_at) : "-") << "\t" << s.poll.failure_count
        << "\t" << (s.poll.last_status.empty() ? "-" : s.poll.last_status) << "\n";
  }
  return 0;
}

int RunSourceRemove(const DataFlags& flags, const std::string& name, std::ostream& out,
                    std::ostream& err) {
  auto config = ResolveConfig(flags);
  if (!config) {
    err << "wiredesk source remove: " << config.error().message() << "\n";
    return 2;
  }
  auto sources = OpenSources(*config);
  auto removed =
      sources ? (*sources)->RemoveSource(name) : core::Status(tl::unexpected(sources.error()));
  if (!removed) {
    err << "wiredesk source remove: " << removed.error().message() << "\n";
    return ExitCodeFor(removed.error());
  }
  out << "removed source " << name << " (its stories stay published)\n";
  return 0;
}

int RunSourceRunOnce(const DataFlags& flags, const std::string& name, std::ostream& out,
                     std::ostream& err) {
  auto fail = [&err](const core::Error& error) {
    err << "wiredesk source run-once: " << error.message() << "\n";
    return ExitCodeFor(error);
  };
  auto config = ResolveConfig(flags);
  if (!config)
    return fail(config.error());
  auto stores = OpenBoth(*config);
  if (!stores)
    return fail(stores.error());
  auto source = stores->sources->GetSource(name);
  if (!source)
    return fail(source.error());
  core::SystemClock clock;
  ingest::IngestPipeline pipeline(*stores->articles, *config, clock,
                                  ClusterNewArticles(*stores->articles, clock));
  switch (source->kind) {
    case store::SourceKind::kHttp: {
      ingest::CurlFetcher fetcher(ingest::FetchOptionsFromConfig(config->network));
      ingest::PollerOptions options;
      options.max_backoff = std::chrono::seconds(config->sources.max_backoff_seconds);
      ingest::SourcePoller poller(*stores->sources, pipeline, fetcher, clock, options);
      auto outcome = poller.PollSource(*source);
      if (!outcome)
        return fail(outcome.error());
      out << name << ": " << outcome->status << "\n";
      for (const auto& r : outcome->report.rejections) out << "  rejected: " << r << "\n";
      for (const auto& w : outcome->report.warnings) out << "  warning: " << w << "\n";
      return outcome->kind == ingest::PollOutcome::Kind::kFailed ? 1 : 0;
    }
    case store::SourceKind::kFolder: {
      ingest::DropFolderWatcher watcher(*stores->sources, pipeline);
      auto files = watcher.ProcessFolder(*source);
      if (!files)
        return fail(files.error());
      int failed = 0;
      for (const auto& file : *files) {
        if (file.ingested) {
          out << file.name << ": " << file.report.Summary() << "\n";
        } else {
          out << file.name << ": failed: " << file.reason << "\n";
          ++failed;
        }
      }
      out << name << ": " << files->size() << " file(s), " << failed << " failed\n";
      return failed == 0 ? 0 : 1;
    }
    case store::SourceKind::kPush:
      return fail(core::Error(core::ErrorCode::kFailedPrecondition,
                              "source " + name + " is a push source: wires POST to it"));
  }
  return 1;
}

}  // namespace wiredesk::cli
