// The "wiredesk" FTS5 tokenizer, private to store/: core::SearchTokenizer (ICU word breaks,
// case and diacritics folding, Snowball stems by the text's language mark) behind SQLite's
// fts5_tokenizer interface, so the index and every MATCH query split text the same way.
//
// Each FTS5 table on a connection creates its own tokenizer instance, and a connection is used
// by one thread at a time, so instances need no locks.
#pragma once

struct sqlite3;
struct fts5_api;

namespace wiredesk::store::internal {

// Registers the tokenizer as "wiredesk" and the SQL function wd_language_mark(language, text)
// (core::LanguageMarked) on `db`. Returns the SQLite result code; SQLITE_ERROR when the
// SQLite library has no FTS5.
int RegisterSearchTokenizer(sqlite3* db);

// Sets *api to `db`'s FTS5 API (version 2 or later). Returns the SQLite result code.
int Fts5Api(sqlite3* db, fts5_api** api);

}  // namespace wiredesk::store::internal
