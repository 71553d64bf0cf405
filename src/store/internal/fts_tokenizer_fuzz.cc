// libFuzzer target: arbitrary bytes indexed through the "wiredesk" FTS5 tokenizer, then
// searched for (as a quoted phrase, a prefix and a bare expression) with snippets and ranked
// with wd_rank, must never crash SQLite, the tokenizer or the ranking; SQL errors from
// malformed expressions are fine.
#include <cstddef>
#include <cstdint>
#include <string>

#include <sqlite3.h>

#include "store/internal/fts_tokenizer.h"
#include "store/internal/search_rank.h"
#include "store/internal/search_text.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

// A fresh in-memory database per input: FTS5 keeps deleted rows' segments until it merges,
// so a long-lived one would grow with every run.
sqlite3* OpenDatabase() {
  sqlite3* opened = nullptr;
  sqlite3_open(":memory:", &opened);
  wiredesk::store::internal::RegisterSearchFunctions(opened);
  wiredesk::store::internal::RegisterSearchTokenizer(opened);
  wiredesk::store::internal::RegisterSearchRank(opened);
  // wd_rank reads a story's time from articles when no cache knows it.
  sqlite3_exec(opened,
               "CREATE VIRTUAL TABLE t USING fts5 (a, b, tokenize = 'wiredesk', prefix = '2 3');"
               "CREATE TABLE articles (id INTEGER PRIMARY KEY, published INTEGER NOT NULL);"
               "INSERT INTO articles VALUES (1, 0);",
               nullptr, nullptr, nullptr);
  return opened;
}

void Run(sqlite3* db, const char* sql, const std::string& first, const std::string& second) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
    return;
  sqlite3_bind_text(stmt, 1, first.data(), static_cast<int>(first.size()), SQLITE_STATIC);
  sqlite3_bind_text(stmt, 2, second.data(), static_cast<int>(second.size()), SQLITE_STATIC);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
  }
  sqlite3_finalize(stmt);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  sqlite3* db = OpenDatabase();
  // CI feeds whole sample feeds (up to 64 KiB); the first 4 KiB exercise the same paths and keep
  // each run, and SQLite's in-memory pages under ASan, small.
  size = size > 4096 ? 4096 : size;
  std::string text(reinterpret_cast<const char*>(data), size);
  std::string language =
      size > 0 ? std::string(1, static_cast<char>('a' + data[0] % 26)) + "e" : "";
  std::string marked = "\x1F" + language + "\x1F" + text;
  Run(db, "INSERT INTO t (rowid, a, b) VALUES (1, ?1, wd_language_mark('de', ?2))", marked, text);
  std::string phrase = "\"";
  for (char c : text) phrase += c == '"' ? std::string("\"\"") : std::string(1, c);
  phrase += "\"";
  Run(db,
      "SELECT snippet(t, 0, '[', ']', '.', 8), highlight(t, 1, '[', ']') FROM t WHERE t MATCH ?1",
      phrase, "");
  Run(db, "SELECT rowid FROM t WHERE t MATCH ?1", phrase + "*", "");
  Run(db, "SELECT rowid, wd_rank(t, 0, NULL) FROM t WHERE t MATCH ?1 ORDER BY 2", text, "");
  Run(db, "DELETE FROM t", "", "");
  sqlite3_close(db);
  return 0;
}
