#include "store/store.h"

#include "store/sqlite_store.h"

namespace wiredesk::store {

std::string_view ArticleMatchName(ArticleMatch match) {
  switch (match) {
    case ArticleMatch::kSameGuid:
      return "same-guid";
    case ArticleMatch::kAlias:
      return "alias";
    case ArticleMatch::kExactDuplicate:
      return "exact";
    case ArticleMatch::kNearDuplicate:
      return "near";
  }
  return "same-guid";
}

std::vector<core::Result<WriteOutcome>> Store::WriteVersions(
    const std::vector<IncomingVersion>& versions, const BatchVersionDecider& decide) {
  std::vector<core::Result<WriteOutcome>> outcomes;
  outcomes.reserve(versions.size());
  for (size_t index = 0; index < versions.size(); ++index) {
    outcomes.push_back(WriteVersion(
        versions[index],
        [&decide, index](const std::optional<CurrentVersion>& c) { return decide(index, c); }));
  }
  return outcomes;
}

core::Result<std::string> SqlitePathForUrl(const std::string& url) {
  // The same default as core::Config::SqlitePath() with default settings.
  std::string path = "./wiredesk-data/wiredesk.db";
  if (url.rfind("sqlite:", 0) == 0) {
    path = url.substr(7);
    // "sqlite:///abs/path.db" names /abs/path.db, as in other tools' database URLs.
    if (path.rfind("//", 0) == 0)
      path = path.substr(2);
  } else if (!url.empty()) {
    std::string scheme = url.substr(0, url.find(':'));
    return core::MakeError(
        core::ErrorCode::kInvalidArgument,
        "unsupported database URL scheme '" + scheme + "'; this build supports sqlite:PATH");
  }
  return path;
}

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  WD_ASSIGN_OR_RETURN(std::string path, SqlitePathForUrl(url));
  SqliteStoreOptions options;
  options.path = path;
  WD_ASSIGN_OR_RETURN(auto store, SqliteStore::Open(options));
  return std::unique_ptr<Store>(std::move(store));
}

core::Result<std::vector<IndexTerm>> Store::SearchTerms(std::string_view, std::string_view, int) {
  return std::vector<IndexTerm>{};
}

core::Status Store::SetArticleClusters(std::span<const ClusterAssignment>) {
  return core::MakeError(core::ErrorCode::kFailedPrecondition,
                         "this store keeps no story clusters");
}

core::Result<std::vector<core::Article>> Store::ClusterMembers(core::ArticleId, int) {
  return std::vector<core::Article>{};
}

}  // namespace wiredesk::store
