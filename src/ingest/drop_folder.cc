#include "ingest/drop_folder.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <poll.h>
#include <set>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <spdlog/spdlog.h>

namespace wiredesk::ingest {
namespace {

namespace fs = std::filesystem;

constexpr uint32_t kWatchMask = IN_CLOSE_WRITE | IN_MOVED_TO | IN_ONLYDIR;

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Upload tools write under a temporary name and rename when done; those names are skipped,
// and the rename brings the file in through IN_MOVED_TO.
bool IsDeliveryName(std::string_view name) {
  if (name.empty() || name.front() == '.')
    return false;
  for (std::string_view suffix : {".part", ".tmp", ".filepart", ".partial"}) {
    if (EndsWith(name, suffix))
      return false;
  }
  return true;
}

// Whether some process has the file open for writing. A read lease cannot be taken on such a
// file (EAGAIN); the lease is dropped at once. Where leases are not permitted (the file
// belongs to another user, or the filesystem lacks them) the file is taken as complete: the
// inotify events, not this check, are the main signal.
bool OpenForWriting(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
  if (fd < 0)
    return false;
  bool busy = false;
  if (::fcntl(fd, F_SETLEASE, F_RDLCK) == 0) {
    ::fcntl(fd, F_SETLEASE, F_UNLCK);
  } else {
    busy = errno == EAGAIN;
  }
  ::close(fd);
  return busy;
}

// `folder/name`, or `folder/name.1`, `.2`, ... when taken.
fs::path FreeName(const fs::path& folder, const std::string& name) {
  fs::path candidate = folder / name;
  std::error_code ec;
  for (int i = 1; fs::exists(candidate, ec) || fs::exists(candidate.string() + ".reason.txt", ec);
       ++i) {
    candidate = folder / (name + "." + std::to_string(i));
  }
  return candidate;
}

}  // namespace

DropFolderWatcher::DropFolderWatcher(store::SourceStore& sources, IngestPipeline& pipeline,
                                     std::function<void(const IngestReport&)> on_ingest)
    : sources_(sources), pipeline_(pipeline), on_ingest_(std::move(on_ingest)) {}

DropFolderWatcher::~DropFolderWatcher() { Stop(); }

std::optional<DroppedFile> DropFolderWatcher::ProcessFile(const store::SourceRecord& source,
                                                          const std::string& name) {
  if (!IsDeliveryName(name))
    return std::nullopt;
  const fs::path folder(source.location);
  const fs::path path = folder / name;
  std::error_code ec;
  const fs::file_status status = fs::symlink_status(path, ec);
  if (ec || !fs::exists(status) || fs::is_directory(status))
    return std::nullopt;  // Gone meanwhile, or done/ and failed/ themselves.
  DroppedFile result;
  result.name = name;
  if (!fs::is_regular_file(status)) {
    // A symlink could point anywhere on the machine; only files delivered here are read.
    result.reason = "not a regular file (symbolic links and devices are not followed)";
  } else if (OpenForWriting(path)) {
    return std::nullopt;  // Its IN_CLOSE_WRITE will bring it back.
  } else {
    SourceInfo info;
    info.name = source.name;
    info.section_rules = source.section_rules;
    auto report = pipeline_.IngestFile(path.string(), info);
    if (report) {
      result.ingested = true;
      result.report = std::move(*report);
      if (on_ingest_)
        on_ingest_(result.report);
    } else {
      result.reason = report.error().ToString();
    }
  }
  const fs::path target_folder = folder / (result.ingested ? "done" : "failed");
  fs::create_directories(target_folder, ec);
  const fs::path target = FreeName(target_folder, name);
  fs::rename(path, target, ec);
  if (ec) {
    spdlog::warn("source {}: cannot move {} to {}: {}", source.name, path.string(), target.string(),
                 ec.message());
  }
  result.moved_to = target.string();
  if (!result.ingested) {
    std::ofstream reason(target.string() + ".reason.txt", std::ios::trunc);
    reason << result.reason << "\n";
  }
  return result;
}

core::Result<std::vector<DroppedFile>> DropFolderWatcher::ProcessFolder(
    const store::SourceRecord& source) {
  if (source.kind != store::SourceKind::kFolder) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition,
                           "source " + source.name + " is not a drop folder");
  }
  std::error_code ec;
  if (!fs::is_directory(source.location, ec)) {
    return core::MakeError(core::ErrorCode::kNotFound,
                           "source " + source.name + ": no folder " + source.location);
  }
  fs::create_directories(fs::path(source.location) / "done", ec);
  fs::create_directories(fs::path(source.location) / "failed", ec);
  // Oldest name first is a stable order; wires number their files.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(source.location, ec))
    names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  std::vector<DroppedFile> results;
  for (const std::string& name : names) {
    if (auto done = ProcessFile(source, name))
      results.push_back(std::move(*done));
  }
  return results;
}

