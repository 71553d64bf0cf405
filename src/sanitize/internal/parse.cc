#include "sanitize/internal/parse.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>

namespace wiredesk::sanitize::internal {
namespace {

// Chunks grow by doubling up to this size; larger requests get a chunk of their own.
constexpr size_t kMaxChunkSize = 1024 * 1024;

// Gumbo frees buffers it outgrows while parsing; the arena keeps them until the parse is
// dropped. Gumbo grows its buffers geometrically, so that at most doubles the memory it holds.
void Deallocate(void* /*userdata*/, void* /*ptr*/) {}

}  // namespace

void* ParsedFragment::AllocateFromArena(void* userdata, size_t size) {
  return static_cast<Arena*>(userdata)->Allocate(size);
}

ParsedFragment::Arena::~Arena() {
  for (char* chunk : chunks_) std::free(chunk);
}

void* ParsedFragment::Arena::Allocate(size_t size) {
  // Every Gumbo allocation is a struct or an array of pointers, bytes or code points.
  constexpr size_t kAlignment = alignof(std::max_align_t);
  if (size > std::numeric_limits<size_t>::max() - kAlignment)
    return nullptr;
  size = (size + kAlignment - 1) & ~(kAlignment - 1);
  if (size > left_) {
    const size_t chunk = std::max(chunk_size_, size);
    chunk_size_ = std::min(chunk_size_ * 2, kMaxChunkSize);
    // malloc returns memory aligned for max_align_t, so every block cut from it is too.
    char* memory = static_cast<char*>(std::malloc(chunk));
    if (memory == nullptr)
      return nullptr;
    chunks_.push_back(memory);
    next_ = memory;
    left_ = chunk;
  }
  void* block = next_;
  next_ += size;
  left_ -= size;
  return block;
}

const GumboVector* ChildrenOf(const GumboNode& node) {
  switch (node.type) {
    case GUMBO_NODE_DOCUMENT:
      return &node.v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node.v.element.children;
    default:
      return nullptr;
  }
}

ParsedFragment::ParsedFragment(std::string_view html) {
  options_ = kGumboDefaultOptions;
  options_.allocator = &AllocateFromArena;
  options_.deallocator = &Deallocate;
  options_.userdata = &arena_;
  options_.fragment_context = GUMBO_TAG_DIV;
  options_.fragment_namespace = GUMBO_NAMESPACE_HTML;
  // The parse errors are not used; recording them only costs memory on broken input.
  options_.max_errors = 0;
  // Gumbo takes less than 4 GiB and needs a non-null buffer.
  if (html.size() < std::numeric_limits<uint32_t>::max()) {
    output_ = gumbo_parse_with_options(&options_, html.empty() ? "" : html.data(), html.size());
  }
}

// Not gumbo_destroy_output(): everything it would free lives in the arena.
ParsedFragment::~ParsedFragment() = default;

}  // namespace wiredesk::sanitize::internal
