#include "web/page_cache.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "web/compression.h"

namespace wiredesk::web {
namespace {

Response Page(std::string body, std::string type = "text/html; charset=utf-8") {
  Response response;
  response.content_type = std::move(type);
  response.body = std::make_shared<const std::string>(std::move(body));
  response.cacheable = true;
  return response;
}

std::string LongHtml(std::string_view marker) {
  std::string html = "<!doctype html><title>" + std::string(marker) + "</title>";
  for (int i = 0; i < 100; ++i) html += "<p>Story paragraph " + std::to_string(i) + "</p>";
  return html;
}

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [n, v] : response.headers) {
    if (n == name)
      return v;
  }
  return "";
}

Request Get(std::string accept_encoding = "", std::string if_none_match = "") {
  Request request;
  request.target = request.path = "/";
  if (!accept_encoding.empty())
    request.headers["accept-encoding"] = accept_encoding;
  if (!if_none_match.empty())
    request.headers["if-none-match"] = if_none_match;
  return request;
}

TEST(MakeCachedResponse, MakesVariantsOnceThatDecompressToIdentity) {
  std::string html = LongHtml("a");
  auto entry = MakeCachedResponse(Page(html));
  ASSERT_TRUE(entry->gzip);
  ASSERT_TRUE(entry->brotli);
  EXPECT_EQ(*entry->identity, html);
  EXPECT_EQ(GzipDecompress(*entry->gzip).value_or(""), html);
  EXPECT_EQ(BrotliDecompress(*entry->brotli).value_or(""), html);
  EXPECT_LT(entry->gzip->size(), html.size());
}

TEST(MakeCachedResponse, SkipsVariantsForSmallOrIncompressibleBodies) {
  auto small = MakeCachedResponse(Page("<p>hi</p>"));
  EXPECT_FALSE(small->gzip);
  EXPECT_FALSE(small->brotli);
  auto png = MakeCachedResponse(Page(LongHtml("png"), "image/png"));
  EXPECT_FALSE(png->gzip);
  EXPECT_FALSE(png->brotli);
}

TEST(MakeCachedResponse, EtagIsStrongAndFollowsTheBody) {
  auto a1 = MakeCachedResponse(Page(LongHtml("a")));
  auto a2 = MakeCachedResponse(Page(LongHtml("a")));
  auto b = MakeCachedResponse(Page(LongHtml("b")));
  EXPECT_EQ(a1->etag, a2->etag);
  EXPECT_NE(a1->etag, b->etag);
  ASSERT_GE(a1->etag.size(), 3u);
  EXPECT_EQ(a1->etag.front(), '"');
  EXPECT_EQ(a1->etag.back(), '"');
  EXPECT_NE(a1->etag.substr(0, 2), "W/");
}

TEST(MakeCachedResponse, DropsHeadersThatNameARepresentation) {
  Response response = Page(LongHtml("a"));
  response.headers = {{"Content-Encoding", "gzip"}, {"ETag", "\"x\""}, {"X-Keep", "yes"}};
  auto entry = MakeCachedResponse(response);
  ASSERT_EQ(entry->headers.size(), 1u);
  EXPECT_EQ(entry->headers[0].first, "X-Keep");
}

TEST(ServeCached, NegotiatesTheVariant) {
  std::string html = LongHtml("a");
  auto entry = MakeCachedResponse(Page(html));

  Response br = ServeCached(*entry, Get("gzip, br"));
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.body.get(), entry->brotli.get());  // Shared, not copied.
  EXPECT_EQ(HeaderOf(br, "Vary"), "Accept-Encoding");

  Response gz = ServeCached(*entry, Get("gzip"));
  EXPECT_EQ(HeaderOf(gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(GzipDecompress(*gz.body).value_or(""), html);

  Response plain = ServeCached(*entry, Get());
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  EXPECT_EQ(*plain.body, html);
  EXPECT_EQ(HeaderOf(plain, "ETag"), entry->etag);
  EXPECT_EQ(HeaderOf(plain, "Vary"), "Accept-Encoding");

  // Each representation has its own strong tag.
  EXPECT_NE(HeaderOf(br, "ETag"), HeaderOf(gz, "ETag"));
  EXPECT_NE(HeaderOf(gz, "ETag"), HeaderOf(plain, "ETag"));
}

TEST(ServeCached, AnswersNotModifiedForAMatchingIfNoneMatch) {
  auto entry = MakeCachedResponse(Page(LongHtml("a")));
  Response first = ServeCached(*entry, Get("gzip"));
  std::string tag = HeaderOf(first, "ETag");

  Response again = ServeCached(*entry, Get("gzip", tag));
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body->empty());
  EXPECT_EQ(HeaderOf(again, "ETag"), tag);

  // The tag of another variant of the same page matches too (the entity is unchanged).
  EXPECT_EQ(ServeCached(*entry, Get("", tag)).status, 304);
  EXPECT_EQ(ServeCached(*entry, Get("", "W/" + tag)).status, 304);
  EXPECT_EQ(ServeCached(*entry, Get("", "\"other\", " + entry->etag)).status, 304);
  EXPECT_EQ(ServeCached(*entry, Get("", "*")).status, 304);
  EXPECT_EQ(ServeCached(*entry, Get("", "\"other\"")).status, 200);

  auto changed = MakeCachedResponse(Page(LongHtml("b")));
  EXPECT_EQ(ServeCached(*changed, Get("gzip", tag)).status, 200);
}

