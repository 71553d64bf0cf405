#include "core/config.h"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

#include "core/embedded.h"
#include "core/text.h"

namespace wiredesk::core::embedded_config {
std::optional<std::string_view> Find(std::string_view path);
}  // namespace wiredesk::core::embedded_config

namespace wiredesk::core {
namespace {

Error KeyError(std::string_view key, std::string_view what) {
  return Error(ErrorCode::kInvalidArgument,
               "config key '" + std::string(key) + "': " + std::string(what));
}

// Rejects any key of `table` not in `known`, naming it with its dotted prefix.
Status CheckKeys(const toml::table& table, std::string_view prefix,
                 std::initializer_list<std::string_view> known) {
  std::set<std::string_view> allowed(known);
  for (const auto& [key, value] : table) {
    if (!allowed.contains(key.str())) {
      std::string full = prefix.empty() ? std::string(key.str())
                                        : std::string(prefix) + "." + std::string(key.str());
      return tl::unexpected(KeyError(full, "unknown key"));
    }
  }
  return Ok();
}

template <class T>
Status Read(const toml::table& table, std::string_view prefix, std::string_view key, T& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr)
    return Ok();
  std::string full = std::string(prefix) + "." + std::string(key);
  if constexpr (std::is_same_v<T, std::string>) {
    auto v = node->value<std::string>();
    if (!v)
      return tl::unexpected(KeyError(full, "expected a string"));
    out = *v;
  } else if constexpr (std::is_same_v<T, bool>) {
    auto v = node->value<bool>();
    if (!v || !node->is_boolean())
      return tl::unexpected(KeyError(full, "expected true or false"));
    out = *v;
  } else {
    if (!node->is_integer())
      return tl::unexpected(KeyError(full, "expected a whole number"));
    int64_t v = *node->value<int64_t>();
    if (v < 0 || v > static_cast<int64_t>(std::numeric_limits<T>::max())) {
      return tl::unexpected(KeyError(full, "out of range"));
    }
    out = static_cast<T>(v);
  }
  return Ok();
}

Result<SectionPath> ReadSection(const toml::table& table, std::string_view prefix,
                                std::string_view key) {
  std::string text;
  WD_RETURN_IF_ERROR(Read(table, prefix, key, text));
  auto path = SectionPath::Parse(text);
  if (!path)
    return tl::unexpected(
        KeyError(std::string(prefix) + "." + std::string(key), path.error().message()));
  return path;
}

const toml::table* SubTable(const toml::table& root, std::string_view key, Status& status) {
  const toml::node* node = root.get(key);
  if (node == nullptr)
    return nullptr;
  if (!node->is_table())
    status = tl::unexpected(KeyError(key, "expected a table"));
  return node->as_table();
}

Status ParseInto(const toml::table& root, Config& config) {
  WD_RETURN_IF_ERROR(CheckKeys(root, "",
                               {"site", "server", "store", "network", "sources", "routing",
                                "sections", "web", "premium", "alerts", "recommend"}));
  Status status = Ok();
  if (const auto* site = SubTable(root, "site", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*site, "site", {"name", "seed_sample", "language"}));
    WD_RETURN_IF_ERROR(Read(*site, "site", "name", config.site.name));
    WD_RETURN_IF_ERROR(Read(*site, "site", "seed_sample", config.site.seed_sample));
    std::string language = config.site.language;
    WD_RETURN_IF_ERROR(Read(*site, "site", "language", language));
    std::optional<std::string> tag = LanguageTag(language);
    if (!tag)
      return tl::unexpected(
          KeyError("site.language", "expected a language tag such as en or pt-BR"));
    config.site.language = std::move(*tag);
  }
  if (const auto* server = SubTable(root, "server", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*server, "server",
                                 {"listen", "threads", "max_header_bytes", "max_body_bytes",
                                  "idle_timeout_seconds", "page_cache_entries"}));
    auto& s = config.server;
    WD_RETURN_IF_ERROR(Read(*server, "server", "listen", s.listen));
    WD_RETURN_IF_ERROR(Read(*server, "server", "threads", s.threads));
    WD_RETURN_IF_ERROR(Read(*server, "server", "max_header_bytes", s.max_header_bytes));
    WD_RETURN_IF_ERROR(Read(*server, "server", "max_body_bytes", s.max_body_bytes));
    WD_RETURN_IF_ERROR(Read(*server, "server", "idle_timeout_seconds", s.idle_timeout_seconds));
    WD_RETURN_IF_ERROR(Read(*server, "server", "page_cache_entries", s.page_cache_entries));
  }
  if (const auto* store = SubTable(root, "store", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*store, "store", {"data_dir", "db"}));
    WD_RETURN_IF_ERROR(Read(*store, "store", "data_dir", config.store.data_dir));
    WD_RETURN_IF_ERROR(Read(*store, "store", "db", config.store.db));
  }
  if (const auto* network = SubTable(root, "network", status)) {
    WD_RETURN_IF_ERROR(
        CheckKeys(*network, "network",
                  {"allow_private_addresses", "connect_timeout_seconds", "fetch_timeout_seconds",
                   "max_fetch_bytes", "max_redirects", "user_agent"}));
    auto& n = config.network;
    WD_RETURN_IF_ERROR(
        Read(*network, "network", "allow_private_addresses", n.allow_private_addresses));
    WD_RETURN_IF_ERROR(
        Read(*network, "network", "connect_timeout_seconds", n.connect_timeout_seconds));
    WD_RETURN_IF_ERROR(Read(*network, "network", "fetch_timeout_seconds", n.fetch_timeout_seconds));
    WD_RETURN_IF_ERROR(Read(*network, "network", "max_fetch_bytes", n.max_fetch_bytes));
    WD_RETURN_IF_ERROR(Read(*network, "network", "max_redirects", n.max_redirects));
    WD_RETURN_IF_ERROR(Read(*network, "network", "user_agent", n.user_agent));
  }
  if (const auto* alerts = SubTable(root, "alerts", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(
        *alerts, "alerts",
        {"enabled", "site_url", "max_attempts", "retry_base_seconds", "max_per_reader_per_hour",
         "poll_interval_ms", "email", "webhook", "whatsapp", "webpush"}));
    auto& a = config.alerts;
    WD_RETURN_IF_ERROR(Read(*alerts, "alerts", "enabled", a.enabled));
    WD_RETURN_IF_ERROR(Read(*alerts, "alerts", "site_url", a.site_url));
    WD_RETURN_IF_ERROR(Read(*alerts, "alerts", "max_attempts", a.max_attempts));
    WD_RETURN_IF_ERROR(Read(*alerts, "alerts", "retry_base_seconds", a.retry_base_seconds));
    WD_RETURN_IF_ERROR(
        Read(*alerts, "alerts", "max_per_reader_per_hour", a.max_per_reader_per_hour));
    WD_RETURN_IF_ERROR(Read(*alerts, "alerts", "poll_interval_ms", a.poll_interval_ms));
    if (a.max_attempts < 1 || a.retry_base_seconds < 1 || a.poll_interval_ms < 10)
      return MakeError(ErrorCode::kInvalidArgument,
                       "alerts: max_attempts and retry_base_seconds must be at least 1 and "
                       "poll_interval_ms at least 10");
    if (const auto* email = SubTable(*alerts, "email", status)) {
      WD_RETURN_IF_ERROR(CheckKeys(*email, "alerts.email", {"smtp_url", "from"}));
      WD_RETURN_IF_ERROR(Read(*email, "alerts.email", "smtp_url", a.email_smtp_url));
      WD_RETURN_IF_ERROR(Read(*email, "alerts.email", "from", a.email_from));
    }
    if (const auto* webhook = SubTable(*alerts, "webhook", status)) {
      WD_RETURN_IF_ERROR(CheckKeys(*webhook, "alerts.webhook", {"secret"}));
      WD_RETURN_IF_ERROR(Read(*webhook, "alerts.webhook", "secret", a.webhook_secret));
    }
    if (const auto* whatsapp = SubTable(*alerts, "whatsapp", status)) {
      WD_RETURN_IF_ERROR(
          CheckKeys(*whatsapp, "alerts.whatsapp",
                    {"api_base", "phone_number_id", "token", "template", "language"}));
      WD_RETURN_IF_ERROR(Read(*whatsapp, "alerts.whatsapp", "api_base", a.whatsapp_api_base));
      WD_RETURN_IF_ERROR(
          Read(*whatsapp, "alerts.whatsapp", "phone_number_id", a.whatsapp_phone_number_id));
      WD_RETURN_IF_ERROR(Read(*whatsapp, "alerts.whatsapp", "token", a.whatsapp_token));
      WD_RETURN_IF_ERROR(Read(*whatsapp, "alerts.whatsapp", "template", a.whatsapp_template));
      WD_RETURN_IF_ERROR(Read(*whatsapp, "alerts.whatsapp", "language", a.whatsapp_language));
    }
    if (const auto* webpush = SubTable(*alerts, "webpush", status)) {
      WD_RETURN_IF_ERROR(
          CheckKeys(*webpush, "alerts.webpush", {"vapid_private_key_file", "subject"}));
      WD_RETURN_IF_ERROR(Read(*webpush, "alerts.webpush", "vapid_private_key_file",
                              a.webpush_vapid_private_key_file));
      WD_RETURN_IF_ERROR(Read(*webpush, "alerts.webpush", "subject", a.webpush_subject));
    }
    WD_RETURN_IF_ERROR(status);
  }
  if (const auto* sources = SubTable(root, "sources", status)) {
    WD_RETURN_IF_ERROR(
        CheckKeys(*sources, "sources",
                  {"default_interval_seconds", "max_backoff_seconds", "max_push_bytes"}));
    auto& s = config.sources;
    WD_RETURN_IF_ERROR(
        Read(*sources, "sources", "default_interval_seconds", s.default_interval_seconds));
    WD_RETURN_IF_ERROR(Read(*sources, "sources", "max_backoff_seconds", s.max_backoff_seconds));
    WD_RETURN_IF_ERROR(Read(*sources, "sources", "max_push_bytes", s.max_push_bytes));
  }
  if (const auto* routing = SubTable(root, "routing", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*routing, "routing", {"default_section", "rules"}));
    if (routing->contains("default_section")) {
      WD_ASSIGN_OR_RETURN(config.routing.default_section,
                          ReadSection(*routing, "routing", "default_section"));
    }
    if (const toml::node* rules = routing->get("rules")) {
      const toml::array* array = rules->as_array();
      if (array == nullptr)
        return tl::unexpected(KeyError("routing.rules", "expected an array"));
      config.routing.rules.clear();
      for (size_t i = 0; i < array->size(); ++i) {
        std::string prefix = "routing.rules[" + std::to_string(i) + "]";
        const toml::table* rule = array->get(i)->as_table();
        if (rule == nullptr)
          return tl::unexpected(KeyError(prefix, "expected a table"));
        WD_RETURN_IF_ERROR(CheckKeys(*rule, prefix, {"match", "section"}));
        RoutingRule parsed;
        WD_RETURN_IF_ERROR(Read(*rule, prefix, "match", parsed.match));
        if (parsed.match.empty())
          return tl::unexpected(KeyError(prefix + ".match", "is required"));
        WD_ASSIGN_OR_RETURN(parsed.section, ReadSection(*rule, prefix, "section"));
        config.routing.rules.push_back(std::move(parsed));
      }
    }
  }
  if (const auto* web = SubTable(root, "web", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*web, "web", {"secure_cookies"}));
    WD_RETURN_IF_ERROR(Read(*web, "web", "secure_cookies", config.web.secure_cookies));
  }
  if (const auto* premium = SubTable(root, "premium", status)) {
    WD_RETURN_IF_ERROR(
        CheckKeys(*premium, "premium", {"sections", "articles", "free_articles_per_month"}));
    WD_RETURN_IF_ERROR(Read(*premium, "premium", "free_articles_per_month",
                            config.premium.free_articles_per_month));
    for (std::string_view key : {"sections", "articles"}) {
      const toml::node* node = premium->get(key);
      if (node == nullptr)
        continue;
      std::string full = "premium." + std::string(key);
      const toml::array* array = node->as_array();
      if (array == nullptr)
        return tl::unexpected(KeyError(full, "expected an array of strings"));
      std::vector<std::string> values;
      for (const toml::node& element : *array) {
        auto text = element.value<std::string>();
        if (!text || !element.is_string())
          return tl::unexpected(KeyError(full, "expected an array of strings"));
        values.push_back(*text);
      }
      if (key == "articles") {
        config.premium.articles = std::move(values);
        continue;
      }
      config.premium.sections.clear();
      for (const std::string& text : values) {
        auto path = SectionPath::Parse(text);
        if (!path)
          return tl::unexpected(KeyError(full, path.error().message()));
        config.premium.sections.push_back(std::move(*path));
      }
    }
  }
  if (const auto* recommend = SubTable(root, "recommend", status)) {
    WD_RETURN_IF_ERROR(CheckKeys(*recommend, "recommend",
                                 {"trending_hours", "trending_refresh_seconds", "page_blocks"}));
    auto& r = config.recommend;
    WD_RETURN_IF_ERROR(Read(*recommend, "recommend", "trending_hours", r.trending_hours));
    WD_RETURN_IF_ERROR(
        Read(*recommend, "recommend", "trending_refresh_seconds", r.trending_refresh_seconds));
    WD_RETURN_IF_ERROR(Read(*recommend, "recommend", "page_blocks", r.page_blocks));
    if (r.trending_hours < 1 || r.trending_hours > 72)
      return tl::unexpected(KeyError("recommend.trending_hours", "must be 1..72"));
    if (r.trending_refresh_seconds < 1 || r.trending_refresh_seconds > 3600)
      return tl::unexpected(KeyError("recommend.trending_refresh_seconds", "must be 1..3600"));
  }
  if (const toml::node* sections = root.get("sections")) {
    const toml::array* array = sections->as_array();
    if (array == nullptr)
      return tl::unexpected(KeyError("sections", "expected an array"));
    config.sections.clear();
    for (size_t i = 0; i < array->size(); ++i) {
      std::string prefix = "sections[" + std::to_string(i) + "]";
      const toml::table* section = array->get(i)->as_table();
      if (section == nullptr)
        return tl::unexpected(KeyError(prefix, "expected a table"));
      WD_RETURN_IF_ERROR(CheckKeys(*section, prefix, {"path", "title"}));
      SectionConfig parsed;
      WD_ASSIGN_OR_RETURN(parsed.path, ReadSection(*section, prefix, "path"));
      WD_RETURN_IF_ERROR(Read(*section, prefix, "title", parsed.title));
      config.sections.push_back(std::move(parsed));
    }
  }
  return status;
}

