// `wiredesk source add|list|remove|run-once`: the sources of stories, kept in the database.
// main.cc parses the flags with CLI11 and calls these; each returns the process exit code
// (0 done, 1 a failure while doing it, 2 bad flags or arguments).
#pragma once

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace wiredesk::cli {

struct SourceAddFlags {
  DataFlags data;
  std::string name;
  std::string url;                         // --url URL: an HTTP source.
  std::string folder;                      // --folder DIR: a drop folder (created when missing).
  bool push = false;                       // --push: a push source; its token is printed once.
  std::optional<int> interval_seconds;     // --interval S (HTTP sources).
  std::vector<std::string> section_rules;  // --section-rule MATCH=SECTION, in order.
};

int RunSourceAdd(const SourceAddFlags& flags, std::ostream& out, std::ostream& err);
int RunSourceList(const DataFlags& flags, std::ostream& out, std::ostream& err);
int RunSourceRemove(const DataFlags& flags, const std::string& name, std::ostream& out,
                    std::ostream& err);
// Polls an HTTP source, or processes the files of a drop folder, once, now.
int RunSourceRunOnce(const DataFlags& flags, const std::string& name, std::ostream& out,
                     std::ostream& err);

}  // namespace wiredesk::cli
