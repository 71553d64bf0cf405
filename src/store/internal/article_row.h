// The article columns and their row reader, shared by the stores over the SQLite file
// (SqliteStore, SqliteAccountStore), so a list of articles reads the same everywhere.
// Private to store/. Thread safety: pure functions.
#pragma once

#include <string>

#include "core/article.h"
#include "core/result.h"
#include "store/internal/sqlite.h"

namespace wiredesk::store::internal {

// The list columns of articles (body left empty), each qualified with "a.", in the order
// ReadArticleRow expects: select them first, then any columns of your own (from index
// kArticleColumnCount).
std::string ArticleListColumnsQualified();

// Reads the article from columns 0..28 of `row`; kDataLoss for a malformed stored value.
core::Result<core::Article> ReadArticleRow(const Statement& row);

// Number of columns ArticleListColumnsQualified() selects.
inline constexpr int kArticleColumnCount = 29;

}  // namespace wiredesk::store::internal
