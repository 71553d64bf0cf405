// wiredesk: a news site fed by wire agencies, in one binary. See `wiredesk --help`.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"

namespace {

void AddDataFlags(CLI::App& command, wiredesk::cli::DataFlags& flags) {
  command.add_option("--config", flags.config_file, "TOML config file (default: built-in)");
  command.add_option("--data", flags.data_dir, "Data folder (default ./wiredesk-data)");
  command.add_option("--db", flags.db_url, "Database URL: sqlite:PATH (default DATA/wiredesk.db)");
}

}  // namespace

int main(int argc, char** argv) {
  spdlog::set_default_logger(spdlog::default_logger());
  CLI::App app{"wiredesk: a news site fed by wire agencies, in one binary"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "wiredesk 0.1.0");

  wiredesk::cli::ServeFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "Serve the site and the JSON API");
  AddDataFlags(*serve, serve_flags.data);
  serve->add_option("--listen", serve_flags.listen, "HOST:PORT (default 127.0.0.1:8080)");

  std::string parse_file;
  auto* parse = app.add_subcommand("parse", "Parse a feed or wire file and print it as JSON");
  parse->add_option("FILE", parse_file, "The file, or - for standard input")->required();

  wiredesk::cli::DataFlags ingest_flags;
  std::vector<std::string> ingest_files;
  std::string ingest_source = "wire";
  auto* ingest = app.add_subcommand("ingest", "Parse and store feed or wire files");
  AddDataFlags(*ingest, ingest_flags);
  ingest->add_option("--source", ingest_source, "Source name recorded with each version");
  ingest->add_option("FILE", ingest_files, "Files, or - for standard input")->required();

  wiredesk::cli::DataFlags search_flags;
  std::string search_query;
  int search_limit = 20;
  auto* search = app.add_subcommand("search", "Search the published stories");
  AddDataFlags(*search, search_flags);
  search->add_option("--limit", search_limit, "Most hits to print (1-50, default 20)");
  search->add_option("QUERY", search_query, "Words, \"phrases\", prefix*, -word, OR, section:PATH")
      ->required();

  wiredesk::cli::DataFlags user_flags;
  std::string user_email;
  bool user_admin = false;
  auto* user = app.add_subcommand("user", "Manage accounts");
  user->require_subcommand(1);
  auto* user_add =
      user->add_subcommand("add", "Create an account; the password is read from standard input");
  AddDataFlags(*user_add, user_flags);
  user_add->add_option("--email", user_email, "The account's email address")->required();
  user_add->add_flag("--admin", user_admin, "Make it an editor/admin account");

  wiredesk::cli::DataFlags giftcard_flags;
  int giftcard_days = 0;
  int giftcard_count = 1;
  auto* giftcard = app.add_subcommand("giftcard", "Gift cards for premium");
  giftcard->require_subcommand(1);
  auto* giftcard_mint =
      giftcard->add_subcommand("mint", "Print new single-use gift card codes, one per line");
  AddDataFlags(*giftcard_mint, giftcard_flags);
  giftcard_mint->add_option("--days", giftcard_days, "Days of premium per code")->required();
  giftcard_mint->add_option("--count", giftcard_count, "How many codes (default 1)");

  CLI11_PARSE(app, argc, argv);

  if (*user_add) {
    return wiredesk::cli::RunUserAdd(user_flags, user_email, user_admin, std::cin, std::cout,
                                     std::cerr);
  }
  if (*giftcard_mint) {
    return wiredesk::cli::RunGiftcardMint(giftcard_flags, giftcard_days, giftcard_count, std::cout,
                                          std::cerr);
  }

  if (*serve)
    return wiredesk::cli::RunServe(serve_flags);
  if (*parse)
    return wiredesk::cli::RunParse(parse_file, std::cout, std::cerr);
  if (*ingest) {
    return wiredesk::cli::RunIngest(ingest_flags, ingest_files, ingest_source, std::cout,
                                    std::cerr);
  }
  if (*search) {
    return wiredesk::cli::RunSearch(search_flags, search_query, search_limit, std::cout, std::cerr);
  }
  return 0;
}
