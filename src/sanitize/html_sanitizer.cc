#include "sanitize/html_sanitizer.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

#include <gumbo.h>

#include "core/text.h"
#include "sanitize/internal/escape.h"
#include "sanitize/internal/markup_scan.h"
#include "sanitize/internal/parse.h"
#include "sanitize/internal/policy.h"
#include "sanitize/internal/reference.h"
#include "sanitize/internal/simple_html.h"
#include "sanitize/internal/url_policy.h"
#include "sanitize/internal/video_embed.h"

namespace wiredesk::sanitize {
namespace {

using internal::AppendEscapedForReparse;
using internal::AttributeKind;
using internal::ChildrenOf;
using internal::ParsedFragment;
using internal::UrlContext;
using internal::UrlPolicy;

// How many times SanitizeHtml() re-parses its own output looking for a fixed point. One round
// settles almost every input; HTML whose tree the parser does not rebuild the same way from its
// serialisation (mis-nested formatting, unwrapped block elements) needs one or two more.
constexpr int kMaxStabilityRounds = 4;

// Inputs nested deeper than this (by internal::EstimateNestingDepth) are not given to the tree
// builder, whose cost grows with the square of the depth; they are read as plain text instead.
// News copy nests a few dozen levels at most; browsers stop nesting at 512.
constexpr size_t kMaxNestingDepth = 1024;

bool TooDeep(std::string_view html) {
  return internal::EstimateNestingDepth(html, kMaxNestingDepth) > kMaxNestingDepth;
}

bool IsTextNode(const GumboNode& node) {
  return node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_WHITESPACE ||
         node.type == GUMBO_NODE_CDATA;
}

bool IsElementNode(const GumboNode& node) {
  return node.type == GUMBO_NODE_ELEMENT || node.type == GUMBO_NODE_TEMPLATE;
}

std::string_view TextOf(const GumboNode& node) {
  return node.v.text.text == nullptr ? std::string_view() : std::string_view(node.v.text.text);
}

// Walks the tree under `root` in document order without recursion, so a deeply nested input
// cannot exhaust the stack. `enter(node)` is called for every node and returns whether to
// descend into its children; `leave(node)` is called after the children of each node entered.
template <class Enter, class Leave>
void Walk(const GumboNode& root, Enter&& enter, Leave&& leave) {
  struct Frame {
    const GumboNode* node;
    unsigned int next_child;
  };
  std::vector<Frame> stack;
  if (!enter(root))
    return;
  stack.push_back({&root, 0});
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = ChildrenOf(*top.node);
    if (children != nullptr && top.next_child < children->length) {
      const auto* child = static_cast<const GumboNode*>(children->data[top.next_child++]);
      // `top` may dangle after push_back; it is not used again in this iteration.
      if (enter(*child))
        stack.push_back({child, 0});
    } else {
      leave(*top.node);
      stack.pop_back();
    }
  }
}

std::string ExtractTextOf(const GumboNode& root) {
  std::string text;
  Walk(
      root,
      [&](const GumboNode& node) {
        if (IsTextNode(node)) {
          internal::AppendValidUtf8(text, TextOf(node));
          return false;
        }
        if (IsElementNode(node))
          return !internal::IsCodeElement(node.v.element.tag);
        return node.type == GUMBO_NODE_DOCUMENT;
      },
      [](const GumboNode&) {});
  return text;
}

bool LooksLikeScriptUrl(std::string_view value) {
  const std::optional<std::string> scheme =
      internal::UrlScheme(internal::StripUrlWhitespace(value));
  return scheme && (*scheme == "javascript" || *scheme == "vbscript" || *scheme == "livescript");
}

// Rebuilds HTML from a parse tree, keeping only what the allowlist allows.
class Rebuilder {
 public:
  explicit Rebuilder(const UrlPolicy& urls) : urls_(urls) {}

  std::string Run(const GumboNode& root) {
    out_.clear();
    open_.clear();
    root_ = &root;
    Walk(
        root, [this](const GumboNode& node) { return Enter(node); },
        [this](const GumboNode& node) { Leave(node); });
    return std::move(out_);
  }

 private:
  // An element whose children are being written: its end tag, or empty when it is unwrapped.
  struct Open {
    std::string_view name;
    size_t content_start;
  };

  bool Enter(const GumboNode& node) {
    if (&node == root_) {
      open_.push_back({{}, 0});
      return true;
    }
    if (IsTextNode(node)) {
      AppendEscapedForReparse(out_, TextOf(node));
      return false;
    }
    if (!IsElementNode(node))
      return false;  // Comments and anything else carry no text.
    const GumboElement& element = node.v.element;
    if (element.tag == GUMBO_TAG_IFRAME && element.tag_namespace == GUMBO_NAMESPACE_HTML) {
      WriteVideoEmbed(element);
      return false;
    }
    if (internal::IsCodeElement(element.tag))
      return false;
    const std::string_view name = internal::AllowedElementName(node);
    if (name.empty()) {
      // Unknown or disallowed: the element goes, its children stay.
      open_.push_back({{}, 0});
      return true;
    }
    WriteStartTag(element, name);
    if (internal::IsVoidElement(element.tag))
      return false;
    open_.push_back({name, out_.size()});
    return true;
  }

