#include "ingest/version_rules.h"

#include <gtest/gtest.h>

namespace wiredesk::ingest {
namespace {

using core::ArticleState;
using core::ItemStatus;
using core::VersionChange;
using store::CurrentVersion;
using store::VersionAction;

core::Item MakeItem(ItemStatus status = ItemStatus::kUsable) {
  core::Item item;
  item.guid = "urn:wire:1";
  item.headline = "Headline";
  item.status = status;
  return item;
}

CurrentVersion Current(int64_t rank, ArticleState state = ArticleState::kPublished) {
  CurrentVersion c;
  c.id = 7;
  c.state = state;
  c.version_rank = rank;
  return c;
}

TEST(VersionRank, PrefersTheWireVersionThenUpdatedThenPublished) {
  core::Item item;
  EXPECT_EQ(VersionRank(item), 0);
  item.published = core::FromUnixSeconds(1000);
  EXPECT_EQ(VersionRank(item), 1000);
  item.updated = core::FromUnixSeconds(2000);
  EXPECT_EQ(VersionRank(item), 2000);
  item.version = 3;
  EXPECT_EQ(VersionRank(item), 3);
}

TEST(DecideVersion, NewUsableItemCreatesAndPublishes) {
  auto d = DecideVersion(std::nullopt, MakeItem(), 1);
  EXPECT_EQ(d.action, VersionAction::kCreate);
  EXPECT_EQ(d.change, VersionChange::kPublish);
}

TEST(DecideVersion, NewWithheldItemIsRecordedHidden) {
  auto d = DecideVersion(std::nullopt, MakeItem(ItemStatus::kWithheld), 1);
  EXPECT_EQ(d.action, VersionAction::kCreateWithheld);
  EXPECT_EQ(d.change, VersionChange::kWithhold);
}

TEST(DecideVersion, KillOfUnknownStoryIsIgnored) {
  auto d = DecideVersion(std::nullopt, MakeItem(ItemStatus::kCanceled), 1);
  EXPECT_EQ(d.action, VersionAction::kIgnore);
  EXPECT_EQ(d.reason, "kill for unknown story");
}

TEST(DecideVersion, NothingRevivesAKilledStory) {
  for (ItemStatus status : {ItemStatus::kUsable, ItemStatus::kWithheld, ItemStatus::kCanceled}) {
    for (int64_t rank : {1, 5, 9}) {
      auto d = DecideVersion(Current(5, ArticleState::kKilled), MakeItem(status), rank);
      EXPECT_EQ(d.action, VersionAction::kIgnore) << rank;
      EXPECT_EQ(d.reason, "story was killed");
    }
  }
}

TEST(DecideVersion, CancelKillsAtAnyRank) {
  for (int64_t rank : {1, 5, 9}) {
    for (ArticleState state :
         {ArticleState::kPublished, ArticleState::kWithheld, ArticleState::kEmbargoed}) {
      auto d = DecideVersion(Current(5, state), MakeItem(ItemStatus::kCanceled), rank);
      EXPECT_EQ(d.action, VersionAction::kKill) << rank;
      EXPECT_EQ(d.change, VersionChange::kKill);
    }
  }
}

TEST(DecideVersion, OlderVersionIsStale) {
  auto d = DecideVersion(Current(3), MakeItem(), 2);
  EXPECT_EQ(d.action, VersionAction::kIgnore);
  EXPECT_EQ(d.reason, "stale version 2 < 3");
  auto withheld = DecideVersion(Current(3), MakeItem(ItemStatus::kWithheld), 2);
  EXPECT_EQ(withheld.action, VersionAction::kIgnore);
}

TEST(DecideVersion, SameVersionChangesNothing) {
  auto d = DecideVersion(Current(3), MakeItem(), 3);
  EXPECT_EQ(d.action, VersionAction::kIgnore);
  EXPECT_EQ(d.reason, "same version");
  auto withheld_again =
      DecideVersion(Current(3, ArticleState::kWithheld), MakeItem(ItemStatus::kWithheld), 3);
  EXPECT_EQ(withheld_again.action, VersionAction::kIgnore);
  EXPECT_EQ(withheld_again.reason, "same version");
}

TEST(DecideVersion, SameVersionUsableReleasesAWithheldStory) {
  auto d = DecideVersion(Current(3, ArticleState::kWithheld), MakeItem(), 3);
  EXPECT_EQ(d.action, VersionAction::kSupersede);
  EXPECT_EQ(d.change, VersionChange::kUpdate);
}

TEST(DecideVersion, NewerUsableVersionUpdates) {
  auto d = DecideVersion(Current(3), MakeItem(), 4);
  EXPECT_EQ(d.action, VersionAction::kSupersede);
  EXPECT_EQ(d.change, VersionChange::kUpdate);
}

TEST(DecideVersion, NewerVersionMarkedCorrectionIsACorrection) {
  core::Item item = MakeItem();
  item.signals = {"update", "correction"};
  auto d = DecideVersion(Current(3), item, 4);
  EXPECT_EQ(d.action, VersionAction::kSupersede);
  EXPECT_EQ(d.change, VersionChange::kCorrection);
}

TEST(DecideVersion, NewerWithheldVersionWithholds) {
  auto d = DecideVersion(Current(3), MakeItem(ItemStatus::kWithheld), 4);
  EXPECT_EQ(d.action, VersionAction::kWithhold);
  EXPECT_EQ(d.change, VersionChange::kWithhold);
}

TEST(DecideVersion, NewerUsableVersionReleasesAWithheldStory) {
  auto d = DecideVersion(Current(3, ArticleState::kWithheld), MakeItem(), 4);
  EXPECT_EQ(d.action, VersionAction::kSupersede);
  EXPECT_EQ(d.change, VersionChange::kUpdate);
}

TEST(DecideVersion, FirstUsableVersionOfAStoryCreatedWithheldPublishes) {
  CurrentVersion current = Current(1, ArticleState::kWithheld);
  current.has_usable_version = false;
  auto d = DecideVersion(current, MakeItem(), 2);
  EXPECT_EQ(d.action, VersionAction::kSupersede);
  EXPECT_EQ(d.change, VersionChange::kPublish);
  auto same_rank = DecideVersion(current, MakeItem(), 1);
  EXPECT_EQ(same_rank.action, VersionAction::kSupersede);
  EXPECT_EQ(same_rank.change, VersionChange::kPublish);
}

CurrentVersion Matched(store::ArticleMatch match, ArticleState state = ArticleState::kPublished) {
  CurrentVersion c = Current(5, state);
  c.id = 12;
  c.match = match;
  c.distance = match == store::ArticleMatch::kNearDuplicate ? 2 : 0;
  return c;
}

TEST(DecideVersion, ANewGuidWithAStoredStorysTextBecomesItsAlias) {
  auto exact = DecideVersion(Matched(store::ArticleMatch::kExactDuplicate), MakeItem(), 1);
  EXPECT_EQ(exact.action, VersionAction::kAlias);
  EXPECT_EQ(exact.reason, "duplicate of #12 (same text)");
  auto near = DecideVersion(Matched(store::ArticleMatch::kNearDuplicate), MakeItem(), 99);
  EXPECT_EQ(near.action, VersionAction::kAlias);
  EXPECT_EQ(near.reason, "duplicate of #12 (near: 2 bits apart)");
  // A copy of a killed story is recorded too, so it stays dead through the copy's guid.
  auto killed = DecideVersion(Matched(store::ArticleMatch::kExactDuplicate, ArticleState::kKilled),
                              MakeItem(), 1);
  EXPECT_EQ(killed.action, VersionAction::kAlias);
  EXPECT_EQ(killed.reason, "duplicate of #12 (same text), a killed story");
}

TEST(DecideVersion, AnAliasCanKillTheStoryButNotChangeIt) {
  const CurrentVersion alias = Matched(store::ArticleMatch::kAlias);
  for (ItemStatus status : {ItemStatus::kUsable, ItemStatus::kWithheld}) {
    auto d = DecideVersion(alias, MakeItem(status), 100);
    EXPECT_EQ(d.action, VersionAction::kIgnore);
    EXPECT_EQ(d.reason, "duplicate of #12");
  }
  auto kill = DecideVersion(alias, MakeItem(ItemStatus::kCanceled), 1);
  EXPECT_EQ(kill.action, VersionAction::kKill);
  EXPECT_EQ(kill.change, VersionChange::kKill);
  auto after = DecideVersion(Matched(store::ArticleMatch::kAlias, ArticleState::kKilled),
                             MakeItem(ItemStatus::kCanceled), 1);
  EXPECT_EQ(after.action, VersionAction::kIgnore);
  EXPECT_EQ(after.reason, "story was killed");
}

// Simulates the store: applies decisions to a single article and returns its final state.
struct Simulated {
  std::optional<CurrentVersion> current;
  void Apply(const core::Item& item) {
    int64_t rank = VersionRank(item);
    auto d = DecideVersion(current, item, rank);
    switch (d.action) {
      case VersionAction::kCreate:
      case VersionAction::kCreateWithheld:
        current = Current(rank, d.action == VersionAction::kCreate ? ArticleState::kPublished
                                                                   : ArticleState::kWithheld);
        current->has_usable_version = d.action == VersionAction::kCreate;
        break;
      case VersionAction::kSupersede:
        current->version_rank = rank;
        current->state = ArticleState::kPublished;
        current->has_usable_version = true;
        break;
      case VersionAction::kWithhold:
        current->version_rank = rank;
        current->state = ArticleState::kWithheld;
        break;
      case VersionAction::kKill:
        current->state = ArticleState::kKilled;
        break;
      case VersionAction::kIgnore:
      case VersionAction::kAlias:  // Only for duplicate matches, which this store never makes.
        break;
    }
  }
};

core::Item Versioned(int64_t version, ItemStatus status = ItemStatus::kUsable) {
  core::Item item = MakeItem(status);
  item.version = version;
  return item;
}

TEST(DecideVersion, OutOfOrderArrivalKeepsTheNewest) {
  Simulated story;
  story.Apply(Versioned(3));
  story.Apply(Versioned(2));
  story.Apply(Versioned(1));
  ASSERT_TRUE(story.current);
  EXPECT_EQ(story.current->version_rank, 3);
  EXPECT_EQ(story.current->state, ArticleState::kPublished);
}

TEST(DecideVersion, InOrderArrivalEndsAtTheNewest) {
  Simulated story;
  for (int v = 1; v <= 4; ++v) story.Apply(Versioned(v));
  EXPECT_EQ(story.current->version_rank, 4);
}

TEST(DecideVersion, LateKillOfAnOldVersionStillKills) {
  Simulated story;
  story.Apply(Versioned(3));
  story.Apply(Versioned(1, ItemStatus::kCanceled));
  EXPECT_EQ(story.current->state, ArticleState::kKilled);
  story.Apply(Versioned(9));
  EXPECT_EQ(story.current->state, ArticleState::kKilled);
  EXPECT_EQ(story.current->version_rank, 3);
}

TEST(DecideVersion, WithheldThenUsableComesBack) {
  Simulated story;
  story.Apply(Versioned(1));
  story.Apply(Versioned(2, ItemStatus::kWithheld));
  EXPECT_EQ(story.current->state, ArticleState::kWithheld);
  story.Apply(Versioned(1));  // A late old version does not bring it back.
  EXPECT_EQ(story.current->state, ArticleState::kWithheld);
  story.Apply(Versioned(3));
  EXPECT_EQ(story.current->state, ArticleState::kPublished);
  EXPECT_EQ(story.current->version_rank, 3);
}

}  // namespace
}  // namespace wiredesk::ingest
