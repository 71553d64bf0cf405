#include "ingest/http_fetcher.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <charconv>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>

#include <curl/curl.h>

namespace wiredesk::ingest {
namespace {

using core::AddressPolicy;
using core::AddressRangeName;
using core::ClassifySockaddr;
using core::ErrorCode;

void GlobalInitOnce() {
  // curl_global_init is not thread-safe and must run before any handle exists.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos)
    return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

std::string DescribeAddress(const struct sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  if (address->sa_family == AF_INET) {
    sockaddr_in in{};
    std::memcpy(&in, address, sizeof in);
    inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
  } else if (address->sa_family == AF_INET6) {
    sockaddr_in6 in6{};
    std::memcpy(&in6, address, sizeof in6);
    inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
  } else {
    return "an address of family " + std::to_string(address->sa_family);
  }
  return text;
}

// State shared with libcurl's callbacks during one fetch.
struct Transfer {
  const FetchOptions* options = nullptr;
  FetchResponse response;
  bool too_large = false;
  std::string refused;  // The last address the policy refused, with its range.
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->response.body.size() + bytes > transfer->options->max_bytes) {
    transfer->too_large = true;
    return 0;  // Anything but `bytes` makes libcurl stop with CURLE_WRITE_ERROR.
  }
  transfer->response.body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  // Each response of a redirect chain starts with its status line; only the last one's
  // headers describe the body we keep.
  if (line.rfind("HTTP/", 0) == 0) {
    FetchResponse& r = transfer->response;
    r.etag.clear();
    r.last_modified.clear();
    r.retry_after.clear();
    r.content_type.clear();
    return bytes;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos)
    return bytes;
  const std::string name = Lower(Trim(line.substr(0, colon)));
  const std::string value(Trim(line.substr(colon + 1)));
  if (name == "etag")
    transfer->response.etag = value;
  else if (name == "last-modified")
    transfer->response.last_modified = value;
  else if (name == "retry-after")
    transfer->response.retry_after = value;
  else if (name == "content-type")
    transfer->response.content_type = value;
  return bytes;
}

// Creates the socket of every connection libcurl makes, after asking the policy: this is the
// one place that sees the address actually connected to, whatever DNS said before.
curl_socket_t OnOpenSocket(void* user, curlsocktype purpose, struct curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN)
    return CURL_SOCKET_BAD;
  const struct sockaddr* target = &address->addr;
  if (!transfer->options->policy.Allows(target)) {
    auto range = ClassifySockaddr(target);
    transfer->refused = DescribeAddress(target) + " (" +
                        std::string(range ? AddressRangeName(*range) : "unknown family") + ")";
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancel = static_cast<const std::atomic<bool>*>(user);
  return cancel->load() ? 1 : 0;  // Non-zero aborts with CURLE_ABORTED_BY_CALLBACK.
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

FetchOptions FetchOptionsFromConfig(const core::NetworkConfig& network) {
  FetchOptions options;
  options.policy =
      AddressPolicy(network.allow_private_addresses ? AddressPolicy::Scope::kAllowPrivate
                                                    : AddressPolicy::Scope::kPublicOnly);
  options.connect_timeout = std::chrono::seconds(network.connect_timeout_seconds);
  options.total_timeout = std::chrono::seconds(network.fetch_timeout_seconds);
  options.max_bytes = network.max_fetch_bytes;
  options.max_redirects = network.max_redirects;
  options.user_agent = network.user_agent;
  return options;
}

bool IsHttpUrl(std::string_view text) {
  const std::string head = Lower(text.substr(0, 8));
  return head.rfind("http://", 0) == 0 || head.rfind("https://", 0) == 0;
}

CurlFetcher::CurlFetcher(FetchOptions options) : options_(std::move(options)) { GlobalInitOnce(); }

core::Result<FetchResponse> CurlFetcher::Fetch(const FetchRequest& request) {
  if (!IsHttpUrl(request.url)) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "only http:// and https:// URLs can be fetched: " + request.url);
  }
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl)
    return core::MakeError(ErrorCode::kInternal, "curl_easy_init failed");
  CURL* h = curl.get();
  Transfer transfer;
  transfer.options = &options_;

  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&headers](const std::string& line) {
    curl_slist* list = curl_slist_append(headers.get(), line.c_str());
    if (list != nullptr) {
      (void)headers.release();
      headers.reset(list);
    }
  };
  // Header values go on one line; a validator with a line break would inject a header.
  auto one_line = [](const std::string& v) { return v.find_first_of("\r\n") == std::string::npos; };
  if (!request.etag.empty() && one_line(request.etag))
    add_header("If-None-Match: " + request.etag);
  if (!request.last_modified.empty() && one_line(request.last_modified))
    add_header("If-Modified-Since: " + request.last_modified);

  std::unique_ptr<curl_slist, SlistDeleter> resolve;
  for (const std::string& entry : options_.resolve) {
    curl_slist* list = curl_slist_append(resolve.get(), entry.c_str());
    if (list != nullptr) {
      (void)resolve.release();
      resolve.reset(list);
    }
  }
  if (resolve)
    curl_easy_setopt(h, CURLOPT_RESOLVE, resolve.get());

  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, static_cast<long>(options_.max_redirects));
  curl_easy_setopt(h, CURLOPT_PROXY, "");  // Ignore http_proxy and friends: see the header.
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.total_timeout.count()));
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(options_.max_bytes));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // Every encoding this libcurl decodes.
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, OnOpenSocket);
  curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &transfer);

  if (request.cancel != nullptr) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, OnProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, request.cancel);
  }

  const CURLcode rc = curl_easy_perform(h);
  long redirects = 0;
  curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &redirects);
  transfer.response.redirects = static_cast<int>(redirects);
  if (rc != CURLE_OK) {
    const std::string what = request.url + ": ";
    if (!transfer.refused.empty() &&
        (rc == CURLE_COULDNT_CONNECT || rc == CURLE_COULDNT_RESOLVE_HOST)) {
      return core::MakeError(ErrorCode::kPermissionDenied,
                             what + "refused to connect to " + transfer.refused +
                                 "; set [network] allow_private_addresses = true to allow it");
    }
    if (transfer.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
      return core::MakeError(
          ErrorCode::kResourceExhausted,
          what + "response larger than " + std::to_string(options_.max_bytes) + " bytes");
    }
    if (rc == CURLE_TOO_MANY_REDIRECTS) {
      return core::MakeError(
          ErrorCode::kFailedPrecondition,
          what + "more than " + std::to_string(options_.max_redirects) + " redirects");
    }
    if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT) {
      return core::MakeError(ErrorCode::kInvalidArgument, what + curl_easy_strerror(rc));
    }
    return core::MakeError(ErrorCode::kUnavailable, what + curl_easy_strerror(rc));
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  transfer.response.status = static_cast<int>(status);
  char* effective = nullptr;
  if (curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
    transfer.response.final_url = effective;
  return std::move(transfer.response);
}

std::optional<std::chrono::seconds> ParseRetryAfter(std::string_view value, core::TimePoint now) {
  value = Trim(value);
  if (value.empty())
    return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    int64_t seconds = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (ec != std::errc() || end != value.data() + value.size())
      return std::chrono::seconds(int64_t{1} << 31);  // Too many digits: "very long".
    return std::chrono::seconds(seconds);
  }
  // IMF-fixdate, the form RFC 9110 requires senders to use: "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0')
    return std::nullopt;
  const int64_t at = static_cast<int64_t>(timegm(&tm));
  const int64_t delta = at - core::ToUnixSeconds(now);
  return std::chrono::seconds(std::max<int64_t>(delta, 0));
}

}  // namespace wiredesk::ingest
