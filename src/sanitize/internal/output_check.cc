#include "sanitize/internal/output_check.h"

#include <vector>

#include <gumbo.h>

#include "sanitize/internal/parse.h"
#include "sanitize/internal/policy.h"
#include "sanitize/internal/url_policy.h"
#include "sanitize/internal/video_embed.h"

namespace wiredesk::sanitize::internal {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Checks one URL by its scheme alone, without the UrlPolicy that produced it, so a bug there
// is caught rather than repeated.
std::optional<std::string> CheckUrlScheme(std::string_view raw, AttributeKind kind) {
  const std::string url = StripUrlWhitespace(raw);
  const std::optional<std::string> scheme = UrlScheme(url);
  if (!scheme) {
    // A relative URL must not be scheme-relative ("//host") unless resolved; either way it
    // cannot run script. A browser reads "\" as "/".
    return std::nullopt;
  }
  if (*scheme == "http" || *scheme == "https")
    return std::nullopt;
  if (kind == AttributeKind::kHref && (*scheme == "mailto" || *scheme == "tel")) {
    return std::nullopt;
  }
  if (kind == AttributeKind::kImageSrc && *scheme == "data") {
    const std::string head = Lower(url.substr(0, 16));
    for (std::string_view type :
         {"data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"}) {
      if (head.starts_with(type))
        return std::nullopt;
    }
  }
  return "URL with scheme '" + *scheme + "': " + url;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// An iframe must be exactly a canonical video player, checked here without the code that wrote
// it: a src of one of two fixed forms, and the fixed sandbox, allow, loading and referrerpolicy.
std::optional<std::string> CheckVideoEmbed(const GumboElement& element) {
  if (element.children.length != 0)
    return std::string("iframe with content");
  if (element.attributes.length != 5)
    return std::string("iframe with other attributes than the canonical five");
  auto value = [&](const char* name) -> std::optional<std::string_view> {
    const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
    if (attribute == nullptr)
      return std::nullopt;
    return std::string_view(attribute->value);
  };
  const std::optional<std::string_view> src = value("src");
  if (!src)
    return std::string("iframe without src");
  constexpr std::string_view kYouTube = "https://www.youtube-nocookie.com/embed/";
  constexpr std::string_view kVimeo = "https://player.vimeo.com/video/";
  bool src_ok = false;
  if (src->starts_with(kYouTube)) {
    const std::string_view id = src->substr(kYouTube.size());
    src_ok = id.size() == 11;
    for (char c : id) {
      src_ok = src_ok && (IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          c == '_' || c == '-');
    }
  } else if (src->starts_with(kVimeo) && src->ends_with("?dnt=1")) {
    const std::string_view id =
        src->substr(kVimeo.size(), src->size() - kVimeo.size() - std::string_view("?dnt=1").size());
    src_ok = !id.empty() && id.size() <= 12;
    for (char c : id) src_ok = src_ok && IsDigit(c);
  }
  if (!src_ok)
    return "iframe src " + std::string(*src);
  if (value("sandbox") != kVideoEmbedSandbox || value("allow") != kVideoEmbedAllow ||
      value("loading") != "lazy" || value("referrerpolicy") != kVideoEmbedReferrerPolicy) {
    return std::string("iframe without the canonical sandbox, allow, loading and referrerpolicy");
  }
  return std::nullopt;
}

std::optional<std::string> CheckElement(const GumboNode& node) {
  const GumboElement& element = node.v.element;
  if (element.tag == GUMBO_TAG_IFRAME && element.tag_namespace == GUMBO_NAMESPACE_HTML)
    return CheckVideoEmbed(element);
  const char* tag_name = gumbo_normalized_tagname(element.tag);
  if (IsCodeElement(element.tag))
    return std::string("code element <") + tag_name + ">";
  const std::string_view name = AllowedElementName(node);
  // The parser adds tbody around table rows; it is on the allowlist anyway.
  if (name.empty())
    return std::string("element not on the allowlist <") + tag_name + ">";
  if (element.tag == GUMBO_TAG_H1)
    return std::string("<h1> survived");
  for (unsigned int i = 0; i < element.attributes.length; ++i) {
    const auto* attribute = static_cast<const GumboAttribute*>(element.attributes.data[i]);
    const std::string attr = Lower(attribute->name);
    const std::string_view value = attribute->value;
    if (attr.starts_with("on"))
      return "event handler attribute " + attr;
    if (attr == "style" || attr == "target" || attr == "class" || attr == "id") {
      return "attribute " + attr;
    }
    if (element.tag == GUMBO_TAG_A && attr == "rel") {
      if (value != "nofollow noopener noreferrer")
        return "rel=\"" + std::string(value) + "\"";
      continue;
    }
    const AttributeKind kind = ClassifyAttribute(element.tag, attr);
    switch (kind) {
      case AttributeKind::kDrop:
        return "attribute " + attr + " on <" + tag_name + ">";
      case AttributeKind::kText:
        break;
      case AttributeKind::kHref:
      case AttributeKind::kImageSrc:
      case AttributeKind::kCite:
        if (auto bad = CheckUrlScheme(value, kind))
          return *bad;
        break;
      case AttributeKind::kSrcset: {
        // Every comma-separated candidate's first word is a URL.
        size_t pos = 0;
        while (pos <= value.size()) {
          size_t comma = value.find(", ", pos);
          std::string_view candidate = value.substr(
              pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos);
          while (!candidate.empty() && candidate.front() == ' ') candidate.remove_prefix(1);
          std::string_view url = candidate.substr(0, candidate.find(' '));
          if (Lower(url).starts_with("data:"))
            return "data: URL in srcset";
          if (auto bad = CheckUrlScheme(url, kind))
            return *bad;
          if (comma == std::string_view::npos)
            break;
          pos = comma + 2;
        }
        break;
      }
    }
    // Whatever the attribute, a script URL inside it is a finding.
    const std::string lowered = Lower(StripUrlWhitespace(value));
    if (lowered.starts_with("javascript:") || lowered.starts_with("vbscript:")) {
      return "script URL in " + attr;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FindPolicyViolation(std::string_view html) {
  const ParsedFragment parsed(html);
  if (parsed.root() == nullptr)
    return "Gumbo failed to parse the output";
  std::optional<std::string> violation;
  std::vector<const GumboNode*> stack = {parsed.root()};
  while (!stack.empty() && !violation) {
    const GumboNode* node = stack.back();
    stack.pop_back();
    if (node->type == GUMBO_NODE_COMMENT)
      violation = "comment";
    if (node->type == GUMBO_NODE_TEMPLATE)
      violation = "template";
    if (node->type != GUMBO_NODE_ELEMENT)
      continue;
    if (node != parsed.root())
      violation = CheckElement(*node);
    const GumboVector& children = node->v.element.children;
    for (unsigned int i = 0; i < children.length; ++i) {
      stack.push_back(static_cast<const GumboNode*>(children.data[i]));
    }
  }
  return violation;
}

}  // namespace wiredesk::sanitize::internal
