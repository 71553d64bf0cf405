// Video embeds: the one kind of <iframe> the sanitiser keeps. An iframe whose src is a YouTube
// (youtube.com, youtube-nocookie.com) or Vimeo (player.vimeo.com) player URL with a well-formed
// video id is rewritten to a canonical, sandboxed, privacy-enhanced player iframe; every other
// iframe is still dropped with its content. The site's Content-Security-Policy (web/server.cc)
// allows frames from exactly the hosts of the canonical URLs.
//
// Internal to sanitize/. Pure functions over constants; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::sanitize::internal {

// The canonical player URL for an iframe src ("https://www.youtube-nocookie.com/embed/ID" or
// "https://player.vimeo.com/video/ID?dnt=1"), or nullopt when `src` is not a player URL of an
// allowlisted host with a valid id. Query and fragment of `src` are not carried over.
std::optional<std::string> CanonicalVideoEmbedUrl(std::string_view src);

// Appends the canonical iframe for `canonical_url` (a result of CanonicalVideoEmbedUrl): fixed
// sandbox, allow, loading and referrerpolicy attributes, no content.
void AppendVideoEmbed(std::string& out, std::string_view canonical_url);

// The fixed attribute values AppendVideoEmbed() writes, for the output audit.
inline constexpr std::string_view kVideoEmbedSandbox =
    "allow-scripts allow-same-origin allow-presentation";
inline constexpr std::string_view kVideoEmbedAllow =
    "accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen";
inline constexpr std::string_view kVideoEmbedReferrerPolicy = "strict-origin-when-cross-origin";

}  // namespace wiredesk::sanitize::internal
