#include "web/recommend_blocks.h"

#include <spdlog/spdlog.h>

#include "recommend/related.h"
#include "recommend/story_clusters.h"
#include "recommend/trending.h"

namespace wiredesk::web {

recommend::ReaderInterests InterestsOf(const SiteContext& context, const accounts::Viewer& viewer) {
  recommend::ReaderInterests interests;
  interests.user = viewer.user.id;
  if (context.accounts == nullptr)
    return interests;
  accounts::Preferences prefs = context.accounts->GetPreferences(viewer);
  interests.sections = prefs.sections;
  for (const std::string& topic : prefs.topics) interests.follows.push_back({"topic", topic});
  if (auto watches = context.accounts->Watches(viewer)) {
    for (const store::WatchRecord& w : *watches) interests.follows.push_back({w.kind, w.value});
  }
  return interests;
}

recommend::ForYouOptions ForYouOptionsFor(const SiteContext& context, int limit,
                                          std::optional<core::ArticleId> exclude) {
  recommend::ForYouOptions options;
  options.limit = limit;
  options.exclude = exclude;
  const core::Config* config = &context.config;
  options.section_title = [config](const core::SectionPath& s) { return config->SectionTitle(s); };
  return options;
}

core::Result<std::vector<core::Article>> RelatedTo(const SiteContext& context,
                                                   const core::Article& article, int limit) {
  const recommend::RelatedOptions options{.limit = limit, .candidates = 40, .max_terms = 12};
  if (context.related != nullptr)
    return context.related->For(article, options);
  return recommend::RelatedArticles(context.store, article, options);
}

std::vector<StoryCard> MostReadCards(const SiteContext& context, const core::SectionPath& section,
                                     int limit) {
  std::vector<StoryCard> cards;
  if (context.trending == nullptr || !context.config.recommend.page_blocks)
    return cards;
  auto entries = context.trending->MostRead(section, limit);
  if (!entries) {
    spdlog::warn("most read in '{}': {}", section.ToString(), entries.error().ToString());
    return cards;
  }
  // One report per event: the others are under its Full coverage.
  recommend::KeepOnePerCluster(
      *entries, [](const store::MostReadEntry& e) -> const core::Article& { return e.article; });
  for (const store::MostReadEntry& e : *entries)
    cards.push_back(MakeStoryCard(e.article, context.config));
  return cards;
}

std::vector<StoryCard> RecommendedCards(const SiteContext& context, const Request& request,
                                        int limit, std::optional<core::ArticleId> exclude) {
  std::vector<StoryCard> cards;
  if (context.recommender == nullptr || request.viewer == nullptr ||
      !context.config.recommend.page_blocks)
    return cards;
  const accounts::Viewer& viewer = *request.viewer;
  // The reader's interests are read only when their list is made anew.
  auto recs = context.recommender->ForReader(
      viewer.user.id, [&] { return InterestsOf(context, viewer); },
      ForYouOptionsFor(context, limit, exclude));
  if (!recs) {
    spdlog::warn("recommendations for reader {}: {}", request.viewer->user.id,
                 recs.error().ToString());
    return cards;
  }
  recommend::KeepOnePerCluster(
      *recs, [](const recommend::Recommendation& r) -> const core::Article& { return r.article; });
  for (const recommend::Recommendation& r : *recs) {
    StoryCard card = MakeStoryCard(r.article, context.config);
    card.reason = r.reason;
    cards.push_back(std::move(card));
  }
  return cards;
}

}  // namespace wiredesk::web