  void Leave(const GumboNode&) {
    const Open open = open_.back();
    open_.pop_back();
    if (open.name.empty())
      return;
    // The parser drops a newline right after <pre>; a content newline that came from the
    // source as "<pre>\n\n" must be written with the extra one so the next parse keeps it.
    if (open.name == "pre" && open.content_start < out_.size() &&
        out_[open.content_start] == '\n') {
      out_.insert(open.content_start, 1, '\n');
    }
    out_ += "</";
    out_ += open.name;
    out_ += '>';
  }

  // An iframe stays only as the canonical player of an allowlisted video host; its content, like
  // every code element's, is not text.
  void WriteVideoEmbed(const GumboElement& element) {
    const GumboAttribute* src = gumbo_get_attribute(&element.attributes, "src");
    if (src == nullptr || src->value == nullptr)
      return;
    if (const std::optional<std::string> url = internal::CanonicalVideoEmbedUrl(src->value))
      internal::AppendVideoEmbed(out_, *url);
  }

  void WriteStartTag(const GumboElement& element, std::string_view name) {
    out_ += '<';
    out_ += name;
    bool external_link = false;
    for (unsigned int i = 0; i < element.attributes.length; ++i) {
      const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
      if (attribute->attr_namespace != GUMBO_ATTR_NAMESPACE_NONE || attribute->name == nullptr) {
        continue;
      }
      const std::string_view attr_name(attribute->name);
      const std::string_view raw =
          attribute->value == nullptr ? std::string_view() : std::string_view(attribute->value);
      const AttributeKind kind = internal::ClassifyAttribute(element.tag, attr_name);
      std::string value;
      switch (kind) {
        case AttributeKind::kDrop:
          continue;
        case AttributeKind::kText:
          // Not a URL, but no reason to carry a script URL anywhere a later consumer might
          // copy it into one.
          if (LooksLikeScriptUrl(raw)) {
            continue;
          }
          value = raw;
          break;
        case AttributeKind::kHref:
        case AttributeKind::kImageSrc:
        case AttributeKind::kCite: {
          const UrlContext context = kind == AttributeKind::kHref       ? UrlContext::kHref
                                     : kind == AttributeKind::kImageSrc ? UrlContext::kImageSrc
                                                                        : UrlContext::kCite;
          std::optional<UrlPolicy::Checked> checked = urls_.Check(raw, context);
          if (!checked) {
            continue;
          }
          if (kind == AttributeKind::kHref) {
            external_link = checked->external;
          }
          value = std::move(checked->url);
          break;
        }
        case AttributeKind::kSrcset: {
          std::optional<std::string> checked = urls_.CheckSrcset(raw);
          if (!checked)
            continue;
          value = std::move(*checked);
          break;
        }
      }
      out_ += ' ';
      out_ += attr_name;
      out_ += "=\"";
      AppendEscapedForReparse(out_, value);
      out_ += '"';
    }
    if (external_link)
      out_ += " rel=\"nofollow noopener noreferrer\"";
    out_ += '>';
  }

  const UrlPolicy& urls_;
  const GumboNode* root_ = nullptr;
  std::string out_;
  std::vector<Open> open_;
};

// What SanitizeHtml() returns when it cannot prove its output safe and faithful: the text
// alone, escaped. It parses back to exactly `text` and is itself a fixed point.
std::string EscapedText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  AppendEscapedForReparse(out, text);
  return out;
}

// The text of an input too deep to parse as HTML: its markup stripped, then parsed (which is
// cheap without tags) to decode character references.
std::string TextOfTooDeep(std::string_view html) {
  const std::string stripped = internal::StripMarkup(html);
  const ParsedFragment parsed(stripped);
  return parsed.root() == nullptr ? std::string() : ExtractTextOf(*parsed.root());
}