core::Status DropFolderWatcher::Start(std::chrono::milliseconds refresh) {
  if (thread_.joinable())
    return core::Ok();
  inotify_fd_ = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (inotify_fd_ < 0) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           std::string("inotify_init1: ") + std::strerror(errno));
  }
  stop_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (stop_fd_ < 0) {
    ::close(inotify_fd_);
    inotify_fd_ = -1;
    return core::MakeError(core::ErrorCode::kUnavailable,
                           std::string("eventfd: ") + std::strerror(errno));
  }
  thread_ = std::thread([this, refresh] { Loop(refresh); });
  return core::Ok();
}

void DropFolderWatcher::Stop() {
  if (!thread_.joinable())
    return;
  const uint64_t one = 1;
  (void)!::write(stop_fd_, &one, sizeof one);
  thread_.join();
  ::close(inotify_fd_);
  ::close(stop_fd_);
  inotify_fd_ = stop_fd_ = -1;
  watches_.clear();
}

void DropFolderWatcher::RefreshWatches() {
  auto sources = sources_.ListSources();
  if (!sources) {
    spdlog::warn("drop folders: cannot read sources: {}", sources.error().ToString());
    return;
  }
  std::map<std::string, store::SourceRecord> wanted;
  for (auto& source : *sources) {
    if (source.kind == store::SourceKind::kFolder)
      wanted.emplace(source.name, std::move(source));
  }
  // Removed sources (or a changed folder) stop being watched.
  for (auto it = watches_.begin(); it != watches_.end();) {
    auto match = wanted.find(it->second.name);
    if (match == wanted.end() || match->second.location != it->second.location) {
      ::inotify_rm_watch(inotify_fd_, it->first);
      it = watches_.erase(it);
    } else {
      it->second = match->second;
      wanted.erase(match);
      ++it;
    }
  }
  for (auto& [name, source] : wanted) {
    std::error_code ec;
    if (!fs::is_directory(source.location, ec))
      continue;  // Tried again at the next refresh.
    // Watch first, then scan: a file completed between the two is seen by one or the other.
    const int wd = ::inotify_add_watch(inotify_fd_, source.location.c_str(), kWatchMask);
    if (wd < 0) {
      spdlog::warn("source {}: cannot watch {}: {}", name, source.location, std::strerror(errno));
      continue;
    }
    watches_[wd] = source;
    spdlog::info("source {}: watching {}", name, source.location);
    auto processed = ProcessFolder(source);
    if (processed) {
      for (const auto& file : *processed) {
        spdlog::info("source {}: {}: {}", name, file.name,
                     file.ingested ? file.report.Summary() : "failed: " + file.reason);
      }
    }
  }
}

void DropFolderWatcher::Loop(std::chrono::milliseconds refresh) {
  RefreshWatches();
  auto next_refresh = std::chrono::steady_clock::now() + refresh;
  alignas(struct inotify_event) char buffer[16 * 1024];
  while (true) {
    pollfd fds[2] = {{inotify_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_refresh - std::chrono::steady_clock::now());
    const int ready = ::poll(fds, 2, static_cast<int>(std::max<int64_t>(wait.count(), 0)));
    if (ready < 0 && errno != EINTR) {
      spdlog::error("drop folders: poll: {}", std::strerror(errno));
      return;
    }
    if (fds[1].revents & POLLIN)
      return;
    if (ready > 0 && (fds[0].revents & POLLIN)) {
      while (true) {
        const ssize_t n = ::read(inotify_fd_, buffer, sizeof buffer);
        if (n <= 0)
          break;
        for (ssize_t offset = 0; offset < n;) {
          inotify_event event;
          std::memcpy(&event, buffer + offset, sizeof event);
          const char* name = buffer + offset + sizeof(inotify_event);
          offset += static_cast<ssize_t>(sizeof(inotify_event) + event.len);
          if (event.mask & IN_Q_OVERFLOW) {
            // Events were lost: look at every folder again.
            for (const auto& [wd, source] : watches_) (void)ProcessFolder(source);
            continue;
          }
          auto watch = watches_.find(event.wd);
          if (watch == watches_.end() || event.len == 0 || (event.mask & IN_ISDIR))
            continue;
          const std::string file_name(name, strnlen(name, event.len));
          if (auto file = ProcessFile(watch->second, file_name)) {
            spdlog::info("source {}: {}: {}", watch->second.name, file->name,
                         file->ingested ? file->report.Summary() : "failed: " + file->reason);
          }
        }
      }
    }
    if (std::chrono::steady_clock::now() >= next_refresh) {
      RefreshWatches();
      next_refresh = std::chrono::steady_clock::now() + refresh;
    }
  }
}

}  // namespace wiredesk::ingest
