#include "sanitize/internal/url_policy.h"

#include <gtest/gtest.h>

namespace wiredesk::sanitize::internal {
namespace {

TEST(StripUrlWhitespace, TrimsControlsAndRemovesTabsAndNewlinesInside) {
  EXPECT_EQ(StripUrlWhitespace(" \x01\x1f java\tscr\nipt\r:x \x7f"), "javascript:x \x7f");
  EXPECT_EQ(StripUrlWhitespace("\t\n "), "");
  EXPECT_EQ(StripUrlWhitespace("/a b"), "/a b");
}

TEST(UrlScheme, FindsTheSchemeTheWayABrowserDoes) {
  EXPECT_EQ(UrlScheme("JavaScript:alert(1)"), "javascript");
  EXPECT_EQ(UrlScheme("web+app.x-y:1"), "web+app.x-y");
  EXPECT_EQ(UrlScheme("/path:colon"), std::nullopt);
  EXPECT_EQ(UrlScheme("1http:x"), std::nullopt);
  EXPECT_EQ(UrlScheme("java script:x"), std::nullopt);
  EXPECT_EQ(UrlScheme("no-colon"), std::nullopt);
  EXPECT_EQ(UrlScheme(""), std::nullopt);
}

TEST(UrlPolicy, PercentEncodesWhatIsNotAUri) {
  const UrlPolicy policy(SanitizeOptions{});
  auto checked = policy.Check("https://ex.com/caf\xc3\xa9 [1]?q=a b&x=%zz#f#g", UrlContext::kHref);
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->url, "https://ex.com/caf%C3%A9%20%5B1%5D?q=a%20b&x=%25zz#f%23g");
  // Already encoded URLs are left alone, which keeps sanitising idempotent.
  auto again = policy.Check(checked->url, UrlContext::kHref);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->url, checked->url);
}

TEST(UrlPolicy, KeepsIpv6Hosts) {
  const UrlPolicy policy(SanitizeOptions{});
  auto checked = policy.Check("http://[::1]:8080/a", UrlContext::kHref);
  ASSERT_TRUE(checked);
  EXPECT_EQ(checked->url, "http://[::1]:8080/a");
}

TEST(UrlPolicy, DropsHttpUrlsWithoutAHost) {
  const UrlPolicy policy(SanitizeOptions{});
  EXPECT_FALSE(policy.Check("http:foo", UrlContext::kHref));
  EXPECT_FALSE(policy.Check("https:///x", UrlContext::kHref));
}

TEST(UrlPolicy, SchemesDependOnThePlace) {
  const UrlPolicy policy(SanitizeOptions{});
  EXPECT_TRUE(policy.Check("mailto:a@b.c", UrlContext::kHref));
  EXPECT_FALSE(policy.Check("mailto:a@b.c", UrlContext::kCite));
  EXPECT_FALSE(policy.Check("tel:1", UrlContext::kImageSrc));
  EXPECT_TRUE(policy.Check("data:image/gif;base64,R0lG", UrlContext::kImageSrc));
  EXPECT_FALSE(policy.Check("data:image/gif;base64,R0lG", UrlContext::kSrcset));
  EXPECT_FALSE(policy.Check("data:image/gif;base64,R0lG", UrlContext::kHref));
}

TEST(UrlPolicy, OwnHostIsCaseInsensitive) {
  SanitizeOptions options;
  options.own_host = "News.Example.org";
  const UrlPolicy policy(options);
  EXPECT_FALSE(policy.Check("https://news.EXAMPLE.org/x", UrlContext::kHref)->external);
  EXPECT_TRUE(policy.Check("https://news.example.org.evil/x", UrlContext::kHref)->external);
}

TEST(UrlPolicy, OwnHostMayListSeveralHosts) {
  SanitizeOptions options;
  options.own_host = "example.org, www.example.org";
  const UrlPolicy policy(options);
  EXPECT_FALSE(policy.Check("https://example.org/x", UrlContext::kHref)->external);
  EXPECT_FALSE(policy.Check("https://www.example.org/x", UrlContext::kHref)->external);
  EXPECT_TRUE(policy.Check("https://cdn.example.org/x", UrlContext::kHref)->external);
}

TEST(UrlPolicy, ResolvesAgainstTheBase) {
  SanitizeOptions options;
  options.base_url = "https://ex.com/a/b/c.html?q#f";
  const UrlPolicy policy(options);
  EXPECT_EQ(policy.Check("../d", UrlContext::kHref)->url, "https://ex.com/a/d");
  EXPECT_EQ(policy.Check("#top", UrlContext::kHref)->url, "https://ex.com/a/b/c.html?q#top");
  EXPECT_EQ(policy.Check("//cdn.ex.net/i.png", UrlContext::kImageSrc)->url,
            "https://cdn.ex.net/i.png");
  EXPECT_FALSE(policy.Check("java script:x", UrlContext::kHref));
}

TEST(UrlPolicy, CheckSrcsetKeepsGoodCandidates) {
  const UrlPolicy policy(SanitizeOptions{});
  EXPECT_EQ(policy.CheckSrcset("a.jpg"), "a.jpg");
  EXPECT_EQ(policy.CheckSrcset(" a.jpg 1x ,b.jpg 2.5x,, c.jpg 640w"),
            "a.jpg 1x, b.jpg 2.5x, c.jpg 640w");
  // As in the HTML algorithm, a comma inside a URL does not split it.
  EXPECT_EQ(policy.CheckSrcset("a.jpg,b.jpg 2x"), "a.jpg,b.jpg 2x");
  EXPECT_EQ(policy.CheckSrcset("/a,b.jpg 1x"), "/a,b.jpg 1x");
  EXPECT_EQ(policy.CheckSrcset("a.jpg 1x onerror=alert(1), b.jpg 2x"), "b.jpg 2x");
  EXPECT_EQ(policy.CheckSrcset("javascript:x 1x"), std::nullopt);
  EXPECT_EQ(policy.CheckSrcset(" , "), std::nullopt);
}

}  // namespace
}  // namespace wiredesk::sanitize::internal
