// DropFolderWatcher: ingests files that land in a source's folder (delivered by FTP, SFTP,
// rsync or a local process) and files them away.
//
// Each folder source's folder is watched with inotify for IN_CLOSE_WRITE (a file written in
// place is complete once its writer closes it) and IN_MOVED_TO (a file written elsewhere and
// renamed in is complete on arrival). Files already present when a folder is first watched are
// processed too, except one still open for writing (it is picked up when it is closed). Names
// starting with "." and ending in ".part", ".tmp" or ".filepart" are uploads in progress and
// are skipped. After ingesting, a file moves to `done/`; a file that cannot be ingested moves
// to `failed/` beside a `<file>.reason.txt` saying why. A name already taken in done/ or
// failed/ gets a numeric suffix, so nothing is overwritten.
//
// The background thread re-reads the source list every few seconds, so a folder source added
// with `wiredesk source add` in another process is watched without a restart.
//
// Thread safety: ProcessFolder may be called from any thread, but not for the same folder
// from two at once; Start/Stop from one owning thread. The store and pipeline must outlive it.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/result.h"
#include "ingest/pipeline.h"
#include "store/source_store.h"

namespace wiredesk::ingest {

// What happened to one file.
struct DroppedFile {
  std::string name;       // The file's name in the folder.
  bool ingested = false;  // Moved to done/ (true) or failed/ (false).
  std::string moved_to;   // Its path now.
  IngestReport report;    // When ingested.
  std::string reason;     // When failed.
};

class DropFolderWatcher {
 public:
  // `on_ingest`, when set, is called with the report of every file ingested (e.g. to count it
  // in metrics), on the thread that processed it.
  DropFolderWatcher(store::SourceStore& sources, IngestPipeline& pipeline,
                    std::function<void(const IngestReport&)> on_ingest = nullptr);
  ~DropFolderWatcher();

  DropFolderWatcher(const DropFolderWatcher&) = delete;
  DropFolderWatcher& operator=(const DropFolderWatcher&) = delete;

  // Processes every complete file now in the folder of `source` (kind folder), creating
  // done/ and failed/ when missing. kFailedPrecondition for another kind of source,
  // kNotFound when the folder does not exist.
  core::Result<std::vector<DroppedFile>> ProcessFolder(const store::SourceRecord& source);

  // Processes one file of the folder (by name). Skips (returns nullopt for) names that are
  // not complete deliveries, files that vanished and files still open for writing.
  std::optional<DroppedFile> ProcessFile(const store::SourceRecord& source,
                                         const std::string& name);

  // Watches every folder source on a background thread until Stop(); `refresh` is how often
  // the source list is read again. Fails when inotify is unavailable.
  core::Status Start(std::chrono::milliseconds refresh = std::chrono::seconds(2));
  void Stop();

 private:
  void Loop(std::chrono::milliseconds refresh);
  void RefreshWatches();

  store::SourceStore& sources_;
  IngestPipeline& pipeline_;
  const std::function<void(const IngestReport&)> on_ingest_;

  int inotify_fd_ = -1;
  int stop_fd_ = -1;  // An eventfd that wakes the loop for Stop().
  std::thread thread_;
  // Owned by the loop thread while it runs.
  std::map<int, store::SourceRecord> watches_;  // inotify watch descriptor -> source.
};

}  // namespace wiredesk::ingest
