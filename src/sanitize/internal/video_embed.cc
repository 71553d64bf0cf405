#include "sanitize/internal/video_embed.h"

#include "sanitize/internal/url_policy.h"

namespace wiredesk::sanitize::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsYouTubeIdCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

// The id at the start of `rest` when it is exactly `length` characters accepted by `valid`
// (or, with length 0, one to 12 of them) followed by the end, "?" or "#".
template <class Valid>
std::optional<std::string_view> IdAt(std::string_view rest, size_t length, Valid valid) {
  size_t n = 0;
  while (n < rest.size() && valid(rest[n])) ++n;
  if (n == 0 || (length != 0 && n != length) || (length == 0 && n > 12))
    return std::nullopt;
  if (n < rest.size() && rest[n] != '?' && rest[n] != '#')
    return std::nullopt;
  return rest.substr(0, n);
}

}  // namespace

std::optional<std::string> CanonicalVideoEmbedUrl(std::string_view src) {
  const std::string url = StripUrlWhitespace(src);
  std::string_view rest = url;
  // Scheme and host are case-insensitive; the path and the id are not.
  const std::string head = Lower(rest.substr(0, 40));
  size_t skip = 0;
  for (std::string_view scheme : {"https://", "http://", "//"}) {
    if (std::string_view(head).starts_with(scheme)) {
      skip = scheme.size();
      break;
    }
  }
  if (skip == 0)
    return std::nullopt;
  const std::string_view host_and_path = std::string_view(head).substr(skip);
  rest.remove_prefix(skip);
  for (std::string_view prefix :
       {"www.youtube.com/embed/", "youtube.com/embed/", "www.youtube-nocookie.com/embed/",
        "youtube-nocookie.com/embed/"}) {
    // The host is compared lower-cased; the "/embed/" path must be written as it is.
    const size_t host_length = prefix.find('/');
    if (host_and_path.substr(0, host_length) == prefix.substr(0, host_length) &&
        rest.substr(host_length).starts_with(prefix.substr(host_length))) {
      const auto id = IdAt(rest.substr(prefix.size()), 11, IsYouTubeIdCharacter);
      if (!id)
        return std::nullopt;
      return "https://www.youtube-nocookie.com/embed/" + std::string(*id);
    }
  }
  constexpr std::string_view kVimeo = "player.vimeo.com/video/";
  const size_t host_length = kVimeo.find('/');
  if (host_and_path.substr(0, host_length) == kVimeo.substr(0, host_length) &&
      rest.substr(host_length).starts_with(kVimeo.substr(host_length))) {
    const auto id =
        IdAt(rest.substr(kVimeo.size()), 0, [](char c) { return c >= '0' && c <= '9'; });
    if (!id)
      return std::nullopt;
    return "https://player.vimeo.com/video/" + std::string(*id) + "?dnt=1";
  }
  return std::nullopt;
}

void AppendVideoEmbed(std::string& out, std::string_view canonical_url) {
  // The canonical URL holds only letters, digits, "_", "-", ":", "/", ".", "?" and "=", none of
  // which needs escaping in a quoted attribute.
  out += "<iframe src=\"";
  out += canonical_url;
  out += "\" sandbox=\"";
  out += kVideoEmbedSandbox;
  out += "\" allow=\"";
  out += kVideoEmbedAllow;
  out += "\" loading=\"lazy\" referrerpolicy=\"";
  out += kVideoEmbedReferrerPolicy;
  out += "\"></iframe>";
}

}  // namespace wiredesk::sanitize::internal
