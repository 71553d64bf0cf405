// Version rules: what an incoming version of a wire story does to its article.
//
// DESIGN.md's article model as pure functions: a newer usable version supersedes, an older or
// equal one arriving late changes nothing, a canceled one kills the story for good, a withheld
// one hides it until a usable version comes. The store calls DecideVersion inside its write
// transaction with the article's current state, so decision and write are atomic.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/item.h"
#include "store/store.h"

namespace wiredesk::ingest {

// The ordering key of one version among the versions of a guid: the wire's explicit version
// number when the format carries one (NewsML-G2 @version, ninjs version); else the item's
// updated time, else its published time, as Unix seconds; else 0.
//
// Why this order: a wire's version number is the only ordering the agency guarantees, and it
// survives re-sends with fresh timestamps. RSS and Atom have no version number but stamp each
// revision with a later <updated>/<pubDate>, so time orders them. An item with neither is
// treated as version 0 for ever: it is stored once and every re-fetch is "same version", which
// is the safe reading of a feed that gives no way to tell old from new. One source uses one
// format, so the two scales (small numbers, ~1.7e9 seconds) never meet within one guid.
int64_t VersionRank(const core::Item& item);

// Decides what `item`, ranked `rank`, does given the article's current state (`current` is
// nullopt when no article exists for its source and guid):
//   no article:    usable -> kCreate (kPublish); withheld -> kCreateWithheld (kWithhold);
//                  canceled -> kIgnore ("kill for unknown story").
//   killed:        kIgnore ("story was killed"); nothing revives a killed story.
//   canceled:      kKill (kKill) at any rank: canceling any version cancels the story.
//   rank < current:  kIgnore ("stale version N < M").
//   rank == current: kIgnore ("same version"), except a usable version of a withheld article,
//                  which releases it (kSupersede).
//   rank > current:  usable -> kSupersede; withheld -> kWithhold (kWithhold).
// Duplicates (current->match, see store::ArticleMatch) come first:
//   kExactDuplicate / kNearDuplicate (a new guid whose text is already a story's):
//                  kAlias, whatever the story's state, so a copy of a killed story stays dead
//                  and later versions of the copy find the story as kAlias.
//   kAlias:        canceled -> kKill (kKill): a kill is a legal withdrawal of the text we show,
//                  whichever agency sends it; anything else -> kIgnore ("duplicate of #id"):
//                  the story follows its own guid's versions, not a copy's.
// A superseding change is kPublish when the article never had a usable version (it was
// created withheld), else kCorrection when the item carries the "correction" signal, else
// kUpdate.
// "duplicate of #12 (same text)", "duplicate of #12 (near: 2 bits apart)", with ", a killed
// story" when it was killed; for reports.
std::string DuplicateReason(const store::CurrentVersion& current);

store::VersionDecision DecideVersion(const std::optional<store::CurrentVersion>& current,
                                     const core::Item& item, int64_t rank);

}  // namespace wiredesk::ingest
