#include "store/migrations.h"

#include <string>

#include "store/internal/sqlite.h"

namespace wiredesk::store {
namespace {

// Times are Unix seconds (INTEGER) and enums their lower-case names (TEXT), so the file reads
// well in the sqlite3 shell and sorts correctly. Articles keep their content even when killed
// or withheld: the provenance page and the version history need it.
constexpr std::string_view kArticlesVersionsOutbox = R"sql(
CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  source_kind TEXT NOT NULL,
  guid TEXT NOT NULL,
  section TEXT NOT NULL,
  slug TEXT NOT NULL,
  state TEXT NOT NULL,
  version_rank INTEGER NOT NULL,
  last_change TEXT NOT NULL,
  version_count INTEGER NOT NULL,
  headline TEXT NOT NULL,
  byline TEXT NOT NULL DEFAULT '',
  dateline TEXT NOT NULL DEFAULT '',
  summary_html TEXT NOT NULL DEFAULT '',
  body_html TEXT NOT NULL DEFAULT '',
  language TEXT NOT NULL DEFAULT '',
  link TEXT NOT NULL DEFAULT '',
  rights TEXT NOT NULL DEFAULT '',
  ednote TEXT NOT NULL DEFAULT '',
  urgency INTEGER,
  authors_json TEXT NOT NULL DEFAULT '[]',
  subjects_json TEXT NOT NULL DEFAULT '[]',
  published INTEGER NOT NULL,
  updated INTEGER NOT NULL,
  embargo INTEGER,
  received_at INTEGER NOT NULL,
  body_text_sha256_received TEXT NOT NULL DEFAULT '',
  body_text_sha256_stored TEXT NOT NULL DEFAULT '',
  UNIQUE (source, guid)
);
-- The front page and the API list: published articles, newest first, keyset-paginated.
CREATE INDEX articles_state_published ON articles (state, published DESC, id DESC);
-- Section pages: one range scan per section subtree.
CREATE INDEX articles_section_published ON articles (section, published DESC, id DESC);
-- The API's ?guid= filter, which does not name the source.
CREATE INDEX articles_guid ON articles (guid);

CREATE TABLE article_versions (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  rank INTEGER NOT NULL,
  change TEXT NOT NULL,
  status TEXT NOT NULL,
  headline TEXT NOT NULL,
  ednote TEXT NOT NULL DEFAULT '',
  body_text_sha256 TEXT NOT NULL DEFAULT '',
  body_text_sha256_stored TEXT NOT NULL DEFAULT '',
  section TEXT NOT NULL,
  item_json TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
CREATE INDEX article_versions_article ON article_versions (article_id, id);

-- AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted, so a follower
-- that remembers the last seq it applied never skips an event.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  change TEXT NOT NULL,
  section TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
)sql";

// The full-text index of published articles. It keeps its own copy of the text (not
// contentless, not external-content over articles) because snippet() needs the text, and the
// indexed text is the tag-stripped HTML, which no articles column holds. rowid = articles.id.
// SqliteStore keeps it in step in the same transaction as every article write: a row exists
// exactly while its article is published. wd_html_text is registered on every connection.
constexpr std::string_view kArticleSearch = R"sql(
CREATE VIRTUAL TABLE article_search USING fts5 (
  headline, summary, body, byline, subjects,
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_search (rowid, headline, summary, body, byline, subjects)
  SELECT id, headline, wd_html_text(summary_html), wd_html_text(body_html), byline,
         COALESCE((SELECT group_concat(json_extract(value, '$.name'), ' ')
                   FROM json_each(subjects_json)), '')
  FROM articles WHERE state = 'published';
)sql";

// Readers' accounts (store/account_store.h). Secrets are stored hashed: sessions and gift
// cards by the SHA-256 of their token or code, passwords as argon2id strings. Rows about a
// user go with the user (ON DELETE CASCADE), so deleting an account removes its personal data;
// reads and saved keep rowids, which grow with each insert, so "newest first" holds within
// one second; a redeemed gift card keeps its redeemed_at, with the redeemer forgotten, so it stays
// spent.
constexpr std::string_view kAccounts = R"sql(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  premium_until INTEGER,
  preferences_json TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE reads (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  read_at INTEGER NOT NULL,
  UNIQUE (user_id, article_id)
);
CREATE INDEX reads_user_time ON reads (user_id, read_at DESC);
CREATE TABLE saved (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  saved_at INTEGER NOT NULL,
  UNIQUE (user_id, article_id)
);
CREATE INDEX saved_user_time ON saved (user_id, saved_at DESC);
CREATE TABLE watchlist (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  value TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, kind, value)
);
CREATE TABLE feedback (
  id INTEGER PRIMARY KEY,
  user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER REFERENCES articles (id),
  category TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  resolved_at INTEGER,
  resolved_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX feedback_open ON feedback (resolved_at, id DESC);
CREATE TABLE gift_cards (
  code_hash TEXT PRIMARY KEY,
  days INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  redeemed_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
  redeemed_at INTEGER
);
CREATE TABLE premium_meter (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  month TEXT NOT NULL,
  article_id INTEGER NOT NULL,
  read_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, month, article_id)
) WITHOUT ROWID;
)sql";

