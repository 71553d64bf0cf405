#include "sanitize/internal/url_policy.h"

#include <algorithm>
#include <exception>

#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <boost/url/url_view.hpp>

namespace wiredesk::sanitize::internal {
namespace {

char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ToLowerAscii(c);
  return out;
}

bool IsAsciiAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) {
  return IsAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool IsHtmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

// True for data: URLs of the raster image types a browser renders without running anything.
bool IsAllowedImageData(std::string_view url) {
  if (url.size() > kMaxDataUrlBytes)
    return false;
  std::string head = ToLowerAscii(url.substr(0, 20));
  for (std::string_view type :
       {"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"}) {
    if (StartsWith(head, type) && head.size() > type.size() &&
        (head[type.size()] == ';' || head[type.size()] == ',')) {
      return true;
    }
  }
  return false;
}

// Makes a URL a valid RFC 3986 reference the way a browser would send it: bytes that may not
// appear in a URI are percent-encoded, a stray "%" becomes "%25", a second "#" becomes "%23",
// and brackets survive only in the authority (IPv6 literals). Already-valid URLs come back
// unchanged, which keeps sanitising idempotent.
std::string PercentEncode(std::string_view url) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  // Brackets are legal only in the host, which ends at the first "/", "?" or "#" after "//".
  size_t authority_end = 0;
  size_t slashes = url.find("//");
  size_t first_delim = url.find_first_of("/?#");
  if (slashes != std::string_view::npos && slashes == first_delim) {
    authority_end = url.find_first_of("/?#", slashes + 2);
    if (authority_end == std::string_view::npos)
      authority_end = url.size();
  }
  std::string out;
  out.reserve(url.size());
  bool seen_hash = false;
  for (size_t i = 0; i < url.size(); ++i) {
    const char c = url[i];
    const auto u = static_cast<unsigned char>(c);
    bool encode = u <= 0x20 || u >= 0x7f || c == '"' || c == '<' || c == '>' || c == '\\' ||
                  c == '^' || c == '`' || c == '{' || c == '|' || c == '}';
    if (c == '%' && !(i + 2 < url.size() && IsHexDigit(url[i + 1]) && IsHexDigit(url[i + 2]))) {
      encode = true;
    }
    if (c == '#') {
      encode = seen_hash;
      seen_hash = true;
    }
    if ((c == '[' || c == ']') && i >= authority_end)
      encode = true;
    if (encode) {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// Browsers read "\" as "/" in http(s) and relative URLs, so "/\evil.example" is a
// network-path reference; doing the same here makes the checks see what a browser sees.
std::string BackslashesToSlashes(std::string_view url) {
  std::string out(url);
  for (char& c : out) {
    if (c == '\\')
      c = '/';
  }
  return out;
}

bool HostIsOwn(const boost::urls::url_view& url, const std::vector<std::string>& own_hosts) {
  const std::string host = ToLowerAscii(url.encoded_host());
  return std::find(own_hosts.begin(), own_hosts.end(), host) != own_hosts.end();
}

}  // namespace

std::string StripUrlWhitespace(std::string_view url) {
  size_t begin = 0;
  size_t end = url.size();
  while (begin < end && static_cast<unsigned char>(url[begin]) <= 0x20) ++begin;
  while (end > begin && static_cast<unsigned char>(url[end - 1]) <= 0x20) --end;
  std::string out;
  out.reserve(end - begin);
  for (size_t i = begin; i < end; ++i) {
    if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
      out += url[i];
  }
  return out;
}

std::optional<std::string> UrlScheme(std::string_view url) {
  if (url.empty() || !IsAsciiAlpha(url[0]))
    return std::nullopt;
  for (size_t i = 1; i < url.size(); ++i) {
    const char c = url[i];
    if (c == ':')
      return ToLowerAscii(url.substr(0, i));
    if (!IsAsciiAlpha(c) && !IsAsciiDigit(c) && c != '+' && c != '-' && c != '.') {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

UrlPolicy::UrlPolicy(const SanitizeOptions& options) {
  std::string host;
  for (char c : options.own_host + ",") {
    if (c == ',' || IsHtmlSpace(c)) {
      if (!host.empty())
        own_hosts_.push_back(std::move(host));
      host.clear();
    } else {
      host += ToLowerAscii(c);
    }
  }
  const std::string base = StripUrlWhitespace(options.base_url);
  const std::optional<std::string> scheme = UrlScheme(base);
  if (scheme && (*scheme == "http" || *scheme == "https")) {
    std::string encoded = PercentEncode(BackslashesToSlashes(base));
    auto parsed = boost::urls::parse_uri(encoded);
    if (parsed && parsed->has_authority() && !parsed->encoded_host().empty()) {
      base_ = std::move(encoded);
    }
  }
}

std::optional<UrlPolicy::Checked> UrlPolicy::Check(std::string_view raw, UrlContext context) const {
  const std::string url = StripUrlWhitespace(raw);
  if (url.empty())
    return std::nullopt;
  const std::optional<std::string> scheme = UrlScheme(url);
  try {
    if (scheme) {
      if (*scheme == "data") {
        if (context == UrlContext::kImageSrc && IsAllowedImageData(url)) {
          return Checked{url, false};
        }
        return std::nullopt;
      }
      if (*scheme == "http" || *scheme == "https") {
        std::string encoded = PercentEncode(BackslashesToSlashes(url));
        auto parsed = boost::urls::parse_uri(encoded);
        // "http:foo" has no host; browsers guess one, so it is not worth keeping.
        if (!parsed || !parsed->has_authority() || parsed->encoded_host().empty()) {
          return std::nullopt;
        }
        const bool external = !HostIsOwn(*parsed, own_hosts_);
        return Checked{std::move(encoded), external};
      }
      if ((*scheme == "mailto" || *scheme == "tel") && context == UrlContext::kHref) {
        std::string encoded = PercentEncode(url);
        if (!boost::urls::parse_uri(encoded))
          return std::nullopt;
        // No host, so nothing for rel="nofollow noopener" to protect.
        return Checked{std::move(encoded), false};
      }
      // javascript:, vbscript:, file:, and every scheme nobody asked for.
      return std::nullopt;
    }

    // No scheme: a relative reference.
    std::string encoded = PercentEncode(BackslashesToSlashes(url));
    auto ref = boost::urls::parse_uri_reference(encoded);
    if (!ref)
      return std::nullopt;
    if (base_.empty()) {
      // Without a base only a path, query or fragment is kept: "//host/x" would take the
      // reader's scheme to another site.
      if (ref->has_authority())
        return std::nullopt;
      return Checked{std::move(encoded), false};
    }
    auto base = boost::urls::parse_uri(base_);
    if (!base)
      return std::nullopt;
    boost::urls::url resolved;
    if (!boost::urls::resolve(*base, *ref, resolved))
      return std::nullopt;
    if (!resolved.has_authority() || resolved.encoded_host().empty())
      return std::nullopt;
    const bool external = !HostIsOwn(resolved, own_hosts_);
    return Checked{std::string(resolved.buffer()), external};
  } catch (const std::exception&) {
    // Boost.URL throws only on allocation failure or length limits; drop the URL.
    return std::nullopt;
  }
}

std::optional<std::string> UrlPolicy::CheckSrcset(std::string_view raw) const {
  // A simplified form of the HTML "parse a srcset attribute" algorithm: candidates are a URL
  // (no white space; trailing commas end it) and an optional descriptor such as "2x" or
  // "640w", separated by commas.
  std::string out;
  size_t i = 0;
  while (i < raw.size()) {
    while (i < raw.size() && (IsHtmlSpace(raw[i]) || raw[i] == ',')) ++i;
    if (i >= raw.size())
      break;
    size_t url_begin = i;
    while (i < raw.size() && !IsHtmlSpace(raw[i])) ++i;
    std::string_view url = raw.substr(url_begin, i - url_begin);
    std::string_view descriptor;
    if (!url.empty() && url.back() == ',') {
      while (!url.empty() && url.back() == ',') url.remove_suffix(1);
    } else {
      size_t descriptor_begin = i;
      while (i < raw.size() && raw[i] != ',') ++i;
      descriptor = raw.substr(descriptor_begin, i - descriptor_begin);
    }
    // The descriptor must be one number followed by w, x or h: anything else is dropped.
    while (!descriptor.empty() && IsHtmlSpace(descriptor.front())) descriptor.remove_prefix(1);
    while (!descriptor.empty() && IsHtmlSpace(descriptor.back())) descriptor.remove_suffix(1);
    bool descriptor_ok = true;
    if (!descriptor.empty()) {
      const char unit = ToLowerAscii(descriptor.back());
      std::string_view number = descriptor.substr(0, descriptor.size() - 1);
      descriptor_ok = (unit == 'w' || unit == 'x' || unit == 'h') && !number.empty();
      for (char c : number) {
        if (!IsAsciiDigit(c) && c != '.')
          descriptor_ok = false;
      }
    }
    if (!descriptor_ok || url.empty())
      continue;
    std::optional<Checked> checked = Check(url, UrlContext::kSrcset);
    if (!checked)
      continue;
    if (!out.empty())
      out += ", ";
    out += checked->url;
    if (!descriptor.empty()) {
      out += ' ';
      out += descriptor;
    }
  }
  if (out.empty())
    return std::nullopt;
  return out;
}

}  // namespace wiredesk::sanitize::internal
