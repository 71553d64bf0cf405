#include "web/request_fields.h"

namespace wiredesk::web {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

std::string DecodeComponent(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view Trim(std::string_view s, std::string_view blanks = " ") {
  const size_t begin = s.find_first_not_of(blanks);
  if (begin == std::string_view::npos)
    return {};
  return s.substr(begin, s.find_last_not_of(blanks) - begin + 1);
}

char LowerAscii(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAscii(c);
  return out;
}

}  // namespace

std::string CookieValue(const Request& request, std::string_view name) {
  std::string header = request.Header("cookie");
  std::string_view rest = header;
  while (!rest.empty()) {
    size_t end = rest.find(';');
    std::string_view pair = Trim(rest.substr(0, end));
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
  }
  return "";
}

std::string BearerToken(const Request& request) {
  const std::string header = request.Header("authorization");
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size() || LowerAscii(header.substr(0, kScheme.size())) != kScheme)
    return "";
  return std::string(Trim(std::string_view(header).substr(kScheme.size()), " \t"));
}

std::multimap<std::string, std::string> ParseForm(std::string_view body) {
  std::multimap<std::string, std::string> form;
  while (!body.empty()) {
    size_t end = body.find('&');
    std::string_view pair = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view() : body.substr(end + 1);
    if (pair.empty())
      continue;
    size_t eq = pair.find('=');
    std::string name = DecodeComponent(pair.substr(0, eq));
    std::string value =
        eq == std::string_view::npos ? std::string() : DecodeComponent(pair.substr(eq + 1));
    form.emplace(std::move(name), std::move(value));
  }
  return form;
}

std::string FormValue(const std::multimap<std::string, std::string>& form, std::string_view name) {
  auto it = form.find(std::string(name));
  return it == form.end() ? std::string() : it->second;
}

bool IsPushMediaType(std::string_view content_type) {
  const std::string type = LowerAscii(Trim(content_type.substr(0, content_type.find(';')), " \t"));
  if (type == "text/xml" || type == "application/xml" || type == "application/json")
    return true;
  const size_t slash = type.find('/');
  if (slash == std::string::npos || type.substr(0, slash) != "application")
    return false;
  auto ends_with = [&type, slash](std::string_view suffix) {
    return type.size() > suffix.size() + slash + 1 &&
           type.compare(type.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends_with("+xml") || ends_with("+json");
}

}  // namespace wiredesk::web
