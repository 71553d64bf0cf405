#include "store/internal/story_features.h"

#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "core/key_terms.h"

namespace wiredesk::store::internal {
namespace {

// As many as Recommended For You keeps per story.
constexpr int kKeyTermsPerStory = 12;

std::string_view TextArgument(sqlite3_value* value) {
  const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
  if (text == nullptr)
    return {};
  return std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(value)));
}

void WdKeyTerms(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  if (argc != 2) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  std::string joined;
  for (const std::string& term :
       core::KeyTerms(TextArgument(argv[0]), TextArgument(argv[1]), "", kKeyTermsPerStory)) {
    if (!joined.empty())
      joined += ' ';
    joined += term;  // Words never hold a space (core/words.h), so the space separates them.
  }
  sqlite3_result_text64(ctx, joined.data(), joined.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

int RegisterStoryFeatureFunctions(sqlite3* db) {
  return sqlite3_create_function_v2(db, "wd_key_terms", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    &WdKeyTerms, nullptr, nullptr, nullptr);
}

core::Status WriteStoryFeatures(Connection& db, core::ArticleId id) {
  // One row per statement, never INSERT ... SELECT or OR REPLACE: a statement that may change
  // several rows opens a savepoint, and FTS5 flushes the transaction's pending index data at
  // each one, which cost ingest a third of its time.
  WD_ASSIGN_OR_RETURN(Statement present,
                      db.Prepare("SELECT 1 FROM story_features WHERE article_id = ?"));
  WD_ASSIGN_OR_RETURN(bool exists, present.Bind(1, id).Step());
  WD_ASSIGN_OR_RETURN(Statement values,
                      db.Prepare("SELECT section, wd_key_terms(headline, summary_html), "
                                 "subjects_json FROM articles WHERE id = ? AND "
                                 "state = 'published'"));
  WD_ASSIGN_OR_RETURN(bool published, values.Bind(1, id).Step());
  if (!published) {
    if (!exists)
      return core::Ok();
    WD_ASSIGN_OR_RETURN(Statement remove,
                        db.Prepare("DELETE FROM story_features WHERE article_id = ?"));
    return remove.Bind(1, id).Run();
  }
  WD_ASSIGN_OR_RETURN(
      Statement write,
      db.Prepare(exists ? "UPDATE story_features SET section = ?2, key_terms = ?3, "
                          "subjects_json = ?4 WHERE article_id = ?1"
                        : "INSERT INTO story_features (article_id, section, key_terms, "
                          "subjects_json) VALUES (?1, ?2, ?3, ?4)"));
  return write.Bind(1, id)
      .Bind(2, values.ColumnText(0))
      .Bind(3, values.ColumnText(1))
      .Bind(4, values.ColumnText(2))
      .Run();
}

}  // namespace wiredesk::store::internal
