// The recommendation blocks of the pages and their inputs: "Most read" (recommend/trending.h)
// and "Recommended For You" (recommend/for_you.h) as story cards, and a reader's interests
// from their account.
//
// Both blocks are courtesies: a failure is logged and the block left out, never the page. A
// page with "Recommended For You" is made for one reader; site.cc marks every page of a
// signed-in reader "private, no-store" and keeps it out of the page cache.
//
// Thread safety: stateless functions over the thread-safe objects of SiteContext.
#pragma once

#include <optional>
#include <vector>

#include "accounts/account_service.h"
#include "core/article.h"
#include "core/section_path.h"
#include "recommend/for_you.h"
#include "web/site.h"
#include "web/views.h"

namespace wiredesk::web {

// Stories in each block of a page.
inline constexpr int kMostReadOnPage = 5;
inline constexpr int kRecommendedOnHome = 6;
inline constexpr int kRecommendedOnArticle = 4;

// The reader's preferred sections, topics (as follows of kind "topic") and watchlist entries.
recommend::ReaderInterests InterestsOf(const SiteContext& context, const accounts::Viewer& viewer);

// Options for the recommender with section titles from the config.
recommend::ForYouOptions ForYouOptionsFor(const SiteContext& context, int limit,
                                          std::optional<core::ArticleId> exclude);

// Related stories of `article`, from the kept lists when the site has them.
core::Result<std::vector<core::Article>> RelatedTo(const SiteContext& context,
                                                   const core::Article& article, int limit);

// "Most read" in `section` (empty: everywhere); empty when trending is off or fails, or the
// config keeps blocks off pages.
std::vector<StoryCard> MostReadCards(const SiteContext& context, const core::SectionPath& section,
                                     int limit);

// "Recommended For You", each card carrying its reason; empty for anonymous readers, when the
// recommender is off or fails, or when the config keeps blocks off pages.
std::vector<StoryCard> RecommendedCards(const SiteContext& context, const Request& request,
                                        int limit, std::optional<core::ArticleId> exclude);

}  // namespace wiredesk::web
