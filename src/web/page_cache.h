// PageCache: rendered responses for anonymous readers, kept in memory and served with ETags
// and precomputed compressed variants.
//
// An entry (CachedResponse) is built once, outside any lock: its identity body, a gzip body
// (zlib, level 6) and a brotli body (quality 5) when they are smaller, and a strong ETag from a
// hash of the identity body. Every later hit only picks a variant, so compression costs once
// per rendered page, not once per request. The cache is a bounded LRU split into shards so that
// concurrent hits on different pages rarely contend for one mutex.
//
// Invalidation is by generation: InvalidateAll() bumps the generation and empties every shard.
// A page rendered before an invalidation must not be stored after it, so Insert() takes the
// generation read before rendering and drops the entry when it has changed since.
//
// Thread safety: every method may be called from any thread. CachedResponse is immutable and
// shared, so a hit stays valid while it is being written even if it is evicted meanwhile.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "web/compression.h"
#include "web/http_types.h"

namespace wiredesk::web {

struct CachedResponse {
  int status = 200;
  std::string content_type;
  // The handler's extra headers (never Content-Encoding, Content-Length or ETag).
  std::vector<std::pair<std::string, std::string>> headers;
  std::shared_ptr<const std::string> identity;
  std::shared_ptr<const std::string> gzip;    // Null when compression would not pay.
  std::shared_ptr<const std::string> brotli;  // Null when compression would not pay.
  // Strong entity tag of the identity body, quoted: "\"1f2e...\"". The compressed variants
  // carry it with a "-gzip" / "-br" suffix inside the quotes, as each is its own
  // representation.
  std::string etag;

  // Bytes held, for accounting.
  size_t ByteSize() const;
};

// Builds the entry for `response`: hashes the body and makes the compressed variants (only
// for compressible content types and bodies large enough to gain).
std::shared_ptr<const CachedResponse> MakeCachedResponse(const Response& response);

// Answers `request` from `entry`: 304 Not Modified when If-None-Match names the entry (any of
// its variants, or "*"), otherwise the best variant that Accept-Encoding allows, with ETag,
// Content-Encoding and "Vary: Accept-Encoding" headers. The body is shared, not copied.
Response ServeCached(const CachedResponse& entry, const Request& request);

// True when the If-None-Match header value names `etag` or one of its variants (weak
// comparison, as RFC 9110 prescribes for If-None-Match), or is "*".
bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag);

class PageCache {
 public:
  // Keeps at most `capacity` entries (at least one). Caches of kMinEntriesToShard entries or
  // more are split into kShards shards, each an LRU of capacity / kShards entries.
  explicit PageCache(size_t capacity);

  PageCache(const PageCache&) = delete;
  PageCache& operator=(const PageCache&) = delete;

  // The entry for `key`, or null. A hit makes the entry most recently used.
  std::shared_ptr<const CachedResponse> Lookup(const std::string& key);

  // The current generation; read it before rendering and pass it to Insert().
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // Stores `entry` under `key` unless the cache was invalidated since `generation`; evicts
  // the least recently used entry of the shard when full. Returns whether it was stored.
  bool Insert(const std::string& key, std::shared_ptr<const CachedResponse> entry,
              uint64_t generation);

  // Drops every entry and bumps the generation.
  void InvalidateAll();

  size_t size() const;
  size_t capacity() const { return capacity_; }

  static constexpr size_t kShards = 16;
  static constexpr size_t kMinEntriesToShard = 256;

 private:
  struct Node {
    std::string key;
    std::shared_ptr<const CachedResponse> entry;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::list<Node> lru;  // Front: most recently used.
    std::unordered_map<std::string_view, std::list<Node>::iterator> index;  // Keys live in lru.
  };

  Shard& ShardFor(std::string_view key);

  const size_t capacity_;
  const size_t shard_count_;
  const size_t shard_capacity_;
  std::atomic<uint64_t> generation_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace wiredesk::web
