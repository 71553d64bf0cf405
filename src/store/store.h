// Store: the system of record for articles, their versions and the outbox.
//
// Every change to a published article (publish, update, correction, withhold, kill) is written
// together with an outbox event row in one transaction, so caches, search and alerts that
// follow the outbox see a change everywhere or nowhere. Implementations: SqliteStore (embedded,
// the default); PostgreSQL later behind the same interface. No SQL lives outside store/.
//
// Thread safety: every method may be called from any thread concurrently; implementations
// serialise writes themselves.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/article.h"
#include "core/item.h"
#include "core/result.h"
#include "core/section_path.h"
#include "core/time.h"

namespace wiredesk::store {

// How the article handed to the decider was found for an incoming version.
enum class ArticleMatch {
  kSameGuid,        // The article of this (source, guid).
  kAlias,           // This (source, guid) was recorded earlier as a duplicate of the article.
  kExactDuplicate,  // A new guid whose body text hash equals one of the article's versions.
  kNearDuplicate,   // A new guid whose SimHash is within the threshold of one of its versions.
};

std::string_view ArticleMatchName(ArticleMatch match);  // "same-guid", "alias", "exact", "near".

// The part of an article's current state that version rules look at.
struct CurrentVersion {
  core::ArticleId id = 0;
  core::ArticleState state = core::ArticleState::kPublished;
  int64_t version_rank = 0;
  std::string body_text_sha256;  // As received for the current version.
  // True once any usable version of the article was stored. An article created withheld has
  // none, so its first usable version is a kPublish, not a kUpdate.
  bool has_usable_version = true;
  ArticleMatch match = ArticleMatch::kSameGuid;
  int distance = 0;  // SimHash bits apart, for kNearDuplicate.
};

// What ingest decided to do with an incoming version (see ingest/version_rules.h).
enum class VersionAction {
  kCreate,          // No article yet: create it from this version.
  kCreateWithheld,  // No article yet and the wire withheld it: create it hidden (kWithheld).
  kSupersede,       // Replace the article's current content with this version.
  kWithhold,        // Keep the content, hide the article; record the version.
  kKill,            // Kill the article; record the version.
  kIgnore,          // Change nothing (stale, duplicate, or after a kill).
  // Record the incoming (source, guid) as a duplicate of the matched article (only for
  // kExactDuplicate and kNearDuplicate matches) and change nothing else: its later versions
  // find the article as kAlias.
  kAlias,
};

struct VersionDecision {
  VersionAction action = VersionAction::kIgnore;
  core::VersionChange change = core::VersionChange::kPublish;  // Recorded for non-ignores.
  std::string reason;  // Why an ignore was chosen, for the ingest report.
};

// Called inside the write transaction with the article's current state (nullopt when the
// article does not exist yet), so the decision and the write are atomic.
using VersionDecider = std::function<VersionDecision(const std::optional<CurrentVersion>&)>;

// The decider of a batch: as VersionDecider, for the version at `index` of the batch.
using BatchVersionDecider =
    std::function<VersionDecision(size_t index, const std::optional<CurrentVersion>&)>;

// What dedupe knows of an incoming usable version (see ingest/dedupe.h). The store looks for an
// article it duplicates when no article or alias has the version's (source, guid), and keeps
// the keys of every created or superseding version so later duplicates can find it.
struct DedupeKeys {
  // The body's text hash; empty when the body is too short to identify a story by itself.
  std::string text_sha256;
  // The 64-bit SimHash of headline and body; nullopt when the text is too short for it.
  std::optional<uint64_t> simhash;
  // Band keys of the SimHash, one indexed lookup each (empty when simhash is nullopt).
  std::vector<int64_t> band_keys;
  // Largest SimHash distance that matches.
  int max_distance = 0;
  // Near matches are looked for among versions published within this many seconds of
  // `published`; exact ones at any time.
  int64_t window_seconds = 0;
  core::TimePoint published;
};

// A version ready to store: the normalised item plus what ingest derived from it.
struct IncomingVersion {
  std::string source;
  core::SourceKind source_kind = core::SourceKind::kWire;
  core::Item item;
  int64_t rank = 0;  // Ordering key among versions of one guid.
  core::SectionPath section;
  core::TimePoint received_at;
  // SHA-256 of the text of item.body_html as stored (after sanitising).
  std::string stored_body_text_sha256;
  // Created or superseded articles are kEmbargoed, not kPublished, while
  // item.embargo > received_at; ReleaseEmbargoes publishes them later.
  // Dedupe keys of a usable item; nullopt (the default) stores without dedupe.
  std::optional<DedupeKeys> dedupe;
};

struct WriteOutcome {
  VersionDecision decision;
  core::ArticleId article_id = 0;  // 0 when ignored before any article existed.
  int64_t event_seq = 0;           // The outbox event written; 0 when ignored or aliased.
  // How the article was found (kSameGuid when none was).
  ArticleMatch match = ArticleMatch::kSameGuid;
};

// An article and the story cluster it is put in (Store::SetArticleClusters).
struct ClusterAssignment {
  core::ArticleId id = 0;
  core::ArticleId cluster_id = 0;
};

// One outbox row: a change that followers (page cache, search, alerts) must apply.
struct OutboxEvent {
  int64_t seq = 0;  // Strictly increasing.
  core::ArticleId article_id = 0;
  core::VersionChange change = core::VersionChange::kPublish;
  std::string section;  // The article's section path, for targeted invalidation.
  core::TimePoint created_at;
};

// A page of a list, newest first by (published, id).
struct ArticleQuery {
  std::optional<core::SectionPath> section;  // Articles in this section or below it.
  std::string guid;                          // Only the article with this wire id.
  int limit = 20;                            // 1..100.
  // Opaque cursor from the previous page's next_cursor; empty for the first page.
  std::string cursor;
  // Include articles in any state (admin views); default lists published ones only.
  bool include_hidden = false;
};

struct ArticlePage {
  std::vector<core::Article> articles;  // body_html is left empty in lists.
  std::string next_cursor;              // Empty when this is the last page.
};

struct SectionCount {
  core::SectionPath section;
  int64_t published_count = 0;
};

struct StoreStats {
  int64_t articles_published = 0;
  int64_t articles_killed = 0;
  int64_t articles_hidden = 0;  // Withheld or embargoed.
  int64_t versions = 0;
  int64_t last_event_seq = 0;
};

// The order of search hits.
enum class SearchOrder {
  // Best match first: bm25 blended with recency (see SearchQuery::ranked_at), then id.
  kRelevance,
  kNewest,  // Newest first by (published, id), as lists are.
};

// Where the previous page of a search ended: hits come strictly after this one in the order.
// For kNewest `published` is the last hit's publication time. For kRelevance the store scores
// article `id` again under the index as it is now (bm25's statistics move as stories arrive)
// and uses `score`, the last hit's SearchHit::score, only when that article no longer matches.
// `id` breaks ties in both.
struct SearchAfter {
  double score = 0;
  core::TimePoint published;
  core::ArticleId id = 0;
};

// A full-text search over published articles (see search/query.h for the reader's language).
struct SearchQuery {
  // An FTS5 MATCH expression. Callers build it from user input with search::ParseQuery, which
  // quotes every term; a malformed expression fails with kInvalidArgument, never a crash.
  std::string fts_match;
  std::optional<core::SectionPath> section;  // Hits in this section or below it.
  // Filters on the article itself (all optional, all combined with AND):
  std::string source;                     // Exactly this source; empty for any.
  std::vector<std::string> author_words;  // Byline contains each (ASCII case folded); {} any.
  std::string language;  // Language tag equal to this or starting with it and "-"; "" any.
  std::optional<core::TimePoint> published_from;    // published >= this.
  std::optional<core::TimePoint> published_before;  // published < this.
  // With published_from and published_before both set: first find the ids of the stories
  // published in that span (one indexed scan of it), and let the full-text index skip every
  // story outside those ids, instead of reading the matches of the whole archive. Worth it for
  // a short span over a long archive (story clustering); the hits are the same either way.
  bool narrow_to_span = false;
  // Whether hits carry snippet_html. Making one reads the story's text again; callers that
  // only score hits (story clustering) leave them out. Default true.
  bool with_snippets = true;
  SearchOrder order = SearchOrder::kRelevance;
  // The time recency is measured from for kRelevance. A caller paging through results keeps
  // the first page's value, so the order does not shift as the clock moves.
  core::TimePoint ranked_at;
  std::optional<SearchAfter> after;  // Keyset position: hits after this one only.
  int limit = 20;                    // 1..100.
  int offset = 0;                    // 0..10000, counted after `after`.
};

struct IndexTerm {
  std::string term;
  int64_t documents = 0;  // Published articles whose indexed text holds the term.
};

struct SearchHit {
  core::Article article;  // body_html is left empty, as in lists.
  // Plain text around the matches, HTML-escaped, with <mark></mark> around matched terms.
  std::string snippet_html;
  // The relevance score: bm25 times the recency boost; lower (more negative) is better. Hits
  // come best first for kRelevance; it is computed for kNewest too.
  double score = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Applies one incoming version atomically: reads the current state of (source, guid) (or of
  // the article it is an alias or, given version.dedupe, a duplicate of; see ArticleMatch),
  // asks `decide`, writes the article, the version row and an outbox event, or for kAlias the
  // alias row alone. Returns the decision taken; fails only on storage errors, and with
  // kInternal when the decision does not fit the match (e.g. kAlias for kSameGuid).
  virtual core::Result<WriteOutcome> WriteVersion(const IncomingVersion& version,
                                                  const VersionDecider& decide) = 0;

  // Applies `versions` in order, each exactly as WriteVersion would (a later one sees what the
  // earlier ones wrote), and returns one outcome per version. A version that fails changes
  // nothing and does not stop the others. Implementations may write the whole batch in one
  // transaction, each change still with its outbox event, so a crash loses the batch or
  // nothing; a feed's items then cost one commit instead of one each. `decide` may be asked
  // more than once for a version (when a failure makes the implementation redo the batch),
  // so it must not depend on how often it was called. The default calls WriteVersion for
  // each version.
  virtual std::vector<core::Result<WriteOutcome>> WriteVersions(
      const std::vector<IncomingVersion>& versions, const BatchVersionDecider& decide);

  // The article in any state (the web layer answers 410 for killed ones); kNotFound when no
  // article has that id.
  virtual core::Result<core::Article> GetArticle(core::ArticleId id) = 0;

  // Every version received for the article, oldest first.
  virtual core::Result<std::vector<core::ArticleVersion>> GetVersions(core::ArticleId id) = 0;

  // Lists articles per the query; kInvalidArgument for a malformed cursor or limit.
  virtual core::Result<ArticlePage> ListArticles(const ArticleQuery& query) = 0;

  // Sections that have published articles, with counts.
  virtual core::Result<std::vector<SectionCount>> ListSections() = 0;

  // Outbox events with seq > after_seq, oldest first, at most `limit`.
  virtual core::Result<std::vector<OutboxEvent>> EventsAfter(int64_t after_seq, int limit) = 0;

  virtual core::Result<StoreStats> Stats() = 0;

  // Publishes every embargoed article whose embargo time is at or before `now`, each with a
  // kPublish outbox event in the same transaction. Returns how many were released.
  virtual core::Result<int> ReleaseEmbargoes(core::TimePoint now) = 0;

  // Published articles matching `query`, in its order. kInvalidArgument for a malformed match
  // expression, limit or offset.
  virtual core::Result<std::vector<SearchHit>> Search(const SearchQuery& query) = 0;

  // The search index's terms t with from <= t < to (byte order), at most `limit` (1..100000),
  // each with the number of published articles holding it: the vocabulary that spelling
  // suggestions are drawn from. Terms are as the index holds them (core/search_tokenizer.h:
  // folded words, and stems behind kStemMark). The default has no vocabulary: an empty list.
  virtual core::Result<std::vector<IndexTerm>> SearchTerms(std::string_view from,
                                                           std::string_view to, int limit);

  // Story clusters (recommend/story_clusters.h). Puts each article in its cluster (the id of
  // the cluster's first article, the article's own id to start one), kept in every state, all
  // or none: an ingest batch's new stories cost one commit. kNotFound, naming the id, when no
  // article has one of the ids; the default, for stores without clusters, is
  // kFailedPrecondition.
  virtual core::Status SetArticleClusters(std::span<const ClusterAssignment> assignments);
  // SetArticleClusters for one article.
  core::Status SetArticleCluster(core::ArticleId id, core::ArticleId cluster_id) {
    const ClusterAssignment assignment{.id = id, .cluster_id = cluster_id};
    return SetArticleClusters({&assignment, 1});
  }

  // The published members of cluster `cluster_id`, oldest first, at most `limit` (1..100),
  // bodies left empty as in lists: killed, withheld and embargoed members are not shown
  // anywhere, Full coverage included. The default has no clusters: an empty list.
  virtual core::Result<std::vector<core::Article>> ClusterMembers(core::ArticleId cluster_id,
                                                                  int limit);
};

// The SQLite file a database URL names: "" is ./wiredesk-data/wiredesk.db, "sqlite:PATH" and
// "sqlite://PATH" name PATH. kInvalidArgument for other schemes.
core::Result<std::string> SqlitePathForUrl(const std::string& url);

// Opens the store named by `url`: "" or "sqlite:PATH" (created with its folder if missing).
// Runs pending schema migrations. kInvalidArgument for an unsupported URL scheme.
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

}  // namespace wiredesk::store
