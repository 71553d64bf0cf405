// wiredesk: a news site fed by wire agencies, in one binary. See `wiredesk --help`.
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/commands.h"
#include "cli/evaluate_command.h"
#include "cli/source_commands.h"

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
  ingest->add_option("FILE", ingest_files, "Files, http(s) URLs, or - for standard input")
      ->required();

  wiredesk::cli::DataFlags search_flags;
  std::string search_query;
  int search_limit = 20;
  std::string search_sort = "relevance";
  auto* search = app.add_subcommand("search", "Search the published stories");
  AddDataFlags(*search, search_flags);
  search->add_option("--limit", search_limit, "Most hits to print (1-50, default 20)");
  search->add_option("--sort", search_sort,
                     "relevance (best match, blended with recency; the default) or date "
                     "(newest first)");
  search
      ->add_option("QUERY", search_query,
                   "Words, \"phrases\", prefix*, -word, OR, and the filters section:PATH, "
                   "source:NAME, author:WORDS, lang:xx, after:YYYY-MM-DD (included), "
                   "before:YYYY-MM-DD (excluded)")
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

  auto* source = app.add_subcommand("source", "Manage the sources of stories: HTTP, folder, push");
  source->require_subcommand(1);
  wiredesk::cli::SourceAddFlags source_add_flags;
  auto* source_add = source->add_subcommand(
      "add", "Add a source: --url URL (polled), --folder DIR (watched) or --push (token)");
  AddDataFlags(*source_add, source_add_flags.data);
  source_add->add_option("NAME", source_add_flags.name, "Source name: a-z, 0-9, - and _")
      ->required();
  auto* url_option =
      source_add->add_option("--url", source_add_flags.url, "Poll this http(s) feed URL");
  auto* folder_option = source_add->add_option("--folder", source_add_flags.folder,
                                               "Watch this drop folder (created when missing)");
  auto* push_option = source_add->add_flag("--push", source_add_flags.push,
                                           "Accept POST /ingest/NAME; prints the token once");
  url_option->excludes(folder_option)->excludes(push_option);
  folder_option->excludes(push_option);
  source_add->add_option("--interval", source_add_flags.interval_seconds,
                         "Seconds between polls of --url (default [sources] "
                         "default_interval_seconds)");
  source_add->add_option("--section-rule", source_add_flags.section_rules,
                         "MATCH=SECTION, tried before [routing] rules; MATCH * takes every "
                         "item (repeatable)");
  wiredesk::cli::DataFlags source_list_flags;
  auto* source_list = source->add_subcommand("list", "List the sources and their last poll");
  AddDataFlags(*source_list, source_list_flags);
  wiredesk::cli::DataFlags source_remove_flags;
  std::string source_remove_name;
  auto* source_remove = source->add_subcommand("remove", "Remove a source (stories stay)");
  AddDataFlags(*source_remove, source_remove_flags);
  source_remove->add_option("NAME", source_remove_name, "Source name")->required();
  wiredesk::cli::DataFlags source_run_flags;
  std::string source_run_name;
  auto* source_run =
      source->add_subcommand("run-once", "Poll an HTTP source or process a drop folder once, now");
  AddDataFlags(*source_run, source_run_flags);
  source_run->add_option("NAME", source_run_name, "Source name")->required();

  wiredesk::cli::EvaluateFlags evaluate_flags;
  auto* evaluate = app.add_subcommand(
      "evaluate-recommendations",
      "Offline evaluation of Recommended For You (AUC, MRR, nDCG) on a MIND dataset or on "
      "simulated readers of the Reuters-21578 newswire");
  evaluate->add_option("--mind-news", evaluate_flags.mind_news, "MIND news.tsv");
  evaluate->add_option("--mind-behaviors", evaluate_flags.mind_behaviors, "MIND behaviors.tsv");
  evaluate->add_option("--reuters", evaluate_flags.reuters_dir,
                       "Folder of the Reuters-21578 reut2-*.sgm files");
  evaluate->add_option("--readers", evaluate_flags.readers,
                       "Simulated readers for --reuters (default 300)");

  CLI11_PARSE(app, argc, argv);

  if (*evaluate)
    return wiredesk::cli::RunEvaluateRecommendations(evaluate_flags, std::cout, std::cerr);

  if (*user_add) {
    return wiredesk::cli::RunUserAdd(user_flags, user_email, user_admin, std::cin, std::cout,
                                     std::cerr);
  }
  if (*giftcard_mint) {
    return wiredesk::cli::RunGiftcardMint(giftcard_flags, giftcard_days, giftcard_count, std::cout,
                                          std::cerr);
  }

  if (*source_add)
    return wiredesk::cli::RunSourceAdd(source_add_flags, std::cout, std::cerr);
  if (*source_list)
    return wiredesk::cli::RunSourceList(source_list_flags, std::cout, std::cerr);
  if (*source_remove) {
    return wiredesk::cli::RunSourceRemove(source_remove_flags, source_remove_name, std::cout,
                                          std::cerr);
  }
  if (*source_run) {
    return wiredesk::cli::RunSourceRunOnce(source_run_flags, source_run_name, std::cout, std::cerr);
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
    return wiredesk::cli::RunSearch(search_flags, search_query, search_limit, search_sort,
                                    std::cout, std::cerr);
  }
  return 0;
}
