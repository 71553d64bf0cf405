// The push endpoint: POST /ingest/{source}, where a wire delivers NewsML-G2, ninjs or a feed.
//
//   POST /ingest/reuters-push
//   Authorization: Bearer wdp_...
//   Content-Type: application/vnd.iptc.g2.newsitem+xml
//
// answers 200 with the ingest report as JSON:
//   {"source": "reuters-push", "new": 1, "updated": 0, "unchanged": 0, "killed": 0,
//    "withheld": 0, "rejected": 0, "rejections": [], "warnings": []}
// and {"error": {"code", "message"}} with 401 (no bearer token), 403 (wrong token or no such
// push source), 413 (body over [sources] max_push_bytes), 415 (not an XML or JSON media type),
// 400 (not a feed or wire document), or 404 when the server runs without push support.
//
// Thread safety: a pure function of its arguments; the receiver is thread-safe.
#pragma once

#include "web/http_types.h"
#include "web/router.h"

namespace wiredesk::web {

struct SiteContext;

Response HandlePushIngest(const SiteContext& context, const Request& request,
                          const RouteParams& params);

}  // namespace wiredesk::web
