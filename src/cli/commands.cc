#include "cli/commands.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <spdlog/spdlog.h>

#include "accounts/account_service.h"
#include "alerts/alert_service.h"
#include "cli/clustering.h"
#include "cli/sample_seed.h"
#include "core/clock.h"
#include "formats/feed_json.h"
#include "formats/feed_parser.h"
#include "ingest/drop_folder.h"
#include "ingest/embargo_scheduler.h"
#include "ingest/http_fetcher.h"
#include "ingest/pipeline.h"
#include "ingest/poller.h"
#include "ingest/push_receiver.h"
#include "search/searcher.h"
#include "store/account_store.h"
#include "store/alert_outbox_store.h"
#include "store/source_store.h"
#include "store/store.h"
#include "web/metrics.h"
#include "web/server.h"
#include "web/site.h"

namespace wiredesk::cli {
namespace {

core::Result<std::string> ReadInput(const std::string& file) {
  std::ostringstream bytes;
  if (file == "-") {
    bytes << std::cin.rdbuf();
    return bytes.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return core::MakeError(core::ErrorCode::kNotFound, "cannot read " + file);
  bytes << in.rdbuf();
  return bytes.str();
}

// Opens the configured store, creating the data folder for the embedded database.
core::Result<std::unique_ptr<store::Store>> OpenConfiguredStore(const core::Config& config) {
  std::string url = config.store.db;
  if (url.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(config.store.data_dir, ec);
    if (ec) {
      return core::MakeError(
          core::ErrorCode::kUnavailable,
          "cannot create data folder " + config.store.data_dir + ": " + ec.message());
    }
    url = "sqlite:" + config.SqlitePath();
  }
  return store::OpenStore(url);
}

// Splits "HOST:PORT" (IPv6 as "[::1]:8080").
core::Result<std::pair<std::string, uint16_t>> SplitListen(const std::string& listen) {
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon + 1 == listen.size()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "--listen wants HOST:PORT, got '" + listen + "'");
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(listen.substr(colon + 1), &used);
    if (used != listen.size() - colon - 1)
      port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "bad port in '" + listen + "'");
  }
  return std::make_pair(host, static_cast<uint16_t>(port));
}

// Adds an ingest run's outcomes to the wiredesk_ingest_items_total counters.
void CountIngest(web::Metrics& metrics, const ingest::IngestReport& report) {
  metrics.CountIngest("new", report.new_count);
  metrics.CountIngest("updated", report.updated);
  metrics.CountIngest("unchanged", report.unchanged);
  metrics.CountIngest("killed", report.killed);
  metrics.CountIngest("withheld", report.withheld);
  metrics.CountIngest("rejected", report.rejected);
  metrics.CountIngest("duplicate", report.duplicates);
}

}  // namespace

core::Result<core::Config> ResolveConfig(const DataFlags& flags) {
  core::Result<core::Config> config =
      flags.config_file.empty() ? core::DefaultConfig() : core::LoadConfigFile(flags.config_file);
  if (!config)
    return config;
  if (!flags.data_dir.empty())
    config->store.data_dir = flags.data_dir;
  if (!flags.db_url.empty())
    config->store.db = flags.db_url;
  return config;
}

