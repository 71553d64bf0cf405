// HttpTestServer: a real HTTP/1.1 server on 127.0.0.1 and a free port, for tests of the
// fetcher and the poller. Each test passes a handler from request to response; the server
// records every request it answered, so a test can check what the client sent
// (If-None-Match, Accept-Encoding, ...). Not for production.
//
// Thread safety: the handler runs on the server's thread; requests() may be read from the test
// thread at any time.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

namespace wiredesk::ingest::test_util {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

class HttpTestServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpTestServer(Handler handler);
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;
  ~HttpTestServer();

  unsigned short port() const;
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path) const;
  std::vector<HttpRequest> requests() const;

  // A response with the given status and body, and no caching headers.
  static HttpResponse Respond(unsigned status, std::string body,
                              const std::string& content_type = "application/rss+xml");

 private:
  // The Asio server lives in http_test_server.cc, so the tests that use it compile Beast's
  // message types only, not the networking code.
  struct Server;
  std::unique_ptr<Server> server_;
};

}  // namespace wiredesk::ingest::test_util
