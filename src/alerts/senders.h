// Senders: the network half of the alert channels, over libcurl. PostHttp delivers a webhook,
// WhatsApp or Web Push request built by channel_messages.h or web_push.h; SendSmtp hands an
// e-mail to the configured SMTP server. Neither retries: the dispatcher decides that from the
// answer (ClassifyWebhookResponse and friends).
//
// Where a request goes to an address a reader gave (a webhook URL, a browser's push endpoint),
// the caller passes the address policy and every connection is checked on the address actually
// dialled, so neither the URL nor its DNS can point the server at its own network. Redirects
// are never followed: a 3xx is an answer like any other.
//
// Thread safety: free functions; each call uses its own libcurl handle.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "alerts/channel_messages.h"
#include "core/address_policy.h"
#include "core/result.h"

namespace wiredesk::alerts {

struct SendOptions {
  // Checked on every connection when set; unset for operator-configured hosts (the SMTP
  // server, the WhatsApp API), which may well live on the operator's own network.
  std::optional<core::AddressPolicy> policy;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{20};
  std::string user_agent = "wiredesk/0.1";
};

struct HttpAnswer {
  int status = 0;
  std::string body;  // At most 64 KiB is kept: enough for any API's error object.
  std::optional<std::chrono::seconds> retry_after;  // From a delta-seconds Retry-After.
};

// POSTs `request`. kUnavailable for network failures (no answer: retry later);
// kPermissionDenied when the policy refused the address.
core::Result<HttpAnswer> PostHttp(const OutgoingRequest& request, const SendOptions& options);

// Sends `message` (a whole RFC 5322 message, BuildEmail's output) from `from_address` to
// `to_address` through `smtp_url` ("smtp://host:port", "smtps://…"). kUnavailable when the
// server cannot be reached or answers a temporary (4xx) failure; kInvalidArgument for a
// permanent refusal (5xx), e.g. an unknown recipient.
core::Status SendSmtp(std::string_view smtp_url, std::string_view from_address,
                      std::string_view to_address, std::string_view message,
                      const SendOptions& options);

// "Name <a@b>" → "a@b"; an address without angle brackets is returned as it is.
std::string_view BareAddress(std::string_view mailbox);

}  // namespace wiredesk::alerts
