#include "ingest/http_fetcher.h"

#include <string>

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "ingest/testing/http_test_server.h"

namespace wiredesk::ingest {
namespace {

using core::AddressPolicy;

using test_util::HttpRequest;
using test_util::HttpResponse;
using test_util::HttpTestServer;
namespace http = boost::beast::http;

std::string Gzip(const std::string& text) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, text.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string Brotli(const std::string& text) {
  size_t size = BrotliEncoderMaxCompressedSize(text.size());
  std::string out(size, '\0');
  EXPECT_TRUE(BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(),
                                    reinterpret_cast<const uint8_t*>(text.data()), &size,
                                    reinterpret_cast<uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

FetchOptions LocalOptions() {
  FetchOptions options;
  options.policy = AddressPolicy(AddressPolicy::Scope::kAllowPrivate);
  return options;
}

FetchRequest Get(std::string url, std::string etag = "", std::string last_modified = "") {
  FetchRequest request;
  request.url = std::move(url);
  request.etag = std::move(etag);
  request.last_modified = std::move(last_modified);
  return request;
}

constexpr char kFeed[] = "<rss version=\"2.0\"><channel><title>T</title></channel></rss>";

TEST(HttpFetcher, RefusesLoopbackByDefaultBeforeSendingAnything) {
  HttpTestServer server([](const HttpRequest&) { return HttpTestServer::Respond(200, kFeed); });
  CurlFetcher fetcher{FetchOptions{}};
  for (const std::string& url :
       {server.Url("/feed"), "http://localhost:" + std::to_string(server.port()) + "/feed"}) {
    auto response = fetcher.Fetch(Get(url));
    ASSERT_FALSE(response) << url;
    EXPECT_EQ(response.error().code(), core::ErrorCode::kPermissionDenied) << url;
    EXPECT_NE(response.error().message().find("loopback"), std::string::npos)
        << response.error().message();
  }
  EXPECT_TRUE(server.requests().empty());
}

TEST(HttpFetcher, JudgesTheResolvedAddressNotTheName) {
  HttpTestServer server([](const HttpRequest&) { return HttpTestServer::Respond(200, kFeed); });
  const std::string port = std::to_string(server.port());
  // A public-looking name whose DNS answer is internal, as in DNS rebinding.
  FetchOptions options;
  options.resolve = {"news.example.com:" + port + ":127.0.0.1",
                     "mapped.example.com:" + port + ":[::ffff:127.0.0.1]"};
  CurlFetcher fetcher(options);
  for (const char* host : {"news.example.com", "mapped.example.com"}) {
    auto response = fetcher.Fetch(Get("http://" + std::string(host) + ":" + port + "/feed"));
    ASSERT_FALSE(response) << host;
    EXPECT_EQ(response.error().code(), core::ErrorCode::kPermissionDenied) << host;
  }
  EXPECT_TRUE(server.requests().empty());
  // The same name is fetched once private addresses are allowed.
  options.policy = AddressPolicy(AddressPolicy::Scope::kAllowPrivate);
  auto allowed = CurlFetcher(options).Fetch(Get("http://news.example.com:" + port + "/feed"));
  ASSERT_TRUE(allowed) << allowed.error().ToString();
  EXPECT_EQ(allowed->body, kFeed);
  EXPECT_EQ(server.requests().at(0)[http::field::host], "news.example.com:" + port);
}

TEST(HttpFetcher, ConfigSwitchAllowsPrivateAddresses) {
  core::NetworkConfig network;
  EXPECT_EQ(FetchOptionsFromConfig(network).policy.scope(), AddressPolicy::Scope::kPublicOnly);
  network.allow_private_addresses = true;
  network.max_redirects = 2;
  network.max_fetch_bytes = 1000;
  FetchOptions options = FetchOptionsFromConfig(network);
  EXPECT_EQ(options.policy.scope(), AddressPolicy::Scope::kAllowPrivate);
  EXPECT_EQ(options.max_redirects, 2);
  EXPECT_EQ(options.max_bytes, 1000u);

  HttpTestServer server([](const HttpRequest&) { return HttpTestServer::Respond(200, kFeed); });
  CurlFetcher fetcher(options);
  auto response = fetcher.Fetch(Get(server.Url("/feed")));
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, kFeed);
}

TEST(HttpFetcher, ReportsValidatorsAndSendsThemBack) {
  HttpTestServer server([](const HttpRequest& request) {
    if (request[http::field::if_none_match] == "\"v1\"")
      return HttpTestServer::Respond(304, "");
    HttpResponse response = HttpTestServer::Respond(200, kFeed);
    response.set(http::field::etag, "\"v1\"");
    response.set(http::field::last_modified, "Mon, 30 Nov 2026 10:00:00 GMT");
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  auto first = fetcher.Fetch(Get(server.Url("/feed")));
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->etag, "\"v1\"");
  EXPECT_EQ(first->last_modified, "Mon, 30 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(first->content_type, "application/rss+xml");

  auto second = fetcher.Fetch(Get(server.Url("/feed"), first->etag, first->last_modified));
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->body.empty());

  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0][http::field::if_none_match], "");
  EXPECT_EQ(requests[1][http::field::if_none_match], "\"v1\"");
  EXPECT_EQ(requests[1][http::field::if_modified_since], "Mon, 30 Nov 2026 10:00:00 GMT");
  EXPECT_EQ(requests[1][http::field::user_agent], "wiredesk/0.1");
}

TEST(HttpFetcher, SendsIfModifiedSinceAlone) {
  HttpTestServer server([](const HttpRequest& request) {
    if (request[http::field::if_modified_since] == "Mon, 30 Nov 2026 10:00:00 GMT")
      return HttpTestServer::Respond(304, "");
    return HttpTestServer::Respond(200, kFeed);
  });
  CurlFetcher fetcher(LocalOptions());
  auto response = fetcher.Fetch(Get(server.Url("/feed"), "", "Mon, 30 Nov 2026 10:00:00 GMT"));
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 304);
  EXPECT_EQ(server.requests().at(0)[http::field::if_none_match], "");
}

TEST(HttpFetcher, NeverSendsAValidatorWithALineBreak) {
  HttpTestServer server([](const HttpRequest&) { return HttpTestServer::Respond(200, kFeed); });
  CurlFetcher fetcher(LocalOptions());
  auto response = fetcher.Fetch(Get(server.Url("/feed"), "\"x\"\r\nX-Evil: 1", ""));
  ASSERT_TRUE(response) << response.error().ToString();
  auto request = server.requests().at(0);
  EXPECT_EQ(request["X-Evil"], "");
  EXPECT_EQ(request[http::field::if_none_match], "");
}

TEST(HttpFetcher, DecodesGzipAndBrotli) {
  const std::string body = std::string(kFeed) + std::string(5000, ' ');
  HttpTestServer server([&body](const HttpRequest& request) {
    const bool br = request.target() == "/br";
    HttpResponse response = HttpTestServer::Respond(200, br ? Brotli(body) : Gzip(body));
    response.set(http::field::content_encoding, br ? "br" : "gzip");
    return response;
  });
  CurlFetcher fetcher(LocalOptions());
  for (const char* path : {"/gzip", "/br"}) {
    auto response = fetcher.Fetch(Get(server.Url(path)));
    ASSERT_TRUE(response) << path << ": " << response.error().ToString();
    EXPECT_EQ(response->body, body) << path;
  }
  const std::string accept(server.requests().at(0)[http::field::accept_encoding]);
  EXPECT_NE(accept.find("gzip"), std::string::npos) << accept;
  EXPECT_NE(accept.find("br"), std::string::npos) << accept;
}

TEST(HttpFetcher, CapsTheBodyAlsoAfterDecompression) {
  const std::string big(100000, 'x');
  HttpTestServer server([&big](const HttpRequest& request) {
    if (request.target() == "/bomb") {
      HttpResponse response = HttpTestServer::Respond(200, Gzip(big));
      response.set(http::field::content_encoding, "gzip");
      return response;
    }
    return HttpTestServer::Respond(200, big);
  });
  FetchOptions options = LocalOptions();
  options.max_bytes = 10000;
  CurlFetcher fetcher(options);
  for (const char* path : {"/plain", "/bomb"}) {
    auto response = fetcher.Fetch(Get(server.Url(path)));
    ASSERT_FALSE(response) << path;
    EXPECT_EQ(response.error().code(), core::ErrorCode::kResourceExhausted) << path;
  }
  options.max_bytes = big.size();
  auto exact = CurlFetcher(options).Fetch(Get(server.Url("/plain")));
  ASSERT_TRUE(exact) << exact.error().ToString();
  EXPECT_EQ(exact->body.size(), big.size());
}

// /hop/N redirects to /hop/N-1; /hop/0 answers the feed.
HttpResponse Hops(const HttpRequest& request) {
  std::string target(request.target());
  int n = std::stoi(target.substr(5));
  if (n == 0)
    return HttpTestServer::Respond(200, kFeed);
  HttpResponse response = HttpTestServer::Respond(302, "");
  response.set(http::field::location, "/hop/" + std::to_string(n - 1));
  return response;
}

TEST(HttpFetcher, FollowsABoundedNumberOfRedirects) {
  HttpTestServer server(Hops);
  FetchOptions options = LocalOptions();
  options.max_redirects = 3;
  CurlFetcher fetcher(options);
  auto followed = fetcher.Fetch(Get(server.Url("/hop/3")));
  ASSERT_TRUE(followed) << followed.error().ToString();
  EXPECT_EQ(followed->status, 200);
  EXPECT_EQ(followed->redirects, 3);
  EXPECT_EQ(followed->final_url, server.Url("/hop/0"));

  auto too_many = fetcher.Fetch(Get(server.Url("/hop/4")));
  ASSERT_FALSE(too_many);
  EXPECT_EQ(too_many.error().code(), core::ErrorCode::kFailedPrecondition);
}

TEST(HttpFetcher, RefusesRedirectsToOtherSchemes) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse response = HttpTestServer::Respond(302, "");
    response.set(http::field::location, "file:///etc/passwd");
    return response;
  });
  auto response = CurlFetcher(LocalOptions()).Fetch(Get(server.Url("/")));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code(), core::ErrorCode::kInvalidArgument);
}

