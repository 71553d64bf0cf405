// HttpTestServer: a real HTTP/1.1 server on 127.0.0.1 and a free port, for tests of the
// fetcher and the poller. Each test passes a handler from request to response; the server
// records every request it answered, so a test can check what the client sent
// (If-None-Match, Accept-Encoding, ...). Not for production.
//
// Thread safety: the handler runs on the server's thread; requests() may be read from the test
// thread at any time.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace wiredesk::ingest::test_util {

namespace http = boost::beast::http;
using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

class HttpTestServer {
 public:
  using Handler = std::function<HttpResponse(const HttpRequest&)>;

  explicit HttpTestServer(Handler handler)
      : handler_(std::move(handler)),
        acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    Accept();
    thread_ = std::thread([this] { io_.run(); });
  }
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;
  ~HttpTestServer() {
    io_.stop();
    thread_.join();
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  // "http://127.0.0.1:PORT" + path.
  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
  }
  std::vector<HttpRequest> requests() const {
    std::lock_guard lock(mutex_);
    return requests_;
  }

  // A response with the given status and body, and no caching headers.
  static HttpResponse Respond(unsigned status, std::string body,
                              const std::string& content_type = "application/rss+xml") {
    HttpResponse response{static_cast<http::status>(status), 11};
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);
    response.prepare_payload();
    return response;
  }

 private:
  void Accept() {
    acceptor_.async_accept(
        [this](boost::system::error_code ec, boost::asio::ip::tcp::socket socket) {
          if (ec)
            return;
          Serve(socket);
          Accept();
        });
  }

  // One request per connection, answered synchronously: tests never need more.
  void Serve(boost::asio::ip::tcp::socket& socket) {
    boost::system::error_code ec;
    boost::beast::flat_buffer buffer;
    HttpRequest request;
    http::read(socket, buffer, request, ec);
    if (ec)
      return;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }
    HttpResponse response = handler_(request);
    response.keep_alive(false);
    http::write(socket, response, ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  }

  Handler handler_;
  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
};

}  // namespace wiredesk::ingest::test_util
