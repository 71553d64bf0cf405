// The composition of ingest and story clusters: ingest may not use recommend (DESIGN.md), so
// the CLI hands every pipeline a hook that clusters each new story as it is stored.
// Thread safety: the hook may be called from any thread (the clusterer serialises).
#pragma once

#include <memory>

#include "core/clock.h"
#include "ingest/pipeline.h"
#include "recommend/story_clusterer.h"
#include "store/store.h"

namespace wiredesk::cli {

// A NewArticleHook that puts the new story in its cluster (recommend::StoryClusterer, which
// the hook owns). `store` and `clock` must outlive the hook.
inline ingest::NewArticleHook ClusterNewArticles(store::Store& store, const core::Clock& clock) {
  auto clusterer = std::make_shared<recommend::StoryClusterer>(store, clock);
  return [clusterer](core::ArticleId id) -> core::Status {
    auto cluster = clusterer->Assign(id);
    if (!cluster)
      return core::MakeError(cluster.error().code(), "clustering: " + cluster.error().message());
    return core::Ok();
  };
}

}  // namespace wiredesk::cli
