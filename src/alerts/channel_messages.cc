#include "alerts/channel_messages.h"

#include <array>
#include <cctype>
#include <ctime>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "accounts/preferences.h"
#include "core/text.h"

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;

std::string HexHmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, 32> mac{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), &length);
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", mac[i]);
  return hex;
}

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(length));
  return out;
}

// A MIME body part's content: base64 in lines of 76 characters, CRLF-separated.
std::string Base64Lines(std::string_view bytes) {
  std::string encoded = Base64(bytes);
  std::string out;
  for (size_t at = 0; at < encoded.size(); at += 76) out += encoded.substr(at, 76) + "\r\n";
  return out;
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80)
      return false;
  }
  return true;
}

bool HasLineBreak(std::string_view text) {
  return text.find_first_of("\r\n") != std::string_view::npos;
}

// A Subject line any mail reader shows right: ASCII as is, anything else as RFC 2047 encoded
// words of whole UTF-8 characters, each word short enough for a 78-character line.
std::string EncodeSubject(std::string_view subject) {
  if (IsAscii(subject))
    return std::string(subject);
  std::string out;
  size_t at = 0;
  while (at < subject.size()) {
    size_t end = std::min(subject.size(), at + 45);
    while (end < subject.size() && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) --end;
    if (!out.empty())
      out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(subject.substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string RfcDate(core::TimePoint t) {
  std::time_t seconds = core::ToUnixSeconds(t);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  static constexpr std::array<std::string_view, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                            "Thu", "Fri", "Sat"};
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000",
                     kDays[static_cast<size_t>(utc.tm_wday)], utc.tm_mday,
                     kMonths[static_cast<size_t>(utc.tm_mon)], utc.tm_year + 1900, utc.tm_hour,
                     utc.tm_min, utc.tm_sec);
}

// Text with every line break as CRLF, as SMTP requires.
std::string Crlf(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r')
      continue;
    if (text[i] == '\n')
      out += '\r';
    out += text[i];
  }
  return out;
}

}  // namespace

OutgoingRequest BuildWebhookRequest(std::string_view url, std::string_view secret,
                                    std::string_view json_body, core::TimePoint now) {
  std::string timestamp = std::to_string(core::ToUnixSeconds(now));
  std::string signed_text = timestamp + "." + std::string(json_body);
  OutgoingRequest request;
  request.url = std::string(url);
  request.headers = {{"Content-Type", "application/json"},
                     {"Wiredesk-Timestamp", timestamp},
                     {"Wiredesk-Signature", "v1=" + HexHmacSha256(secret, signed_text)}};
  request.body = std::string(json_body);
  return request;
}

bool VerifyWebhookSignature(std::string_view secret, std::string_view timestamp,
                            std::string_view body, std::string_view signature_header,
                            core::TimePoint now, std::chrono::seconds tolerance) {
  int64_t sent = 0;
  if (timestamp.empty() || timestamp.size() > 12)
    return false;
  for (char c : timestamp) {
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
    sent = sent * 10 + (c - '0');
  }
  int64_t age = core::ToUnixSeconds(now) - sent;
  if (age > tolerance.count() || -age > tolerance.count())
    return false;
  if (!signature_header.starts_with("v1="))
    return false;
  std::string expected = HexHmacSha256(secret, std::string(timestamp) + "." + std::string(body));
  std::string_view given = signature_header.substr(3);
  return given.size() == expected.size() &&
         CRYPTO_memcmp(given.data(), expected.data(), expected.size()) == 0;
}

