#include "web/ingest_handlers.h"

#include <cctype>
#include <string>

#include <boost/json.hpp>

#include "ingest/push_receiver.h"
#include "store/source_store.h"
#include "web/errors.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

std::string LowerTrimmed(std::string_view text) {
  size_t begin = text.find_first_not_of(" \t");
  size_t end = text.find_last_not_of(" \t");
  std::string out = begin == std::string_view::npos
                        ? std::string()
                        : std::string(text.substr(begin, end - begin + 1));
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Response Error(core::ErrorCode code, std::string message, int status = 0) {
  Response response = JsonErrorResponse(core::Error(code, std::move(message)));
  if (status != 0)
    response.status = status;
  return response;
}

// The token of "Authorization: Bearer TOKEN" (scheme case-insensitive); "" otherwise.
std::string BearerToken(const Request& request) {
  const std::string header = request.Header("authorization");
  if (header.size() < 7 || LowerTrimmed(header.substr(0, 7)) != "bearer")
    return "";
  size_t start = header.find_first_not_of(' ', 6);
  if (start == std::string::npos || start == 6)
    return "";
  std::string token = header.substr(start);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.pop_back();
  return token;
}

std::string ReportJson(const std::string& source, const ingest::IngestReport& report) {
  boost::json::object root;
  root["source"] = source;
  root["new"] = report.new_count;
  root["updated"] = report.updated;
  root["unchanged"] = report.unchanged;
  root["killed"] = report.killed;
  root["withheld"] = report.withheld;
  root["rejected"] = report.rejected;
  boost::json::array rejections(report.rejections.begin(), report.rejections.end());
  boost::json::array warnings(report.warnings.begin(), report.warnings.end());
  root["rejections"] = std::move(rejections);
  root["warnings"] = std::move(warnings);
  return boost::json::serialize(root);
}

}  // namespace

bool IsPushMediaType(std::string_view content_type) {
  std::string type = LowerTrimmed(content_type.substr(0, content_type.find(';')));
  if (type == "text/xml" || type == "application/xml" || type == "application/json")
    return true;
  const size_t slash = type.find('/');
  if (slash == std::string::npos || type.substr(0, slash) != "application")
    return false;
  auto ends_with = [&type, slash](std::string_view suffix) {
    return type.size() > suffix.size() + slash + 1 &&
           type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("+xml") || ends_with("+json");
}

Response HandlePushIngest(const SiteContext& context, const Request& request,
                          const RouteParams& params) {
  const std::string& source = params.rest;
  if (context.push_receiver == nullptr || !store::IsValidSourceName(source))
    return Error(core::ErrorCode::kNotFound, "no push endpoint at " + request.path);
  const std::string token = BearerToken(request);
  if (token.empty()) {
    Response response = Error(core::ErrorCode::kUnauthenticated,
                              "send the source's token as 'Authorization: Bearer TOKEN'");
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"wiredesk ingest\"");
    return response;
  }
  auto authenticated = context.push_receiver->Authenticate(source, token);
  if (!authenticated)
    return Error(authenticated.error().code(), authenticated.error().message());
  if (request.body.size() > context.config.sources.max_push_bytes) {
    return Error(
        core::ErrorCode::kResourceExhausted,
        "body larger than " + std::to_string(context.config.sources.max_push_bytes) + " bytes",
        413);
  }
  if (!IsPushMediaType(request.Header("content-type"))) {
    return Error(core::ErrorCode::kInvalidArgument,
                 "Content-Type must be an XML or JSON media type, e.g. application/xml", 415);
  }
  auto report = context.push_receiver->Ingest(*authenticated, request.body);
  if (!report) {
    const bool too_large = report.error().code() == core::ErrorCode::kResourceExhausted;
    return Error(report.error().code(), report.error().message(), too_large ? 413 : 0);
  }
  context.metrics.CountIngest("new", report->new_count);
  context.metrics.CountIngest("updated", report->updated);
  context.metrics.CountIngest("unchanged", report->unchanged);
  context.metrics.CountIngest("killed", report->killed);
  context.metrics.CountIngest("withheld", report->withheld);
  context.metrics.CountIngest("rejected", report->rejected);
  Response response;
  response.content_type = "application/json";
  response.body = std::make_shared<const std::string>(ReportJson(source, *report));
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace wiredesk::web
