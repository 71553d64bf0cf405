// The one place where a domain error becomes an HTTP status (STYLE.md: domain code never names
// a status), and the JSON error body of the API.
//
// Pure functions; thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "web/http_types.h"

namespace wiredesk::web {

// invalid_argument 400, unauthenticated 401, permission_denied 403, not_found 404,
// already_exists 409, failed_precondition 409, gone 410, resource_exhausted 429,
// unavailable 503; everything else (data_loss, internal) 500.
int HttpStatusFor(core::ErrorCode code);

// The reason phrase of a status, e.g. "Not Found"; "Unknown" for codes it does not know.
std::string_view StatusReason(int status);

// {"error": {"code": "<ErrorCodeName>", "message": "..."}} with the status HttpStatusFor()
// gives, content type application/json and Cache-Control: no-store. For 5xx the message is a
// generic one: internal details belong in the log, not in the reader's response.
Response JsonErrorResponse(const core::Error& error);

// A short plain-text response, for the few answers that have no page or JSON form (e.g. the
// server's own 400/413/431).
Response PlainTextResponse(int status, std::string_view text);

}  // namespace wiredesk::web
