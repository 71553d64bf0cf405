// The sanitiser without its fast paths, for tests and the fuzz target to compare against:
// every input is parsed by Gumbo, and SanitizeHtml's output is proved a fixed point by parsing
// it again. SanitizeHtml() and ExtractText() must return exactly what these return.
//
// Internal to sanitize/. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "sanitize/html_sanitizer.h"

namespace wiredesk::sanitize::internal {

std::string SanitizeHtmlByReparsing(std::string_view html, const SanitizeOptions& options = {});

std::string ExtractTextByParsing(std::string_view html);

}  // namespace wiredesk::sanitize::internal
