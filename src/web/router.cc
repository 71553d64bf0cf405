#include "web/router.h"

#include <array>
#include <cassert>
#include <charconv>

namespace wiredesk::web {
namespace {

std::vector<std::string_view> SplitSegments(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/')
    path.remove_prefix(1);
  if (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  if (path.empty())
    return segments;
  size_t start = 0;
  while (true) {
    size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string_view::npos)
      break;
    start = slash + 1;
  }
  return segments;
}

bool IsSectionSegment(std::string_view segment) {
  if (segment.empty())
    return false;
  for (char c : segment) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  }
  return true;
}

// A positive decimal id that fits in int64; no sign, no leading zeros.
bool ParseId(std::string_view text, core::ArticleId& id) {
  if (text.empty() || text.size() > 18 || text.front() == '0')
    return false;
  for (char c : text) {
    if (c < '0' || c > '9')
      return false;
  }
  auto [end, err] = std::from_chars(text.data(), text.data() + text.size(), id);
  return err == std::errc() && end == text.data() + text.size() && id > 0;
}

// "<slug>-<id>": the slug is a section-style segment, the id follows the last dash.
bool ParseSlugId(std::string_view segment, std::string& slug, core::ArticleId& id) {
  size_t dash = segment.rfind('-');
  if (dash == std::string_view::npos || dash == 0)
    return false;
  std::string_view slug_part = segment.substr(0, dash);
  if (!IsSectionSegment(slug_part) || !ParseId(segment.substr(dash + 1), id))
    return false;
  slug = std::string(slug_part);
  return true;
}

}  // namespace

bool IsReservedTopSegment(std::string_view segment) {
  static constexpr std::array<std::string_view, 8> kReserved = {
      "api", "static", "search", "healthz", "metrics", "account", "admin", "ingest"};
  for (std::string_view reserved : kReserved) {
    if (segment == reserved)
      return true;
  }
  return false;
}

Router::Compiled Router::Compile(std::string_view pattern) {
  assert(!pattern.empty() && pattern.front() == '/');
  Compiled compiled;
  compiled.trailing_slash = pattern.size() > 1 && pattern.back() == '/';
  for (std::string_view text : SplitSegments(pattern)) {
    Segment segment;
    if (text == "{id}") {
      segment.kind = Segment::Kind::kId;
    } else if (text == "{section}") {
      segment.kind = Segment::Kind::kSection;
    } else if (text == "{slug}-{id}") {
      segment.kind = Segment::Kind::kSlugId;
    } else if (text == "{path...}") {
      segment.kind = Segment::Kind::kRest;
    } else {
      assert(text.find('{') == std::string_view::npos);
      segment.text = std::string(text);
    }
    compiled.segments.push_back(std::move(segment));
  }
  return compiled;
}

bool Router::MatchCompiled(const Compiled& pattern, std::string_view path, RouteParams& params) {
  if (path.empty() || path.front() != '/')
    return false;
  bool trailing_slash = path.size() > 1 && path.back() == '/';
  std::vector<std::string_view> segments = SplitSegments(path);
  // Empty segments ("//") never match: every URL of the site has one spelling.
  for (std::string_view s : segments) {
    if (s.empty())
      return false;
  }
  const auto& pat = pattern.segments;
  bool has_rest = !pat.empty() && pat.back().kind == Segment::Kind::kRest;
  if (!has_rest && trailing_slash != pattern.trailing_slash)
    return false;

  size_t section_length = 0;
  if (!pat.empty() && pat.front().kind == Segment::Kind::kSection) {
    if (segments.size() + 1 < pat.size())
      return false;
    section_length = segments.size() + 1 - pat.size();
    if (section_length == 0 || section_length > core::SectionPath::kMaxDepth)
      return false;
    if (IsReservedTopSegment(segments.front()))
      return false;
    std::string section_text;
    for (size_t i = 0; i < section_length; ++i) {
      if (!IsSectionSegment(segments[i]))
        return false;
      if (i > 0)
        section_text += '/';
      section_text += segments[i];
    }
    auto section = core::SectionPath::Parse(section_text);
    if (!section)
      return false;
    params.section = std::move(*section);
  } else if (has_rest) {
    if (segments.size() < pat.size() - 1)
      return false;
  } else if (segments.size() != pat.size()) {
    return false;
  }

  size_t at = section_length;  // Index into `segments`.
  for (size_t p = section_length > 0 ? 1 : 0; p < pat.size(); ++p) {
    const Segment& segment = pat[p];
    if (segment.kind == Segment::Kind::kRest) {
      // The rest of the path as received after the prefix, with its trailing slash if any.
      size_t offset = 1;
      for (size_t i = 0; i < at; ++i) offset += segments[i].size() + 1;
      params.rest = offset < path.size() ? std::string(path.substr(offset)) : std::string();
      return true;
    }
    if (at >= segments.size())
      return false;
    std::string_view text = segments[at++];
    switch (segment.kind) {
      case Segment::Kind::kLiteral:
        if (text != segment.text)
          return false;
        break;
      case Segment::Kind::kId:
        if (!ParseId(text, params.id))
          return false;
        break;
      case Segment::Kind::kSlugId:
        if (!ParseSlugId(text, params.slug, params.id))
          return false;
        break;
      case Segment::Kind::kSection:
      case Segment::Kind::kRest:
        return false;  // Only first / last; Compile's callers keep to that.
    }
  }
  return at == segments.size();
}

void Router::Add(Method method, std::string pattern, std::string label, RouteKind kind,
                 RouteHandler handler) {
  compiled_.push_back(Compile(pattern));
  routes_.push_back(Route{method, std::move(pattern), std::move(label), kind, std::move(handler)});
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  RouteMatch match;
  Method wanted = method == Method::kHead ? Method::kGet : method;
  bool get_allowed = false;
  std::vector<Method> allowed;
  for (size_t i = 0; i < routes_.size(); ++i) {
    RouteParams params;
    if (!MatchCompiled(compiled_[i], path, params))
      continue;
    if (routes_[i].method == wanted) {
      match.outcome = RouteMatch::Outcome::kMatched;
      match.route = &routes_[i];
      match.params = std::move(params);
      return match;
    }
    if (match.route == nullptr)
      match.route = &routes_[i];
    if (routes_[i].method == Method::kGet) {
      get_allowed = true;
    } else {
      allowed.push_back(routes_[i].method);
    }
  }
  if (match.route == nullptr)
    return match;
  match.outcome = RouteMatch::Outcome::kMethodNotAllowed;
  auto name = [](Method m) -> std::string_view {
    switch (m) {
      case Method::kGet:
        return "GET";
      case Method::kHead:
        return "HEAD";
      case Method::kPost:
        return "POST";
      case Method::kPut:
        return "PUT";
      case Method::kDelete:
        return "DELETE";
      case Method::kOptions:
        return "OPTIONS";
      case Method::kOther:
        return "";
    }
    return "";
  };
  if (get_allowed)
    match.allow = "GET, HEAD";
  for (Method m : allowed) {
    std::string_view n = name(m);
    if (n.empty() || match.allow.find(n) != std::string::npos)
      continue;
    if (!match.allow.empty())
      match.allow += ", ";
    match.allow += n;
  }
  return match;
}

}  // namespace wiredesk::web
