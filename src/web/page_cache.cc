#include "web/page_cache.h"

#include <algorithm>
#include <functional>

#include "core/text.h"

namespace wiredesk::web {
namespace {

// Below this, compressed framing overhead eats most of the gain.
constexpr size_t kMinCompressBytes = 256;

// Keeps a compressed variant only when it saves at least a tenth: otherwise the client's
// decode time buys too little.
std::shared_ptr<const std::string> KeepIfSmaller(std::optional<std::string> compressed,
                                                 size_t identity_size) {
  if (!compressed || compressed->size() * 10 > identity_size * 9)
    return nullptr;
  return std::make_shared<const std::string>(std::move(*compressed));
}

bool IsVariantHeader(std::string_view name) {
  auto equals = [name](std::string_view other) {
    return name.size() == other.size() &&
           std::equal(name.begin(), name.end(), other.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  return equals("content-encoding") || equals("content-length") || equals("etag") || equals("vary");
}

std::string_view StripWeak(std::string_view tag) {
  if (tag.size() >= 2 && (tag[0] == 'W' || tag[0] == 'w') && tag[1] == '/')
    tag.remove_prefix(2);
  return tag;
}

// "\"abc-gzip\"" -> "abc"; "\"abc\"" -> "abc"; the opaque part without our variant suffix.
std::string_view EntityOf(std::string_view tag) {
  tag = StripWeak(tag);
  if (tag.size() >= 2 && tag.front() == '"' && tag.back() == '"') {
    tag = tag.substr(1, tag.size() - 2);
  }
  for (std::string_view suffix : {std::string_view("-gzip"), std::string_view("-br")}) {
    if (tag.ends_with(suffix))
      return tag.substr(0, tag.size() - suffix.size());
  }
  return tag;
}

std::string VariantTag(std::string_view etag, std::string_view suffix) {
  // etag is "\"<hash>\""; the variant is "\"<hash><suffix>\"".
  std::string tag(etag.substr(0, etag.size() - 1));
  tag += suffix;
  tag += '"';
  return tag;
}

}  // namespace

size_t CachedResponse::ByteSize() const {
  size_t n = sizeof(*this) + content_type.size() + etag.size();
  for (const auto& [name, value] : headers) n += name.size() + value.size();
  if (identity)
    n += identity->size();
  if (gzip)
    n += gzip->size();
  if (brotli)
    n += brotli->size();
  return n;
}

std::shared_ptr<const CachedResponse> MakeCachedResponse(const Response& response) {
  auto entry = std::make_shared<CachedResponse>();
  entry->status = response.status;
  entry->content_type = response.content_type;
  for (const auto& header : response.headers) {
    if (!IsVariantHeader(header.first))
      entry->headers.push_back(header);
  }
  entry->identity = response.body ? response.body : std::make_shared<const std::string>();
  const std::string& body = *entry->identity;
  // A strong tag: any change of a byte changes it. 128 bits of SHA-256 make collisions moot.
  entry->etag = "\"" + core::Sha256Hex(body).substr(0, 32) + "\"";
  if (body.size() >= kMinCompressBytes && IsCompressibleType(response.content_type)) {
    entry->gzip = KeepIfSmaller(GzipCompress(body, 6), body.size());
    entry->brotli = KeepIfSmaller(BrotliCompress(body, 5), body.size());
  }
  return entry;
}

bool IfNoneMatchMatches(std::string_view if_none_match, std::string_view etag) {
  std::string_view entity = EntityOf(etag);
  std::string_view rest = if_none_match;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view tag = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!tag.empty() && (tag.front() == ' ' || tag.front() == '\t')) tag.remove_prefix(1);
    while (!tag.empty() && (tag.back() == ' ' || tag.back() == '\t')) tag.remove_suffix(1);
    if (tag == "*")
      return true;
    if (!tag.empty() && EntityOf(tag) == entity)
      return true;
  }
  return false;
}

Response ServeCached(const CachedResponse& entry, const Request& request) {
  Response response;
  response.status = entry.status;
  response.content_type = entry.content_type;
  response.headers = entry.headers;
  bool has_variants = entry.gzip != nullptr || entry.brotli != nullptr;
  if (has_variants)
    response.headers.emplace_back("Vary", "Accept-Encoding");

  ContentEncoding encoding = ChooseEncoding(request.Header("accept-encoding"),
                                            entry.gzip != nullptr, entry.brotli != nullptr);
  std::string etag = entry.etag;
  if (encoding == ContentEncoding::kGzip)
    etag = VariantTag(entry.etag, "-gzip");
  if (encoding == ContentEncoding::kBrotli)
    etag = VariantTag(entry.etag, "-br");
  response.headers.emplace_back("ETag", etag);

  std::string if_none_match = request.Header("if-none-match");
  if (entry.status == 200 && !if_none_match.empty() &&
      IfNoneMatchMatches(if_none_match, entry.etag)) {
    response.status = 304;
    response.body = std::make_shared<const std::string>();
    return response;
  }
  switch (encoding) {
    case ContentEncoding::kGzip:
      response.body = entry.gzip;
      response.headers.emplace_back("Content-Encoding", "gzip");
      break;
    case ContentEncoding::kBrotli:
      response.body = entry.brotli;
      response.headers.emplace_back("Content-Encoding", "br");
      break;
    case ContentEncoding::kIdentity:
      response.body = entry.identity;
      break;
  }
  response.cacheable = true;
  return response;
}

PageCache::PageCache(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 1)),
      // Small caches keep one exact LRU; large ones trade exactness for less contention.
      shard_count_(capacity_ >= kMinEntriesToShard ? kShards : 1),
      shard_capacity_((capacity_ + shard_count_ - 1) / shard_count_) {}

PageCache::Shard& PageCache::ShardFor(std::string_view key) {
  return shards_[std::hash<std::string_view>{}(key) % shard_count_];
}

std::shared_ptr<const CachedResponse> PageCache::Lookup(const std::string& key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  auto it = shard.index.find(key);
  if (it == shard.index.end())
    return nullptr;
  shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
  return it->second->entry;
}

bool PageCache::Insert(const std::string& key, std::shared_ptr<const CachedResponse> entry,
                       uint64_t generation) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  // Checked under the shard lock: InvalidateAll() bumps the generation before it takes each
  // shard's lock to clear it, so an entry that passes this check is either cleared by that
  // sweep or was rendered after the bump.
  if (generation_.load(std::memory_order_acquire) != generation)
    return false;
  auto it = shard.index.find(key);
  if (it != shard.index.end()) {
    it->second->entry = std::move(entry);
    shard.lru.splice(shard.lru.begin(), shard.lru, it->second);
    return true;
  }
  shard.lru.push_front(Node{key, std::move(entry)});
  shard.index.emplace(shard.lru.front().key, shard.lru.begin());
  while (shard.lru.size() > shard_capacity_) {
    shard.index.erase(shard.lru.back().key);
    shard.lru.pop_back();
  }
  return true;
}

void PageCache::InvalidateAll() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (Shard& shard : shards_) {
    std::list<Node> doomed;
    {
      std::lock_guard lock(shard.mutex);
      shard.index.clear();
      doomed.swap(shard.lru);
    }
    // Entries are freed outside the lock; readers may still hold them through shared_ptr.
  }
}

size_t PageCache::size() const {
  size_t n = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    n += shard.lru.size();
  }
  return n;
}

}  // namespace wiredesk::web
