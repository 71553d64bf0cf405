// Embedded assets: the files of static/ and templates/, compiled into the binary (see
// cmake/embed.cmake), and how static files are served.
//
// Static files are answered from an immutable table built on first use: each file's content
// type, its gzip and brotli variants made once, and a strong ETag. StaticUrl() names a file
// with a query from its content hash ("/static/css/site.css?v=3fa4c2d1e0b9"), so pages can let
// browsers keep it for a year: a changed file gets a new URL.
//
// Thread safety: everything here is immutable after first use and safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedded.h"
#include "web/http_types.h"

namespace wiredesk::web {

// The URL of a static file with its content-hash query, e.g. StaticUrl("css/site.css") ==
// "/static/css/site.css?v=3fa4c2d1e0b9". For an unknown file, the plain "/static/<path>".
std::string StaticUrl(std::string_view path);

// The embedded template at `path` relative to templates/, e.g. "article.tpl"; nullopt when
// there is none.
std::optional<std::string_view> FindTemplate(std::string_view path);
// Every embedded template.
const std::vector<core::EmbeddedFile>& AllTemplates();
// Every embedded static file.
const std::vector<core::EmbeddedFile>& AllStaticFiles();

// The content type for a file name, from its extension; "application/octet-stream" when
// unknown.
std::string_view ContentTypeForPath(std::string_view path);

// Answers GET/HEAD /static/<path> (`path` relative to static/): 200 with the negotiated
// variant, 304 for a matching If-None-Match, nullopt when no such file is embedded. With a
// "v" query equal to the file's hash, Cache-Control is a year and immutable; otherwise
// browsers revalidate with the ETag after five minutes.
std::optional<Response> ServeStaticFile(std::string_view path, const Request& request);

}  // namespace wiredesk::web
