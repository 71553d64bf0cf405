// The fields a handler reads out of a request's raw text: a cookie, a bearer token, a form body
// and a media type. They take untrusted bytes, so they sit apart from the handlers (and their
// store and template dependencies) with a fuzz target of their own.
//
// Thread safety: pure functions.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "web/http_types.h"

namespace wiredesk::web {

// The value of cookie `name` in the request's Cookie header, or "".
std::string CookieValue(const Request& request, std::string_view name);

// The token of "Authorization: Bearer <token>" (the scheme in any case, spaces and tabs around
// the token dropped), or "".
std::string BearerToken(const Request& request);

// Decodes an application/x-www-form-urlencoded body. Repeated names keep every value.
std::multimap<std::string, std::string> ParseForm(std::string_view body);

// The first value of `name` in `form`, or "".
std::string FormValue(const std::multimap<std::string, std::string>& form, std::string_view name);

// Whether a Content-Type names an XML or JSON media type (text/xml, application/xml,
// application/*+xml, application/json, application/*+json), parameters aside: what the push
// endpoint takes.
bool IsPushMediaType(std::string_view content_type);

}  // namespace wiredesk::web
