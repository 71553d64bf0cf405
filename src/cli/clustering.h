// The composition of ingest and story clusters: ingest may not use recommend (DESIGN.md), so
// the CLI hands every pipeline a hook that clusters each new story as it is stored.
// Thread safety: the hook is as thread-safe as the store.
#pragma once

#include "ingest/pipeline.h"
#include "recommend/story_clusters.h"
#include "store/store.h"

namespace wiredesk::cli {

// A NewArticleHook that puts the new story in its cluster (recommend::AssignCluster).
inline ingest::NewArticleHook ClusterNewArticles(store::Store& store) {
  return [&store](core::ArticleId id) -> core::Status {
    auto cluster = recommend::AssignCluster(store, id);
    if (!cluster)
      return core::MakeError(cluster.error().code(), "clustering: " + cluster.error().message());
    return core::Ok();
  };
}

}  // namespace wiredesk::cli
