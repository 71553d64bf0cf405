#include "web/server.h"

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gtest/gtest.h>

#include "web/compression.h"

namespace wiredesk::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// A handler that echoes what the server made of the request.
Response Echo(const Request& request) {
  Response response;
  response.content_type = "text/plain; charset=utf-8";
  std::string body = "path=" + request.path + "\n";
  for (const auto& [key, value] : request.query) body += "q:" + key + "=" + value + "\n";
  body += "ua=" + request.Header("user-agent") + "\n";
  body += "body=" + request.body + "\n";
  response.body = std::make_shared<const std::string>(std::move(body));
  return response;
}

ServerOptions TestOptions() {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.threads = 2;
  options.max_header_bytes = 8 * 1024;
  options.max_body_bytes = 64 * 1024;
  options.idle_timeout = std::chrono::seconds(30);
  return options;
}

std::unique_ptr<HttpServer> StartServer(RequestHandler handler,
                                        ServerOptions options = TestOptions()) {
  auto server = HttpServer::Start(std::move(options), std::move(handler));
  EXPECT_TRUE(server) << (server ? "" : server.error().ToString());
  return server ? std::move(*server) : nullptr;
}

// A blocking Beast client on one connection.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  }

  void Send(http::verb verb, std::string target, std::string body = "",
            std::vector<std::pair<std::string, std::string>> headers = {}) {
    http::request<http::string_body> request(verb, target, 11);
    request.set(http::field::host, "localhost");
    request.set(http::field::user_agent, "server-test");
    for (const auto& [name, value] : headers) request.set(name, value);
    request.body() = std::move(body);
    request.prepare_payload();
    http::write(socket_, request);
  }

  void SendRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes)); }

  http::response<http::string_body> Read(bool head = false) {
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    parser.skip(head);
    http::read(socket_, buffer_, parser);
    return parser.release();
  }

  http::response<http::string_body> Get(
      std::string target, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Send(http::verb::get, std::move(target), "", std::move(headers));
    return Read();
  }

  // True when the server closed the connection (a read returns end of stream).
  bool ServerClosed() {
    beast::error_code ec;
    char byte;
    socket_.read_some(asio::buffer(&byte, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

TEST(HttpServer, BindsAnEphemeralPort) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  EXPECT_NE(server->port(), 0);
}

TEST(HttpServer, ServesTwoRequestsOnOneKeepAliveConnection) {
  std::atomic<int> calls{0};
  auto server = StartServer([&calls](const Request& request) {
    ++calls;
    return Echo(request);
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  auto first = client.Get("/one");
  EXPECT_EQ(first.result_int(), 200);
  EXPECT_TRUE(first.keep_alive());
  EXPECT_NE(first.body().find("path=/one\n"), std::string::npos);
  auto second = client.Get("/two");
  EXPECT_EQ(second.result_int(), 200);
  EXPECT_NE(second.body().find("path=/two\n"), std::string::npos);
  EXPECT_EQ(calls.load(), 2);
}

TEST(HttpServer, AddsSecurityHeadersAndDate) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.Get("/");
  EXPECT_EQ(response["Content-Security-Policy"],
            "default-src 'self'; img-src 'self' https: data:; script-src 'self'; "
            "style-src 'self'; frame-src https://www.youtube-nocookie.com "
            "https://player.vimeo.com; frame-ancestors 'none'; base-uri 'none'; "
            "form-action 'self'");
  EXPECT_EQ(response["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(response["Referrer-Policy"], "strict-origin-when-cross-origin");
  EXPECT_EQ(response["Permissions-Policy"], "camera=(), microphone=(), geolocation=()");
  EXPECT_TRUE(response[http::field::date].ends_with(" GMT"));
  EXPECT_EQ(response[http::field::content_type], "text/plain; charset=utf-8");
}

TEST(HttpServer, DecodesPathQueryAndHeaders) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.Get("/a%20b/?x=1&y=hello+world&z=%C3%A9");
  EXPECT_NE(response.body().find("path=/a b/\n"), std::string::npos) << response.body();
  EXPECT_NE(response.body().find("q:x=1\n"), std::string::npos);
  EXPECT_NE(response.body().find("q:y=hello world\n"), std::string::npos);
  EXPECT_NE(response.body().find("q:z=\xC3\xA9\n"), std::string::npos);
  EXPECT_NE(response.body().find("ua=server-test\n"), std::string::npos);
}

TEST(HttpServer, ReadsRequestBodies) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  client.Send(http::verb::post, "/form", "a=1&b=2",
              {{"Content-Type", "application/x-www-form-urlencoded"}});
  auto response = client.Read();
  EXPECT_NE(response.body().find("body=a=1&b=2\n"), std::string::npos);
}

TEST(HttpServer, HeadGetsHeadersWithoutBody) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  auto get = client.Get("/page");
  client.Send(http::verb::head, "/page");
  auto head = client.Read(/*head=*/true);
  EXPECT_EQ(head.result_int(), 200);
  EXPECT_EQ(head[http::field::content_length], std::to_string(get.body().size()));
  EXPECT_TRUE(head.body().empty());
  // The connection is still in step: a following request gets its own response.
  EXPECT_EQ(client.Get("/after").result_int(), 200);
}

TEST(HttpServer, AnswersPipelinedRequestsInOrder) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  client.SendRaw(
      "GET /first HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /second HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(client.Read().body().find("path=/first\n"), std::string::npos);
  EXPECT_NE(client.Read().body().find("path=/second\n"), std::string::npos);
  auto third = client.Read();
  EXPECT_NE(third.body().find("path=/third\n"), std::string::npos);
  EXPECT_FALSE(third.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServer, RejectsOversizedHeadersWith431) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  client.Send(http::verb::get, "/", "", {{"X-Huge", std::string(32 * 1024, 'a')}});
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 431);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServer, RejectsOversizedBodiesWith413) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  client.Send(http::verb::post, "/upload", std::string(200 * 1024, 'b'));
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 413);
  EXPECT_TRUE(client.ServerClosed());
}

