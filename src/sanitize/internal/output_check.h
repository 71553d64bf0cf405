// An independent audit of sanitised HTML, for tests and the fuzz target: parses the HTML the
// way a browser would and reports the first element, attribute or URL that the sanitiser's
// policy should have removed.
//
// Internal to sanitize/. Pure function; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::sanitize::internal {

// Returns a description of the first violation in `html`, or nullopt when it is clean. Clean
// means: every element is on the allowlist (or is the structure the parser adds, like tbody),
// no code element, every attribute allowed on its element (plus rel on a), no event handler or
// style attribute, every URL attribute has an allowed scheme for its place, and every iframe is
// exactly a canonical video player (internal/video_embed.h).
std::optional<std::string> FindPolicyViolation(std::string_view html);

}  // namespace wiredesk::sanitize::internal
