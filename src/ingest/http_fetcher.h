// HttpFetcher: fetches a feed over HTTP(S) for the poller and `wiredesk ingest URL`.
//
// Fetcher is the interface the poller is written against, so its tests can script responses;
// CurlFetcher is the real one, on libcurl. Every fetch it makes:
//   - connects only where the AddressPolicy allows, checked on each resolved address at
//     connect time (also after every redirect), so DNS rebinding and redirects to internal
//     hosts fail with kPermissionDenied;
//   - speaks http and https only, ignores proxy environment variables (a proxy would move the
//     address check to the proxy), follows at most `max_redirects` redirects;
//   - sends If-None-Match / If-Modified-Since from the request's validators and reports a 304
//     as such; accepts gzip, deflate and brotli and caps the decoded body at `max_bytes`;
//   - gives up after `connect_timeout` to connect and `total_timeout` in all.
//
// Thread safety: CurlFetcher::Fetch may be called from many threads at once (each call uses
// its own libcurl handle).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/address_policy.h"
#include "core/config.h"
#include "core/result.h"
#include "core/time.h"

namespace wiredesk::ingest {

struct FetchRequest {
  std::string url;  // http:// or https:// only.
  // When set and true, the fetch stops at its next progress check (within about a second)
  // and fails with kUnavailable: lets a server shut down without waiting for a slow source.
  const std::atomic<bool>* cancel = nullptr;
  std::string etag;           // Sent as If-None-Match when not empty.
  std::string last_modified;  // Sent verbatim as If-Modified-Since when not empty.
};

// A response that arrived, whatever its status; transport failures are errors instead.
struct FetchResponse {
  int status = 0;             // The final response's status, e.g. 200, 304, 503.
  std::string body;           // Decoded (gzip/br removed); empty for 304.
  std::string etag;           // The ETag header, verbatim; empty when absent.
  std::string last_modified;  // The Last-Modified header, verbatim; empty when absent.
  std::string retry_after;    // The Retry-After header, verbatim; see ParseRetryAfter.
  std::string content_type;
  std::string final_url;  // After redirects.
  int redirects = 0;
};

class Fetcher {
 public:
  virtual ~Fetcher() = default;
  // Fetches `request.url`. Fails with kInvalidArgument for a URL that is not http(s),
  // kPermissionDenied when the address policy refused every address of the host,
  // kResourceExhausted when the body exceeds the size cap, kFailedPrecondition after too many
  // redirects, and kUnavailable for DNS, connection, TLS and timeout failures.
  virtual core::Result<FetchResponse> Fetch(const FetchRequest& request) = 0;
};

struct FetchOptions {
  // Which addresses may be connected to. Default: public ones only.
  core::AddressPolicy policy;
  // Time to connect (TCP and TLS). Default 10 s.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  // Time for the whole fetch, redirects included. Default 30 s.
  std::chrono::milliseconds total_timeout = std::chrono::seconds(30);
  // Largest decoded body. Default 32 MiB.
  uint64_t max_bytes = 32 * 1024 * 1024;
  // Redirects followed before failing. Default 5.
  int max_redirects = 5;
  // User-Agent header. Default "wiredesk/0.1".
  std::string user_agent = "wiredesk/0.1";
  // Host names pinned to addresses, "HOST:PORT:ADDRESS" as curl's --resolve, instead of asking
  // DNS. The address policy still judges the pinned address. Default none; tests use it to
  // play a DNS server that answers with an internal address.
  std::vector<std::string> resolve;
};

// The options `[network]` of the configuration asks for.
FetchOptions FetchOptionsFromConfig(const core::NetworkConfig& network);

class CurlFetcher final : public Fetcher {
 public:
  explicit CurlFetcher(FetchOptions options);
  core::Result<FetchResponse> Fetch(const FetchRequest& request) override;

  const FetchOptions& options() const { return options_; }

 private:
  FetchOptions options_;
};

// The delay a Retry-After header asks for: delta-seconds ("120") or an HTTP-date ("Wed, 21
// Oct 2026 07:28:00 GMT", measured from `now`; a date in the past is 0). nullopt when the
// value is empty or neither form.
std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, core::TimePoint now);

// Whether `text` starts with "http://" or "https://" (ASCII case-insensitively).
bool IsHttpUrl(std::string_view text);

}  // namespace wiredesk::ingest
