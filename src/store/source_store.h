// SourceStore: the configured sources of stories and their polling state, kept in the same
// database as the articles (table `sources`).
//
// A source is an HTTP feed that is polled, a drop folder that is watched, or a push endpoint
// that wires POST to. `wiredesk source add|list|remove` edit these rows; a running server
// reads them again on every scheduling tick, so a source added from the command line is
// picked up without a restart. A push token is never stored, only its hash.
//
// Thread safety: every method may be called from any thread concurrently, and from several
// processes on the same database (writes are single statements under SQLite's lock).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "core/time.h"

namespace wiredesk::store {

enum class SourceKind { kHttp, kFolder, kPush };

// "http", "folder", "push".
std::string_view SourceKindName(SourceKind kind);
std::optional<SourceKind> ParseSourceKind(std::string_view name);

// What a source's last poll left behind, for the next one and for `wiredesk source list`.
struct SourcePollState {
  std::string etag;           // The feed's last ETag, sent back as If-None-Match.
  std::string last_modified;  // The feed's last Last-Modified, sent back as If-Modified-Since.
  std::string last_status;    // One line: "ok: new 2, ...", "not modified", "error: ...".
  std::optional<core::TimePoint> last_polled_at;
  core::TimePoint next_poll_at;  // Not polled before this time.
  int failure_count = 0;         // Consecutive failed polls; 0 after a success.
};

struct SourceRecord {
  std::string name;  // 1-64 of [a-z0-9_-], starting with a letter or digit.
  SourceKind kind = SourceKind::kHttp;
  std::string location;         // The URL (http) or folder path (folder); empty for push.
  int interval_seconds = 0;     // Between polls (http); 0 for other kinds.
  std::string push_token_hash;  // Hex SHA-256 of the push token (push); empty otherwise.
  // Routing rules tried before the global [routing] rules; a rule whose match is "*" takes
  // every item of the source.
  std::vector<core::RoutingRule> section_rules;
  SourcePollState poll;
  core::TimePoint created_at;
};

class SourceStore {
 public:
  virtual ~SourceStore() = default;

  // Adds a source. kAlreadyExists when the name is taken; kInvalidArgument for a bad name.
  virtual core::Status AddSource(const SourceRecord& source) = 0;
  // kNotFound when no source has the name.
  virtual core::Result<SourceRecord> GetSource(const std::string& name) = 0;
  // Every source, by name.
  virtual core::Result<std::vector<SourceRecord>> ListSources() = 0;
  // kNotFound when no source has the name. Articles it delivered stay.
  virtual core::Status RemoveSource(const std::string& name) = 0;
  // Records the outcome of a poll; kNotFound when the source was removed meanwhile.
  virtual core::Status SavePollState(const std::string& name, const SourcePollState& state) = 0;
};

// Whether `name` is a valid source name (see SourceRecord::name).
bool IsValidSourceName(std::string_view name);

// Opens the sources of the database named by `url` (as OpenStore), applying pending
// migrations. Fails as OpenStore does.
core::Result<std::unique_ptr<SourceStore>> OpenSourceStore(const std::string& url);

}  // namespace wiredesk::store
