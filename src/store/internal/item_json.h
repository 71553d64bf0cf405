// JSON forms of Items and their parts, private to store/.
//
// The store keeps each version's whole Item as JSON (article_versions.item_json) so nothing a
// wire sent is lost even where the article columns have no place for it, and keeps an
// article's authors and subjects as small JSON arrays. Times are RFC 3339 UTC; absent
// optionals are omitted. Reading back tolerates missing keys (older rows) but not wrong types.
//
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/item.h"
#include "core/result.h"

namespace wiredesk::store::internal {

std::string ItemToJson(const core::Item& item);
// kDataLoss when `json` is not an object of the form ItemToJson writes.
core::Result<core::Item> ItemFromJson(std::string_view json);

std::string PersonsToJson(const std::vector<core::Person>& persons);
core::Result<std::vector<core::Person>> PersonsFromJson(std::string_view json);

std::string SubjectsToJson(const std::vector<core::Subject>& subjects);
core::Result<std::vector<core::Subject>> SubjectsFromJson(std::string_view json);

}  // namespace wiredesk::store::internal
