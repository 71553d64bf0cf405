// One Gumbo parse of an HTML fragment, owned: the way every part of sanitize/ reads HTML, so
// SanitizeHtml(), ExtractText() and the output audit all see the same tree.
//
// Internal to sanitize/. A ParsedFragment is not copyable; distinct objects may be used from
// distinct threads.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <gumbo.h>

namespace wiredesk::sanitize::internal {

class ParsedFragment {
 public:
  // Parses `html` as the children of a <div>: feed HTML is body copy, and a fragment parse never
  // invents a <head> or moves text into one. `html` must outlive this object.
  explicit ParsedFragment(std::string_view html);
  ~ParsedFragment();
  ParsedFragment(const ParsedFragment&) = delete;
  ParsedFragment& operator=(const ParsedFragment&) = delete;

  // The <html> element whose children are the fragment; null when Gumbo could not parse (input
  // of 4 GiB or more).
  const GumboNode* root() const { return output_ == nullptr ? nullptr : output_->root; }

 private:
  // Gumbo allocates every node, vector and string buffer separately and frees them one by one,
  // recursively (a megabyte of nested tags overflows the stack). All of a parse's memory comes
  // from this arena instead and is released in one go, without walking the tree.
  class Arena {
   public:
    Arena() = default;
    ~Arena();
    Arena(const Arena&) = delete;
    Arena& operator=(const Arena&) = delete;
    void* Allocate(size_t size);

   private:
    std::vector<char*> chunks_;
    char* next_ = nullptr;
    size_t left_ = 0;
    size_t chunk_size_ = 16 * 1024;
  };

  // Gumbo's allocator callback; `userdata` is the Arena.
  static void* AllocateFromArena(void* userdata, size_t size);

  Arena arena_;
  GumboOptions options_;
  GumboOutput* output_ = nullptr;
};

// The children of a document, element or template node; null for other nodes.
const GumboVector* ChildrenOf(const GumboNode& node);

}  // namespace wiredesk::sanitize::internal
