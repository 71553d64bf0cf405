// The messages of the alert channels other than Web Push (web_push.h): a signed webhook POST,
// a WhatsApp Cloud API template message, and an e-mail with plain-text and HTML parts. Each
// builder makes the exact bytes a channel sends; sending is the dispatcher's job. Each
// classifier turns a channel's answer into what the dispatcher does next.
//
// Thread safety: pure functions; thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace wiredesk::alerts {

// An HTTP request to make: POST `url` with `headers` and `body`.
struct OutgoingRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// ---- Webhooks ----
//
// The reader's endpoint receives the alert as JSON with two headers:
//   Wiredesk-Timestamp: <Unix seconds>
//   Wiredesk-Signature: v1=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>
// Signing the timestamp with the body lets a receiver refuse replays older than a few minutes.

OutgoingRequest BuildWebhookRequest(std::string_view url, std::string_view secret,
                                    std::string_view json_body, core::TimePoint now);

// What a receiver does: true when `signature_header` carries a v1 signature of `timestamp` and
// `body` under `secret` (compared in constant time) and the timestamp is within `tolerance` of
// `now`.
bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature_header,
                            core::TimePoint now,
                            std::chrono::seconds tolerance = std::chrono::minutes(5));

// ---- WhatsApp Cloud API ----

struct WhatsAppConfig {
  std::string api_base;  // e.g. "https://graph.facebook.com/v19.0".
  std::string phone_number_id;
  std::string token;
  std::string template_name;    // An approved template, e.g. "news_alert".
  std::string language = "en";  // The template's language code.
};

// POST {api_base}/{phone_number_id}/messages with a template message whose body parameters are
// `parameters` (e.g. the headline and the story's URL). kInvalidArgument for a number that is
// not E.164 (accounts::IsE164) or a missing template.
core::Result<OutgoingRequest> BuildWhatsAppRequest(const WhatsAppConfig& config,
                                                   std::string_view to,
                                                   const std::vector<std::string>& parameters);

// What to do after a channel's answer.
enum class DeliveryVerdict {
  kDelivered,         // Accepted; nothing more to do.
  kRetry,             // A passing failure: try again later (backoff, or retry_after).
  kGiveUp,            // This message will never go through; dead-letter it.
  kDisableRecipient,  // The recipient cannot receive at all: stop sending there.
  kDisableChannel,    // Our configuration is broken (token, template): stop and tell admins.
};

struct DeliveryResult {
  DeliveryVerdict verdict = DeliveryVerdict::kRetry;
  std::string detail;  // Why, for the dead-letter list and logs; the message id on success.
  std::optional<std::chrono::seconds> retry_after;
};

// Reads a WhatsApp Cloud API answer ({"messages":[{"id":…}]} or {"error":{"code":…}}).
DeliveryResult ClassifyWhatsAppResponse(int status, std::string_view body);

// Reads a webhook receiver's answer: 2xx delivered; 410 disables the endpoint; 408, 425, 429
// and 5xx retry; other 4xx give up.
DeliveryResult ClassifyWebhookResponse(int status);

// Reads a push service's answer (RFC 8030): 201 delivered; 404 and 410 mean the subscription
// is gone; 413 gives up; 429 and 5xx retry.
DeliveryResult ClassifyWebPushResponse(int status);

// One alert to all of a reader's browsers, from each browser's result: delivered when any push
// service accepted; else a retry when one may accept later (its longest retry_after kept);
// else give up. Browsers answering kDisableRecipient (their subscription is pruned) fail
// nothing; when every browser did, the result is kGiveUp. The detail joins the failures.
DeliveryResult CombineWebPushResults(const std::vector<DeliveryResult>& browsers);

// ---- E-mail ----

struct EmailMessage {
  std::string from;     // "Wiredesk Alerts <alerts@example.com>".
  std::string to;       // "reader@example.org".
  std::string subject;  // May hold any Unicode; encoded as RFC 2047 words when not ASCII.
  std::string text;     // The plain-text part.
  std::string html;     // The HTML part, already escaped/sanitised by the caller.
  // List-Unsubscribe; an https URL also gets one-click POST (RFC 8058), an http one only the link.
  std::string unsubscribe_url;
  std::string message_id;  // "<alert-123@example.com>".
  core::TimePoint date;
};

// The RFC 5322 message: headers, then multipart/alternative with the text and HTML parts,
// each base64-encoded UTF-8 with CRLF line ends. kInvalidArgument when an address holds a line
// break or the unsubscribe URL is not http(s).
core::Result<std::string> BuildEmail(const EmailMessage& message);

}  // namespace wiredesk::alerts
