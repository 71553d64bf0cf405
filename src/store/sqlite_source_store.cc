#include "store/sqlite_source_store.h"

#include <filesystem>
#include <system_error>
#include <utility>

#include <boost/json.hpp>

#include "store/internal/sqlite.h"
#include "store/migrations.h"
#include "store/store.h"

namespace wiredesk::store {
namespace {

using core::ErrorCode;
using internal::Connection;
using internal::Statement;

constexpr std::string_view kColumns =
    "name, kind, location, interval_seconds, push_token_hash, section_rules_json, etag, "
    "last_modified, last_status, last_polled_at, next_poll_at, failure_count, created_at";

std::string RulesToJson(const std::vector<core::RoutingRule>& rules) {
  boost::json::array array;
  for (const auto& rule : rules) {
    boost::json::object object;
    object["match"] = rule.match;
    object["section"] = rule.section.ToString();
    array.push_back(std::move(object));
  }
  return boost::json::serialize(array);
}

core::Result<std::vector<core::RoutingRule>> RulesFromJson(const std::string& name,
                                                           const std::string& text) {
  auto corrupt = [&name] {
    return core::MakeError(ErrorCode::kDataLoss, "source " + name + ": bad section rules");
  };
  boost::system::error_code ec;
  boost::json::value value = boost::json::parse(text, ec);
  if (ec || !value.is_array())
    return corrupt();
  std::vector<core::RoutingRule> rules;
  for (const auto& element : value.as_array()) {
    const auto* object = element.if_object();
    if (object == nullptr)
      return corrupt();
    const auto* match = object->if_contains("match");
    const auto* section = object->if_contains("section");
    if (match == nullptr || section == nullptr || !match->is_string() || !section->is_string())
      return corrupt();
    auto path = core::SectionPath::Parse(std::string(section->as_string()));
    if (!path)
      return corrupt();
    rules.push_back({std::string(match->as_string()), std::move(*path)});
  }
  return rules;
}

core::Result<SourceRecord> ReadSource(const Statement& row) {
  SourceRecord s;
  s.name = row.ColumnText(0);
  auto kind = ParseSourceKind(row.ColumnText(1));
  if (!kind)
    return core::MakeError(ErrorCode::kDataLoss, "source " + s.name + ": bad kind");
  s.kind = *kind;
  s.location = row.ColumnText(2);
  s.interval_seconds = static_cast<int>(row.ColumnInt(3));
  s.push_token_hash = row.ColumnText(4);
  WD_ASSIGN_OR_RETURN(s.section_rules, RulesFromJson(s.name, row.ColumnText(5)));
  s.poll.etag = row.ColumnText(6);
  s.poll.last_modified = row.ColumnText(7);
  s.poll.last_status = row.ColumnText(8);
  if (auto polled = row.ColumnOptionalInt(9))
    s.poll.last_polled_at = core::FromUnixSeconds(*polled);
  s.poll.next_poll_at = core::FromUnixSeconds(row.ColumnInt(10));
  s.poll.failure_count = static_cast<int>(row.ColumnInt(11));
  s.created_at = core::FromUnixSeconds(row.ColumnInt(12));
  return s;
}

core::Error NoSuchSource(const std::string& name) {
  return core::Error(ErrorCode::kNotFound, "no source named '" + name + "'");
}

}  // namespace

std::string_view SourceKindName(SourceKind kind) {
  switch (kind) {
    case SourceKind::kHttp:
      return "http";
    case SourceKind::kFolder:
      return "folder";
    case SourceKind::kPush:
      return "push";
  }
  return "http";
}

std::optional<SourceKind> ParseSourceKind(std::string_view name) {
  if (name == "http")
    return SourceKind::kHttp;
  if (name == "folder")
    return SourceKind::kFolder;
  if (name == "push")
    return SourceKind::kPush;
  return std::nullopt;
}

bool IsValidSourceName(std::string_view name) {
  if (name.empty() || name.size() > 64)
    return false;
  for (size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (!alnum && (i == 0 || (c != '-' && c != '_')))
      return false;
  }
  return true;
}

core::Result<std::unique_ptr<SourceStore>> OpenSourceStore(const std::string& url) {
  WD_ASSIGN_OR_RETURN(std::string path, SqlitePathForUrl(url));
  WD_ASSIGN_OR_RETURN(auto store, SqliteSourceStore::Open(path));
  return std::unique_ptr<SourceStore>(std::move(store));
}

core::Result<std::unique_ptr<SqliteSourceStore>> SqliteSourceStore::Open(const std::string& path) {
  std::error_code ec;
  const auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty())
    std::filesystem::create_directories(parent, ec);
  WD_ASSIGN_OR_RETURN(auto db, Connection::Open(path, internal::ConnectionMode::kReadWrite, 5000));
  WD_RETURN_IF_ERROR(ApplyMigrations(*db, SqliteMigrations()));
  return std::unique_ptr<SqliteSourceStore>(new SqliteSourceStore(std::move(db)));
}

