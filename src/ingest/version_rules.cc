#include "ingest/version_rules.h"

#include <string>

namespace wiredesk::ingest {
namespace {

using core::ItemStatus;
using core::VersionChange;
using store::VersionAction;
using store::VersionDecision;

VersionDecision Ignore(std::string reason) {
  return VersionDecision{VersionAction::kIgnore, VersionChange::kPublish, std::move(reason)};
}

VersionDecision Supersede(const store::CurrentVersion& current, const core::Item& item) {
  VersionChange change = !current.has_usable_version    ? VersionChange::kPublish
                         : item.HasSignal("correction") ? VersionChange::kCorrection
                                                        : VersionChange::kUpdate;
  return VersionDecision{VersionAction::kSupersede, change, ""};
}

}  // namespace

std::string DuplicateReason(const store::CurrentVersion& current) {
  std::string out = "duplicate of #" + std::to_string(current.id);
  if (current.match == store::ArticleMatch::kNearDuplicate) {
    out += " (near: " + std::to_string(current.distance) + " bits apart)";
  } else if (current.match == store::ArticleMatch::kExactDuplicate) {
    out += " (same text)";
  }
  if (current.state == core::ArticleState::kKilled)
    out += ", a killed story";
  return out;
}

int64_t VersionRank(const core::Item& item) {
  if (item.version)
    return *item.version;
  if (item.updated)
    return core::ToUnixSeconds(*item.updated);
  if (item.published)
    return core::ToUnixSeconds(*item.published);
  return 0;
}

VersionDecision DecideVersion(const std::optional<store::CurrentVersion>& current,
                              const core::Item& item, int64_t rank) {
  if (!current) {
    switch (item.status) {
      case ItemStatus::kUsable:
        return VersionDecision{VersionAction::kCreate, VersionChange::kPublish, ""};
      case ItemStatus::kWithheld:
        // Recorded, hidden: when the usable version comes it finds the story and its history.
        return VersionDecision{VersionAction::kCreateWithheld, VersionChange::kWithhold, ""};
      case ItemStatus::kCanceled:
        return Ignore("kill for unknown story");
    }
    return Ignore("unknown item status");  // Unreachable with a valid enum value.
  }
  switch (current->match) {
    case store::ArticleMatch::kSameGuid:
      break;
    case store::ArticleMatch::kExactDuplicate:
    case store::ArticleMatch::kNearDuplicate:
      // Recorded even when the story was killed: the copy must not bring it back.
      return VersionDecision{VersionAction::kAlias, VersionChange::kPublish,
                             DuplicateReason(*current)};
    case store::ArticleMatch::kAlias:
      if (current->state == core::ArticleState::kKilled)
        return Ignore("story was killed");
      if (item.status == ItemStatus::kCanceled)
        return VersionDecision{VersionAction::kKill, VersionChange::kKill, ""};
      return Ignore("duplicate of #" + std::to_string(current->id));
  }
  if (current->state == core::ArticleState::kKilled)
    return Ignore("story was killed");
  // A kill is checked before the rank: the wire may cancel by resending any version, and a
  // kill that lost a race with an update must still kill.
  if (item.status == ItemStatus::kCanceled) {
    return VersionDecision{VersionAction::kKill, VersionChange::kKill, ""};
  }
  if (rank < current->version_rank) {
    return Ignore("stale version " + std::to_string(rank) + " < " +
                  std::to_string(current->version_rank));
  }
  if (rank == current->version_rank) {
    if (current->state == core::ArticleState::kWithheld && item.status == ItemStatus::kUsable) {
      return Supersede(*current, item);
    }
    return Ignore("same version");
  }
  if (item.status == ItemStatus::kWithheld) {
    return VersionDecision{VersionAction::kWithhold, VersionChange::kWithhold, ""};
  }
  return Supersede(*current, item);
}

}  // namespace wiredesk::ingest
