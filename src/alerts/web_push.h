// Web Push messages: payload encryption (RFC 8291, "aes128gcm" content coding of RFC 8188),
// VAPID identification (RFC 8292) and the request a push service expects (RFC 8030).
//
// A browser's PushSubscription gives an endpoint URL and two keys: p256dh (the browser's P-256
// public key, 65 bytes uncompressed) and auth (a 16-byte secret), both base64url. Each message
// gets a fresh ephemeral key pair and salt, so nobody but the browser can read it, and the push
// service learns only its size. VAPID signs a short-lived JWT (ES256) for the endpoint's origin,
// so the push service can tie messages to this site's key.
//
// Thread safety: VapidKey is immutable after loading and safe to share; the functions are pure
// apart from drawing random bytes.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace wiredesk::alerts {

// base64url without padding (RFC 4648 §5), as Web Push uses it everywhere.
std::string Base64UrlEncode(std::string_view bytes);
// Accepts padded or unpadded input; kInvalidArgument for anything else.
core::Result<std::string> Base64UrlDecode(std::string_view text);

struct PushSubscription {
  std::string endpoint;  // https URL of the push service.
  std::string p256dh;    // base64url, 65 bytes once decoded.
  std::string auth;      // base64url, 16 bytes once decoded.
};

// Checks a subscription a browser sent before it is stored: the endpoint by
// accounts::CheckPushEndpoint (https; `allow_private` admits internal addresses and http), p256dh
// a point on P-256 (65 bytes uncompressed once decoded), auth 16 bytes once decoded.
// kInvalidArgument naming the field otherwise.
core::Status CheckPushSubscription(const PushSubscription& subscription, bool allow_private);

// The encrypted body for `plaintext` (at most 3,993 bytes, what one 4,096-byte record holds).
// kInvalidArgument for malformed keys or an oversized payload.
core::Result<std::string> EncryptPushPayload(const PushSubscription& subscription,
                                             std::string_view plaintext);

// The same with the sender's key pair and salt given: for reproducing RFC 8291's worked example.
// `sender_private` is the 32-byte scalar, `sender_public` the 65-byte point, `salt` 16 bytes.
core::Result<std::string> EncryptPushPayloadWith(const PushSubscription& subscription,
                                                 std::string_view plaintext,
                                                 std::string_view sender_private,
                                                 std::string_view sender_public,
                                                 std::string_view salt);

// The site's VAPID signing key (P-256).
class VapidKey {
 public:
  // Reads a PEM private key (PKCS#8 or SEC 1) from `path`; kInvalidArgument when it is not a
  // P-256 key, kNotFound when the file cannot be read.
  static core::Result<VapidKey> LoadPemFile(const std::string& path);
  static core::Result<VapidKey> FromPem(std::string_view pem);
  // A new random key, and its PEM for saving.
  static core::Result<std::pair<VapidKey, std::string>> Generate();
  // The server's key: the file at `configured_path` when one is configured (an error when it
  // cannot be read or parsed), else `data_dir`/vapid_private_key.pem, generated there (mode
  // 0600, never overwritten) on first use, so Web Push works without setup and keeps working
  // for browsers already subscribed with that key across restarts.
  static core::Result<VapidKey> LoadOrCreate(const std::string& configured_path,
                                             const std::string& data_dir);

  // The public key as the browser's subscribe() wants it (applicationServerKey): base64url of
  // the 65-byte uncompressed point.
  const std::string& public_key() const { return public_key_; }

  // "vapid t=<JWT>, k=<public key>" for a request to `endpoint`: the JWT's aud is the
  // endpoint's origin, exp `now` + 12 hours, sub `subject` (a mailto: or https: URL).
  // kInvalidArgument unless the endpoint is an http(s) URL with a host (whether plain http is
  // acceptable is CheckPushSubscription's decision).
  core::Result<std::string> AuthorizationFor(std::string_view endpoint, std::string_view subject,
                                             core::TimePoint now) const;

 private:
  struct KeyDeleter {
    void operator()(void* key) const;
  };
  VapidKey() = default;
  std::shared_ptr<void> key_;  // EVP_PKEY*, shared so copies are cheap.
  std::string public_key_;
};

// Urgency of a push message (RFC 8030 §5.3): how soon a device should wake for it.
enum class PushUrgency { kVeryLow, kLow, kNormal, kHigh };

struct WebPushRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

struct WebPushOptions {
  std::chrono::seconds ttl{3600};  // How long the push service keeps an undelivered message.
  PushUrgency urgency = PushUrgency::kNormal;
  std::string topic;  // Replaces a pending message with the same topic; [A-Za-z0-9_-]{0,32}.
};

// The POST request that delivers `payload` to the subscription: encrypted body, VAPID
// Authorization, TTL, Urgency, optional Topic, Content-Encoding aes128gcm.
core::Result<WebPushRequest> BuildWebPushRequest(const PushSubscription& subscription,
                                                 std::string_view payload, const VapidKey& vapid,
                                                 std::string_view subject,
                                                 const WebPushOptions& options,
                                                 core::TimePoint now);

}  // namespace wiredesk::alerts
