// Alert fan-out: one story followed by many readers, from the article event to rows in the
// durable alert outbox, through the real AlertService and SQLite store.
//
//   alerts_fanout_bench [--readers N] [--dir PATH]
//
// Default 100,000 readers, each with email alerts on and a watchlist entry for "Harbour Bridge
// Authority". Timed: the service's start (it builds the subscription index from every reader's
// follows), then AlertService::MatchNewEvents() after each of two stories is written: it brings
// the index up to date with the follow change log, matches the story and queues one email alert
// per reader in one transaction. Before the first story one reader adds a follow; before the
// second nothing changes. Prints the times and the rows queued.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

#include "alerts/alert_service.h"
#include "core/clock.h"
#include "store/account_store.h"
#include "store/alert_outbox_store.h"
#include "store/sqlite_store.h"

namespace {

using namespace wiredesk;
using Clock = std::chrono::steady_clock;

[[noreturn]] void Fail(const std::string& what) {
  std::fprintf(stderr, "alerts_fanout_bench: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T Check(core::Result<T> result, const char* what) {
  if (!result)
    Fail(std::string(what) + ": " + result.error().ToString());
  return std::move(*result);
}

void Check(const core::Status& status, const char* what) {
  if (!status)
    Fail(std::string(what) + ": " + status.error().ToString());
}

}  // namespace

int main(int argc, char** argv) {
  int readers = 100'000;
  std::string dir;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--readers") == 0) {
      readers = std::atoi(argv[i + 1]);
    } else if (std::strcmp(argv[i], "--dir") == 0) {
      dir = argv[i + 1];
    } else {
      Fail(std::string("unknown option ") + argv[i]);
    }
  }
  if (readers < 1)
    Fail("--readers must be at least 1");
  if (dir.empty())
    dir = (std::filesystem::temp_directory_path() / ("wiredesk-fanout-" + std::to_string(getpid())))
              .string();
  std::filesystem::remove_all(dir);

  core::SystemClock clock;
  auto store = Check(store::SqliteStore::Open(
                         {.path = dir + "/wiredesk.db", .max_readers = 8, .busy_timeout_ms = 5000}),
                     "opening the store");
  auto accounts = Check(store::OpenAccountStore(*store), "opening accounts");
  auto outbox = Check(store::OpenAlertOutboxStore(*store), "opening the outbox");

  std::printf("creating %d readers who follow \"Harbour Bridge Authority\" by email...\n", readers);
  const std::string preferences = R"({"alerts": {"email": true}})";
  for (int i = 0; i < readers; ++i) {
    store::UserRecord user;
    user.email = "reader" + std::to_string(i) + "@example.com";
    user.password_hash = "$argon2id$bench";
    user.created_at = clock.Now();
    store::UserId id = Check(accounts->CreateUser(user), "creating a reader");
    Check(accounts->SetPreferences(id, preferences), "setting preferences");
    Check(accounts->AddWatch({.id = 0,
                              .user_id = id,
                              .kind = "company",
                              .value = "Harbour Bridge Authority",
                              .created_at = clock.Now()}),
          "adding a watch");
  }

  core::AlertsConfig config;
  config.email_smtp_url = "smtp://127.0.0.1:1";  // Nothing is sent: only queueing is timed.
  alerts::AlertService service(
      *store, *accounts, *outbox, clock,
      {.config = config, .policy = {}, .site_name = "Wiredesk", .vapid = std::nullopt});
  // The service builds its subscription index from every reader's follows when it starts.
  auto start = Clock::now();
  Check(service.MatchNewEvents(), "starting the matcher");  // Starts at the outbox's end.
  std::printf("service start: subscription index built from %d readers' follows in %.3f s\n",
              readers, std::chrono::duration<double>(Clock::now() - start).count());

  // Two stories: before the first, one reader adds a follow, so the service must bring its
  // index up to date (re-reading that reader) as well as fan out; before the second, nothing
  // changed.
  int queued_total = 0;
  for (int round = 1; round <= 2; ++round) {
    if (round == 1) {
      Check(accounts->AddWatch({.id = 0,
                                .user_id = 1,
                                .kind = "topic",
                                .value = "ferry timetables",
                                .created_at = clock.Now()}),
            "changing a reader's follows");
    }
    store::IncomingVersion story;
    story.source = "wire";
    story.item.guid = "fanout-" + std::to_string(round);
    story.item.headline = "Harbour Bridge Authority closes the bridge for repairs";
    story.item.body_html =
        "<p>The Harbour Bridge Authority said on Monday that the bridge "
        "would close for three nights.</p>";
    story.item.published = clock.Now();
    story.rank = 1;
    story.section = *core::SectionPath::Parse("news");
    story.received_at = clock.Now();
    Check(store->WriteVersion(story,
                              [](const std::optional<store::CurrentVersion>&) {
                                return store::VersionDecision{store::VersionAction::kCreate,
                                                              core::VersionChange::kPublish, ""};
                              }),
          "writing the story");
    start = Clock::now();
    int queued = Check(service.MatchNewEvents(), "matching");
    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    std::printf("fan-out: one story to %d readers, %s: %d alerts queued in the outbox in %.3f s\n",
                readers, round == 1 ? "a reader's follows changed first" : "nothing changed",
                queued, seconds);
    queued_total += queued;
  }
  // Its parts, for whoever makes it faster: reading every follow, and the outbox insert alone.
  start = Clock::now();
  auto follows = Check(accounts->ListAllFollows(), "reading follows");
  std::printf("  reading %zu readers' follows alone: %.3f s\n", follows.users.size(),
              std::chrono::duration<double>(Clock::now() - start).count());
  std::vector<store::NewDelivery> deliveries;
  for (const store::UserRecord& user : follows.users) {
    deliveries.push_back({.key = "again:" + std::to_string(user.id),
                          .user_id = user.id,
                          .article_id = 1,
                          .channel = "email",
                          .recipient = user.email,
                          .reason = "you follow Harbour Bridge Authority",
                          .due_at = clock.Now()});
  }
  start = Clock::now();
  Check(outbox->Enqueue(deliveries, clock.Now()), "queueing");
  std::printf("  queueing %zu prepared rows alone: %.3f s\n", deliveries.size(),
              std::chrono::duration<double>(Clock::now() - start).count());
  std::filesystem::remove_all(dir);
  return queued_total == 2 * readers ? 0 : 1;
}
