// PushReceiver: the domain half of the push endpoint POST /ingest/{source}.
//
// A wire that pushes (NewsML-G2, ninjs, RSS/Atom/JSON Feed) is a source of kind push with a
// token; the web layer hands over the source name from the path, the bearer token from the
// Authorization header and the body, and gets the ingest report back. The token is checked
// against the stored hash in constant time, and an unknown source costs the same hash
// comparison as a known one, so timing tells a caller nothing.
//
// Thread safety: Receive may be called from many HTTP threads at once.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "ingest/pipeline.h"
#include "store/source_store.h"

namespace wiredesk::ingest {

class PushReceiver {
 public:
  PushReceiver(store::SourceStore& sources, IngestPipeline& pipeline);

  PushReceiver(const PushReceiver&) = delete;
  PushReceiver& operator=(const PushReceiver&) = delete;

  // The push source `source_name` when `token` is its token. Fails with kUnauthenticated
  // when `token` is empty, kPermissionDenied when no push source has that name or the token is
  // not its token, or a store error.
  core::Result<store::SourceRecord> Authenticate(const std::string& source_name,
                                                 std::string_view token);

  // Ingests a pushed document for an authenticated source. kInvalidArgument when the body
  // cannot be read as a feed or wire document (with the parser's reason), kResourceExhausted
  // when it is larger than any feed may be.
  core::Result<IngestReport> Ingest(const store::SourceRecord& source, std::string_view body);

  // Authenticate, then Ingest.
  core::Result<IngestReport> Receive(const std::string& source_name, std::string_view token,
                                     std::string_view body);

 private:
  store::SourceStore& sources_;
  IngestPipeline& pipeline_;
};

}  // namespace wiredesk::ingest
