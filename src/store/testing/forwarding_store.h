// ForwardingStore: a Store that passes every call on to another one, for tests that make one
// call fail (a full disk, a lock timeout) and leave the rest to a real store: derive, and
// override the call to fail. Not for production.
//
// WriteVersions is not passed on: the base class's WriteVersions calls WriteVersion for each
// version, so an overridden WriteVersion sees batches too.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "store/store.h"

namespace wiredesk::store::test_util {

class ForwardingStore : public Store {
 public:
  explicit ForwardingStore(Store& inner) : inner_(inner) {}

  core::Result<WriteOutcome> WriteVersion(const IncomingVersion& version,
                                          const VersionDecider& decide) override {
    return inner_.WriteVersion(version, decide);
  }
  core::Result<core::Article> GetArticle(core::ArticleId id) override {
    return inner_.GetArticle(id);
  }
  core::Result<std::vector<core::ArticleVersion>> GetVersions(core::ArticleId id) override {
    return inner_.GetVersions(id);
  }
  core::Result<ArticlePage> ListArticles(const ArticleQuery& query) override {
    return inner_.ListArticles(query);
  }
  core::Result<std::vector<SectionCount>> ListSections() override { return inner_.ListSections(); }
  core::Result<std::vector<OutboxEvent>> EventsAfter(int64_t after_seq, int limit) override {
    return inner_.EventsAfter(after_seq, limit);
  }
  core::Result<StoreStats> Stats() override { return inner_.Stats(); }
  core::Result<int> ReleaseEmbargoes(core::TimePoint now) override {
    return inner_.ReleaseEmbargoes(now);
  }
  core::Result<std::vector<SearchHit>> Search(const SearchQuery& query) override {
    return inner_.Search(query);
  }
  core::Result<std::vector<IndexTerm>> SearchTerms(std::string_view from, std::string_view to,
                                                   int limit) override {
    return inner_.SearchTerms(from, to, limit);
  }
  core::Status SetArticleClusters(std::span<const ClusterAssignment> assignments) override {
    return inner_.SetArticleClusters(assignments);
  }
  core::Result<std::vector<core::Article>> ClusterMembers(core::ArticleId cluster_id,
                                                          int limit) override {
    return inner_.ClusterMembers(cluster_id, limit);
  }

 private:
  Store& inner_;
};

}  // namespace wiredesk::store::test_util
