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
  WD_ASSIGN_OR_RETURN(
      Statement write,
      db.Prepare("INSERT OR REPLACE INTO story_features (article_id, section, key_terms, "
                 "subjects_json) SELECT id, section, wd_key_terms(headline, summary_html), "
                 "subjects_json FROM articles WHERE id = ? AND state = 'published'"));
  WD_RETURN_IF_ERROR(write.Bind(1, id).Run());
  if (db.Changes() > 0)
    return core::Ok();
  WD_ASSIGN_OR_RETURN(Statement remove,
                      db.Prepare("DELETE FROM story_features WHERE article_id = ?"));
  return remove.Bind(1, id).Run();
}

}  // namespace wiredesk::store::internal
