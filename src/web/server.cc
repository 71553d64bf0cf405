#include "web/server.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <csignal>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>
#include <spdlog/spdlog.h>

#include "web/compression.h"
#include "web/errors.h"

namespace wiredesk::web {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// Bodies smaller than this are sent as they are: compressing them saves too little.
constexpr size_t kMinOnTheFlyCompressBytes = 1024;
// After an error response, how much of the rest of the request is read and dropped before
// closing, so the client sees the response rather than a reset (a "lingering close").
constexpr size_t kMaxDrainBytes = 4 * 1024 * 1024;
constexpr std::chrono::seconds kMaxDrainTime{2};

// frame-src names exactly the hosts of the video players the sanitiser keeps
// (sanitize/internal/video_embed.h); every other frame falls back to default-src 'self'.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; img-src 'self' https: data:; script-src 'self'; style-src 'self'; "
    "frame-src https://www.youtube-nocookie.com https://player.vimeo.com; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// A response body that shares the handler's (or the page cache's) string instead of copying
// it. Only a writer: the server never reads into it.
struct SharedStringBody {
  using value_type = std::shared_ptr<const std::string>;

  static std::uint64_t size(const value_type& body) { return body ? body->size() : 0; }

  class writer {
   public:
    using const_buffers_type = asio::const_buffer;

    template <bool kIsRequest, class Fields>
    writer(const http::header<kIsRequest, Fields>& /*header*/, const value_type& body)
        : body_(body) {}

    void init(beast::error_code& ec) { ec = {}; }

    boost::optional<std::pair<const_buffers_type, bool>> get(beast::error_code& ec) {
      ec = {};
      if (done_ || !body_ || body_->empty())
        return boost::none;
      done_ = true;
      return std::make_pair(asio::const_buffer(body_->data(), body_->size()), false);
    }

