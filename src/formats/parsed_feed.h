// ParsedFeed: what one feed or wire document says, normalised, before anything is stored.
//
// Every parser in formats/ returns one; `wiredesk parse` prints it as the JSON of DESIGN.md's
// contract (see feed_json.h). Plain value types; thread-compatible.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/item.h"
#include "core/time.h"

namespace wiredesk::formats {

struct FeedInfo {
  std::string title;        // Plain text.
  std::string link;         // The site the feed belongs to.
  std::string description;  // Plain text.
  std::string language;
  std::string rights;
  std::string id;
  std::optional<core::TimePoint> updated;
  std::string generator;
  std::string image_url;
  std::vector<core::Person> authors;
};

struct ParsedFeed {
  std::string format;    // e.g. "rss2.0", "atom1.0", "newsml-g2".
  std::string encoding;  // The source charset found, e.g. "utf-8".
  FeedInfo feed;
  std::vector<core::Item> items;
  // Problems that did not stop the parse, e.g. "item 3: no guid or link; skipped".
  std::vector<std::string> warnings;
};

}  // namespace wiredesk::formats
