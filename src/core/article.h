// Article: the published story, and the versions it was built from.
//
// An Article is the latest usable version of a wire item, with every earlier version kept
// (see DESIGN.md, "The article model"). The store owns them; web and the API read them.
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/item.h"
#include "core/section_path.h"
#include "core/time.h"

namespace wiredesk::core {

using ArticleId = int64_t;

// Whether readers can see the story.
enum class ArticleState {
  kPublished,  // On every surface.
  kWithheld,   // The wire withheld it; hidden until a usable version arrives.
  kEmbargoed,  // Waiting for its embargo time.
  kKilled,     // The wire canceled it; its page answers 410 and it is gone from every list.
};

std::string_view ArticleStateName(ArticleState state);
std::optional<ArticleState> ParseArticleState(std::string_view name);

// What a source is, for the provenance notice: only a wire agency's text earns it.
enum class SourceKind { kWire, kWeb };

std::string_view SourceKindName(SourceKind kind);

// What one incoming version did to its article.
enum class VersionChange {
  kPublish,     // First usable version.
  kUpdate,      // A newer usable version (a write-thru).
  kCorrection,  // A newer usable version the wire marked as a correction.
  kWithhold,    // The wire withheld the story.
  kKill,        // The wire canceled the story.
};

std::string_view VersionChangeName(VersionChange change);
std::optional<VersionChange> ParseVersionChange(std::string_view name);

// One version of an article as received, kept for the version history and provenance page.
struct ArticleVersion {
  int64_t rank = 0;  // The ordering key ingest assigned (the wire version, or its time).
  VersionChange change = VersionChange::kPublish;
  ItemStatus status = ItemStatus::kUsable;
  std::string headline;
  std::string ednote;
  std::string body_text_sha256;  // As received.
  TimePoint received_at;
};

struct Article {
  ArticleId id = 0;
  std::string source;  // The configured source name, e.g. "sample-wire".
  SourceKind source_kind = SourceKind::kWire;
  std::string guid;  // The wire's id.
  SectionPath section;
  std::string slug;  // From the first headline; stable for the article's life.
  ArticleState state = ArticleState::kPublished;
  int64_t version_rank = 0;
  VersionChange last_change = VersionChange::kPublish;
  int version_count = 0;

  std::string headline;
  std::string byline;
  std::string dateline;
  std::string summary_html;  // Sanitised.
  std::string body_html;     // Sanitised.
  std::string language;
  std::string link;
  std::string rights;
  std::string ednote;
  std::optional<int> urgency;
  std::vector<Person> authors;
  std::vector<Subject> subjects;

  TimePoint published;  // First publication (the wire's, or first received).
  TimePoint updated;    // Latest version's time.
  std::optional<TimePoint> embargo;
  TimePoint received_at;  // When the latest version arrived.

  // Text hashes: the one the wire sent, and the one of the body as stored. The notice
  // "published from a wire agency feed without modifications to the text" is shown only when
  // they are equal and the source is a wire agency.
  std::string body_text_sha256_received;
  std::string body_text_sha256_stored;

  // The story cluster the article belongs to (recommend/story_clusters.h): the id of the
  // cluster's first article, so every member of one cluster carries the same value; 0 while the
  // article has not been clustered (it then stands alone). ClusterKey() is what lists compare.
  ArticleId cluster_id = 0;
  ArticleId ClusterKey() const { return cluster_id != 0 ? cluster_id : id; }

  bool TextUnmodified() const {
    return !body_text_sha256_received.empty() &&
           body_text_sha256_received == body_text_sha256_stored;
  }
  bool ShowsWireNotice() const { return source_kind == SourceKind::kWire && TextUnmodified(); }

  // "/news/world/ministers-meet-in-geneva-42".
  std::string Url() const;
};

// Lower-case ASCII slug of a headline, at most 80 characters, "story" when nothing is left.
std::string Slugify(std::string_view headline);

}  // namespace wiredesk::core
