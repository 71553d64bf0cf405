#include "ingest/testing/http_test_server.h"

#include <mutex>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

namespace wiredesk::ingest::test_util {

struct HttpTestServer::Server {
  explicit Server(Handler handler)
      : handler(std::move(handler)),
        acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0}) {}

  void Accept() {
    acceptor.async_accept(
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
      std::lock_guard lock(mutex);
      requests.push_back(request);
    }
    HttpResponse response = handler(request);
    response.keep_alive(false);
    http::write(socket, response, ec);
    socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
  }

  Handler handler;
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor;
  std::thread thread;
  mutable std::mutex mutex;
  std::vector<HttpRequest> requests;
};

HttpTestServer::HttpTestServer(Handler handler)
    : server_(std::make_unique<Server>(std::move(handler))) {
  server_->Accept();
  server_->thread = std::thread([server = server_.get()] { server->io.run(); });
}

HttpTestServer::~HttpTestServer() {
  server_->io.stop();
  server_->thread.join();
}

unsigned short HttpTestServer::port() const { return server_->acceptor.local_endpoint().port(); }

std::string HttpTestServer::Url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

std::vector<HttpRequest> HttpTestServer::requests() const {
  std::lock_guard lock(server_->mutex);
  return server_->requests;
}

HttpResponse HttpTestServer::Respond(unsigned status, std::string body,
                                     const std::string& content_type) {
  HttpResponse response{static_cast<http::status>(status), 11};
  response.set(http::field::content_type, content_type);
  response.body() = std::move(body);
  response.prepare_payload();
  return response;
}

}  // namespace wiredesk::ingest::test_util
