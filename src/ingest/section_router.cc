#include "ingest/section_router.h"

#include <string_view>

namespace wiredesk::ingest {
namespace {

// ASCII only on purpose: category names and codes are matched as identifiers, and a
// locale-dependent fold could route the same feed differently on two machines.
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    char y = b[i];
    if (x >= 'A' && x <= 'Z')
      x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z')
      y = static_cast<char>(y - 'A' + 'a');
    if (x != y)
      return false;
  }
  return true;
}

// Feeds pad category text with the white space of their XML layout more often than not.
std::string_view TrimAscii(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string_view::npos)
    return {};
  return text.substr(begin, text.find_last_not_of(kSpace) - begin + 1);
}

// The section of the first rule that matches one of the item's subjects; nullptr when none.
// `allow_wildcard` lets a "*" rule match any item (per-source rules only).
const core::SectionPath* FirstMatch(const std::vector<core::RoutingRule>& rules,
                                    const core::Item& item, bool allow_wildcard) {
  for (const core::RoutingRule& rule : rules) {
    if (rule.match.empty())
      continue;  // An empty match would catch every uncoded keyword.
    if (allow_wildcard && rule.match == "*")
      return &rule.section;
    for (const core::Subject& subject : item.subjects) {
      if (EqualsIgnoringAsciiCase(rule.match, TrimAscii(subject.name)) ||
          EqualsIgnoringAsciiCase(rule.match, TrimAscii(subject.code))) {
        return &rule.section;
      }
    }
  }
  return nullptr;
}

}  // namespace

SectionRouter::SectionRouter(const core::RoutingConfig& config) : config_(config) {}

core::SectionPath SectionRouter::Route(const core::Item& item) const {
  const core::SectionPath* section = FirstMatch(config_.rules, item, false);
  return section != nullptr ? *section : config_.default_section;
}

core::SectionPath SectionRouter::Route(const core::Item& item,
                                       const std::vector<core::RoutingRule>& source_rules) const {
  if (const core::SectionPath* section = FirstMatch(source_rules, item, true))
    return *section;
  return Route(item);
}

}  // namespace wiredesk::ingest
