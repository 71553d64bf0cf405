// Test helpers for reading the shared corpora (../shared/corpora), whose folder CTest passes in
// the environment variable WIREDESK_SHARED. For formats/ tests only; not used by the program.
// Thread-compatible.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace wiredesk::formats::testing {

// The corpora folder, or an empty path when WIREDESK_SHARED is unset.
inline std::filesystem::path Corpora() {
  const char* shared = std::getenv("WIREDESK_SHARED");
  if (shared == nullptr || *shared == '\0')
    return {};
  return std::filesystem::path(shared) / "corpora";
}

// The file's bytes; empty when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace wiredesk::formats::testing

// Skips the current test when the shared corpora are not available.
#define SKIP_WITHOUT_CORPORA()                         \
  if (::wiredesk::formats::testing::Corpora().empty()) \
    GTEST_SKIP() << "WIREDESK_SHARED is not set";      \
  static_assert(true)
