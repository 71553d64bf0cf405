// Item: what a source said once about one story, normalised from any feed or wire format.
//
// Formats produce Items; ingest turns a stream of Items into Articles and their versions.
// Plain value type; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"

namespace wiredesk::core {

// The wire's publication status of a version (IPTC pubStatus / ninjs pubstatus).
enum class ItemStatus {
  kUsable,    // Publish it.
  kWithheld,  // Hide the story until a usable version arrives.
  kCanceled,  // Kill the story everywhere.
};

std::string_view ItemStatusName(ItemStatus status);  // "usable", "withheld", "canceled".

struct Person {
  std::string name;
  std::string email;
  std::string uri;
};

// A subject, category or keyword. Free keywords have only a name.
struct Subject {
  std::string name;
  std::string code;    // e.g. "medtop:20000344"; empty for free keywords.
  std::string scheme;  // e.g. "http://cv.iptc.org/newscodes/mediatopic/" or an RSS domain.
};

struct Enclosure {
  std::string url;
  std::string type;
  std::optional<int64_t> length;
};

struct Item {
  std::string guid;                // The wire's id: RSS guid, Atom id, NewsML-G2 guid, ninjs uri.
  std::optional<int64_t> version;  // The wire's version number, when the format has one.
  ItemStatus status = ItemStatus::kUsable;
  std::vector<std::string> signals;  // Normalised wire signals: "update", "correction".
  std::string ednote;                // The wire's note to editors, plain text.

  std::string headline;   // Plain text.
  std::string byline;     // Plain text.
  std::string dateline;   // Plain text.
  std::string summary;    // Sanitised HTML.
  std::string body_html;  // Sanitised HTML.
  // SHA-256 (lower-case hex) of the body's text as received: its characters with entities
  // decoded and markup aside. The provenance notice rests on this.
  std::string body_text_sha256;
  std::string language;        // BCP 47, e.g. "en" or "en-GB".
  std::string link;            // Absolute URL of the story on the source's site.
  std::string rights;          // Plain text.
  std::optional<int> urgency;  // IPTC urgency 1 (flash) .. 9; absent when unknown.

  std::optional<TimePoint> published;
  std::optional<TimePoint> updated;
  std::optional<TimePoint> embargo;  // Not to be published before this time.

  std::vector<Person> authors;
  std::vector<Subject> subjects;
  std::vector<Enclosure> enclosures;

  bool HasSignal(std::string_view signal) const;
};

}  // namespace wiredesk::core
