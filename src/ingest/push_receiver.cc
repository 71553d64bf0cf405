#include "ingest/push_receiver.h"

#include "ingest/push_token.h"

namespace wiredesk::ingest {

PushReceiver::PushReceiver(store::SourceStore& sources, IngestPipeline& pipeline)
    : sources_(sources), pipeline_(pipeline) {}

core::Result<store::SourceRecord> PushReceiver::Authenticate(const std::string& source_name,
                                                             std::string_view token) {
  if (token.empty()) {
    return core::MakeError(core::ErrorCode::kUnauthenticated,
                           "a push needs the source's token as 'Authorization: Bearer TOKEN'");
  }
  auto source = sources_.GetSource(source_name);
  if (!source && source.error().code() != core::ErrorCode::kNotFound)
    return tl::unexpected(source.error());
  const bool is_push = source && source->kind == store::SourceKind::kPush;
  // The same work whether the source exists or not: a hash and a constant-time comparison.
  static const std::string kNoHash(64, '0');
  const bool matches = PushTokenMatches(token, is_push ? source->push_token_hash : kNoHash);
  if (!is_push || !matches) {
    return core::MakeError(core::ErrorCode::kPermissionDenied,
                           "this token may not push to source '" + source_name + "'");
  }
  return std::move(*source);
}

core::Result<IngestReport> PushReceiver::Ingest(const store::SourceRecord& source,
                                                std::string_view body) {
  SourceInfo info;
  info.name = source.name;
  info.section_rules = source.section_rules;
  auto report = pipeline_.IngestBytes(body, info);
  if (!report && report.error().code() != core::ErrorCode::kInvalidArgument &&
      report.error().code() != core::ErrorCode::kResourceExhausted) {
    // The parser's other codes (e.g. an unsupported format) still mean "bad document".
    return core::MakeError(core::ErrorCode::kInvalidArgument, report.error().message());
  }
  return report;
}

core::Result<IngestReport> PushReceiver::Receive(const std::string& source_name,
                                                 std::string_view token, std::string_view body) {
  WD_ASSIGN_OR_RETURN(store::SourceRecord source, Authenticate(source_name, token));
  return Ingest(source, body);
}

}  // namespace wiredesk::ingest