TEST(HttpFetcher, RefusesUrlsThatAreNotHttp) {
  CurlFetcher fetcher(LocalOptions());
  for (const char* url : {"file:///etc/passwd", "ftp://example.com/x", "gopher://x", "", "x"}) {
    auto response = fetcher.Fetch(Get(url));
    ASSERT_FALSE(response) << url;
    EXPECT_EQ(response.error().code(), core::ErrorCode::kInvalidArgument) << url;
  }
}

TEST(HttpFetcher, ReportsRetryAfterOfAnErrorStatus) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse response = HttpTestServer::Respond(503, "busy", "text/plain");
    response.set(http::field::retry_after, "120");
    return response;
  });
  auto response = CurlFetcher(LocalOptions()).Fetch(Get(server.Url("/")));
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->retry_after, "120");
}

TEST(HttpFetcher, ConnectionFailureIsUnavailable) {
  unsigned short port = 0;
  {
    HttpTestServer server([](const HttpRequest&) { return HttpTestServer::Respond(200, ""); });
    port = server.port();
  }  // Closed: nothing listens on the port now.
  auto response =
      CurlFetcher(LocalOptions()).Fetch(Get("http://127.0.0.1:" + std::to_string(port) + "/"));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code(), core::ErrorCode::kUnavailable);
}

