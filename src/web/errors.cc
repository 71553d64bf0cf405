#include "web/errors.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace wiredesk::web {

int HttpStatusFor(core::ErrorCode code) {
  using core::ErrorCode;
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 409;
    case ErrorCode::kGone:
      return 410;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kDataLoss:
      return 500;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

std::string_view StatusReason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 303:
      return "See Other";
    case 304:
      return "Not Modified";
    case 307:
      return "Temporary Redirect";
    case 308:
      return "Permanent Redirect";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 413:
      return "Content Too Large";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

Response JsonErrorResponse(const core::Error& error) {
  Response response;
  response.status = HttpStatusFor(error.code());
  response.content_type = "application/json";
  // A 5xx means something broke inside; its message may name files, SQL or library state,
  // which is for the log. The reader gets the code and a generic sentence.
  std::string message =
      response.status >= 500 ? "the server could not answer this request" : error.message();
  boost::json::object inner;
  inner["code"] = std::string(core::ErrorCodeName(error.code()));
  inner["message"] = std::move(message);
  boost::json::object root;
  root["error"] = std::move(inner);
  response.body = std::make_shared<const std::string>(boost::json::serialize(root));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

Response PlainTextResponse(int status, std::string_view text) {
  Response response;
  response.status = status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::make_shared<const std::string>(std::string(text) + "\n");
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace wiredesk::web
