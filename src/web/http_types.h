// Request and Response values: what a handler receives and returns.
//
// Handlers are functions from a Request (and the site's context) to a Response value; the
// server (server.h) turns Beast messages into these and back, and applies compression and
// caching headers. Keeping Beast out of handlers makes them testable without sockets.
// Plain value types; thread-compatible.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wiredesk::accounts {
struct Viewer;
}  // namespace wiredesk::accounts

namespace wiredesk::web {

enum class Method { kGet, kHead, kPost, kPut, kDelete, kOptions, kOther };

struct Request {
  Method method = Method::kGet;
  std::string target;  // As received: path and query, e.g. "/search?q=x".
  std::string path;    // Percent-decoded path, e.g. "/news/world/".
  std::multimap<std::string, std::string> query;  // Decoded query parameters.
  // Header names are lower-case.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote_address;
  // The signed-in reader, set by Site::Handle from the session cookie (pages) or the bearer
  // token (/api/); null for anonymous requests. `session_token` is the token that proved it.
  std::shared_ptr<const accounts::Viewer> viewer;
  std::string session_token;

  // The first value of a query parameter, or nullopt.
  std::optional<std::string> Query(std::string_view name) const;
  // A header value (name in lower case), or "" when absent.
  std::string Header(std::string_view lower_name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  // Extra headers, e.g. {"Cache-Control", "no-store"}. Security headers are added by the
  // server to every response.
  std::vector<std::pair<std::string, std::string>> headers;
  // Shared so cached pages are served without copying.
  std::shared_ptr<const std::string> body = std::make_shared<const std::string>();
  // Whether anonymous readers may be served this response from the page cache.
  bool cacheable = false;
};

}  // namespace wiredesk::web
