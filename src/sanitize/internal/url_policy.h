// The URL policy for href, src, srcset and cite values: which schemes survive, how relative URLs
// are resolved, and which links count as external.
//
// Internal to sanitize/. A UrlPolicy is immutable after construction; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sanitize/html_sanitizer.h"

namespace wiredesk::sanitize::internal {

// Where a URL appears; each place allows its own schemes.
enum class UrlContext {
  kHref,      // a href: http, https, mailto, tel, relative.
  kImageSrc,  // img src: http, https, relative, data: png/jpeg/gif/webp up to kMaxDataUrlBytes.
  kSrcset,    // one srcset candidate: http, https, relative.
  kCite,      // blockquote/q cite: http, https, relative.
};

// The largest data: image URL kept in an img src.
inline constexpr size_t kMaxDataUrlBytes = 64 * 1024;

// What the browser's URL parser does before it looks at a URL: removes leading and trailing C0
// controls and spaces, and every tab, CR and LF inside.
std::string StripUrlWhitespace(std::string_view url);

// The lower-case scheme of `url` (already stripped), or nullopt when it has none, i.e. when a
// browser would resolve it as a relative URL.
std::optional<std::string> UrlScheme(std::string_view url);

class UrlPolicy {
 public:
  // Takes base_url and own_host from `options`; own_host may list several host names separated
  // by commas or spaces. A base_url that is not an absolute http(s) URL
  // is ignored, as if none were given.
  explicit UrlPolicy(const SanitizeOptions& options);

  struct Checked {
    std::string url;  // The URL to write, percent-encoded where the raw value was not a URI.
    bool external;    // http(s) and not on own_host: links get rel="nofollow ...".
  };

  // Returns the URL to keep for the attribute value `raw` (entities already decoded), or
  // nullopt when the attribute must be dropped.
  std::optional<Checked> Check(std::string_view raw, UrlContext context) const;

  // Returns the srcset value to keep: the candidates whose URL passes Check(kSrcset) and whose
  // descriptor is well formed, re-joined; nullopt when none is left.
  std::optional<std::string> CheckSrcset(std::string_view raw) const;

 private:
  std::string base_;                    // Empty, or an absolute http(s) URL that parses.
  std::vector<std::string> own_hosts_;  // Lower case.
};

}  // namespace wiredesk::sanitize::internal
