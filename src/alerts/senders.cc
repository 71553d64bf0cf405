#include "alerts/senders.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>
#include <sys/socket.h>

#include <curl/curl.h>

namespace wiredesk::alerts {
namespace {

using core::ErrorCode;

constexpr size_t kMaxAnswerBytes = 64 * 1024;

struct Transfer {
  const SendOptions* options = nullptr;
  HttpAnswer answer;
  std::string refused;  // The range of an address the policy refused.
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string& body = transfer->answer.body;
  body.append(data, std::min(bytes, kMaxAnswerBytes - std::min(body.size(), kMaxAnswerBytes)));
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  std::string_view line(data, size * count);
  constexpr std::string_view kName = "retry-after:";
  if (line.size() > kName.size()) {
    std::string lower(line.substr(0, kName.size()));
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == kName) {
      std::string_view value = line.substr(kName.size());
      while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
        value.remove_prefix(1);
      int64_t seconds = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      // Only delta-seconds: an HTTP-date would need the answer's clock, and the backoff
      // stands in well enough.
      if (ec == std::errc() && end != value.data() && seconds >= 0)
        transfer->answer.retry_after = std::chrono::seconds(std::min<int64_t>(seconds, 86400));
    }
  }
  return size * count;
}

curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, struct curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose == CURLSOCKTYPE_IPCXN && transfer->options->policy) {
    auto range = core::ClassifySockaddr(&address->addr);
    if (!range || !transfer->options->policy->Allows(*range)) {
      transfer->refused = range ? std::string(core::AddressRangeName(*range)) : "unknown";
      return CURL_SOCKET_BAD;
    }
  }
  return socket(address->family, address->socktype, address->protocol);
}

using Easy = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using Headers = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

void CommonOptions(CURL* h, Transfer& transfer, const SendOptions& options) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &transfer);
}

core::Error TransferError(CURLcode rc, const Transfer& transfer, std::string_view what) {
  if (!transfer.refused.empty() &&
      (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST))
    return core::Error(
        ErrorCode::kPermissionDenied,
        std::string(what) + ": refused to connect to a " + transfer.refused + " address");
  return core::Error(ErrorCode::kUnavailable, std::string(what) + ": " + curl_easy_strerror(rc));
}

}  // namespace

std::string_view BareAddress(std::string_view mailbox) {
  size_t open = mailbox.rfind('<');
  size_t close = mailbox.rfind('>');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open)
    return mailbox;
  return mailbox.substr(open + 1, close - open - 1);
}

core::Result<HttpAnswer> PostHttp(const OutgoingRequest& request, const SendOptions& options) {
  Easy easy(curl_easy_init(), &curl_easy_cleanup);
  if (easy == nullptr)
    return core::MakeError(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* h = easy.get();
  Transfer transfer;
  transfer.options = &options;
  Headers headers(nullptr, &curl_slist_free_all);
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown == nullptr)
      return core::MakeError(ErrorCode::kInternal, "out of memory");
    headers.release();
    headers.reset(grown);
  }
  // libcurl would otherwise send "Expect: 100-continue" for larger bodies and wait for it.
  headers.reset(curl_slist_append(headers.release(), "Expect:"));
  CommonOptions(h, transfer, options);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_USERAGENT, options.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_POST, 1L);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  CURLcode rc = curl_easy_perform(h);
  if (rc != CURLE_OK)
    return tl::unexpected(TransferError(rc, transfer, "POST " + request.url));
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  transfer.answer.status = static_cast<int>(status);
  return std::move(transfer.answer);
}

namespace {

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t OnRead(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

}  // namespace

core::Status SendSmtp(std::string_view smtp_url, std::string_view from_address,
                      std::string_view to_address, std::string_view message,
                      const SendOptions& options) {
  Easy easy(curl_easy_init(), &curl_easy_cleanup);
  if (easy == nullptr)
    return core::MakeError(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* h = easy.get();
  Transfer transfer;
  transfer.options = &options;
  CommonOptions(h, transfer, options);
  std::string url(smtp_url);
  std::string from = "<" + std::string(BareAddress(from_address)) + ">";
  std::string to = "<" + std::string(BareAddress(to_address)) + ">";
  Headers recipients(curl_slist_append(nullptr, to.c_str()), &curl_slist_free_all);
  Upload upload{message, 0};
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, OnRead);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  CURLcode rc = curl_easy_perform(h);
  if (rc == CURLE_OK)
    return core::Ok();
  long code = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
  std::string what = "SMTP to " + std::string(BareAddress(to_address));
  if (code >= 500 && code < 600)
    return core::MakeError(ErrorCode::kInvalidArgument,
                           what + ": refused (" + std::to_string(code) + ")");
  return tl::unexpected(TransferError(rc, transfer, what));
}

}  // namespace wiredesk::alerts
