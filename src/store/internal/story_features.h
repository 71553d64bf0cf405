// Story features: what Recommended For You reads of each story in a reader's history (its
// section, subjects and key terms, core/key_terms.h), kept in the story_features table beside
// the article, private to store/.
//
// A profile is built from up to 300 stories per request. Reading those from articles would pull
// whole rows, bodies included, one random page each; these rows are small and sit together.
// Only published stories have a row, so a killed or withheld story leaves profiles too.
//
// Thread safety: free functions; as safe as the connection they are given.
#pragma once

#include "core/article.h"
#include "core/result.h"
#include "store/internal/sqlite.h"

struct sqlite3;

namespace wiredesk::store::internal {

// Registers wd_key_terms(headline, summary_html) -> the key terms joined by spaces, so the
// migration that fills the table and the upkeep below share one definition. Returns the SQLite
// result code.
int RegisterStoryFeatureFunctions(sqlite3* db);

// Brings the article's row up to date with the article: written while it is published,
// deleted otherwise. Called in the transaction that changed the article.
core::Status WriteStoryFeatures(Connection& db, core::ArticleId id);

}  // namespace wiredesk::store::internal