// The parse path of SanitizeHtml(). With `linear_check`, an output that is simple HTML
// (internal/simple_html.h) with the input's text is returned without parsing it again: its parse
// is the tree it spells out, so sanitising it again yields it unchanged.
// When `text_out` is not null it receives ExtractText(html), which the parse computes anyway.
std::string SanitizeByParsing(std::string_view html, const SanitizeOptions& options,
                              bool linear_check, std::string* text_out = nullptr) {
  if (TooDeep(html)) {
    std::string text = TextOfTooDeep(html);
    std::string out = EscapedText(text);
    if (text_out != nullptr)
      *text_out = std::move(text);
    return out;
  }
  const ParsedFragment input(html);
  if (input.root() == nullptr) {
    if (text_out != nullptr)
      text_out->clear();
    return EscapeHtml(html);
  }
  const std::string text = ExtractTextOf(*input.root());
  if (text_out != nullptr)
    *text_out = text;
  const UrlPolicy urls(options);
  Rebuilder rebuilder(urls);
  std::string out = rebuilder.Run(*input.root());
  if (linear_check) {
    std::string canonical;
    std::string canonical_text;
    canonical.reserve(out.size());
    canonical_text.reserve(text.size());
    if (internal::CanonicalizeSimpleHtml(out, canonical, &canonical_text) && canonical == out &&
        canonical_text == text) {
      return out;
    }
  }
  // The output must be a fixed point (sanitising it again changes nothing) with the same text.
  // A tree the parser builds can serialise to HTML that parses into a different tree, and
  // unwrapping elements can create such trees, so rather than trust the serialisation the
  // sanitiser parses its own output and checks both properties. That makes idempotence and
  // the text invariant hold by construction, and it is what defeats mutation XSS: what the
  // caller stores is exactly what a browser will parse.
  for (int round = 0; round < kMaxStabilityRounds; ++round) {
    const ParsedFragment reparsed(out);
    if (reparsed.root() == nullptr || ExtractTextOf(*reparsed.root()) != text) {
      break;
    }
    std::string again = rebuilder.Run(*reparsed.root());
    // The depth check keeps ExtractText(out) on the path that computed the text compared here.
    if (again == out && !TooDeep(out)) {
      return out;
    }
    out = std::move(again);
  }
  return EscapedText(text);
}

// Debug builds prove every shortcut against the full parse path, so the whole test suite (and
// the browser tests on a debug binary) doubles as a differential test of the fast paths.
void DebugCheckAgainstReparsing([[maybe_unused]] std::string_view what,
                                [[maybe_unused]] std::string_view input,
                                [[maybe_unused]] std::string_view fast,
                                [[maybe_unused]] std::string_view reference) {
#ifndef NDEBUG
  if (fast != reference) {
    std::fprintf(stderr,
                 "sanitize: %.*s fast path disagrees with the parser\ninput:     %.*s\n"
                 "fast:      %.*s\nreference: %.*s\n",
                 static_cast<int>(what.size()), what.data(), static_cast<int>(input.size()),
                 input.data(), static_cast<int>(fast.size()), fast.data(),
                 static_cast<int>(reference.size()), reference.data());
    std::abort();
  }
#endif
}

constexpr bool kDebugBuild =
#ifdef NDEBUG
    false;
#else
    true;
#endif

}  // namespace

namespace internal {

std::string SanitizeHtmlByReparsing(std::string_view html, const SanitizeOptions& options) {
  return SanitizeByParsing(html, options, /*linear_check=*/false);
}

std::string ExtractTextByParsing(std::string_view html) {
  if (TooDeep(html)) {
    return TextOfTooDeep(html);
  }
  const ParsedFragment parsed(html);
  return parsed.root() == nullptr ? std::string() : ExtractTextOf(*parsed.root());
}

}  // namespace internal

std::string SanitizeHtml(std::string_view html, const SanitizeOptions& options) {
  std::string out;
  // Escaping makes the output a little longer than the input, rarely more than an eighth.
  out.reserve(html.size() + html.size() / 8 + 16);
  std::string result = internal::CanonicalizeSimpleHtml(html, out, nullptr)
                           ? std::move(out)
                           : SanitizeByParsing(html, options, /*linear_check=*/true);
  if (kDebugBuild) {
    DebugCheckAgainstReparsing("SanitizeHtml", html, result,
                               internal::SanitizeHtmlByReparsing(html, options));
  }
  return result;
}

std::string ExtractText(std::string_view html) {
  std::string out;
  std::string text;
  std::string result = internal::CanonicalizeSimpleHtml(html, out, &text)
                           ? std::move(text)
                           : internal::ExtractTextByParsing(html);
  if (kDebugBuild) {
    DebugCheckAgainstReparsing("ExtractText", html, result, internal::ExtractTextByParsing(html));
  }
  return result;
}

SanitizedHtmlWithText SanitizeHtmlWithText(std::string_view html, const SanitizeOptions& options) {
  SanitizedHtmlWithText result;
  result.html.reserve(html.size() + html.size() / 8 + 16);
  result.text.reserve(html.size());
  if (!internal::CanonicalizeSimpleHtml(html, result.html, &result.text)) {
    result.html = SanitizeByParsing(html, options, /*linear_check=*/true, &result.text);
  }
  if (kDebugBuild) {
    DebugCheckAgainstReparsing("SanitizeHtmlWithText", html, result.html,
                               internal::SanitizeHtmlByReparsing(html, options));
    DebugCheckAgainstReparsing("SanitizeHtmlWithText text", html, result.text,
                               internal::ExtractTextByParsing(html));
  }
  return result;
}

std::string TextSha256(std::string_view html) { return core::Sha256Hex(ExtractText(html)); }

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  internal::AppendEscaped(out, text);
  return out;
}

}  // namespace wiredesk::sanitize