TEST(HttpServer, OversizedBodiesOfApiAndPushPathsGetJson413) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  for (const char* path : {"/ingest/wire", "/api/v1/x"}) {
    Client client(server->port());
    client.Send(http::verb::post, path, std::string(200 * 1024, 'b'));
    auto response = client.Read();
    EXPECT_EQ(response.result_int(), 413) << path;
    EXPECT_EQ(response[http::field::content_type], "application/json") << path;
    EXPECT_NE(response.body().find("resource_exhausted"), std::string::npos) << path;
  }
}

TEST(HttpServer, RejectsMalformedRequestsWith400) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  {
    Client client(server->port());
    client.SendRaw("THIS IS NOT HTTP\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 400);
  }
  {
    Client client(server->port());
    client.SendRaw("GET /x HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 400);
  }
  {
    Client client(server->port());
    client.SendRaw("GET /bad%zzescape HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(client.Read().result_int(), 400);
  }
  // The server is still serving.
  Client client(server->port());
  EXPECT_EQ(client.Get("/ok").result_int(), 200);
}

TEST(HttpServer, CompressesLargeTextOnTheFly) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "line " + std::to_string(i) + " of a long story\n";
  auto server = StartServer([&text](const Request&) {
    Response response;
    response.content_type = "text/plain; charset=utf-8";
    response.body = std::make_shared<const std::string>(text);
    return response;
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  auto gz = client.Get("/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz[http::field::content_encoding], "gzip");
  EXPECT_EQ(gz[http::field::vary], "Accept-Encoding");
  EXPECT_EQ(GzipDecompress(gz.body()).value_or(""), text);
  auto br = client.Get("/", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(br[http::field::content_encoding], "br");
  EXPECT_EQ(BrotliDecompress(br.body()).value_or(""), text);
  auto plain = client.Get("/");
  EXPECT_EQ(plain[http::field::content_encoding], "");
  EXPECT_EQ(plain.body(), text);
}

TEST(HttpServer, LeavesResponsesWithAnEtagAsTheyAre) {
  std::string text(4096, 'x');
  auto server = StartServer([&text](const Request&) {
    Response response;
    response.content_type = "text/html; charset=utf-8";
    response.headers.emplace_back("ETag", "\"fixed\"");
    response.body = std::make_shared<const std::string>(text);
    return response;
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  auto response = client.Get("/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(response[http::field::content_encoding], "");
  EXPECT_EQ(response[http::field::etag], "\"fixed\"");
  EXPECT_EQ(response.body(), text);
}

TEST(HttpServer, TurnsAThrowingHandlerInto500) {
  auto server = StartServer([](const Request& request) -> Response {
    if (request.path == "/boom")
      throw std::runtime_error("boom");
    return Echo(request);
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  EXPECT_EQ(client.Get("/boom").result_int(), 500);
  EXPECT_EQ(client.Get("/fine").result_int(), 200);
}

TEST(HttpServer, ClosesIdleConnectionsAfterTheTimeout) {
  ServerOptions options = TestOptions();
  options.idle_timeout = std::chrono::seconds(1);
  auto server = StartServer(Echo, options);
  ASSERT_TRUE(server);
  Client client(server->port());
  EXPECT_EQ(client.Get("/").result_int(), 200);
  EXPECT_TRUE(client.ServerClosed());  // Blocks until the server gives up on the connection.
}

TEST(HttpServer, StopClosesIdleConnectionsAndReturns) {
  auto server = StartServer(Echo);
  ASSERT_TRUE(server);
  Client client(server->port());
  EXPECT_EQ(client.Get("/").result_int(), 200);
  server->Stop();
  EXPECT_TRUE(client.ServerClosed());
  server->Wait();
  // Nothing listens any more.
  asio::io_context ioc;
  tcp::socket socket(ioc);
  beast::error_code ec;
  socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server->port()), ec);
  EXPECT_TRUE(ec);
}

TEST(HttpServer, StopLetsARequestInFlightFinish) {
  std::mutex mutex;
  std::condition_variable cv;
  bool entered = false;
  bool release = false;
  auto server = StartServer([&](const Request& request) {
    std::unique_lock lock(mutex);
    entered = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    return Echo(request);
  });
  ASSERT_TRUE(server);
  Client client(server->port());
  client.Send(http::verb::get, "/slow");
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return entered; });
  }
  server->Stop();
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  auto response = client.Read();
  EXPECT_EQ(response.result_int(), 200);
  EXPECT_NE(response.body().find("path=/slow\n"), std::string::npos);
  EXPECT_FALSE(response.keep_alive());
  EXPECT_TRUE(client.ServerClosed());
  server->Wait();
}

TEST(HttpServer, FailsToStartOnABusyPort) {
  auto first = StartServer(Echo);
  ASSERT_TRUE(first);
  ServerOptions options = TestOptions();
  options.port = first->port();
  auto second = HttpServer::Start(options, Echo);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code(), core::ErrorCode::kUnavailable);
}

TEST(ParseListenAddress, AcceptsHostPortForms) {
  ServerOptions options;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:8080", options));
  EXPECT_EQ(options.host, "127.0.0.1");
  EXPECT_EQ(options.port, 8080);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", options));
  EXPECT_EQ(options.host, "::1");
  EXPECT_EQ(options.port, 0);
  ASSERT_TRUE(ParseListenAddress(":9000", options));
  EXPECT_EQ(options.host, "0.0.0.0");
  EXPECT_EQ(options.port, 9000);
  for (const char* bad : {"", "8080", "host:", "host:99999", "host:12ab", "::1:80"}) {
    EXPECT_FALSE(ParseListenAddress(bad, options)) << bad;
  }
}

TEST(ServerOptionsFromConfig, CopiesTheServerSection) {
  core::ServerConfig config;
  config.listen = "0.0.0.0:0";
  config.threads = 3;
  config.max_header_bytes = 1000;
  config.max_body_bytes = 2000;
  config.idle_timeout_seconds = 7;
  auto options = ServerOptionsFromConfig(config);
  ASSERT_TRUE(options);
  EXPECT_EQ(options->host, "0.0.0.0");
  EXPECT_EQ(options->port, 0);
  EXPECT_EQ(options->threads, 3);
  EXPECT_EQ(options->max_header_bytes, 1000u);
  EXPECT_EQ(options->max_body_bytes, 2000u);
  EXPECT_EQ(options->idle_timeout, std::chrono::seconds(7));
  config.listen = "nonsense";
  EXPECT_FALSE(ServerOptionsFromConfig(config));
}

}  // namespace
}  // namespace wiredesk::web