   private:
    const value_type& body_;
    bool done_ = false;
  };
};

Method MethodFromVerb(http::verb verb) {
  switch (verb) {
    case http::verb::get:
      return Method::kGet;
    case http::verb::head:
      return Method::kHead;
    case http::verb::post:
      return Method::kPost;
    case http::verb::put:
      return Method::kPut;
    case http::verb::delete_:
      return Method::kDelete;
    case http::verb::options:
      return Method::kOptions;
    default:
      return Method::kOther;
  }
}

std::string ToLower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool HasHeader(const Response& response, std::string_view name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [name](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

// Turns a Beast request into our Request value; nullopt when the target is not a valid
// origin-form or absolute-form URI (the caller answers 400).
std::optional<Request> ToRequest(http::request<http::string_body>&& message,
                                 const std::string& remote_address) {
  Request request;
  request.method = MethodFromVerb(message.method());
  request.target = std::string(message.target());
  boost::urls::url_view url;
  if (!request.target.empty() && request.target.front() == '/') {
    auto parsed = boost::urls::parse_origin_form(request.target);
    if (!parsed)
      return std::nullopt;
    url = *parsed;
  } else {
    // Absolute form ("http://host/path"), which RFC 9112 requires servers to accept.
    auto parsed = boost::urls::parse_absolute_uri(request.target);
    if (!parsed)
      return std::nullopt;
    url = *parsed;
  }
  request.path = url.path();
  if (request.path.empty())
    request.path = "/";
  for (const auto& param : url.params()) {
    request.query.emplace(param.key, param.has_value ? param.value : std::string());
  }
  for (const auto& field : message) {
    std::string name = ToLower(field.name_string());
    auto [it, inserted] = request.headers.emplace(name, std::string(field.value()));
    if (!inserted) {
      // Repeated fields combine into one list (RFC 9110 5.3); cookies use their own separator.
      it->second += name == "cookie" ? "; " : ", ";
      it->second += field.value();
    }
  }
  request.body = std::move(message.body());
  request.remote_address = remote_address;
  return request;
}

// IMF-fixdate for the Date header, e.g. "Sun, 06 Nov 1994 08:49:37 GMT". Written by hand
// because strftime's day and month names follow the process locale.
std::string HttpDate(std::time_t t) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%s, %02d %s %04d %02d:%02d:%02d GMT",
                kDays[static_cast<size_t>(tm.tm_wday) % 7], tm.tm_mday,
                kMonths[static_cast<size_t>(tm.tm_mon) % 12], tm.tm_year + 1900, tm.tm_hour,
                tm.tm_min, tm.tm_sec);
  return buf;
}

// The Date value, formatted at most once a second per thread.
const std::string& CurrentHttpDate() {
  thread_local std::time_t last = 0;
  thread_local std::string value;
  std::time_t now = std::time(nullptr);
  if (now != last || value.empty()) {
    last = now;
    value = HttpDate(now);
  }
  return value;
}

// Compresses a response the handler left uncompressed, when that pays. Responses carrying an
// ETag are left alone: their tag names one exact representation (the page cache makes its
// compressed variants itself).
void MaybeCompress(Response& response, const Request& request) {
  if (response.status == 204 || response.status == 304 || response.status < 200)
    return;
  if (!response.body || response.body->size() < kMinOnTheFlyCompressBytes)
    return;
  if (!IsCompressibleType(response.content_type))
    return;
  if (HasHeader(response, "content-encoding") || HasHeader(response, "etag"))
    return;
  if (!HasHeader(response, "vary"))
    response.headers.emplace_back("Vary", "Accept-Encoding");
  ContentEncoding encoding = ChooseEncoding(request.Header("accept-encoding"), true, true);
  std::optional<std::string> compressed;
  if (encoding == ContentEncoding::kBrotli)
    compressed = BrotliCompress(*response.body, 5);
  if (encoding == ContentEncoding::kGzip)
    compressed = GzipCompress(*response.body, 6);
  if (!compressed || compressed->size() >= response.body->size())
    return;
  response.body = std::make_shared<const std::string>(std::move(*compressed));
  response.headers.emplace_back("Content-Encoding", ContentEncodingName(encoding));
}

template <class Body>
void SetCommonFields(http::response<Body>& message, const Response& response) {
  if (!response.content_type.empty() && response.status != 204 && response.status != 304) {
    message.set(http::field::content_type, response.content_type);
  }
  for (const auto& [name, value] : response.headers) message.insert(name, value);
  // Security headers on every response; a handler that needs a different policy for one
  // page may set its own, which is then kept.
  auto set_default = [&](std::string_view name, std::string_view value) {
    if (message.find(name) == message.end())
      message.set(name, value);
  };
  set_default("Content-Security-Policy", kContentSecurityPolicy);
  set_default("X-Content-Type-Options", "nosniff");
  set_default("Referrer-Policy", "strict-origin-when-cross-origin");
  set_default("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  message.set(http::field::date, CurrentHttpDate());
}

using ResponseMessage = http::response<SharedStringBody>;

// Builds the Beast message for `response`. HEAD gets the same fields as GET, including the
// Content-Length the body would have, and no body.
//
// The message is written with http::async_write and its serializer, not message_generator:
// the generator passes at most 12 buffers per write, and a header of a dozen fields (each its
// own buffer) then leaves in two send calls. Measured: one send per response, ~40% more req/s.
ResponseMessage ToMessage(Response&& response, const Request& request, unsigned version,
                          bool keep_alive) {
  MaybeCompress(response, request);
  bool bodiless_status = response.status == 204 || response.status == 304 || response.status < 200;
  ResponseMessage message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  SetCommonFields(message, response);
  if (request.method == Method::kHead || bodiless_status) {
    if (!bodiless_status) {
      message.content_length(response.body ? response.body->size() : 0);
    }
    message.body() = std::make_shared<const std::string>();
  } else {
    message.body() =
        response.body ? std::move(response.body) : std::make_shared<const std::string>();
    message.prepare_payload();
  }
  message.keep_alive(keep_alive);
  return message;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

class Session;

class HttpServer::Impl {
 public:
  Impl(ServerOptions options, RequestHandler handler)
      : options_(std::move(options)),
        handler_(std::move(handler)),
        contexts_(MakeContexts(ThreadCount(options_))),
        acceptor_strand_(asio::make_strand(*contexts_.front())),
        acceptor_(acceptor_strand_) {
    for (auto& context : contexts_) work_guards_.emplace_back(context->get_executor());
  }

  core::Status Listen();
  void Run();
  void Stop();
  void Wait();
  void StopOnSignals();
  uint16_t port() const { return port_; }

  // Called by sessions.
  void Register(const std::shared_ptr<Session>& session);
  void Unregister(Session* session);
  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }
  const ServerOptions& options() const { return options_; }
  Response CallHandler(const Request& request) const;

 private:
  void DoAccept();
  void OnAccept(beast::error_code ec, tcp::socket socket);

  static int ThreadCount(const ServerOptions& options) {
    int threads = options.threads > 0 ? options.threads
                                      : static_cast<int>(std::thread::hardware_concurrency());
    return std::max(threads, 1);
  }
  // One io_context per thread, each run by exactly that thread: a connection lives on one
  // thread for its whole life, so no two threads contend for one epoll queue and a request
  // never hops threads (the nginx worker model). Measured: about twice the throughput of one
  // shared io_context run by every thread.
  static std::vector<std::unique_ptr<asio::io_context>> MakeContexts(int count) {
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (int i = 0; i < count; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    return contexts;
  }
  asio::io_context& NextContext() { return *contexts_[next_context_++ % contexts_.size()]; }

  // Declared first so they outlive the io_context: a session destroyed with it unregisters.
  mutable std::mutex mutex_;
  bool stopping_ = false;                                          // Guarded by mutex_.
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions_;  // Guarded by mutex_.

  const ServerOptions options_;
  const RequestHandler handler_;
  std::vector<std::unique_ptr<asio::io_context>> contexts_;
  // Keep every context's run() going while it has no connection yet; reset by Stop().
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work_guards_;
  size_t next_context_ = 0;  // Used on acceptor_strand_ only.
  asio::strand<asio::io_context::executor_type> acceptor_strand_;
  tcp::acceptor acceptor_;                   // Used on acceptor_strand_ only.
  std::optional<asio::signal_set> signals_;  // Used on acceptor_strand_ only.
  uint16_t port_ = 0;

  std::vector<std::thread> threads_;
  std::mutex wait_mutex_;  // Serialises Wait() callers.
};

// One connection: reads a request, answers it, and repeats while keep-alive allows. All of its
// work runs on its strand, so its members need no lock.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec)
      remote_address_ = endpoint.address().to_string();
  }

  ~Session() { server_.Unregister(this); }

  void Start() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::DoRead, shared_from_this()));
  }

  // Graceful stop: an idle connection closes now; one with a request in progress closes after
  // its response.
  void Shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->stop_requested_ = true;
      bool idle = self->state_ == State::kReading &&
                  (!self->parser_ || !self->parser_->got_some()) && self->buffer_.size() == 0;
      if (idle)
        self->stream_.close();
    });
  }

 private:
  enum class State { kReading, kWriting, kDraining };

  void DoRead() {
    if (stop_requested_)
      return Close();
    state_ = State::kReading;
    parser_.emplace();
    // The limits apply to what this parser reads: the request line and fields together, and
    // the body (Content-Length is checked as soon as the header is complete).
    parser_->header_limit(server_.options().max_header_bytes);
    parser_->body_limit(server_.options().max_body_bytes);
    stream_.expires_after(server_.options().idle_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, std::size_t /*bytes*/) {
    if (ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec == beast::error::timeout || ec == asio::error::operation_aborted) {
      return Close();
    }
    if (ec == http::error::header_limit) {
      return SendError(431, "request header fields too large");
    }
    if (ec == http::error::body_limit) {
      // Clients of the API and the push endpoint read JSON errors, even this early one.
      std::string_view target(parser_->get().target().data(), parser_->get().target().size());
      const bool json = target.rfind("/api/", 0) == 0 || target.rfind("/ingest/", 0) == 0;
      return SendError(413, "request body too large", json);
    }
    if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
      return SendError(400, "malformed request");
    }
    if (ec)
      return Close();  // Reset by peer and the like: nobody to answer.

    http::request<http::string_body> message = parser_->release();
    unsigned version = message.version();
    bool keep_alive = message.keep_alive();
    std::optional<Request> request = ToRequest(std::move(message), remote_address_);
    if (!request)
      return SendError(400, "malformed request target");

    Response response = server_.CallHandler(*request);
    keep_alive = keep_alive && !stop_requested_ && !server_.stopping();
    Write(ToMessage(std::move(response), *request, version, keep_alive), !keep_alive);
  }

  // Answers a request that could not be read, then closes: the rest of the stream cannot be
  // trusted to start at a message boundary.
  void SendError(int status, std::string_view text, bool json = false) {
    Request request;  // Only consulted for Accept-Encoding and the method: neither applies.
    Response response = PlainTextResponse(status, text);
    if (json) {
      response =
          JsonErrorResponse(core::Error(core::ErrorCode::kResourceExhausted, std::string(text)));
      response.status = status;
    }
    Write(ToMessage(std::move(response), request, 11, false), true, true);
  }

  void Write(ResponseMessage&& message, bool close, bool drain = false) {
    state_ = State::kWriting;
    stream_.expires_after(server_.options().idle_timeout);
    response_ = std::move(message);
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&Session::OnWrite, shared_from_this(), close, drain));
  }

  void OnWrite(bool close, bool drain, beast::error_code ec, std::size_t /*bytes*/) {
    response_.reset();
    if (ec)
      return Close();
    if (drain)
      return StartDrain();
    if (close || stop_requested_)
      return GracefulClose();
    DoRead();
  }

  // Sends FIN and reads (and drops) what the client still sends, up to a bound, so that
  // unread request bytes do not turn the close into a reset that destroys the response.
  void StartDrain() {
    state_ = State::kDraining;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec)
      return Close();
    stream_.expires_after(
        std::min<std::chrono::seconds>(server_.options().idle_timeout, kMaxDrainTime));
    buffer_.clear();
    DoDrain();
  }

  void DoDrain() {
    stream_.async_read_some(asio::buffer(drain_chunk_),
                            [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > kMaxDrainBytes)
                                return self->Close();
                              self->DoDrain();
                            });
  }

  void GracefulClose() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    Close();
  }

  void Close() {
    state_ = State::kDraining;
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  std::string remote_address_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  State state_ = State::kReading;
  bool stop_requested_ = false;
  std::optional<ResponseMessage> response_;  // The message being written, kept alive for it.
  size_t drained_ = 0;
  std::array<char, 8192> drain_chunk_{};
};