TEST(RetryAfter, ParsesSecondsAndDates) {
  const core::TimePoint now = *core::ParseRfc3339("2026-10-21T07:00:00Z");
  EXPECT_EQ(ParseRetryAfter("120", now), std::chrono::seconds(120));
  EXPECT_EQ(ParseRetryAfter(" 0 ", now), std::chrono::seconds(0));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2026 07:28:00 GMT", now), std::chrono::seconds(1680));
  EXPECT_EQ(ParseRetryAfter("Wed, 21 Oct 2026 06:00:00 GMT", now), std::chrono::seconds(0));
  EXPECT_GT(ParseRetryAfter("99999999999999999999999", now).value(), std::chrono::hours(24));
  for (const char* bad : {"", "soon", "-5", "1.5", "Wed, 21 Oct 2026 07:28:00", "120 s"})
    EXPECT_FALSE(ParseRetryAfter(bad, now).has_value()) << bad;
}

TEST(HttpUrl, RecognisesHttpSchemesOnly) {
  EXPECT_TRUE(IsHttpUrl("http://x"));
  EXPECT_TRUE(IsHttpUrl("HTTPS://x"));
  EXPECT_FALSE(IsHttpUrl("file:///x"));
  EXPECT_FALSE(IsHttpUrl("feed.xml"));
  EXPECT_FALSE(IsHttpUrl("http:/x"));
}

}  // namespace
}  // namespace wiredesk::ingest