int RunServe(const ServeFlags& flags) {
  auto config = ResolveConfig(flags.data);
  if (!config) {
    std::cerr << "wiredesk serve: " << config.error().message() << "\n";
    return 2;
  }
  if (!flags.listen.empty())
    config->server.listen = flags.listen;
  auto address = SplitListen(config->server.listen);
  if (!address) {
    std::cerr << "wiredesk serve: " << address.error().message() << "\n";
    return 2;
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) {
    std::cerr << "wiredesk serve: " << store.error().message() << "\n";
    return 1;
  }
  auto sources = store::OpenSourceStore(config->store.db.empty() ? "sqlite:" + config->SqlitePath()
                                                                 : config->store.db);
  if (!sources) {
    std::cerr << "wiredesk serve: " << sources.error().message() << "\n";
    return 1;
  }
  core::SystemClock clock;
  ingest::IngestPipeline pipeline(**store, *config, clock, ClusterNewArticles(**store, clock));
  auto site = web::Site::Create(**store, *config, clock);
  if (!site) {
    std::cerr << "wiredesk serve: " << site.error().message() << "\n";
    return 1;
  }
  // Web Push: the configured VAPID key, or one made in the data folder on first start, so
  // browser notifications work without setup.
  std::optional<alerts::VapidKey> vapid;
  if (config->alerts.enabled) {
    auto key = alerts::VapidKey::LoadOrCreate(config->alerts.webpush_vapid_private_key_file,
                                              config->store.data_dir);
    if (!key && !config->alerts.webpush_vapid_private_key_file.empty()) {
      std::cerr << "wiredesk serve: [alerts.webpush] vapid_private_key_file: "
                << key.error().message() << "\n";
      return 1;
    }
    if (key) {
      vapid = std::move(*key);
      (*site)->SetVapidPublicKey(vapid->public_key());
    } else {
      spdlog::error("browser notifications are off: {}", key.error().ToString());
    }
  }
  if (config->site.seed_sample) {
    auto seeded = SeedSampleIfEmpty(**store, pipeline);
    if (!seeded) {
      std::cerr << "wiredesk serve: seeding the sample failed: " << seeded.error().message()
                << "\n";
      return 1;
    }
    if (seeded->seeded) {
      spdlog::info("seeded the bundled sample: {}", seeded->report.Summary());
      CountIngest((*site)->metrics(), seeded->report);
    }
  }
  web::ServerOptions options;
  options.host = address->first;
  options.port = address->second;
  options.threads = config->server.threads;
  options.max_header_bytes = config->server.max_header_bytes;
  options.max_body_bytes = config->server.max_body_bytes;
  options.idle_timeout = std::chrono::seconds(config->server.idle_timeout_seconds);
  web::Site& site_ref = **site;
  ingest::PushReceiver push_receiver(**sources, pipeline);
  site_ref.SetPushReceiver(&push_receiver);
  auto server = web::HttpServer::Start(
      options, [&site_ref](const web::Request& request) { return site_ref.Handle(request); });
  if (!server) {
    std::cerr << "wiredesk serve: " << server.error().message() << "\n";
    return 1;
  }
  site_ref.StartOutboxFollower();
  ingest::EmbargoScheduler embargoes(**store, clock);
  embargoes.Start();
  // Sources: HTTP polling and drop folders, each on its own thread; the push endpoint is a
  // route of the site.
  ingest::CurlFetcher fetcher(ingest::FetchOptionsFromConfig(config->network));
  ingest::PollerOptions poller_options;
  poller_options.max_backoff = std::chrono::seconds(config->sources.max_backoff_seconds);
  auto count_ingest = [&site_ref](const ingest::IngestReport& report) {
    CountIngest(site_ref.metrics(), report);
  };
  poller_options.on_ingest = count_ingest;
  ingest::SourcePoller poller(**sources, pipeline, fetcher, clock, poller_options);
  poller.Start();
  ingest::DropFolderWatcher drop_folders(**sources, pipeline, count_ingest);
  if (auto watching = drop_folders.Start(); !watching)
    spdlog::error("drop folders are not watched: {}", watching.error().ToString());
  // Alerts: the matcher and dispatcher on their own thread, over the same database.
  std::unique_ptr<store::AccountStore> alert_accounts;
  std::unique_ptr<store::AlertOutboxStore> alert_outbox;
  std::unique_ptr<alerts::AlertService> alert_service;
  if (config->alerts.enabled) {
    auto accounts = store::OpenAccountStore(**store);
    auto outbox = store::OpenAlertOutboxStore(**store);
    if (accounts && outbox) {
      alert_accounts = std::move(*accounts);
      alert_outbox = std::move(*outbox);
      alerts::AlertServiceOptions alert_options;
      alert_options.config = config->alerts;
      alert_options.policy = core::AddressPolicy(config->network.allow_private_addresses
                                                     ? core::AddressPolicy::Scope::kAllowPrivate
                                                     : core::AddressPolicy::Scope::kPublicOnly);
      alert_options.site_name = config->site.name;
      alert_options.vapid = vapid;
      alert_service = std::make_unique<alerts::AlertService>(**store, *alert_accounts,
                                                             *alert_outbox, clock, alert_options);
      alert_service->Start();
    } else {
      spdlog::error("alerts are off: {}",
                    (accounts ? outbox.error() : accounts.error()).ToString());
    }
  }
  // The first line on stdout names the bound address, so scripts and tests that start the
  // server on port 0 can find it.
  std::cout << "wiredesk listening on http://" << options.host << ":" << (*server)->port() << "/"
            << std::endl;

  boost::asio::io_context signals_context;
  boost::asio::signal_set signals(signals_context, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int signal_number) {
    spdlog::info("signal {} received; shutting down", signal_number);
    (*server)->Stop();
  });
  std::thread signal_thread([&signals_context] { signals_context.run(); });
  (*server)->Wait();
  signals_context.stop();
  signal_thread.join();
  poller.Stop();
  drop_folders.Stop();
  embargoes.Stop();
  if (alert_service != nullptr)
    alert_service->Stop();
  site_ref.StopOutboxFollower();
  spdlog::info("stopped");
  return 0;
}