// Where stories come from (ingest/sources.h): polled URLs, drop folders and push endpoints,
// with each one's polling state. A push token is stored only as its SHA-256, so a copy of
// the database does not hand out the right to publish.
constexpr std::string_view kSources = R"sql(
CREATE TABLE sources (
  name TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('http', 'folder', 'push')),
  location TEXT NOT NULL DEFAULT '',
  interval_seconds INTEGER NOT NULL DEFAULT 0,
  push_token_hash TEXT NOT NULL DEFAULT '',
  section_rules_json TEXT NOT NULL DEFAULT '[]',
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_status TEXT NOT NULL DEFAULT '',
  last_polled_at INTEGER,
  next_poll_at INTEGER NOT NULL DEFAULT 0,
  failure_count INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
)sql";

// Dedupe (see ingest/dedupe.h). Every created or superseding version's keys are kept, so a later
// copy of either an old or the current text finds the story. The band table holds the SimHash
// itself, so a near lookup reads one index range per band and no other table. Aliases map a
// (source, guid) that duplicated a story to it, so its later versions (a kill above all) reach
// the story instead of creating another.
constexpr std::string_view kDedupe = R"sql(
CREATE TABLE article_fingerprints (
  id INTEGER PRIMARY KEY,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  text_sha256 TEXT NOT NULL,
  published INTEGER NOT NULL
);
CREATE INDEX article_fingerprints_text ON article_fingerprints (text_sha256, article_id);

CREATE TABLE article_simhash_bands (
  band_key INTEGER NOT NULL,
  published INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  simhash INTEGER NOT NULL,
  PRIMARY KEY (band_key, published, article_id, simhash)
) WITHOUT ROWID;

CREATE TABLE article_aliases (
  source TEXT NOT NULL,
  guid TEXT NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  match TEXT NOT NULL,
  distance INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  PRIMARY KEY (source, guid)
);
CREATE INDEX article_aliases_article ON article_aliases (article_id);
)sql";

// The search index again, now with prefix indexes of 2 and 3 characters, so that a prefix*
// query reads the short-prefix entries directly instead of merging every term that starts with
// it. A longer prefix has no index of its length and is still such a merge (measured at stop 19:
// a 4-letter prefix is the slowest query class; docs/search.md). FTS5 takes options only at
// CREATE, so the table is rebuilt from the articles, as migration 2 built it.
constexpr std::string_view kSearchPrefixIndex = R"sql(
DROP TABLE article_search;
CREATE VIRTUAL TABLE article_search USING fts5 (
  headline, summary, body, byline, subjects,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
INSERT INTO article_search (rowid, headline, summary, body, byline, subjects)
  SELECT id, headline, wd_html_text(summary_html), wd_html_text(body_html), byline,
         COALESCE((SELECT group_concat(json_extract(value, '$.name'), ' ')
                   FROM json_each(subjects_json)), '')
  FROM articles WHERE state = 'published';
)sql";

