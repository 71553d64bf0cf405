// Config: every setting of wiredesk, from a TOML file, then command-line flags (flags win).
//
// The commented sample at samples/wiredesk.toml documents every key; a key the program does
// not know is an error naming it, so a typo never silently falls back to a default.
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/section_path.h"

namespace wiredesk::core {

struct SiteConfig {
  // The site's name, shown in the header and the page titles. Default "Wiredesk".
  std::string name = "Wiredesk";
  // Seed an empty database with the bundled sample feeds on first start. Default true.
  bool seed_sample = true;
  // The site's language (a BCP 47 tag, stored lower case): the language of stories whose feed
  // names none, which search stems them by, of queries without lang:, and of the pages' <html
  // lang>. Default "en".
  std::string language = "en";
};

struct ServerConfig {
  // Address and port to listen on. Default "127.0.0.1:8080"; port 0 picks a free one.
  std::string listen = "127.0.0.1:8080";
  // Threads serving HTTP. Default 0: one per core.
  int threads = 0;
  // Largest request header accepted, in bytes. Default 16 KiB.
  uint32_t max_header_bytes = 16 * 1024;
  // Largest request body accepted, in bytes. Default 1 MiB.
  uint32_t max_body_bytes = 1024 * 1024;
  // A connection idle (or slow to send a request) for this long is closed. Default 30 s.
  int idle_timeout_seconds = 30;
  // How many rendered pages the in-memory page cache keeps. Default 4096.
  int page_cache_entries = 4096;
};

struct StoreConfig {
  // Folder for the embedded database and other local state. Default "./wiredesk-data".
  std::string data_dir = "./wiredesk-data";
  // Database URL: empty or "sqlite:PATH" for the embedded store. Default: DATA_DIR/wiredesk.db.
  std::string db;
};

struct WebConfig {
  // Mark session cookies Secure, so browsers send them over HTTPS only. Turn on whenever the
  // site is served over TLS (directly or behind a TLS-terminating proxy). Default false, so a
  // plain-HTTP development server keeps working.
  bool secure_cookies = false;
};

// Premium content: what is behind the paywall and how many premium stories a reader without
// an entitlement may read each calendar month (UTC).
struct PremiumConfig {
  // Sections whose stories (and those of their subsections) are premium. Default none.
  std::vector<SectionPath> sections;
  // Single premium stories, by the wire's id (guid). Default none.
  std::vector<std::string> articles;
  // Premium stories a logged-in reader without premium may read per month. Default 3.
  int free_articles_per_month = 3;
};

// Routes items to sections: the first rule whose match equals one of the item's subject
// names or codes (case-insensitive) wins.
struct RoutingRule {
  std::string match;    // A category or subject name or code, e.g. "World" or "medtop:04000000".
  SectionPath section;  // e.g. news/world.
};

struct RoutingConfig {
  // Where items that match no rule go. Default "news".
  SectionPath default_section;
  std::vector<RoutingRule> rules;
};

// A section as the site shows it: its title and its place in the home page order.
struct SectionConfig {
  SectionPath path;
  std::string title;
};

// Outgoing HTTP: how sources are fetched (ingest/http_fetcher.h).
struct NetworkConfig {
  // Fetch from loopback, private, link-local and unique-local addresses too. Default false:
  // a source URL (or a DNS answer for it) cannot make the server reach its own network.
  bool allow_private_addresses = false;
  // Seconds to wait for a TCP (and TLS) connection. Default 10.
  int connect_timeout_seconds = 10;
  // Seconds a whole fetch may take, redirects included. Default 30.
  int fetch_timeout_seconds = 30;
  // Largest response body accepted, after decompression, in bytes. Default 32 MiB.
  uint32_t max_fetch_bytes = 32 * 1024 * 1024;
  // Redirects followed before a fetch fails. Default 5.
  int max_redirects = 5;
  // The User-Agent header sent. Default "wiredesk/0.1".
  std::string user_agent = "wiredesk/0.1";
};

// Sources: HTTP polling, drop folders and the push endpoint (ingest/sources.h).
struct SourcesConfig {
  // Poll interval of an HTTP source added without --interval, in seconds. Default 300.
  int default_interval_seconds = 300;
  // Longest wait between polls of a failing source (backoff doubles up to it). Default 3600.
  int max_backoff_seconds = 3600;
  // Largest body accepted by POST /ingest/{source}, in bytes. Default 1 MiB.
  uint32_t max_push_bytes = 1024 * 1024;
};

// Alerts (alerts/alert_service.h): where they are sent from and how often they may go. A
// channel without its settings (an empty smtp_url, api_base or secret) is off for everyone.
struct AlertsConfig {
  // Match new stories against readers' follows and send alerts. Default true.
  bool enabled = true;
  // The site's public address, for the links in alerts. Default "http://127.0.0.1:8080".
  std::string site_url = "http://127.0.0.1:8080";
  // Tries before an alert is dead-lettered. Default 8.
  int max_attempts = 8;
  // Wait before the second try, doubled for each later one (with jitter), in seconds. Default 30.
  int retry_base_seconds = 30;
  // Alerts one reader may get per hour on all channels together; the rest wait. Default 10.
  int max_per_reader_per_hour = 10;
  // How often due alerts are looked for, in milliseconds. Default 500.
  int poll_interval_ms = 500;
  // [alerts.email]: SMTP server URL ("smtp://host:25", "smtps://host:465") and From address.
  std::string email_smtp_url;
  std::string email_from = "Wiredesk alerts <alerts@localhost>";
  // [alerts.webhook]: the key that signs webhook bodies (HMAC-SHA256).
  std::string webhook_secret;
  // [alerts.whatsapp]: the Cloud API base ("https://graph.facebook.com/v19.0"), the sending
  // number's id, a bearer token and an approved template with two body parameters (headline,
  // link) in `whatsapp_language`.
  std::string whatsapp_api_base;
  std::string whatsapp_phone_number_id;
  std::string whatsapp_token;
  std::string whatsapp_template;
  std::string whatsapp_language = "en";
  // [alerts.webpush]: the VAPID private key (PEM) and the contact subject ("mailto:…").
  std::string webpush_vapid_private_key_file;
  std::string webpush_subject;
};

// Trending ("Most read") and Recommended For You (recommend/).
struct RecommendConfig {
  // The window of "Most read", in hours, 1..72. Default 24.
  int trending_hours = 24;
  // Seconds a computed "Most read" list is served before it is counted again, 1..3600; pages
  // in the page cache show it at most this much older. Default 60.
  int trending_refresh_seconds = 60;
  // Whether pages carry the Related stories, Most read and Recommended For You blocks; the API
  // answers either way. Default true.
  bool page_blocks = true;
};

struct Config {
  SiteConfig site;
  ServerConfig server;
  StoreConfig store;
  NetworkConfig network;
  SourcesConfig sources;
  RoutingConfig routing;
  std::vector<SectionConfig> sections;  // In home page order.
  WebConfig web;
  PremiumConfig premium;
  AlertsConfig alerts;
  RecommendConfig recommend;

  // The SQLite file when `store.db` names no other database.
  std::string SqlitePath() const;
  // The title of a section: from `sections`, else DefaultSectionTitle of its last segment.
  std::string SectionTitle(const SectionPath& path) const;
};

// Parses TOML text. Fails with kInvalidArgument naming the key for unknown keys, wrong types
// or invalid values, or describing the TOML syntax error with its line.
Result<Config> ParseConfig(std::string_view toml_text);

// Reads and parses the file; kNotFound when it cannot be read.
Result<Config> LoadConfigFile(const std::string& path);

// The built-in configuration: the embedded commented sample.
Result<Config> DefaultConfig();

}  // namespace wiredesk::core