int RunParse(const std::string& file, std::ostream& out, std::ostream& err) {
  auto bytes = ReadInput(file);
  if (!bytes) {
    err << "wiredesk parse: " << bytes.error().message() << "\n";
    return 1;
  }
  auto parsed = formats::ParseFeed(*bytes);
  if (!parsed) {
    err << "wiredesk parse: " << parsed.error().message() << "\n";
    return 1;
  }
  out << formats::ParsedFeedToJson(*parsed) << "\n";
  return 0;
}

int RunIngest(const DataFlags& flags, const std::vector<std::string>& files,
              const std::string& source_name, std::ostream& out, std::ostream& err) {
  auto config = ResolveConfig(flags);
  if (!config) {
    err << "wiredesk ingest: " << config.error().message() << "\n";
    return 2;
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) {
    err << "wiredesk ingest: " << store.error().message() << "\n";
    return 1;
  }
  core::SystemClock clock;
  ingest::IngestPipeline pipeline(**store, *config, clock, ClusterNewArticles(**store, clock));
  ingest::SourceInfo source;
  source.name = source_name;
  ingest::IngestReport total;
  int failures = 0;
  // URLs go through the same guarded client as polled sources ([network] settings).
  ingest::CurlFetcher fetcher(ingest::FetchOptionsFromConfig(config->network));
  for (const auto& file : files) {
    source.base_url.clear();
    core::Result<std::string> bytes = core::MakeError(core::ErrorCode::kInternal, "unread");
    if (ingest::IsHttpUrl(file)) {
      ingest::FetchRequest request;
      request.url = file;
      auto response = fetcher.Fetch(request);
      if (!response) {
        bytes = tl::unexpected(response.error());
      } else if (response->status != 200) {
        bytes = core::MakeError(core::ErrorCode::kUnavailable,
                                "HTTP " + std::to_string(response->status));
      } else {
        bytes = std::move(response->body);
        source.base_url = response->final_url;
      }
    } else {
      bytes = ReadInput(file);
    }
    core::Result<ingest::IngestReport> report =
        bytes ? pipeline.IngestBytes(*bytes, source)
              : core::Result<ingest::IngestReport>(tl::unexpected(bytes.error()));
    if (!report) {
      err << file << ": " << report.error().message() << "\n";
      ++failures;
      continue;
    }
    out << file << ": " << report->ToString() << "\n";
    total.Add(*report);
  }
  if (files.size() > 1)
    out << "total: " << total.Summary() << "\n";
  return failures == 0 ? 0 : 1;
}