// The alerts outbox (store/alert_outbox_store.h): one row per (reader, article, channel) under
// a unique key, so no alert is queued twice. The partial index serves the dispatcher's "due
// now" scan without reading sent rows; the others serve a kill's withdrawal, the reader's page
// and rate limits.
constexpr std::string_view kAlertDeliveries = R"sql(
CREATE TABLE alert_deliveries (
  id INTEGER PRIMARY KEY,
  delivery_key TEXT NOT NULL UNIQUE,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  channel TEXT NOT NULL,
  recipient TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead', 'withdrawn')),
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at, id)
  WHERE state = 'pending';
CREATE INDEX alert_deliveries_article ON alert_deliveries (article_id, state);
CREATE INDEX alert_deliveries_user ON alert_deliveries (user_id, created_at DESC);
)sql";

// Read events for trending (store/reading_store.h). Signed-in readers are counted from reads,
// which holds one row per reader and story, so reads_time lets "reads since T" be one range
// scan. Anonymous page views are kept as one row per (hour, story, visitor), the visitor a
// salted hash of the client address made by recommend/, so a client that refreshes in a loop
// adds at most one row per story and hour, and COUNT(DISTINCT visitor) counts it once in any
// window. Rows older than the longest trending window are pruned.
constexpr std::string_view kReading = R"sql(
CREATE INDEX reads_time ON reads (read_at, article_id);
CREATE TABLE article_views (
  hour INTEGER NOT NULL,
  article_id INTEGER NOT NULL REFERENCES articles (id),
  visitor TEXT NOT NULL,
  PRIMARY KEY (hour, article_id, visitor)
) WITHOUT ROWID;
)sql";

// A counter every change to what readers follow moves (watchlist rows, preferences, e-mail
// addresses, accounts), kept by triggers so that every writer — this process, another web node,
// the CLI — moves it. The alert matcher rebuilds its subscription index only when it changed.
constexpr std::string_view kFollowChanges = R"sql(
CREATE TABLE follow_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  generation INTEGER NOT NULL
);
INSERT INTO follow_changes (id, generation) VALUES (1, 0);
CREATE TRIGGER follow_changes_watch_added AFTER INSERT ON watchlist
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
CREATE TRIGGER follow_changes_watch_removed AFTER DELETE ON watchlist
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
CREATE TRIGGER follow_changes_watch_changed AFTER UPDATE ON watchlist
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
CREATE TRIGGER follow_changes_user_changed AFTER UPDATE OF preferences_json, email ON users
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
CREATE TRIGGER follow_changes_user_removed AFTER DELETE ON users
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
)sql";

// Keys the site makes for itself and every node must share (the signing key of unsubscribe
// links): the first node to need one stores it, the others read it.
constexpr std::string_view kSiteKeys = R"sql(
CREATE TABLE site_keys (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Browsers' Web Push subscriptions (store/account_store.h). The endpoint is unique: it names
// one browser profile, which speaks for one reader at a time. They go with their reader.
constexpr std::string_view kPushSubscriptions = R"sql(
CREATE TABLE push_subscriptions (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  endpoint TEXT NOT NULL UNIQUE,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id, id);
-- Which browsers a reader has decides whether alerts go to Web Push: it is part of what the
-- alert matcher reads (migration 9).
CREATE TRIGGER follow_changes_push_added AFTER INSERT ON push_subscriptions
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
CREATE TRIGGER follow_changes_push_removed AFTER DELETE ON push_subscriptions
  BEGIN UPDATE follow_changes SET generation = generation + 1; END;
)sql";

