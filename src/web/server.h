// HttpServer: HTTP/1.1 over Boost.Beast, serving a RequestHandler on every core.
//
// One io_context is run by `threads` threads; each connection lives on its own strand and
// reads one request at a time with a fresh request_parser whose header and body limits are
// set where the bytes are read (431 for too-large headers, 413 for too-large bodies, 400 for
// malformed requests, each closing the connection). Keep-alive is honoured, pipelined requests
// are answered in order, HEAD gets the headers of GET without the body, and a connection that
// sends nothing for `idle_timeout` (or is too slow to take its response) is closed.
//
// Every response gets the security headers (Content-Security-Policy, X-Content-Type-Options,
// Referrer-Policy, Permissions-Policy) and a Date. A response the handler left uncompressed is
// compressed on the fly (brotli or gzip, per Accept-Encoding) when its type is compressible and
// its body large enough; the page cache sends precomputed variants instead (page_cache.h).
//
// Shutdown is graceful: Stop() closes the listening socket, closes idle keep-alive connections
// at once, and lets requests in flight finish (their responses carry "Connection: close");
// the threads return when the last connection is gone, which Wait() waits for. Signal handling
// belongs to the caller (cli); StopOnSignals() is a convenience for it.
//
// Thread safety: Stop(), Wait(), port() and StopOnSignals() may be called from any thread;
// the handler is called concurrently from the server's threads and must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/config.h"
#include "core/result.h"
#include "web/http_types.h"

namespace wiredesk::web {

using RequestHandler = std::function<Response(const Request&)>;

struct ServerOptions {
  // Address to listen on: an IP address or a host name. Default "127.0.0.1".
  std::string host = "127.0.0.1";
  // Port to listen on; 0 picks a free one (read it back with port()). Default 8080.
  uint16_t port = 8080;
  // Threads running the io_context; 0 means std::thread::hardware_concurrency(). Default 0.
  int threads = 0;
  // Largest request header (request line and fields) accepted; larger gets 431. Default 16 KiB.
  uint32_t max_header_bytes = 16 * 1024;
  // Largest request body accepted; larger gets 413. Default 1 MiB.
  uint32_t max_body_bytes = 1024 * 1024;
  // How long a connection may wait for (or take to send) a request, or take to read a
  // response, before it is closed. Default 30 s.
  std::chrono::seconds idle_timeout{30};
};

// Parses "HOST:PORT", "[v6]:PORT" or ":PORT" into options.host and options.port;
// kInvalidArgument when it is not of that shape.
core::Status ParseListenAddress(std::string_view listen, ServerOptions& options);

// Options from the [server] config section (listen, threads, limits, idle timeout);
// kInvalidArgument for a malformed listen address or a negative limit.
core::Result<ServerOptions> ServerOptionsFromConfig(const core::ServerConfig& config);

class HttpServer {
 public:
  // Binds, listens and starts the threads. Fails with kInvalidArgument for an unusable host
  // or option, kUnavailable when the address cannot be bound (e.g. the port is in use).
  static core::Result<std::unique_ptr<HttpServer>> Start(ServerOptions options,
                                                         RequestHandler handler);

  // Stops and waits.
  ~HttpServer();

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port actually bound.
  uint16_t port() const;

  // Begins a graceful shutdown (see above) and returns at once. Idempotent.
  void Stop();

  // Blocks until every server thread has returned (after Stop(), once the connections are
  // done). Idempotent; safe to call from several threads.
  void Wait();

  // Calls Stop() when the process receives SIGINT or SIGTERM.
  void StopOnSignals();

  class Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wiredesk::web
