// One Gumbo parse of an HTML fragment, owned: the way every part of sanitize/ reads HTML, so
// SanitizeHtml(), ExtractText() and the output audit all see the same tree.
//
// Internal to sanitize/. A ParsedFragment is not copyable; distinct objects may be used from
// distinct threads.
#pragma once

#include <string_view>

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
  GumboOptions options_;
  GumboOutput* output_ = nullptr;
};

// The children of a document, element or template node; null for other nodes.
const GumboVector* ChildrenOf(const GumboNode& node);

}  // namespace wiredesk::sanitize::internal