core::Result<OutgoingRequest> BuildWhatsAppRequest(const WhatsAppConfig& config,
                                                   std::string_view to,
                                                   const std::vector<std::string>& parameters) {
  if (!accounts::IsE164(to))
    return core::MakeError(ErrorCode::kInvalidArgument, "not an E.164 phone number");
  if (config.api_base.empty() || config.phone_number_id.empty() || config.template_name.empty())
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "WhatsApp needs api_base, phone_number_id and template");
  boost::json::array body_parameters;
  for (const std::string& text : parameters) {
    body_parameters.push_back(boost::json::object{{"type", "text"}, {"text", text}});
  }
  boost::json::object message{
      {"messaging_product", "whatsapp"},
      {"recipient_type", "individual"},
      {"to", std::string(to.substr(1))},  // The API takes the digits.
      {"type", "template"},
      {"template",
       boost::json::object{
           {"name", config.template_name},
           {"language", boost::json::object{{"code", config.language}}},
           {"components", boost::json::array{boost::json::object{
                              {"type", "body"}, {"parameters", std::move(body_parameters)}}}}}}};
  std::string base = config.api_base;
  while (!base.empty() && base.back() == '/') base.pop_back();
  OutgoingRequest request;
  request.url = base + "/" + config.phone_number_id + "/messages";
  request.headers = {{"Authorization", "Bearer " + config.token},
                     {"Content-Type", "application/json"}};
  request.body = boost::json::serialize(message);
  return request;
}

DeliveryResult ClassifyWhatsAppResponse(int status, std::string_view body) {
  boost::system::error_code ec;
  boost::json::value json = boost::json::parse(body, ec);
  if (status >= 200 && status < 300) {
    std::string id;
    if (!ec && json.is_object()) {
      if (const auto* messages = json.as_object().if_contains("messages");
          messages && messages->is_array() && !messages->as_array().empty() &&
          messages->as_array()[0].is_object()) {
        if (const auto* value = messages->as_array()[0].as_object().if_contains("id");
            value && value->is_string()) {
          id = std::string(value->as_string());
        }
      }
    }
    return {DeliveryVerdict::kDelivered, id.empty() ? "accepted" : id, std::nullopt};
  }
  int64_t code = 0;
  std::string message = "HTTP " + std::to_string(status);
  if (!ec && json.is_object()) {
    if (const auto* error = json.as_object().if_contains("error"); error && error->is_object()) {
      if (const auto* value = error->as_object().if_contains("code"); value && value->is_int64())
        code = value->as_int64();
      if (const auto* value = error->as_object().if_contains("message");
          value && value->is_string()) {
        message = std::string(value->as_string());
      }
    }
  }
  std::string detail = "WhatsApp error " + std::to_string(code) + ": " + message;
  switch (code) {
    // Throughput, spam and pair rate limits, and the API's own passing failures.
    case 1:
    case 2:
    case 4:
    case 80007:
    case 130429:
    case 131000:
    case 131016:
    case 131048:
    case 131056:
      return {DeliveryVerdict::kRetry, detail, std::nullopt};
    // The token, the app's permissions, the sender number or the template: ours to fix.
    case 10:
    case 190:
    case 131005:
    case 131008:
    case 132000:
    case 132001:
    case 132005:
    case 132007:
    case 132012:
    case 133010:
      return {DeliveryVerdict::kDisableChannel, detail, std::nullopt};
    // The number cannot take WhatsApp messages (not on WhatsApp, not allowed in test mode).
    case 131026:
    case 131030:
      return {DeliveryVerdict::kDisableRecipient, detail, std::nullopt};
    default:
      break;
  }
  if (status == 429 || status >= 500 || status == 0)
    return {DeliveryVerdict::kRetry, detail, std::nullopt};
  return {DeliveryVerdict::kGiveUp, detail, std::nullopt};
}

DeliveryResult ClassifyWebhookResponse(int status) {
  std::string detail = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300)
    return {DeliveryVerdict::kDelivered, detail, std::nullopt};
  if (status == 410)
    return {DeliveryVerdict::kDisableRecipient, detail + ": endpoint gone", std::nullopt};
  if (status == 408 || status == 425 || status == 429 || status >= 500 || status == 0)
    return {DeliveryVerdict::kRetry, detail, std::nullopt};
  return {DeliveryVerdict::kGiveUp, detail, std::nullopt};
}

