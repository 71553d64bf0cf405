#include "web/request_fields.h"

#include <gtest/gtest.h>

namespace wiredesk::web {
namespace {

Request WithHeader(std::string name, std::string value) {
  Request request;
  request.headers[std::move(name)] = std::move(value);
  return request;
}

TEST(CookieValue, FindsTheNamedCookieAmongOthers) {
  Request request = WithHeader("cookie", "theme=dark;  wd_session=abc123 ; wd_csrf=x=y");
  EXPECT_EQ(CookieValue(request, "wd_session"), "abc123");
  EXPECT_EQ(CookieValue(request, "wd_csrf"), "x=y");
  EXPECT_EQ(CookieValue(request, "session"), "");
  EXPECT_EQ(CookieValue(Request(), "wd_session"), "");
}

TEST(BearerToken, TakesTheSchemeInAnyCaseAndTrimsTheToken) {
  EXPECT_EQ(BearerToken(WithHeader("authorization", "Bearer wdp_1")), "wdp_1");
  EXPECT_EQ(BearerToken(WithHeader("authorization", "bEARER   wdp_1 \t")), "wdp_1");
  EXPECT_EQ(BearerToken(WithHeader("authorization", "Bearer ")), "");
  EXPECT_EQ(BearerToken(WithHeader("authorization", "Bearerwdp_1")), "");
  EXPECT_EQ(BearerToken(WithHeader("authorization", "Basic d2Q6cHc=")), "");
  EXPECT_EQ(BearerToken(Request()), "");
}

TEST(ParseForm, DecodesPercentAndPlusAndKeepsRepeatedNames) {
  auto form = ParseForm("email=a%40b.example&topic=oil&topic=gold+prices&&flag&bad=%zz%4");
  EXPECT_EQ(FormValue(form, "email"), "a@b.example");
  EXPECT_EQ(form.count("topic"), 2u);
  auto [first, last] = form.equal_range("topic");
  EXPECT_EQ(first->second, "oil");
  EXPECT_EQ(std::next(first)->second, "gold prices");
  EXPECT_EQ(std::next(first, 2), last);
  EXPECT_EQ(form.count("flag"), 1u);
  EXPECT_EQ(FormValue(form, "flag"), "");
  EXPECT_EQ(FormValue(form, "bad"), "%zz%4");
  EXPECT_EQ(FormValue(form, "missing"), "");
}

TEST(PushMediaType, AcceptsXmlAndJsonFamilies) {
  for (const char* type :
       {"application/xml", "text/xml; charset=utf-8", "application/atom+xml", "application/rss+xml",
        "application/vnd.iptc.g2.newsitem+xml", "application/json", "application/feed+json",
        "application/ninjs+json", "Application/XML", " application/json "}) {
    EXPECT_TRUE(IsPushMediaType(type)) << type;
  }
  for (const char* type : {"", "text/plain", "text/html", "application/+xml", "image/svg+xml",
                           "application/octet-stream", "xml", "application/xmlx"}) {
    EXPECT_FALSE(IsPushMediaType(type)) << type;
  }
}

}  // namespace
}  // namespace wiredesk::web