Result<Config> ParseOnto(Config config, std::string_view toml_text) {
  try {
    toml::table root = toml::parse(toml_text);
    WD_RETURN_IF_ERROR(ParseInto(root, config));
    return config;
  } catch (const toml::parse_error& e) {
    std::ostringstream message;
    message << "config syntax error at line " << e.source().begin.line << ": " << e.description();
    return MakeError(ErrorCode::kInvalidArgument, message.str());
  }
}

}  // namespace

std::string Config::SqlitePath() const {
  if (store.db.rfind("sqlite:", 0) == 0)
    return store.db.substr(7);
  return store.data_dir + "/wiredesk.db";
}

std::string Config::SectionTitle(const SectionPath& path) const {
  for (const auto& s : sections) {
    if (s.path == path && !s.title.empty())
      return s.title;
  }
  return path.empty() ? "Home" : DefaultSectionTitle(path.segments().back());
}

Result<Config> DefaultConfig() {
  auto text = embedded_config::Find("wiredesk.toml");
  if (!text)
    return MakeError(ErrorCode::kInternal, "the built-in configuration is missing");
  return ParseOnto(Config{}, *text);
}

Result<Config> ParseConfig(std::string_view toml_text) {
  WD_ASSIGN_OR_RETURN(Config base, DefaultConfig());
  return ParseOnto(std::move(base), toml_text);
}

Result<Config> LoadConfigFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return MakeError(ErrorCode::kNotFound, "cannot read config file " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return ParseConfig(text.str());
}

}  // namespace wiredesk::core