int RunSearch(const DataFlags& flags, const std::string& query, int limit, const std::string& sort,
              std::ostream& out, std::ostream& err) {
  auto order = search::ParseSortOrder(sort);
  if (!order) {
    err << "wiredesk search: --sort: " << order.error().message() << "\n";
    return 2;
  }
  auto config = ResolveConfig(flags);
  if (!config) {
    err << "wiredesk search: " << config.error().message() << "\n";
    return 2;
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) {
    err << "wiredesk search: " << store.error().message() << "\n";
    return 1;
  }
  auto results = search::Search(**store, query,
                                {.limit = limit,
                                 .sort = *order,
                                 .cursor = "",
                                 .now = core::SystemClock().Now(),
                                 .language = config->site.language});
  if (!results) {
    err << "wiredesk search: " << results.error().message() << "\n";
    return results.error().code() == core::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  for (const store::SearchHit& hit : results->hits)
    out << hit.article.Url() << "\t" << hit.article.headline << "\n";
  // On stderr, so scripts reading the result lines see none when nothing matched.
  if (!results->suggestion.empty())
    err << "Did you mean: " << results->suggestion << "\n";
  return 0;
}

}  // namespace wiredesk::cli

namespace wiredesk::cli {
namespace {

// Runs `body` with an account service over the configured store; returns its exit code.
int WithAccounts(const DataFlags& flags, std::string_view command, std::ostream& err,
                 const std::function<int(accounts::AccountService&)>& body) {
  auto config = ResolveConfig(flags);
  if (!config) {
    err << "wiredesk " << command << ": " << config.error().message() << "\n";
    return 2;
  }
  auto store = OpenConfiguredStore(*config);
  if (!store) {
    err << "wiredesk " << command << ": " << store.error().message() << "\n";
    return 1;
  }
  auto account_store = store::OpenAccountStore(**store);
  if (!account_store) {
    err << "wiredesk " << command << ": " << account_store.error().message() << "\n";
    return 1;
  }
  core::SystemClock clock;
  accounts::AccountOptions options;
  options.premium = config->premium;
  accounts::AccountService service(**account_store, clock, options);
  return body(service);
}

int ExitCodeFor(const core::Error& error) {
  return error.code() == core::ErrorCode::kInvalidArgument ||
                 error.code() == core::ErrorCode::kAlreadyExists
             ? 2
             : 1;
}

}  // namespace

int RunUserAdd(const DataFlags& flags, const std::string& email, bool admin,
               std::istream& password_in, std::ostream& out, std::ostream& err) {
  std::string password;
  std::getline(password_in, password);
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  return WithAccounts(flags, "user add", err, [&](accounts::AccountService& service) {
    auto id = service.AddUser(email, password,
                              admin ? store::UserRole::kAdmin : store::UserRole::kReader);
    if (!id) {
      err << "wiredesk user add: " << id.error().message() << "\n";
      return ExitCodeFor(id.error());
    }
    out << (admin ? "admin" : "reader") << " account " << *id << " for "
        << *accounts::NormalizeEmail(email) << "\n";
    return 0;
  });
}

int RunGiftcardMint(const DataFlags& flags, int days, int count, std::ostream& out,
                    std::ostream& err) {
  return WithAccounts(flags, "giftcard mint", err, [&](accounts::AccountService& service) {
    auto codes = service.MintGiftCards(days, count);
    if (!codes) {
      err << "wiredesk giftcard mint: " << codes.error().message() << "\n";
      return ExitCodeFor(codes.error());
    }
    for (const std::string& code : *codes) out << code << "\n";
    return 0;
  });
}

}  // namespace wiredesk::cli
