#include "web/ingest_handlers.h"

#include <string>

#include <boost/json.hpp>

#include "ingest/push_receiver.h"
#include "store/source_store.h"
#include "web/errors.h"
#include "web/request_fields.h"
#include "web/site.h"

namespace wiredesk::web {
namespace {

Response Error(core::ErrorCode code, std::string message, int status = 0) {
  Response response = JsonErrorResponse(core::Error(code, std::move(message)));
  if (status != 0)
    response.status = status;
  return response;
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
