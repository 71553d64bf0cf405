// The command line of the Reuters-21578 threshold studies (dedupe_threshold_study,
// cluster_threshold_study): `[FOLDER] [--examples N]`, and the corpus files it names.
// Header-only.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace wiredesk::bench {

// FOLDER, the first argument that is not an option (nor the value of --examples or --measure):
// the folder of reut2-000.sgm ...
// reut2-021.sgm. Default $WIREDESK_SHARED/corpora/reuters-21578, else
// ../shared/corpora/reuters-21578.
inline std::string ReutersFolder(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--examples" || arg == "--measure") {
      ++i;
      continue;
    }
    return arg;
  }
  const char* shared = std::getenv("WIREDESK_SHARED");
  return std::string(shared != nullptr ? shared : "../shared") + "/corpora/reuters-21578";
}

// N of --examples N, how many examples to print per table row; `fallback` without it.
inline int ExamplesOption(int argc, char** argv, int fallback) {
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--examples")
      return std::atoi(argv[i + 1]);
  }
  return fallback;
}

// The .sgm files of `folder` in name order; empty (with the reason on stderr) when there are
// none or the folder cannot be read.
inline std::vector<std::filesystem::path> ReutersFiles(const std::string& folder) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    if (entry.path().extension() == ".sgm")
      files.push_back(entry.path());
  }
  if (ec || files.empty()) {
    std::fprintf(stderr, "%s: no .sgm files (%s)\n", folder.c_str(), ec.message().c_str());
    files.clear();
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace wiredesk::bench