TEST(IfNoneMatch, ParsesLists) {
  EXPECT_TRUE(IfNoneMatchMatches("\"abc\"", "\"abc\""));
  EXPECT_TRUE(IfNoneMatchMatches(" \"x\" ,\"abc-br\"", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchMatches("\"abcd\"", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchMatches("", "\"abc\""));
  EXPECT_FALSE(IfNoneMatchMatches(",,,", "\"abc\""));
}

std::shared_ptr<const CachedResponse> Entry(std::string body) {
  return MakeCachedResponse(Page(std::move(body)));
}

TEST(PageCache, EvictsTheLeastRecentlyUsed) {
  PageCache cache(3);
  uint64_t gen = cache.generation();
  EXPECT_TRUE(cache.Insert("/a", Entry("a"), gen));
  EXPECT_TRUE(cache.Insert("/b", Entry("b"), gen));
  EXPECT_TRUE(cache.Insert("/c", Entry("c"), gen));
  ASSERT_TRUE(cache.Lookup("/a"));  // /a is now the most recent; /b the least.
  EXPECT_TRUE(cache.Insert("/d", Entry("d"), gen));
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_FALSE(cache.Lookup("/b"));
  EXPECT_TRUE(cache.Lookup("/a"));
  EXPECT_TRUE(cache.Lookup("/c"));
  EXPECT_EQ(*cache.Lookup("/d")->identity, "d");
}

TEST(PageCache, ReplacesAnExistingKey) {
  PageCache cache(2);
  uint64_t gen = cache.generation();
  cache.Insert("/a", Entry("one"), gen);
  cache.Insert("/a", Entry("two"), gen);
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_EQ(*cache.Lookup("/a")->identity, "two");
}

TEST(PageCache, InvalidateAllEmptiesAndRejectsStaleRenders) {
  PageCache cache(10);
  uint64_t before = cache.generation();
  cache.Insert("/a", Entry("a"), before);
  cache.InvalidateAll();
  EXPECT_EQ(cache.size(), 0u);
  EXPECT_FALSE(cache.Lookup("/a"));
  // A page rendered before the invalidation must not land in the cache after it.
  EXPECT_FALSE(cache.Insert("/b", Entry("b"), before));
  EXPECT_FALSE(cache.Lookup("/b"));
  EXPECT_TRUE(cache.Insert("/b", Entry("b"), cache.generation()));
  EXPECT_TRUE(cache.Lookup("/b"));
}

TEST(PageCache, ShardedCacheStaysWithinCapacity) {
  PageCache cache(PageCache::kMinEntriesToShard);
  uint64_t gen = cache.generation();
  auto entry = Entry("x");
  for (int i = 0; i < 5000; ++i) cache.Insert("/p" + std::to_string(i), entry, gen);
  EXPECT_LE(cache.size(), cache.capacity() + PageCache::kShards);
  EXPECT_GT(cache.size(), cache.capacity() / 2);
  EXPECT_TRUE(cache.Lookup("/p4999"));
}

TEST(PageCache, ConcurrentUseIsSafe) {
  PageCache cache(PageCache::kMinEntriesToShard);
  auto entry = Entry(LongHtml("z"));
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, &entry, t] {
      for (int i = 0; i < 2000; ++i) {
        std::string key = "/k" + std::to_string((i * 7 + t) % 300);
        if (auto hit = cache.Lookup(key)) {
          EXPECT_EQ(hit->etag, entry->etag);
        } else {
          cache.Insert(key, entry, cache.generation());
        }
        if (t == 0 && i % 500 == 0)
          cache.InvalidateAll();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), cache.capacity() + PageCache::kShards);
}

}  // namespace
}  // namespace wiredesk::web