// The search index a third time, now split by the "wiredesk" tokenizer (store/internal/
// fts_tokenizer.h, core/search_tokenizer.h): ICU word breaks, so Chinese, Japanese and Thai
// split into words; full case folding; diacritics folded; and Snowball stems beside the words.
// FTS5 hands a tokenizer only the text, never the row, so each value carries its article's
// language as a short mark in front (wd_language_mark; none for English, the default), which
// the tokenizer consumes: one table serves every language, a story is stemmed by its own
// language, and snippets re-read the stored text the same way. The vocabulary table serves
// spelling suggestions ("Did you mean ..."), and articles_search_meta lets search score and
// filter every match without reading article rows. Rebuilt from the articles, as migration 6
// was.
constexpr std::string_view kSearchTokenizer = R"sql(
DROP TABLE article_search;
CREATE VIRTUAL TABLE article_search USING fts5 (
  headline, summary, body, byline, subjects,
  tokenize = 'wiredesk',
  prefix = '2 3'
);
INSERT INTO article_search (rowid, headline, summary, body, byline, subjects)
  SELECT id, wd_language_mark(language, headline),
         wd_language_mark(language, wd_html_text(summary_html)),
         wd_language_mark(language, wd_html_text(body_html)),
         wd_language_mark(language, byline),
         wd_language_mark(language, COALESCE((SELECT group_concat(json_extract(value, '$.name'),
                                                                  ' ')
                                              FROM json_each(subjects_json)), ''))
  FROM articles WHERE state = 'published';
CREATE VIRTUAL TABLE article_search_vocab USING fts5vocab (article_search, 'row');
-- What search reads of every matching story to filter and score it, apart from the wide
-- article rows (SqliteStore::Search names it with INDEXED BY).
CREATE INDEX articles_search_meta ON articles (id, state, published, section, source, language);
)sql";

// The follow counter of migration 9 becomes a log of whose follows changed: the alert matcher
// then re-reads only those readers instead of every reader (a whole rebuild takes over a second
// at 100,000 readers, and one reader adding a company would cost every story that much). The
// log's position is its AUTOINCREMENT sequence, which pruning old rows does not move back;
// rows older than a day are pruned, and a matcher further behind than that reads everything.
constexpr std::string_view kFollowChangeLog = R"sql(
DROP TRIGGER follow_changes_watch_added;
DROP TRIGGER follow_changes_watch_removed;
DROP TRIGGER follow_changes_watch_changed;
DROP TRIGGER follow_changes_user_changed;
DROP TRIGGER follow_changes_user_removed;
DROP TRIGGER follow_changes_push_added;
DROP TRIGGER follow_changes_push_removed;
DROP TABLE follow_changes;
CREATE TABLE follow_changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id INTEGER NOT NULL,
  changed_at INTEGER NOT NULL
);
CREATE INDEX follow_changes_time ON follow_changes (changed_at);
CREATE TRIGGER follow_changes_watch_added AFTER INSERT ON watchlist BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (NEW.user_id, unixepoch());
END;
CREATE TRIGGER follow_changes_watch_removed AFTER DELETE ON watchlist BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (OLD.user_id, unixepoch());
END;
CREATE TRIGGER follow_changes_watch_changed AFTER UPDATE ON watchlist BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (OLD.user_id, unixepoch());
  INSERT INTO follow_changes (user_id, changed_at) VALUES (NEW.user_id, unixepoch());
END;
CREATE TRIGGER follow_changes_user_added AFTER INSERT ON users BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (NEW.id, unixepoch());
END;
CREATE TRIGGER follow_changes_user_changed AFTER UPDATE OF preferences_json, email ON users BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (NEW.id, unixepoch());
END;
CREATE TRIGGER follow_changes_user_removed AFTER DELETE ON users BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (OLD.id, unixepoch());
END;
CREATE TRIGGER follow_changes_push_added AFTER INSERT ON push_subscriptions BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (NEW.user_id, unixepoch());
END;
CREATE TRIGGER follow_changes_push_removed AFTER DELETE ON push_subscriptions BEGIN
  INSERT INTO follow_changes (user_id, changed_at) VALUES (OLD.user_id, unixepoch());
