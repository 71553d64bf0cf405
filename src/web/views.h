// Views: the typed view models of the reader pages and the functions that render them into
// HTML with the ctemplate templates in templates/ (embedded into the binary).
//
//   layout.tpl      the frame: header, section nav, search box, breadcrumbs, footer
//   home.tpl        top story, latest stories, a block per configured section
//   section.tpl     a section's stories with "Older stories" pagination
//   article.tpl     one story, its notices and a link to its provenance
//   provenance.tpl  source, wire id, versions and text hashes of a story
//   error.tpl       404, 410 (withdrawn story) and the generic error pages
//   story_list.tpl  the story list shared by home and section pages
//   search.tpl      search results with snippets, the empty-query and no-results states
//
// ESCAPING RULE. Every template opens with {{%AUTOESCAPE context="HTML"}}, so ctemplate
// escapes each variable for the context it appears in (text, attribute, URL). The only
// exception is sanitised article HTML (Article::summary_html and body_html, rebuilt from an
// allowlist at ingest): it is typed SanitizedHtml here and reaches a template through one
// function in views.cc, SetSanitizedHtml(); a template may use the :none modifier only on
// variables set through it (today SUMMARY_HTML and BODY_HTML), on SNIPPET_HTML, set
// through SetSnippetHtml() from a SnippetHtml (escaped text plus <mark> only, see below), and on
// the *_STORIES lists of blocks, set through SetCompactStoryList() from story_list.tpl's own
// output (that template escapes as it does when included; it is expanded alone so the result
// can be kept and shown again). `grep -n SetSanitizedHtml` and `grep -n ':none' templates/`
// list every place unescaped HTML enters a page.
// Never build a SanitizedHtml from anything but stored, sanitised article HTML.
//
// Templates are parsed once, by LoadTemplates() at start-up, into a frozen cache that never
// reads from disk. The view models are plain values built by the Make*() functions from
// store data and the config; page_handlers.cc fetches the data and picks the status.
//
// Thread safety: LoadTemplates() may be called from any thread (later calls return the first
// result). The Render*() functions are thread-safe once templates are loaded: each render uses
// its own dictionaries and the frozen cache is read-only; the rendered block lists are kept in
// one mutex-guarded cache.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/config.h"
#include "core/embedded.h"
#include "core/result.h"
#include "core/section_path.h"
#include "core/time.h"

namespace ctemplate {
class TemplateDictionary;
}  // namespace ctemplate