SqliteSourceStore::SqliteSourceStore(std::unique_ptr<Connection> db) : db_(std::move(db)) {}
SqliteSourceStore::~SqliteSourceStore() = default;

core::Status SqliteSourceStore::AddSource(const SourceRecord& s) {
  if (!IsValidSourceName(s.name)) {
    return core::MakeError(ErrorCode::kInvalidArgument,
                           "source name '" + s.name +
                               "' must be 1-64 of a-z, 0-9, '-' and '_', starting with a "
                               "letter or digit");
  }
  std::lock_guard lock(mutex_);
  WD_ASSIGN_OR_RETURN(Statement stmt,
                      db_->Prepare("INSERT INTO sources (" + std::string(kColumns) +
                                   ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  stmt.Bind(1, s.name)
      .Bind(2, SourceKindName(s.kind))
      .Bind(3, s.location)
      .Bind(4, int64_t{s.interval_seconds})
      .Bind(5, s.push_token_hash)
      .Bind(6, RulesToJson(s.section_rules))
      .Bind(7, s.poll.etag)
      .Bind(8, s.poll.last_modified)
      .Bind(9, s.poll.last_status)
      .Bind(10, s.poll.last_polled_at
                    ? std::optional<int64_t>(core::ToUnixSeconds(*s.poll.last_polled_at))
                    : std::nullopt)
      .Bind(11, core::ToUnixSeconds(s.poll.next_poll_at))
      .Bind(12, int64_t{s.poll.failure_count})
      .Bind(13, core::ToUnixSeconds(s.created_at));
  auto ran = stmt.Run();
  if (!ran && ran.error().code() == ErrorCode::kAlreadyExists) {
    return core::MakeError(ErrorCode::kAlreadyExists,
                           "a source named '" + s.name + "' exists already");
  }
  return ran;
}

core::Result<SourceRecord> SqliteSourceStore::GetSource(const std::string& name) {
  std::lock_guard lock(mutex_);
  WD_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare("SELECT " + std::string(kColumns) +
                                                   " FROM sources WHERE name = ?"));
  stmt.Bind(1, name);
  WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row)
    return tl::unexpected(NoSuchSource(name));
  return ReadSource(stmt);
}

core::Result<std::vector<SourceRecord>> SqliteSourceStore::ListSources() {
  std::lock_guard lock(mutex_);
  WD_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare("SELECT " + std::string(kColumns) +
                                                   " FROM sources ORDER BY name"));
  std::vector<SourceRecord> sources;
  while (true) {
    WD_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row)
      break;
    WD_ASSIGN_OR_RETURN(SourceRecord source, ReadSource(stmt));
    sources.push_back(std::move(source));
  }
  return sources;
}

core::Status SqliteSourceStore::RemoveSource(const std::string& name) {
  std::lock_guard lock(mutex_);
  WD_ASSIGN_OR_RETURN(Statement stmt, db_->Prepare("DELETE FROM sources WHERE name = ?"));
  WD_RETURN_IF_ERROR(stmt.Bind(1, name).Run());
  if (db_->Changes() == 0)
    return tl::unexpected(NoSuchSource(name));
  return core::Ok();
}

core::Status SqliteSourceStore::SavePollState(const std::string& name,
                                              const SourcePollState& state) {
  std::lock_guard lock(mutex_);
  WD_ASSIGN_OR_RETURN(
      Statement stmt,
      db_->Prepare("UPDATE sources SET etag = ?, last_modified = ?, last_status = ?, "
                   "last_polled_at = ?, next_poll_at = ?, failure_count = ? WHERE name = ?"));
  stmt.Bind(1, state.etag)
      .Bind(2, state.last_modified)
      .Bind(3, state.last_status)
      .Bind(4, state.last_polled_at
                   ? std::optional<int64_t>(core::ToUnixSeconds(*state.last_polled_at))
                   : std::nullopt)
      .Bind(5, core::ToUnixSeconds(state.next_poll_at))
      .Bind(6, int64_t{state.failure_count})
      .Bind(7, name);
  WD_RETURN_IF_ERROR(stmt.Run());
  if (db_->Changes() == 0)
    return tl::unexpected(NoSuchSource(name));
  return core::Ok();
}

}  // namespace wiredesk::store
