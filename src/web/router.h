// Router: maps a request's method and path to a route, its label and what the path captured.
//
// Every URL of the site is declared in one function, MakeRoutes() in routes.cc, so the whole
// URL space reads in one place. A pattern is a sequence of "/"-separated segments:
//   literal      e.g. "api", "v1": matches itself exactly.
//   {id}         a positive decimal id -> RouteParams::id.
//   {section}    1..SectionPath::kMaxDepth segments of [a-z0-9-]+ -> RouteParams::section.
//                Only as the first segment; its first segment is never a reserved one such as
//                "api" or "static" (IsReservedTopSegment), so those prefixes stay ours.
//   {slug}-{id}  "<slug>-<digits>" -> RouteParams::slug and RouteParams::id.
//   {path...}    the rest of the path -> RouteParams::rest. Only as the last segment.
// A pattern ending in "/" matches only paths ending in "/". The first matching route wins.
// GET routes answer HEAD too (the server drops the body).
//
// Thread safety: a Router is immutable after MakeRoutes(); Match() may be called from any
// thread.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/section_path.h"
#include "web/http_types.h"

namespace wiredesk::web {

struct SiteContext;

// What a route's pattern captured from the path.
struct RouteParams {
  core::SectionPath section;  // {section}, e.g. news/world; empty when the pattern has none.
  std::string slug;           // {slug}-{id}: the slug part as it appeared in the URL.
  core::ArticleId id = 0;     // {id} or {slug}-{id}; 0 when the pattern has none.
  std::string rest;           // {path...}, e.g. "css/site.css"; may be empty.
};

// A handler: a function from the request (and the site's context) to a response value. It
// never throws on bad input; it answers with the fitting error response instead.
using RouteHandler =
    std::function<Response(const SiteContext&, const Request&, const RouteParams&)>;

// Whether a route's errors are HTML pages or JSON bodies; decides what 404/405 look like.
enum class RouteKind { kPage, kApi, kPlain };

struct Route {
  Method method = Method::kGet;  // kGet also answers HEAD.
  std::string pattern;           // e.g. "/{section}/{slug}-{id}".
  std::string label;             // For metrics, e.g. "article"; stable across releases.
  RouteKind kind = RouteKind::kPage;
  RouteHandler handler;
};

struct RouteMatch {
  enum class Outcome {
    kMatched,           // `route` and `params` are set.
    kMethodNotAllowed,  // The path matched, not with this method: `allow` and `route` set.
    kNotFound,          // No route matched the path.
  };
  Outcome outcome = Outcome::kNotFound;
  const Route* route = nullptr;  // The first route whose pattern matched; owned by the Router.
  RouteParams params;
  std::string allow;  // For 405: the methods the path accepts, e.g. "GET, HEAD".
};

class Router {
 public:
  Router() = default;
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;
  Router(Router&&) = default;
  Router& operator=(Router&&) = default;

  // Adds a route. REQUIRES: `pattern` is well formed as described above.
  void Add(Method method, std::string pattern, std::string label, RouteKind kind,
           RouteHandler handler);
  void Get(std::string pattern, std::string label, RouteKind kind, RouteHandler handler) {
    Add(Method::kGet, std::move(pattern), std::move(label), kind, std::move(handler));
  }

  RouteMatch Match(Method method, std::string_view path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  struct Segment {
    enum class Kind { kLiteral, kId, kSection, kSlugId, kRest } kind = Kind::kLiteral;
    std::string text;  // For literals.
  };
  struct Compiled {
    std::vector<Segment> segments;
    bool trailing_slash = false;
  };

  static Compiled Compile(std::string_view pattern);
  static bool MatchCompiled(const Compiled& pattern, std::string_view path, RouteParams& params);

  std::vector<Route> routes_;
  std::vector<Compiled> compiled_;  // Parallel to routes_.
};

// First path segments that can never be sections, so /api/... and /static/... never reach
// page handlers.
bool IsReservedTopSegment(std::string_view segment);

// The route table of the site (routes.cc): every URL in one place.
Router MakeRoutes();

// Labels used when no route answered, for metrics.
inline constexpr std::string_view kNotFoundLabel = "not_found";

}  // namespace wiredesk::web
