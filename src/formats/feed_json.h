// ParsedFeedToJson: the JSON that `wiredesk parse` prints (DESIGN.md, "Contracts").
//
// {"format", "encoding", "feed": {title, link, description, language, rights, id, updated,
// generator, image: {url}, authors}, "items": [{guid, version, status, headline, byline,
// dateline, summary, body_html, body_text_sha256, language, published, updated, embargo, link,
// rights, urgency, authors: [{name, email, uri}], subjects: [{name, code, scheme}],
// enclosures: [{url, type, length}]}], "warnings": [...]}
//
// Keys appear in that order. Inside "feed" and each item, absent fields are omitted: empty
// strings, unset optionals and empty arrays; an item's "status" is always present. The five
// top-level keys are always present, so a consumer can rely on "items" and "warnings" being
// arrays. Times are RFC 3339 UTC. Pure function; thread-safe.
#pragma once

#include <string>

#include "formats/parsed_feed.h"

namespace wiredesk::formats {

// One JSON object on one line, without a trailing newline. Never fails: text that is not
// valid UTF-8 is repaired (U+FFFD) before it is written.
std::string ParsedFeedToJson(const ParsedFeed& feed);

}  // namespace wiredesk::formats