END;
)sql";

// Story clusters (recommend/story_clusters.h): every member of a cluster carries the id of its
// first article. NULL until the article is clustered. The index serves "the other members of
// this cluster" for Full coverage; the candidates a new story may join are found by search.
constexpr std::string_view kStoryClusters = R"sql(
ALTER TABLE articles ADD COLUMN cluster_id INTEGER;
CREATE INDEX articles_cluster ON articles (cluster_id, published) WHERE cluster_id IS NOT NULL;
)sql";

// Story features (store/internal/story_features.h): per published story, what a reader's
// profile is built from, in small rows so a profile of 300 stories does not read 300 articles.
// Filled here for the stories already stored; the store keeps it in step with every write.
// Derived data without a foreign key: an immediate constraint would make each write open a
// statement savepoint, at which FTS5 flushes the batch's pending index data (see
// ReindexArticle in sqlite_store.cc).
constexpr std::string_view kStoryFeatures = R"sql(
CREATE TABLE story_features (
  article_id INTEGER PRIMARY KEY,
  section TEXT NOT NULL,
  key_terms TEXT NOT NULL,
  subjects_json TEXT NOT NULL
);
INSERT INTO story_features (article_id, section, key_terms, subjects_json)
  SELECT id, section, wd_key_terms(headline, summary_html), subjects_json FROM articles
  WHERE state = 'published';
)sql";

// A reader's history as Recommended For You reads it (newest first, with the story each row
// names) from the index alone: with article_id in it, a profile of 300 stories skips 300
// lookups of the rows themselves.
constexpr std::string_view kHistoryIndexes = R"sql(
DROP INDEX reads_user_time;
CREATE INDEX reads_user_time ON reads (user_id, read_at DESC, article_id);
DROP INDEX saved_user_time;
CREATE INDEX saved_user_time ON saved (user_id, saved_at DESC, article_id);
)sql";

// Key terms read a headline as plain text since this version (core/key_terms.cc): the stored
// terms of headlines with angle brackets, such as Reuters' "<GEORGE WESTON LTD> YEAR NET",
// had lost the words inside them.
constexpr std::string_view kStoryFeaturesPlainHeadlines = R"sql(
UPDATE story_features SET key_terms =
  (SELECT wd_key_terms(a.headline, a.summary_html) FROM articles a
   WHERE a.id = story_features.article_id)
  WHERE article_id IN (SELECT id FROM articles WHERE headline LIKE '%<%');
)sql";

// Chinese and Japanese are now indexed as character bigrams (core/search_tokenizer.h). Every
// other text gives the tokens it gave before, so the index is rebuilt from its stored text only
// when it holds a term of kana or ideographs. The vocabulary is sorted by bytes, as UTF-8 sorts
// by code point, so each script's range is one seek of it, not a scan of every story's text
// (two minutes on a store of a million stories).
constexpr std::string_view kSearchCharacterBigrams = R"sql(
INSERT INTO article_search (article_search)
  SELECT 'rebuild'
  WHERE EXISTS (SELECT 1 FROM article_search_vocab
                WHERE term >= char(0x3041) AND term < char(0xA000))
     OR EXISTS (SELECT 1 FROM article_search_vocab
                WHERE term >= char(0xF900) AND term < char(0xFB00))
     OR EXISTS (SELECT 1 FROM article_search_vocab
                WHERE term >= char(0xFF66) AND term < char(0xFFA0))
     OR EXISTS (SELECT 1 FROM article_search_vocab WHERE term >= char(0x20000));
)sql";

