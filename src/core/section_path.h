// SectionPath: where a story sits in the site, e.g. news/world, shown as Home / News / World.
//
// A path is zero or more lower-case slug segments ([a-z0-9-]); the empty path is the home
// page. Value type; thread-compatible.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wiredesk::core {

class SectionPath {
 public:
  SectionPath() = default;

  // Parses "news/world", "/news/world/" or "News/World" (case is folded). Fails on segments
  // with characters outside [a-z0-9-] or on more than kMaxDepth segments.
  static Result<SectionPath> Parse(std::string_view text);

  static constexpr size_t kMaxDepth = 6;

  const std::vector<std::string>& segments() const { return segments_; }
  bool empty() const { return segments_.empty(); }

  // "news/world"; "" for home.
  std::string ToString() const;
  // "/news/world/"; "/" for home.
  std::string Url() const;
  // news/world -> news; news -> home.
  SectionPath Parent() const;
  // True when this path equals `ancestor` or lies below it.
  bool IsWithin(const SectionPath& ancestor) const;

  friend bool operator==(const SectionPath&, const SectionPath&) = default;
  friend auto operator<=>(const SectionPath&, const SectionPath&) = default;

 private:
  std::vector<std::string> segments_;
};

// "world" -> "World", "middle-east" -> "Middle East": the title shown when config names none.
std::string DefaultSectionTitle(std::string_view segment);

}  // namespace wiredesk::core
