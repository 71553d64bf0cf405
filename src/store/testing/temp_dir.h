// TempDir: a fresh folder under the system temp directory for one test, removed afterwards.
//
// Each test gets its own uniquely named folder, so tests run in parallel (ctest -j) never
// share a database file. For tests of store/ and the parts that use it; not for production.
// Thread-compatible.
#pragma once

#include <atomic>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <unistd.h>

namespace wiredesk::store::test_util {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    std::filesystem::path base = std::filesystem::temp_directory_path();
    // The pid keeps parallel test processes apart; the counter and random bits keep tests of
    // one process and leftovers of crashed runs apart.
    path_ = base / ("wiredesk-test-" + std::to_string(::getpid()) + "-" +
                    std::to_string(counter.fetch_add(1)) + "-" + std::to_string(random()));
    std::filesystem::create_directories(path_);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);  // Best effort: a leftover folder is harmless.
  }

  const std::filesystem::path& path() const { return path_; }
  // A path inside the folder, e.g. File("wiredesk.db").
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace wiredesk::store::test_util