// ---------------------------------------------------------------------------------------------

core::Status HttpServer::Impl::Listen() {
  beast::error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options_.port);
  } else {
    tcp::resolver resolver(*contexts_.front());
    auto results =
        resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "cannot resolve listen host '" + options_.host +
                                 "': " + (ec ? ec.message() : "no addresses"));
    }
    endpoint = results.begin()->endpoint();
  }
  auto fail = [&](std::string_view what) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "cannot " + std::string(what) + " " + options_.host + ":" +
                               std::to_string(options_.port) + ": " + ec.message());
  };
  acceptor_.open(endpoint.protocol(), ec);
  if (ec)
    return fail("open a socket for");
  acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (ec)
    return fail("set SO_REUSEADDR on");
  acceptor_.bind(endpoint, ec);
  if (ec)
    return fail("bind");
  acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec)
    return fail("listen on");
  port_ = acceptor_.local_endpoint(ec).port();
  if (ec)
    return fail("read the port of");
  return core::Ok();
}

void HttpServer::Impl::Run() {
  asio::dispatch(acceptor_strand_, [this] { DoAccept(); });
  threads_.reserve(contexts_.size());
  for (auto& context : contexts_) {
    threads_.emplace_back([&ioc = *context] {
      // run() returns when there is no more work: the acceptor is closed and every
      // connection has ended. A handler that throws is a bug; log it and keep serving.
      while (true) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("http server thread: unexpected exception: {}", e.what());
        }
      }
    });
  }
}

