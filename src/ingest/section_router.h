// SectionRouter: which section of the site an incoming item belongs to.
//
// The routing rules of the configuration, in order: the first rule whose `match` equals
// (ASCII case-insensitively) the name or the code of one of the item's subjects decides;
// items no rule matches go to the default section. Rule order is the priority, so a story
// about "World" and "Markets" lands where the earlier rule says, whatever order the wire
// listed its categories in.
//
// Thread safety: immutable after construction; Route may be called from any thread.
#pragma once

#include <vector>

#include "core/config.h"
#include "core/item.h"
#include "core/section_path.h"

namespace wiredesk::ingest {

class SectionRouter {
 public:
  explicit SectionRouter(const core::RoutingConfig& config);

  core::SectionPath Route(const core::Item& item) const;
  // As Route, trying a source's own rules first: the first of `source_rules` that matches
  // decides, and a rule whose match is "*" matches every item. Then the configured rules.
  core::SectionPath Route(const core::Item& item,
                          const std::vector<core::RoutingRule>& source_rules) const;

 private:
  core::RoutingConfig config_;
};

}  // namespace wiredesk::ingest
