#include "sanitize/internal/parse.h"

#include <cstdint>
#include <cstdlib>
#include <limits>
#include <vector>

namespace wiredesk::sanitize::internal {
namespace {

// Gumbo frees its tree recursively, one stack frame per level, and a few hundred thousand
// nested tags (a megabyte of "<div>") overflow the stack. Trees deeper than this are
// flattened before they are freed.
constexpr size_t kFlattenDepth = 256;

// Our own allocator, so that Flatten() knows how Gumbo will free the arrays it builds.
void* Allocate(void* /*userdata*/, size_t size) { return std::malloc(size); }
void Deallocate(void* /*userdata*/, void* ptr) { std::free(ptr); }

GumboVector* MutableChildrenOf(GumboNode& node) {
  return const_cast<GumboVector*>(ChildrenOf(node));
}

size_t DepthOf(const GumboNode& root) {
  size_t max_depth = 0;
  std::vector<std::pair<const GumboNode*, size_t>> stack = {{&root, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    max_depth = std::max(max_depth, depth);
    if (const GumboVector* children = ChildrenOf(*node)) {
      for (unsigned int i = 0; i < children->length; ++i) {
        stack.push_back({static_cast<const GumboNode*>(children->data[i]), depth + 1});
      }
    }
  }
  return max_depth;
}

// Makes every node under `root` a direct child of it, so freeing recurses two levels deep.
// Each element keeps its (now unused) children array, which Gumbo frees with the element.
// Returns false, leaving the tree as it was, when memory runs out.
bool Flatten(GumboNode& root) {
  std::vector<GumboNode*> all;
  std::vector<GumboNode*> stack = {&root};
  while (!stack.empty()) {
    GumboNode* node = stack.back();
    stack.pop_back();
    if (node != &root)
      all.push_back(node);
    if (GumboVector* children = MutableChildrenOf(*node)) {
      for (unsigned int i = 0; i < children->length; ++i) {
        stack.push_back(static_cast<GumboNode*>(children->data[i]));
      }
    }
  }
  if (all.size() >= std::numeric_limits<unsigned int>::max())
    return false;
  void** data = static_cast<void**>(std::malloc(all.size() * sizeof(void*)));
  if (data == nullptr)
    return false;
  for (size_t i = 0; i < all.size(); ++i) {
    data[i] = all[i];
    if (GumboVector* children = MutableChildrenOf(*all[i]))
      children->length = 0;
  }
  GumboVector* root_children = MutableChildrenOf(root);
  std::free(root_children->data);
  root_children->data = data;
  root_children->length = static_cast<unsigned int>(all.size());
  root_children->capacity = static_cast<unsigned int>(all.size());
  return true;
}

}  // namespace

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
  options_.allocator = &Allocate;
  options_.deallocator = &Deallocate;
  options_.fragment_context = GUMBO_TAG_DIV;
  options_.fragment_namespace = GUMBO_NAMESPACE_HTML;
  // The parse errors are not used; recording them only costs memory on broken input.
  options_.max_errors = 0;
  // Gumbo takes less than 4 GiB and needs a non-null buffer.
  if (html.size() < std::numeric_limits<uint32_t>::max()) {
    output_ = gumbo_parse_with_options(&options_, html.empty() ? "" : html.data(), html.size());
  }
}

ParsedFragment::~ParsedFragment() {
  if (output_ == nullptr)
    return;
  if (output_->root != nullptr && DepthOf(*output_->root) > kFlattenDepth) {
    Flatten(*output_->root);
  }
  gumbo_destroy_output(&options_, output_);
}

}  // namespace wiredesk::sanitize::internal