namespace wiredesk::web {

// HTML that went through the sanitiser at ingest. Constructing one is a promise that the text
// is stored, sanitised article HTML; see the escaping rule above.
struct SanitizedHtml {
  std::string html;
  bool empty() const { return html.empty(); }
};

// A search snippet as store::Store::Search makes it: the article's plain text HTML-escaped
// first, then <mark></mark> added around matches. Build one only from SearchHit::snippet_html.
struct SnippetHtml {
  std::string html;
};

// A link in the section nav of the header.
struct NavItem {
  std::string title;
  std::string url;
  bool current = false;  // The page is this section: aria-current="page".
  bool active = false;   // The page lies within this section.
};

// One step of the breadcrumb trail (Home / News / World).
struct Crumb {
  std::string title;
  std::string url;
  bool current = false;  // The page itself: aria-current="page".
};

// The account menu of the header for a signed-in reader: Set Preferences, My Reads,
// Watchlist, Feedback, Redeem a Gift Card, Logout (a form carrying the CSRF token).
struct AccountMenu {
  std::string email;
  bool admin = false;       // Adds the editors' links (feedback inbox, gift cards).
  std::string csrf_token;   // For the logout form.
  std::string theme;        // "light" or "dark" forces a scheme; "" or "system" follows the OS.
  std::string current_url;  // The account page shown, for aria-current; may be empty.
};

// What every page shares: the header, breadcrumbs and head of the document.
struct PageChrome {
  std::string site_name = "Wiredesk";
  std::string title;          // The document title, e.g. "World | Wiredesk".
  std::string description;    // Plain text for <meta name="description">; may be empty.
  std::string canonical_url;  // Path of the canonical URL, e.g. "/news/world/"; may be empty.
  std::string language = "en";
  bool home_current = false;  // The page is the home page.
  bool noindex = false;       // Ask search engines to skip the page (error pages).
  std::vector<NavItem> nav;
  std::vector<Crumb> breadcrumbs;  // Empty: no breadcrumb trail.
  std::string search_query;        // Prefills the search box.
  // The signed-in reader's menu; absent: "Log in" and "Sign up" links (anonymous pages are
  // shared through the page cache, so they never name a reader).
  std::optional<AccountMenu> account;
  // Files of static/ the page loads as deferred same-origin scripts (the CSP allows no inline
  // script); pages work without them.
  std::vector<std::string> scripts;
};

// A story in a list.
struct StoryCard {
  std::string headline;
  std::string url;
  std::string byline;  // Shown for the top story only.
  std::string section_title;
  std::string section_url;
  bool show_section = true;  // Section pages hide it for stories of the section itself.
  core::TimePoint published;
  core::VersionChange last_change = core::VersionChange::kPublish;
  std::optional<int> urgency;
  SanitizedHtml summary;  // May be empty.
  bool watched = false;   // Matches an entry of the reader's watchlist.
  std::string reason;     // Why it is recommended ("Because you read …"); empty: none shown.
};

struct SectionBlock {
  std::string title;
  std::string url;
  std::string anchor;  // A unique id for the block heading, e.g. "section-news-world".
  std::vector<StoryCard> stories;
};

struct HomeView {
  PageChrome chrome;
  std::optional<StoryCard> top_story;
  std::vector<StoryCard> latest;
  std::vector<SectionBlock> sections;  // Only sections that have stories.
  // "Recommended For You" (signed-in readers only) and "Most read"; empty hides a block.
  std::vector<StoryCard> recommended;
  std::vector<StoryCard> most_read;
};

struct SectionView {
  PageChrome chrome;
  std::string title;
  std::string url;                 // "/news/world/".
  std::vector<Crumb> subsections;  // Configured sections directly below this one.
  std::vector<StoryCard> stories;
  bool first_page = true;   // False when the page follows a cursor.
  std::string next_cursor;  // The store's cursor for "Older stories"; empty on the last page.
  std::vector<StoryCard> most_read;  // "Most read in <title>"; empty hides the block.
};

struct SearchResultCard {
  StoryCard story;  // Headline, URL, section and time; the summary is not shown.
  SnippetHtml snippet;
};

struct SearchView {
  PageChrome chrome;  // chrome.search_query echoes the query into the search box.
  std::string query;  // As the reader typed it; empty shows the empty-query state.
  std::string error;  // Why the query cannot be searched, for the reader; empty if none.
  std::vector<SearchResultCard> results;
  bool first_page = true;  // False when a cursor brought the reader here.
  // The order shown ("relevance" or "date") and links to the first page in each order; the
  // links are empty in the empty-query and error states.
  std::string sort = "relevance";
  std::string relevance_url;
  std::string date_url;
  std::string previous_url;  // Back to the first page ("/search?q=...&sort=..."); empty on it.
  std::string next_url;      // "/search?q=...&sort=...&cursor=..."; empty on the last page.
  // When nothing matched: a respelled query that finds something ("Did you mean ...") and the
  // link that searches it; both empty otherwise.
  std::string suggestion;
  std::string suggestion_url;
};

// Which notice an article carries about its text (see DESIGN.md, "The article model").
enum class TextNotice {
  kNone,            // A web source, or no hash to compare: say nothing.
  kWireUnmodified,  // "Published from a wire agency feed without modifications to the text."
  kEdited,          // "Edited by the newsroom": the stored text differs from the received.
};

// kWireUnmodified exactly when article.ShowsWireNotice(); kEdited when both hashes are known
// and differ; kNone otherwise.
TextNotice TextNoticeFor(const core::Article& article);

// One entry of the version history on an article page: a version that changed what readers
// see (its publication, each update and each correction).
struct HistoryEntry {
  core::TimePoint received_at;
  core::VersionChange change = core::VersionChange::kPublish;
  std::string headline;
  std::string ednote;  // The wire's note to editors (often what a correction corrected).
};

// One other report of the same event on an article page's "Full coverage" block: another
// member of its story cluster (recommend/story_clusters.h), with where it came from.
struct CoverageEntry {
  std::string headline;
  std::string url;
  std::string provenance_url;
  std::string source;
  core::TimePoint published;
  int version_count = 1;  // Write-thrus of that report; "N versions" shown above 1.
  TextNotice notice = TextNotice::kNone;
};

struct ArticleView {
  PageChrome chrome;
  std::string headline;
  std::string byline;
  std::string dateline;
  std::string language;  // BCP 47; empty when unknown.
  std::string section_title;
  std::string section_url;
  std::string url;
  std::string provenance_url;
  std::string source;
  std::string rights;
  core::TimePoint published;
  core::TimePoint updated;
  core::VersionChange last_change = core::VersionChange::kPublish;
  SanitizedHtml summary;
  SanitizedHtml body;
  TextNotice notice = TextNotice::kNone;
  // "Full coverage": the other published reports of the same event, oldest first; empty
  // hides the block.
  std::vector<CoverageEntry> coverage;
  std::string coverage_url;        // The Full coverage page, linked under the block.
  std::vector<StoryCard> related;  // "Related stories"; empty hides the block.
  // "Recommended For You", for signed-in readers; empty hides the block.
  std::vector<StoryCard> recommended;
  // Signed-in readers: save / report-an-error actions.
  core::ArticleId id = 0;
  bool signed_in = false;
  bool saved = false;
  std::string csrf_token;
  // Premium stories: the body is replaced by the paywall when `paywalled`; `meter_note` tells a
  // metered reader how many free premium stories are left this month.
  bool paywalled = false;
  std::string meter_note;
  // "Version history", newest first; empty (a story never updated) hides the block.
  std::vector<HistoryEntry> history;
};

// Full coverage of one event: every published report of it, from every source, oldest first,
// each with its provenance and version history.
struct CoverageView {
  PageChrome chrome;
  std::string headline;  // Of the story the page belongs to.
  std::string article_url;
  struct Report {
    CoverageEntry entry;
    bool current = false;               // The story the page belongs to.
    std::vector<HistoryEntry> history;  // Newest first; empty for a story never updated.
  };
  std::vector<Report> reports;
};

struct ProvenanceView {
  PageChrome chrome;
  std::string headline;
  std::string article_url;
  std::string source;
  core::SourceKind source_kind = core::SourceKind::kWire;
  std::string guid;
  std::string link;  // The story on the source's site; may be empty.
  core::TimePoint published;
  core::TimePoint received_at;
  std::string received_hash;
  std::string stored_hash;
  TextNotice notice = TextNotice::kNone;
  std::vector<core::ArticleVersion> versions;  // Oldest first.
};

// ---- Building view models ----

// "30 Nov 2026, 19:58 UTC".
std::string FormatDisplayTime(core::TimePoint t);

// The plain text of sanitised HTML: tags dropped, entities decoded, white space collapsed.
std::string HtmlToPlainText(std::string_view html);

// How a page relates to the section MakeChrome() is given.
enum class CrumbMode {
  kSectionIsPage,     // The page is the section's own page (or, for the empty path, home):
                      // breadcrumbs end with it, marked current; its nav item is current.
  kPageBelowSection,  // The page sits in the section (an article): breadcrumbs end with the
                      // section as a link, none current.
  kNone,              // No breadcrumbs (error pages).
};

// The chrome of a page titled `title` ("" for the home page: the site name alone) about
// `section`: the nav from config.sections in their order, and breadcrumbs Home / News / World
// per `crumbs`, titled by config.SectionTitle().
PageChrome MakeChrome(const core::Config& config, std::string_view title,
                      const core::SectionPath& section, CrumbMode crumbs);

StoryCard MakeStoryCard(const core::Article& article, const core::Config& config);
ArticleView MakeArticleView(const core::Article& article, const core::Config& config);
// The Full coverage entry of a member of an article's story cluster.
CoverageEntry MakeCoverageEntry(const core::Article& member);
// The Full coverage page of `article` over the published members of its cluster (oldest first,
// the article among them) and, for each, its version history (MakeVersionHistory; by member id).
CoverageView MakeCoverageView(const core::Article& article,
                              const std::vector<core::Article>& members,
                              const std::map<core::ArticleId, std::vector<HistoryEntry>>& histories,
                              const core::Config& config);
// The version history of an article from its versions (oldest first, as the store gives them):
// its publish, update and correction versions, newest first. Withholds and kills are left out
// (a page that shows the story is never in either state). Empty when the story was only
// published, since a history of one entry says nothing the dates do not.
std::vector<HistoryEntry> MakeVersionHistory(const std::vector<core::ArticleVersion>& versions);
ProvenanceView MakeProvenanceView(const core::Article& article,
                                  std::vector<core::ArticleVersion> versions,
                                  const core::Config& config);

// ---- Templates and rendering ----

// Parses the embedded templates into the process-wide frozen cache, once. Fails with
// kInternal naming the template that is missing or does not parse; later calls return the
// first call's result.
core::Status LoadTemplates();

// Parses `files` into a fresh cache and checks that every template the views need is among
// them; the same checks as LoadTemplates() without touching the process-wide cache. For tests
// and for checking templates before a release.
core::Status CheckTemplates(const std::vector<core::EmbeddedFile>& files);

// Render a whole HTML document. They load the templates on first use if LoadTemplates() was
// not called; should that fail, they return a minimal page saying the page could not be
// rendered (the start-up call is where the failure is reported).
std::string RenderHome(const HomeView& view);
std::string RenderSection(const SectionView& view);
std::string RenderArticle(const ArticleView& view);
std::string RenderProvenance(const ProvenanceView& view);
std::string RenderCoverage(const CoverageView& view);
std::string RenderSearch(const SearchView& view);
// 404 "Page not found", 410 "This story has been withdrawn" (with the notice that the wire
// agency withdrew it), and generic pages for 400, 405, 500 and any other status.
std::string RenderError(int status, const PageChrome& chrome);

// Renders `page_template` (one of the loaded templates, e.g. "account.tpl") inside the layout;
// `fill` sets the page's own dictionary. For page families with their own file (account
// pages); the escaping rule above applies to them as to every template.
using PageFiller = std::function<void(ctemplate::TemplateDictionary&)>;
std::string RenderInLayout(std::string_view page_template, const PageChrome& chrome,
                           const PageFiller& fill);

}  // namespace wiredesk::web
