#include "store/internal/fts_tokenizer.h"

#include <new>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/search_tokenizer.h"

namespace wiredesk::store::internal {
namespace {

struct Tokenizer {
  core::SearchTokenizer tokenizer;
};

int Create(void*, const char**, int, Fts5Tokenizer** out) {
  auto* tokenizer = new (std::nothrow) Tokenizer;
  *out = reinterpret_cast<Fts5Tokenizer*>(tokenizer);
  return tokenizer == nullptr ? SQLITE_NOMEM : SQLITE_OK;
}

void Delete(Fts5Tokenizer* tokenizer) { delete reinterpret_cast<Tokenizer*>(tokenizer); }

int Tokenize(Fts5Tokenizer* self, void* ctx, int flags, const char* text, int size,
             int (*emit)(void*, int, const char*, int, int, int)) {
  core::TokenizeMode mode = core::TokenizeMode::kDocument;
  if (flags & FTS5_TOKENIZE_AUX) {
    mode = core::TokenizeMode::kPositions;  // snippet() and highlight() skip stems anyway.
  } else if (flags & FTS5_TOKENIZE_QUERY) {
    mode =
        (flags & FTS5_TOKENIZE_PREFIX) ? core::TokenizeMode::kPrefix : core::TokenizeMode::kQuery;
  }
  int rc = SQLITE_OK;
  try {
    reinterpret_cast<Tokenizer*>(self)->tokenizer.Tokenize(
        std::string_view(text == nullptr ? "" : text, size > 0 ? static_cast<size_t>(size) : 0),
        mode, [&](const core::SearchToken& token) {
          rc = emit(ctx, token.colocated ? FTS5_TOKEN_COLOCATED : 0, token.term.data(),
                    static_cast<int>(token.term.size()), static_cast<int>(token.begin),
                    static_cast<int>(token.end));
          return rc == SQLITE_OK;
        });
  } catch (const std::bad_alloc&) {
    return SQLITE_NOMEM;
  }
  return rc;
}

fts5_tokenizer kTokenizer = {&Create, &Delete, &Tokenize};

void WdLanguageMark(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  auto text_of = [](sqlite3_value* value) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return std::string_view(text == nullptr ? "" : text,
                            static_cast<size_t>(sqlite3_value_bytes(value)));
  };
  if (argc != 2) {
    sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
    return;
  }
  std::string marked = core::LanguageMarked(text_of(argv[0]), text_of(argv[1]));
  sqlite3_result_text64(ctx, marked.data(), marked.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

int Fts5Api(sqlite3* db, fts5_api** api) {
  // The documented way to reach FTS5's API: SELECT fts5(?1) with a pointer bound to receive it.
  *api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  sqlite3_bind_pointer(stmt, 1, static_cast<void*>(api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  rc = sqlite3_finalize(stmt);
  if (rc != SQLITE_OK)
    return rc;
  return *api == nullptr || (*api)->iVersion < 2 ? SQLITE_ERROR : SQLITE_OK;
}

int RegisterSearchTokenizer(sqlite3* db) {
  fts5_api* api = nullptr;
  int rc = Fts5Api(db, &api);
  if (rc != SQLITE_OK)
    return rc;
  rc = api->xCreateTokenizer(api, "wiredesk", nullptr, &kTokenizer, nullptr);
  if (rc != SQLITE_OK)
    return rc;
  return sqlite3_create_function_v2(db, "wd_language_mark", 2,
                                    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                                    &WdLanguageMark, nullptr, nullptr, nullptr);
}

}  // namespace wiredesk::store::internal
