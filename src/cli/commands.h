// The subcommands of the `wiredesk` binary. main.cc parses flags with CLI11 and calls these;
// each returns the process exit code. They run on the calling thread.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "core/config.h"
#include "core/result.h"

namespace wiredesk::cli {

// Flags shared by every subcommand that touches data. Flags win over the config file.
struct DataFlags {
  std::string config_file;  // --config FILE
  std::string data_dir;     // --data DIR
  std::string db_url;       // --db URL
};

// Loads the config file (or the built-in default) and applies the flags.
core::Result<core::Config> ResolveConfig(const DataFlags& flags);

struct ServeFlags {
  DataFlags data;
  std::string listen;  // --listen HOST:PORT
};

// Opens the store, seeds the sample into an empty one, serves HTTP until SIGINT/SIGTERM.
int RunServe(const ServeFlags& flags);

// Prints the parse contract's JSON for FILE or "-" (standard input) to `out`.
int RunParse(const std::string& file, std::ostream& out, std::ostream& err);

// Parses and stores each FILE (or "-", or an http(s) URL fetched through the guarded client),
// printing counts per file and in total.
int RunIngest(const DataFlags& flags, const std::vector<std::string>& files,
              const std::string& source_name, std::ostream& out, std::ostream& err);

// Searches the published stories (search/query.h has the language) and prints one line per
// hit in `sort` order ("relevance", best first, or "date", newest first; see
// search/searcher.h): "URL<TAB>HEADLINE". Exit 2 for a bad query, sort or limit, 1 for store
// failures.
int RunSearch(const DataFlags& flags, const std::string& query, int limit, const std::string& sort,
              std::ostream& out, std::ostream& err);

// Creates an account whose password is the first line of `password_in`; with `admin`, an
// editor/admin (an existing account with that email is promoted and gets the new password).
// Exit 2 for bad input, 1 for store failures.
int RunUserAdd(const DataFlags& flags, const std::string& email, bool admin,
               std::istream& password_in, std::ostream& out, std::ostream& err);

// Mints `count` gift card codes worth `days` days of premium each and prints them, one per
// line. Only their hashes are stored: the printed list is the only copy of the codes.
int RunGiftcardMint(const DataFlags& flags, int days, int count, std::ostream& out,
                    std::ostream& err);

}  // namespace wiredesk::cli
