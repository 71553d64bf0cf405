// Escaping text for HTML: &, <, >, " and ' become entities, so the result is safe in element
// content and in a quoted attribute. For the places that build small pieces of HTML by hand
// (alert e-mails, search snippets); pages go through the templates, which escape by context.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace wiredesk::core {

void AppendEscapedHtml(std::string& out, std::string_view text);
std::string EscapeHtml(std::string_view text);

}  // namespace wiredesk::core