void HttpServer::Impl::DoAccept() {
  acceptor_.async_accept(
      asio::make_strand(NextContext()),
      asio::bind_executor(acceptor_strand_, beast::bind_front_handler(&Impl::OnAccept, this)));
}

void HttpServer::Impl::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == asio::error::operation_aborted || !acceptor_.is_open())
    return;
  if (ec) {
    // Out of descriptors and the like: keep accepting; the condition may pass.
    spdlog::warn("http server: accept failed: {}", ec.message());
    return DoAccept();
  }
  {
    std::unique_lock lock(mutex_);
    if (stopping_) {
      lock.unlock();
      beast::error_code ignored;
      socket.close(ignored);
      return;
    }
  }
  // Without TCP_NODELAY a response written as header then body waits for the client's
  // delayed ACK (about 40 ms on Linux) before its last segment leaves.
  beast::error_code nodelay_ec;
  socket.set_option(tcp::no_delay(true), nodelay_ec);
  auto session = std::make_shared<Session>(std::move(socket), *this);
  Register(session);
  session->Start();
  DoAccept();
}

void HttpServer::Impl::Register(const std::shared_ptr<Session>& session) {
  std::lock_guard lock(mutex_);
  sessions_.emplace(session.get(), session);
}

void HttpServer::Impl::Unregister(Session* session) {
  std::lock_guard lock(mutex_);
  sessions_.erase(session);
}

