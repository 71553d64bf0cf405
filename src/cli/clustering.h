// The composition of ingest and story clusters: ingest may not use recommend (DESIGN.md), so
// the CLI hands every pipeline a hook that clusters each new story as it is stored.
// Thread safety: the hook may be called from any thread (the clusterer serialises).
#pragma once

#include <memory>
#include <span>
#include <vector>

#include "core/clock.h"
#include "ingest/pipeline.h"
#include "recommend/story_clusterer.h"
#include "store/store.h"

namespace wiredesk::cli {

// A NewArticlesHook that puts a batch's new stories in their clusters
// (recommend::StoryClusterer, which the hook owns). `store` and `clock` must outlive the hook.
inline ingest::NewArticlesHook ClusterNewArticles(store::Store& store, const core::Clock& clock) {
  auto clusterer = std::make_shared<recommend::StoryClusterer>(store, clock);
  return [clusterer](std::span<const core::ArticleId> ids) {
    std::vector<core::Status> done;
    done.reserve(ids.size());
    for (core::Result<core::ArticleId>& cluster : clusterer->AssignAll(ids)) {
      if (cluster) {
        done.emplace_back();
      } else {
        done.push_back(
            core::MakeError(cluster.error().code(), "clustering: " + cluster.error().message()));
      }
    }
    return done;
  };
}

}  // namespace wiredesk::cli
