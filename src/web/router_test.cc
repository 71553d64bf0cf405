#include "web/router.h"

#include <gtest/gtest.h>

namespace wiredesk::web {
namespace {

Response Named(std::string name) {
  Response response;
  response.body = std::make_shared<const std::string>(std::move(name));
  return response;
}

RouteHandler Returns(std::string name) {
  return [name](const SiteContext&, const Request&, const RouteParams&) { return Named(name); };
}

Router TestRouter() {
  Router router;
  router.Get("/healthz", "healthz", RouteKind::kPlain, Returns("healthz"));
  router.Get("/static/{path...}", "static", RouteKind::kPlain, Returns("static"));
  router.Get("/api/v1/articles", "api_articles", RouteKind::kApi, Returns("api_articles"));
  router.Get("/api/v1/articles/{id}", "api_article", RouteKind::kApi, Returns("api_article"));
  router.Add(Method::kPost, "/api/v1/articles/{id}/read", "api_read", RouteKind::kApi,
             Returns("api_read"));
  router.Get("/", "home", RouteKind::kPage, Returns("home"));
  router.Get("/{section}/", "section", RouteKind::kPage, Returns("section"));
  router.Get("/{section}/{slug}-{id}", "article", RouteKind::kPage, Returns("article"));
  router.Get("/{section}/{slug}-{id}/provenance", "provenance", RouteKind::kPage,
             Returns("provenance"));
  return router;
}

TEST(Router, MatchesLiteralsAndIds) {
  Router router = TestRouter();
  auto m = router.Match(Method::kGet, "/healthz");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "healthz");

  m = router.Match(Method::kGet, "/api/v1/articles/42");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "api_article");
  EXPECT_EQ(m.params.id, 42);

  m = router.Match(Method::kHead, "/api/v1/articles");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "api_articles");
}

TEST(Router, RejectsBadIds) {
  Router router = TestRouter();
  for (const char* path : {"/api/v1/articles/0", "/api/v1/articles/-1", "/api/v1/articles/01",
                           "/api/v1/articles/99999999999999999999", "/api/v1/articles/x"}) {
    auto m = router.Match(Method::kGet, path);
    EXPECT_EQ(m.outcome, RouteMatch::Outcome::kNotFound) << path;
  }
}

TEST(Router, MatchesSectionPagesOfAnyDepth) {
  Router router = TestRouter();
  auto m = router.Match(Method::kGet, "/");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "home");

  m = router.Match(Method::kGet, "/news/");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "section");
  EXPECT_EQ(m.params.section.ToString(), "news");

  m = router.Match(Method::kGet, "/news/world/europe/");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.params.section.ToString(), "news/world/europe");

  // Without the trailing slash it is not a section page.
  EXPECT_EQ(router.Match(Method::kGet, "/news/world").outcome, RouteMatch::Outcome::kNotFound);
  // Upper case, odd characters and empty segments are not section paths.
  EXPECT_EQ(router.Match(Method::kGet, "/News/").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router.Match(Method::kGet, "/news_x/").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router.Match(Method::kGet, "/news//world/").outcome, RouteMatch::Outcome::kNotFound);
  // Deeper than SectionPath::kMaxDepth.
  EXPECT_EQ(router.Match(Method::kGet, "/a/b/c/d/e/f/g/").outcome, RouteMatch::Outcome::kNotFound);
}

TEST(Router, MatchesArticlesAndProvenance) {
  Router router = TestRouter();
  auto m = router.Match(Method::kGet, "/news/world/ministers-meet-in-geneva-42");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "article");
  EXPECT_EQ(m.params.section.ToString(), "news/world");
  EXPECT_EQ(m.params.slug, "ministers-meet-in-geneva");
  EXPECT_EQ(m.params.id, 42);

  m = router.Match(Method::kGet, "/markets/story-7/provenance");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "provenance");
  EXPECT_EQ(m.params.section.ToString(), "markets");
  EXPECT_EQ(m.params.id, 7);

  EXPECT_EQ(router.Match(Method::kGet, "/markets/story").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router.Match(Method::kGet, "/story-7").outcome, RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router.Match(Method::kGet, "/markets/-7").outcome, RouteMatch::Outcome::kNotFound);
}

TEST(Router, ReservedPrefixesNeverReachPages) {
  Router router = TestRouter();
  EXPECT_EQ(router.Match(Method::kGet, "/api/v1/articles/story-3").outcome,
            RouteMatch::Outcome::kNotFound);
  EXPECT_EQ(router.Match(Method::kGet, "/api/").outcome, RouteMatch::Outcome::kNotFound);
  auto m = router.Match(Method::kGet, "/static/");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "static");
}

TEST(Router, CapturesTheRestOfAStaticPath) {
  Router router = TestRouter();
  auto m = router.Match(Method::kGet, "/static/css/site.css");
  ASSERT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.params.rest, "css/site.css");
}

TEST(Router, ReportsMethodNotAllowedWithAllow) {
  Router router = TestRouter();
  auto m = router.Match(Method::kPost, "/news/");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.route->label, "section");
  EXPECT_EQ(m.allow, "GET, HEAD");

  m = router.Match(Method::kGet, "/api/v1/articles/3/read");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMethodNotAllowed);
  EXPECT_EQ(m.allow, "POST");

  m = router.Match(Method::kPost, "/api/v1/articles/3/read");
  EXPECT_EQ(m.outcome, RouteMatch::Outcome::kMatched);
  EXPECT_EQ(m.route->label, "api_read");
}

TEST(Router, UnknownPathsAreNotFound) {
  Router router = TestRouter();
  for (const char* path : {"", "nope", "/healthz/", "/api/v2/articles", "/%00/"}) {
    EXPECT_EQ(router.Match(Method::kGet, path).outcome, RouteMatch::Outcome::kNotFound) << path;
  }
}

}  // namespace
}  // namespace wiredesk::web