Response HttpServer::Impl::CallHandler(const Request& request) const {
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    // Handlers return errors as values; an exception here is a bug, but one request's bug
    // must not take the connection's thread down.
    spdlog::error("http handler threw for {}: {}", request.target, e.what());
  }
  return PlainTextResponse(500, "internal server error");
}

void HttpServer::Impl::Stop() {
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(mutex_);
    if (stopping_)
      return;
    stopping_ = true;
    for (auto& [raw, weak] : sessions_) {
      if (auto session = weak.lock())
        sessions.push_back(std::move(session));
    }
  }
  asio::post(acceptor_strand_, [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    if (signals_)
      signals_->cancel(ignored);
    // Each context's run() now returns once its last connection has ended.
    for (auto& guard : work_guards_) guard.reset();
  });
  for (auto& session : sessions) session->Shutdown();
}

void HttpServer::Impl::Wait() {
  std::lock_guard lock(wait_mutex_);
  for (std::thread& thread : threads_) {
    if (thread.joinable())
      thread.join();
  }
}

void HttpServer::Impl::StopOnSignals() {
  asio::post(acceptor_strand_, [this] {
    if (signals_ || !acceptor_.is_open())
      return;
    signals_.emplace(*contexts_.front(), SIGINT, SIGTERM);
    signals_->async_wait(
        asio::bind_executor(acceptor_strand_, [this](beast::error_code ec, int signal_number) {
          if (ec)
            return;
          spdlog::info("http server: signal {} received, shutting down", signal_number);
          Stop();
        }));
  });
}

// ---------------------------------------------------------------------------------------------

core::Status ParseListenAddress(std::string_view listen, ServerOptions& options) {
  auto invalid = [&] {
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "listen address '" + std::string(listen) + "' is not HOST:PORT (e.g. 127.0.0.1:8080)");
  };
  size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos)
    return invalid();
  std::string_view host = listen.substr(0, colon);
  std::string_view port_text = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return invalid();  // A bare IPv6 address must be bracketed.
  }
  unsigned port = 0;
  auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || err != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    return invalid();
  }
  options.host = host.empty() ? "0.0.0.0" : std::string(host);
  options.port = static_cast<uint16_t>(port);
  return core::Ok();
}

core::Result<ServerOptions> ServerOptionsFromConfig(const core::ServerConfig& config) {
  ServerOptions options;
  WD_RETURN_IF_ERROR(ParseListenAddress(config.listen, options));
  if (config.threads < 0 || config.idle_timeout_seconds <= 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "server.threads must be >= 0 and server.idle_timeout_seconds > 0");
  }
  options.threads = config.threads;
  options.max_header_bytes = config.max_header_bytes;
  options.max_body_bytes = config.max_body_bytes;
  options.idle_timeout = std::chrono::seconds(config.idle_timeout_seconds);
  return options;
}

core::Result<std::unique_ptr<HttpServer>> HttpServer::Start(ServerOptions options,
                                                            RequestHandler handler) {
  if (!handler) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "no request handler");
  }
  if (options.max_header_bytes == 0 || options.idle_timeout.count() <= 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "max_header_bytes and idle_timeout must be positive");
  }
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler));
  WD_RETURN_IF_ERROR(impl->Listen());
  impl->Run();
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() {
  impl_->Stop();
  impl_->Wait();
}

uint16_t HttpServer::port() const { return impl_->port(); }
void HttpServer::Stop() { impl_->Stop(); }
void HttpServer::Wait() { impl_->Wait(); }
void HttpServer::StopOnSignals() { impl_->StopOnSignals(); }

}  // namespace wiredesk::web