// Each indexed story's length and publication time, for wd_rank (store/internal/search_rank.h),
// with the sequence number by which every process's copy in memory catches up. Filled here from
// the index as it stands; numbered by id, so the store's next number is above them all.
constexpr std::string_view kSearchRank = R"sql(
CREATE TABLE article_search_rank (
  id INTEGER PRIMARY KEY,
  tokens INTEGER NOT NULL,
  published INTEGER NOT NULL,
  seq INTEGER NOT NULL
);
CREATE INDEX article_search_rank_seq ON article_search_rank (seq);
INSERT INTO article_search_rank (id, tokens, published, seq)
  SELECT d.id, wd_docsize_tokens(d.sz), a.published, d.id
  FROM article_search_docsize d JOIN articles a ON a.id = d.id;
)sql";

constexpr Migration kMigrations[] = {
    {1, "articles, versions and outbox", kArticlesVersionsOutbox},
    {2, "full-text search index", kArticleSearch},
    {3, "readers' accounts", kAccounts},
    {4, "sources", kSources},
    {5, "dedupe fingerprints and aliases", kDedupe},
    {6, "search prefix indexes", kSearchPrefixIndex},
    {7, "alert deliveries", kAlertDeliveries},
    {8, "read events for trending", kReading},
    {9, "follow change counter", kFollowChanges},
    {10, "site keys", kSiteKeys},
    {11, "web push subscriptions", kPushSubscriptions},
    {12, "search tokenizer with stems", kSearchTokenizer},
    {13, "follow change log", kFollowChangeLog},
    {14, "story clusters", kStoryClusters},
    {15, "story features", kStoryFeatures},
    {16, "history indexes with the story", kHistoryIndexes},
    {17, "story features of headlines with angle brackets", kStoryFeaturesPlainHeadlines},
    {18, "search index of Chinese and Japanese as character bigrams", kSearchCharacterBigrams},
    {19, "search ranking lengths and times", kSearchRank},
};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

core::Result<int> SchemaVersion(internal::Connection& db) {
  WD_ASSIGN_OR_RETURN(internal::Statement stmt, db.Prepare("PRAGMA user_version"));
  WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? static_cast<int>(stmt.ColumnInt(0)) : 0;
}

core::Status ApplyMigrations(internal::Connection& db, std::span<const Migration> migrations) {
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (migrations[i].version != static_cast<int>(i) + 1) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "migration " + std::to_string(i + 1) + " is numbered " +
                                 std::to_string(migrations[i].version));
    }
  }
  const int newest = static_cast<int>(migrations.size());
  // Read user_version inside the write transaction: another process may have migrated the
  // file between our open and now.
  WD_ASSIGN_OR_RETURN(auto tx,
                      internal::Transaction::Begin(db, internal::TransactionMode::kImmediate));
  WD_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  if (current > newest) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition,
                           "database schema version " + std::to_string(current) +
                               " is newer than this wiredesk knows (" + std::to_string(newest) +
                               "); upgrade wiredesk");
  }
  if (current == newest)
    return core::Ok();  // The transaction rolls back: nothing was written.
  WD_RETURN_IF_ERROR(
      db.Exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
              "name TEXT NOT NULL, applied_at INTEGER NOT NULL)"));
  for (const Migration& m : migrations.subspan(static_cast<size_t>(current))) {
    auto applied = db.Exec(m.sql);
    if (!applied) {
      return core::MakeError(applied.error().code(), "migration " + std::to_string(m.version) +
                                                         " (" + std::string(m.name) +
                                                         "): " + applied.error().message());
    }
    WD_ASSIGN_OR_RETURN(internal::Statement record,
                        db.Prepare("INSERT INTO schema_migrations (version, name, applied_at) "
                                   "VALUES (?, ?, CAST(strftime('%s', 'now') AS INTEGER))"));
    WD_RETURN_IF_ERROR(record.Bind(1, int64_t{m.version}).Bind(2, m.name).Run());
  }
  // PRAGMA takes no bound parameters; the number is ours, not user input.
  WD_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(newest)));
  return tx.Commit();
}

}  // namespace wiredesk::store