DeliveryResult ClassifyWebPushResponse(int status) {
  std::string detail = "HTTP " + std::to_string(status);
  if (status >= 200 && status < 300)
    return {DeliveryVerdict::kDelivered, detail, std::nullopt};
  if (status == 404 || status == 410)
    return {DeliveryVerdict::kDisableRecipient, detail + ": subscription expired", std::nullopt};
  if (status == 429 || status >= 500 || status == 0)
    return {DeliveryVerdict::kRetry, detail, std::nullopt};
  return {DeliveryVerdict::kGiveUp, detail, std::nullopt};
}

DeliveryResult CombineWebPushResults(const std::vector<DeliveryResult>& browsers) {
  size_t delivered = 0;
  bool retry = false;
  std::optional<std::chrono::seconds> retry_after;
  std::string failures;
  for (const DeliveryResult& browser : browsers) {
    switch (browser.verdict) {
      case DeliveryVerdict::kDelivered:
        ++delivered;
        continue;
      case DeliveryVerdict::kDisableRecipient:
        continue;
      case DeliveryVerdict::kRetry:
      case DeliveryVerdict::kDisableChannel:
        retry = true;
        if (browser.retry_after && (!retry_after || *browser.retry_after > *retry_after))
          retry_after = browser.retry_after;
        break;
      case DeliveryVerdict::kGiveUp:
        break;
    }
    failures += failures.empty() ? "" : "; ";
    failures += browser.detail;
  }
  if (delivered > 0) {
    return {DeliveryVerdict::kDelivered,
            std::to_string(delivered) + " of " + std::to_string(browsers.size()) + " browsers",
            std::nullopt};
  }
  if (retry)
    return {DeliveryVerdict::kRetry, failures, retry_after};
  if (failures.empty())
    return {DeliveryVerdict::kGiveUp, "no subscribed browser can receive", std::nullopt};
  return {DeliveryVerdict::kGiveUp, failures, std::nullopt};
}

core::Result<std::string> BuildEmail(const EmailMessage& message) {
  for (std::string_view field :
       {std::string_view(message.from), std::string_view(message.to),
        std::string_view(message.message_id), std::string_view(message.unsubscribe_url)}) {
    if (HasLineBreak(field))
      return core::MakeError(ErrorCode::kInvalidArgument, "line break in an e-mail header");
  }
  if (message.from.empty() || message.to.empty())
    return core::MakeError(ErrorCode::kInvalidArgument, "e-mail needs a sender and a recipient");
  bool one_click = message.unsubscribe_url.starts_with("https://");
  if (!message.unsubscribe_url.empty() && !one_click &&
      !message.unsubscribe_url.starts_with("http://"))
    return core::MakeError(ErrorCode::kInvalidArgument, "unsubscribe URL must be http(s)");
  // The boundary cannot occur in base64 parts: '_' is not in their alphabet.
  std::string boundary =
      "=_wiredesk_" + core::Sha256Hex(message.message_id + message.to).substr(0, 24);
  std::string subject = core::CollapseWhitespace(message.subject);
  std::string out;
  out += "From: " + message.from + "\r\n";
  out += "To: " + message.to + "\r\n";
  out += "Subject: " + EncodeSubject(subject) + "\r\n";
  out += "Date: " + RfcDate(message.date) + "\r\n";
  if (!message.message_id.empty())
    out += "Message-ID: " + message.message_id + "\r\n";
  if (!message.unsubscribe_url.empty()) {
    out += "List-Unsubscribe: <" + message.unsubscribe_url + ">\r\n";
    // RFC 8058 one-click needs HTTPS; a plain-http site still gets the link (RFC 2369).
    if (one_click)
      out += "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
  }
  out += "Auto-Submitted: auto-generated\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n";
  out += "\r\n";
  for (const auto& [type, content] :
       {std::pair{"text/plain", Crlf(message.text)}, std::pair{"text/html", Crlf(message.html)}}) {
    out += "--" + boundary + "\r\n";
    out += std::string("Content-Type: ") + type + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += Base64Lines(content);
  }
  out += "--" + boundary + "--\r\n";
  return out;
}

}  // namespace wiredesk::alerts
