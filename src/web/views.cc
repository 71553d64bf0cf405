#include "web/views.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>
#include <ctemplate/template_dictionary.h>
#include <fmt/format.h>

#include "core/text.h"
#include "web/assets.h"

namespace wiredesk::web {
namespace {

using ctemplate::TemplateDictionary;

// Every template the views expand; LoadTemplates() fails unless each is present and parses.
constexpr std::array<std::string_view, 10> kTemplateNames = {
    "layout.tpl",     "story_list.tpl", "home.tpl",  "section.tpl", "article.tpl",
    "provenance.tpl", "coverage.tpl",   "error.tpl", "search.tpl",  "account.tpl",
};

// Blank lines go; indentation stays, so the pages remain readable with "view source".
constexpr ctemplate::Strip kStrip = ctemplate::STRIP_BLANK_LINES;

// A summary longer than this (in plain-text bytes) is clamped on the article page, with a
// More/Less toggle; a shorter one is shown whole and gets no toggle.
constexpr size_t kLongSummaryBytes = 240;
// Longest <meta name="description">, in bytes, before it is cut at a word.
constexpr size_t kDescriptionBytes = 200;

ctemplate::TemplateString Ts(std::string_view s) {
  return ctemplate::TemplateString(s.data(), s.size());
}

// THE ONLY WAY UNESCAPED HTML ENTERS A PAGE (see the escaping rule in views.h). The template
// must print `name` with the :none modifier, and `html` must be stored, sanitised article HTML.
void SetSanitizedHtml(TemplateDictionary& dict, const char* name, const SanitizedHtml& html) {
  dict.SetValue(name, Ts(html.html));
}

// The one other place unescaped HTML enters a page: a search snippet, which the store built by
// escaping the text first and only then adding <mark> tags. The template prints it with :none.
void SetSnippetHtml(TemplateDictionary& dict, const char* name, const SnippetHtml& html) {
  dict.SetValue(name, Ts(html.html));
}

void SetText(TemplateDictionary& dict, const char* name, std::string_view text) {
  dict.SetValue(name, Ts(text));
}

// Shows `section` with `text` in its `variable` when `text` is not empty.
void SetOptionalText(TemplateDictionary& dict, const char* section, const char* variable,
                     std::string_view text) {
  if (text.empty())
    return;
  TemplateDictionary* sub = dict.AddSectionDictionary(section);
  SetText(*sub, variable, text);
}

void SetTime(TemplateDictionary& dict, const char* iso_name, const char* text_name,
             core::TimePoint t) {
  SetText(dict, iso_name, core::FormatRfc3339(t));
  SetText(dict, text_name, FormatDisplayTime(t));
}

std::string_view ChangeLabel(core::VersionChange change) {
  switch (change) {
    case core::VersionChange::kUpdate:
      return "Updated";
    case core::VersionChange::kCorrection:
      return "Corrected";
    default:
      return "";
  }
}

// "Published", "Updated" or "Corrected": how the version history names a version.
std::string_view HistoryLabel(core::VersionChange change) {
  std::string_view label = ChangeLabel(change);
  return label.empty() ? "Published" : label;
}

std::string Capitalised(std::string_view word) {
  std::string out(word);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z')
    out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// ---- Templates ----

class TemplateSet {
 public:
  // Parses every file of `files` that the views use, then freezes the cache so that nothing
  // is ever read from disk (an unknown template name fails instead of loading a file).
  static core::Result<std::unique_ptr<TemplateSet>> Load(
      const std::vector<core::EmbeddedFile>& files) {
    auto set = std::unique_ptr<TemplateSet>(new TemplateSet());
    for (std::string_view name : kTemplateNames) {
      const core::EmbeddedFile* file = nullptr;
      for (const auto& f : files) {
        if (f.path == name)
          file = &f;
      }
      if (file == nullptr) {
        return core::MakeError(core::ErrorCode::kInternal,
                               fmt::format("template '{}' is missing from the build", name));
      }
      if (!set->cache_.StringToTemplateCache(Ts(name), Ts(file->data), kStrip)) {
        return core::MakeError(
            core::ErrorCode::kInternal,
            fmt::format("template '{}' does not parse (ctemplate logged the reason)", name));
      }
    }
    set->cache_.Freeze();
    return set;
  }

  // Expands `name` with `dict`; false when ctemplate fails (e.g. an include that is not
  // loaded).
  bool Expand(std::string_view name, const TemplateDictionary& dict, std::string* out) const {
    return cache_.ExpandNoLoad(Ts(name), kStrip, &dict, nullptr, out);
  }

 private:
  TemplateSet() = default;
  ctemplate::TemplateCache cache_;
};

struct GlobalTemplates {
  std::once_flag once;
  std::unique_ptr<TemplateSet> set;
  std::optional<core::Error> error;
};

GlobalTemplates& Global() {
  static GlobalTemplates* global = new GlobalTemplates();  // Never destroyed: used until exit.
  return *global;
}

const TemplateSet* LoadedTemplates() {
  if (!LoadTemplates())
    return nullptr;
  return Global().set.get();
}

constexpr std::string_view kRenderFailurePage =
    "<!doctype html>\n<html lang=\"en\"><meta charset=\"utf-8\"><title>Error</title>\n"
    "<p>This page could not be rendered.</p></html>\n";

// ---- Dictionaries ----

void FillChrome(TemplateDictionary& dict, const PageChrome& chrome) {
  SetText(dict, "LANG", chrome.language.empty() ? "en" : chrome.language);
  SetText(dict, "TITLE", chrome.title.empty() ? chrome.site_name : chrome.title);
  SetText(dict, "SITE_NAME", chrome.site_name);
  SetText(dict, "SEARCH_QUERY", chrome.search_query);
  SetText(dict, "CSS_URL", StaticUrl("site.css"));
  SetText(dict, "FAVICON_URL", StaticUrl("favicon.svg"));
  for (const std::string& script : chrome.scripts)
    SetText(*dict.AddSectionDictionary("SCRIPT"), "SCRIPT_URL", StaticUrl(script));
  SetOptionalText(dict, "DESCRIPTION", "DESCRIPTION_TEXT", chrome.description);
  SetOptionalText(dict, "CANONICAL", "CANONICAL_URL", chrome.canonical_url);
  if (chrome.noindex)
    dict.ShowSection("NOINDEX");
  if (chrome.home_current)
    dict.ShowSection("HOME_CURRENT");
  for (const NavItem& item : chrome.nav) {
    TemplateDictionary* nav = dict.AddSectionDictionary("NAV_ITEM");
    SetText(*nav, "NAV_TITLE", item.title);
    SetText(*nav, "NAV_URL", item.url);
    if (item.current)
      nav->ShowSection("NAV_CURRENT");
    if (item.active && !item.current)
      nav->ShowSection("NAV_ACTIVE");
  }
  if (chrome.account) {
    const AccountMenu& menu = *chrome.account;
    TemplateDictionary* account = dict.AddSectionDictionary("ACCOUNT");
    SetText(*account, "ACCOUNT_EMAIL", menu.email);
    SetText(*account, "CSRF_TOKEN", menu.csrf_token);
    struct Link {
      std::string_view title;
      std::string_view url;
    };
    static constexpr Link kLinks[] = {{"Set Preferences", "/account/preferences"},
                                      {"My Reads", "/account/reads"},
                                      {"Watchlist", "/account/watchlist"},
                                      {"Feedback", "/account/feedback"},
                                      {"Redeem a Gift Card", "/account/giftcard"}};
    static constexpr Link kAdminLinks[] = {{"Feedback inbox", "/admin/feedback"},
                                           {"Gift cards", "/admin/giftcards"},
                                           {"Failed alerts", "/admin/alerts"}};
    auto add = [&](const Link& link) {
      TemplateDictionary* item = account->AddSectionDictionary("ACCOUNT_LINK");
      SetText(*item, "LINK_TITLE", link.title);
      SetText(*item, "LINK_URL", link.url);
      if (menu.current_url == link.url)
        item->ShowSection("LINK_CURRENT");
    };
    for (const Link& link : kLinks) add(link);
    if (menu.admin) {
      for (const Link& link : kAdminLinks) add(link);
    }
    if (menu.theme == "light" || menu.theme == "dark")
      SetText(dict, "THEME_CLASS", " theme-" + menu.theme);
  } else {
    dict.ShowSection("ANONYMOUS");
  }
  if (!chrome.breadcrumbs.empty()) {
    TemplateDictionary* trail = dict.AddSectionDictionary("BREADCRUMBS");
    for (const Crumb& crumb : chrome.breadcrumbs) {
      TemplateDictionary* item = trail->AddSectionDictionary("CRUMB");
      SetText(*item, "CRUMB_TITLE", crumb.title);
      SetText(*item, "CRUMB_URL", crumb.url);
      if (crumb.current)
        item->ShowSection("CRUMB_CURRENT");
    }
  }
}

enum class HeadingLevel { kH2, kH3 };
enum class ListStyle { kFull, kCompact };

// Fills story_list.tpl's dictionary (an include's, or one expanded alone).
void FillStoryList(TemplateDictionary& include, const std::vector<StoryCard>& stories,
                   HeadingLevel level, ListStyle style) {
  if (style == ListStyle::kCompact)
    include.ShowSection("COMPACT");
  for (const StoryCard& card : stories) {
    TemplateDictionary* story = include.AddSectionDictionary("STORY");
    story->ShowSection(level == HeadingLevel::kH2 ? "HEADING_2" : "HEADING_3");
    SetText(*story, "URL", card.url);
    SetText(*story, "HEADLINE", card.headline);
    SetTime(*story, "PUBLISHED_ISO", "PUBLISHED_TEXT", card.published);
    if (card.show_section && !card.section_title.empty()) {
      TemplateDictionary* label = story->AddSectionDictionary("SECTION_LABEL");
      SetText(*label, "SECTION_URL", card.section_url);
      SetText(*label, "SECTION_TITLE", card.section_title);
    }
    SetOptionalText(*story, "CHANGE", "CHANGE_TEXT", ChangeLabel(card.last_change));
    if (card.watched)
      story->ShowSection("WATCHED");
    SetOptionalText(*story, "REASON", "REASON_TEXT", card.reason);
    if (style == ListStyle::kFull && !card.summary.empty()) {
      SetSanitizedHtml(*story->AddSectionDictionary("SUMMARY"), "SUMMARY_HTML", card.summary);
    }
  }
}

// Rendered compact story lists (the blocks: Related stories, Recommended For You, Most read, and
// the home page's latest and section lists), kept by their content. A block shown again, to any
// reader, is not rendered again: Related stories of an article are the same for all its readers,
// and a reader's kept recommendations the same from page to page. The key is every field the
// list's HTML is made from, so a story that changes or leaves a list makes a new key and a
// stale list can never be shown (a kill included); nothing needs emptying. Past the bounds the
// whole cache is dropped, as the kept lists of recommend/ are.
class RenderedListCache {
 public:
  static constexpr size_t kMaxLists = 20'000;
  static constexpr size_t kMaxBytes = 64 << 20;

  std::shared_ptr<const std::string> Find(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = lists_.find(key);
    return it == lists_.end() ? nullptr : it->second;
  }

  void Keep(std::string key, std::shared_ptr<const std::string> html) {
    std::lock_guard lock(mutex_);
    if (lists_.size() >= kMaxLists || bytes_ >= kMaxBytes) {
      lists_.clear();
      bytes_ = 0;
    }
    bytes_ += key.size() + html->size();
    lists_.insert_or_assign(std::move(key), std::move(html));
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const std::string>> lists_;  // Guarded.
  size_t bytes_ = 0;                                                           // Guarded.
};

RenderedListCache& RenderedLists() {
  static RenderedListCache* cache = new RenderedListCache();  // Never destroyed: used until exit.
  return *cache;
}

// Appends `field` with its length first, so that no two different lists make the same key.
void AppendKeyField(std::string& key, std::string_view field) {
  const auto size = static_cast<uint32_t>(field.size());
  key.append(reinterpret_cast<const char*>(&size), sizeof size);
  key.append(field);
}

// Every field of the cards that FillStoryList prints in a compact list, and the heading level.
std::string CompactListKey(const std::vector<StoryCard>& stories, HeadingLevel level) {
  std::string key(1, level == HeadingLevel::kH2 ? '2' : '3');
  for (const StoryCard& card : stories) {
    AppendKeyField(key, card.url);
    AppendKeyField(key, card.headline);
    const int64_t published = core::ToUnixSeconds(card.published);
    key.append(reinterpret_cast<const char*>(&published), sizeof published);
    AppendKeyField(key, card.show_section ? card.section_title : std::string_view());
    AppendKeyField(key, card.show_section ? card.section_url : std::string_view());
    AppendKeyField(key, ChangeLabel(card.last_change));
    key += card.watched ? 'w' : '-';
    AppendKeyField(key, card.reason);
  }
  return key;
}

// Sets `name` to story_list.tpl expanded alone for `stories` as a compact list: the template
// prints it with :none. The HTML is story_list.tpl's own output, escaped by its AUTOESCAPE
// directive exactly as when it is included (see the escaping rule in views.h).
void SetCompactStoryList(TemplateDictionary& dict, const char* name,
                         const std::vector<StoryCard>& stories, HeadingLevel level) {
  std::string key = CompactListKey(stories, level);
  std::shared_ptr<const std::string> html = RenderedLists().Find(key);
  if (html == nullptr) {
    const TemplateSet* templates = LoadedTemplates();
    TemplateDictionary list("story_list");
    FillStoryList(list, stories, level, ListStyle::kCompact);
    auto rendered = std::make_shared<std::string>();
    if (templates == nullptr || !templates->Expand("story_list.tpl", list, rendered.get()))
      return;  // The list is left out; RenderPage fails the page if templates are missing.
    html = rendered;
    RenderedLists().Keep(std::move(key), std::move(rendered));
  }
  dict.SetValue(name, Ts(*html));
}

void FillNotice(TemplateDictionary& dict, TextNotice notice) {
  switch (notice) {
    case TextNotice::kWireUnmodified:
      dict.ShowSection("WIRE_NOTICE");
      break;
    case TextNotice::kEdited:
      dict.ShowSection("EDITED_NOTICE");
      break;
    case TextNotice::kNone:
      break;
  }
}

// Expands layout.tpl around `page_template`, whose dictionary `fill` sets.
std::string RenderPage(std::string_view page_template, const PageChrome& chrome,
                       const std::function<void(TemplateDictionary&)>& fill) {
  const TemplateSet* templates = LoadedTemplates();
  if (templates == nullptr)
    return std::string(kRenderFailurePage);
  TemplateDictionary dict("layout");
  FillChrome(dict, chrome);
  // "home.tpl" -> "page-home", so the stylesheet can adapt the frame to the page.
  SetText(dict, "BODY_CLASS",
          "page-" + std::string(page_template.substr(0, page_template.find('.'))));
  TemplateDictionary* page = dict.AddIncludeDictionary("PAGE");
  page->SetFilename(Ts(page_template));
  fill(*page);
  std::string out;
  if (!templates->Expand("layout.tpl", dict, &out))
    return std::string(kRenderFailurePage);
  return out;
}

struct ErrorText {
  std::string_view heading;
  std::string_view message;
};

ErrorText ErrorTextFor(int status) {
  switch (status) {
    case 400:
      return {"Bad request", "The address of this page is not valid, so there is nothing to show."};
    case 404:
      return {"Page not found",
              "There is no page at this address. The link may be mistyped, or the story may "
              "not be published yet."};
    case 405:
      return {"Method not allowed", "This page can be read, not changed."};
    case 410:
      return {"This story has been withdrawn",
              "The story that was published at this address is no longer available."};
    default:
      if (status >= 500) {
        return {"Something went wrong",
                "The page could not be shown. Please try again in a moment."};
      }
      return {"This page cannot be shown", "The request could not be answered."};
  }
}

// Decodes the entity starting at html[i] == '&' into `out`; returns the bytes consumed, or 0
// when it is not one the sanitiser's serialiser writes (then '&' is kept literally).
size_t DecodeEntity(std::string_view html, size_t i, std::string& out) {
  size_t semi = html.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10)
    return 0;
  std::string_view name = html.substr(i + 1, semi - i - 1);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
  for (const auto& [entity, text] : kNamed) {
    if (name == entity) {
      out += text;
      return semi - i + 1;
    }
  }
  if (name.size() >= 2 && name[0] == '#') {
    bool hex = name[1] == 'x' || name[1] == 'X';
    std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty())
      return 0;
    uint32_t cp = 0;
    for (char c : digits) {
      int d = -1;
      if (c >= '0' && c <= '9')
        d = c - '0';
      if (hex && c >= 'a' && c <= 'f')
        d = c - 'a' + 10;
      if (hex && c >= 'A' && c <= 'F')
        d = c - 'A' + 10;
      if (d < 0)
        return 0;
      cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
      if (cp > 0x10FFFF)
        cp = 0x110000;  // Stays invalid without overflowing.
    }
    core::AppendUtf8(out, cp);
    return semi - i + 1;
  }
  return 0;
}

// Tags after which words must not run together in plain text.
bool IsBlockTag(std::string_view name) {
  static constexpr std::string_view kBlock[] = {
      "p",     "br",     "div",        "li",  "ul",         "ol", "h1", "h2",
      "h3",    "h4",     "h5",         "h6",  "blockquote", "tr", "td", "th",
      "table", "figure", "figcaption", "pre", "hr",         "dd", "dt", "section"};
  for (std::string_view tag : kBlock) {
    if (name == tag)
      return true;
  }
  return false;
}

// Cuts `text` to at most `max` bytes at a space, adding an ellipsis when it cut.
std::string TruncateAtWord(std::string text, size_t max) {
  if (text.size() <= max)
    return text;
  size_t cut = text.rfind(' ', max);
  if (cut == std::string::npos || cut < max / 2) {
    cut = max;
    // Never split a UTF-8 sequence: back up over continuation bytes.
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  }
  text.resize(cut);
  while (!text.empty() && (text.back() == ' ' || text.back() == ',')) text.pop_back();
  return text + "\u2026";
}

}  // namespace

// ---- Building view models ----

std::string FormatDisplayTime(core::TimePoint t) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto day = std::chrono::floor<std::chrono::days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss<std::chrono::seconds> hms(t - day);
  return fmt::format("{} {} {}, {:02}:{:02} UTC", static_cast<unsigned>(ymd.day()),
                     kMonths[static_cast<unsigned>(ymd.month()) - 1], static_cast<int>(ymd.year()),
                     hms.hours().count(), hms.minutes().count());
}

std::string HtmlToPlainText(std::string_view html) {
  std::string text;
  text.reserve(html.size());
  size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<') {
      // Skip the tag, minding quoted attribute values, which may hold '>'.
      size_t j = i + 1;
      if (j < html.size() && html[j] == '/')
        ++j;
      size_t name_start = j;
      while (j < html.size() &&
             ((html[j] >= 'a' && html[j] <= 'z') || (html[j] >= 'A' && html[j] <= 'Z') ||
              (html[j] >= '0' && html[j] <= '9'))) {
        ++j;
      }
      std::string name(html.substr(name_start, j - name_start));
      for (char& n : name) n = static_cast<char>(n >= 'A' && n <= 'Z' ? n + 32 : n);
      char quote = 0;
      while (j < html.size() && (quote != 0 || html[j] != '>')) {
        if (quote != 0 && html[j] == quote) {
          quote = 0;
        } else if (quote == 0 && (html[j] == '"' || html[j] == '\'')) {
          quote = html[j];
        }
        ++j;
      }
      if (IsBlockTag(name))
        text += ' ';
      i = j + 1;
    } else if (c == '&') {
      size_t used = DecodeEntity(html, i, text);
      if (used == 0) {
        text += '&';
        used = 1;
      }
      i += used;
    } else {
      text += c;
      ++i;
    }
  }
  return core::CollapseWhitespace(text);
}

TextNotice TextNoticeFor(const core::Article& article) {
  if (article.ShowsWireNotice())
    return TextNotice::kWireUnmodified;
  if (!article.body_text_sha256_received.empty() && !article.body_text_sha256_stored.empty() &&
      article.body_text_sha256_received != article.body_text_sha256_stored) {
    return TextNotice::kEdited;
  }
  return TextNotice::kNone;
}

PageChrome MakeChrome(const core::Config& config, std::string_view title,
                      const core::SectionPath& section, CrumbMode crumbs) {
  PageChrome chrome;
  chrome.site_name = config.site.name;
  chrome.language = config.site.language;
  chrome.title = title.empty() ? config.site.name : fmt::format("{} | {}", title, config.site.name);
  chrome.home_current = section.empty() && crumbs == CrumbMode::kSectionIsPage;
  for (const core::SectionConfig& s : config.sections) {
    NavItem item;
    item.title = config.SectionTitle(s.path);
    item.url = s.path.Url();
    item.current = crumbs == CrumbMode::kSectionIsPage && s.path == section;
    item.active = !section.empty() && !s.path.empty() && section.IsWithin(s.path);
    chrome.nav.push_back(std::move(item));
  }
  if (crumbs != CrumbMode::kNone && !section.empty()) {
    std::vector<core::SectionPath> trail;
    for (core::SectionPath p = section; !p.empty(); p = p.Parent()) trail.push_back(p);
    chrome.breadcrumbs.push_back(Crumb{"Home", "/", false});
    for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
      chrome.breadcrumbs.push_back(Crumb{config.SectionTitle(*it), it->Url(), false});
    }
    chrome.breadcrumbs.back().current = crumbs == CrumbMode::kSectionIsPage;
  }
  return chrome;
}

StoryCard MakeStoryCard(const core::Article& article, const core::Config& config) {
  StoryCard card;
  card.headline = article.headline;
  card.url = article.Url();
  card.byline = article.byline;
  card.section_title = config.SectionTitle(article.section);
  card.section_url = article.section.Url();
  card.published = article.published;
  card.last_change = article.last_change;
  card.urgency = article.urgency;
  card.summary = SanitizedHtml{article.summary_html};
  return card;
}

ArticleView MakeArticleView(const core::Article& article, const core::Config& config) {
  ArticleView view;
  view.chrome = MakeChrome(config, article.headline, article.section, CrumbMode::kPageBelowSection);
  view.chrome.canonical_url = article.Url();
  view.chrome.description =
      TruncateAtWord(HtmlToPlainText(article.summary_html), kDescriptionBytes);
  view.headline = article.headline;
  view.byline = article.byline;
  view.dateline = article.dateline;
  view.language = article.language;
  view.section_title = config.SectionTitle(article.section);
  view.section_url = article.section.Url();
  view.url = article.Url();
  view.provenance_url = article.Url() + "/provenance";
  view.source = article.source;
  view.rights = article.rights;
  view.published = article.published;
  view.updated = article.updated;
  view.last_change = article.last_change;
  view.summary = SanitizedHtml{article.summary_html};
  view.body = SanitizedHtml{article.body_html};
  view.notice = TextNoticeFor(article);
  return view;
}

CoverageEntry MakeCoverageEntry(const core::Article& member) {
  return CoverageEntry{.headline = member.headline,
                       .url = member.Url(),
                       .provenance_url = member.Url() + "/provenance",
                       .source = member.source,
                       .published = member.published,
                       .version_count = member.version_count,
                       .notice = TextNoticeFor(member)};
}

namespace {

// The chrome of a page about an article (/<article url>/<page>): titled "<label>: <headline>",
// under the article's section.
PageChrome ArticleSubpageChrome(const core::Config& config, const core::Article& article,
                                std::string_view label, std::string_view page) {
  PageChrome chrome = MakeChrome(config, std::string(label) + ": " + article.headline,
                                 article.section, CrumbMode::kPageBelowSection);
  chrome.canonical_url = article.Url() + "/" + std::string(page);
  return chrome;
}

}  // namespace

CoverageView MakeCoverageView(const core::Article& article,
                              const std::vector<core::Article>& members,
                              const std::map<core::ArticleId, std::vector<HistoryEntry>>& histories,
                              const core::Config& config) {
  CoverageView view;
  view.chrome = ArticleSubpageChrome(config, article, "Full coverage", "coverage");
  view.headline = article.headline;
  view.article_url = article.Url();
  for (const core::Article& member : members) {
    CoverageView::Report report;
    report.entry = MakeCoverageEntry(member);
    report.current = member.id == article.id;
    if (auto it = histories.find(member.id); it != histories.end())
      report.history = it->second;
    view.reports.push_back(std::move(report));
  }
  return view;
}

std::vector<HistoryEntry> MakeVersionHistory(const std::vector<core::ArticleVersion>& versions) {
  std::vector<HistoryEntry> history;
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    if (it->change != core::VersionChange::kPublish && it->change != core::VersionChange::kUpdate &&
        it->change != core::VersionChange::kCorrection) {
      continue;
    }
    history.push_back(HistoryEntry{it->received_at, it->change, it->headline, it->ednote});
  }
  if (history.size() < 2)
    history.clear();
  return history;
}

ProvenanceView MakeProvenanceView(const core::Article& article,
                                  std::vector<core::ArticleVersion> versions,
                                  const core::Config& config) {
  ProvenanceView view;
  view.chrome = ArticleSubpageChrome(config, article, "Provenance", "provenance");
  view.headline = article.headline;
  view.article_url = article.Url();
  view.source = article.source;
  view.source_kind = article.source_kind;
  view.guid = article.guid;
  view.link = article.link;
  view.published = article.published;
  view.received_at = article.received_at;
  view.received_hash = article.body_text_sha256_received;
  view.stored_hash = article.body_text_sha256_stored;
  view.notice = TextNoticeFor(article);
  view.versions = std::move(versions);
  return view;
}

// ---- Templates and rendering ----

core::Status CheckTemplates(const std::vector<core::EmbeddedFile>& files) {
  auto set = TemplateSet::Load(files);
  if (!set)
    return tl::unexpected(std::move(set).error());
  return core::Ok();
}

core::Status LoadTemplates() {
  GlobalTemplates& global = Global();
  std::call_once(global.once, [&global] {
    auto set = TemplateSet::Load(AllTemplates());
    if (set) {
      global.set = std::move(*set);
    } else {
      global.error = set.error();
    }
  });
  if (global.error)
    return tl::unexpected(*global.error);
  return core::Ok();
}

std::string RenderHome(const HomeView& view) {
  return RenderPage("home.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetText(page, "SITE_NAME", view.chrome.site_name);
    if (!view.top_story && view.latest.empty() && view.sections.empty()) {
      page.ShowSection("EMPTY");
    }
    if (view.top_story || !view.latest.empty()) {
      TemplateDictionary* front = page.AddSectionDictionary("FRONT");
      if (view.top_story) {
        const StoryCard& top = *view.top_story;
        TemplateDictionary* dict = front->AddSectionDictionary("TOP");
        SetText(*dict, "URL", top.url);
        SetText(*dict, "HEADLINE", top.headline);
        SetText(*dict, "SECTION_URL", top.section_url);
        SetText(*dict, "SECTION_TITLE", top.section_title);
        SetTime(*dict, "PUBLISHED_ISO", "PUBLISHED_TEXT", top.published);
        SetOptionalText(*dict, "BYLINE", "BYLINE_TEXT", top.byline);
        SetOptionalText(*dict, "CHANGE", "CHANGE_TEXT", ChangeLabel(top.last_change));
        if (!top.summary.empty()) {
          SetSanitizedHtml(*dict->AddSectionDictionary("SUMMARY"), "SUMMARY_HTML", top.summary);
        }
      }
      if (!view.latest.empty()) {
        TemplateDictionary* latest = front->AddSectionDictionary("LATEST");
        SetCompactStoryList(*latest, "LATEST_STORIES", view.latest, HeadingLevel::kH3);
      }
    }
    if (!view.sections.empty()) {
      TemplateDictionary* blocks = page.AddSectionDictionary("SECTIONS");
      for (const SectionBlock& block : view.sections) {
        TemplateDictionary* dict = blocks->AddSectionDictionary("SECTION_BLOCK");
        SetText(*dict, "BLOCK_ID", block.anchor);
        SetText(*dict, "BLOCK_URL", block.url);
        SetText(*dict, "BLOCK_TITLE", block.title);
        std::vector<StoryCard> stories = block.stories;
        for (StoryCard& card : stories) card.show_section = false;
        SetCompactStoryList(*dict, "BLOCK_STORIES", stories, HeadingLevel::kH3);
      }
    }
    if (!view.recommended.empty()) {
      SetCompactStoryList(*page.AddSectionDictionary("RECOMMENDED"), "RECOMMENDED_STORIES",
                          view.recommended, HeadingLevel::kH3);
    }
    if (!view.most_read.empty()) {
      SetCompactStoryList(*page.AddSectionDictionary("MOST_READ"), "MOST_READ_STORIES",
                          view.most_read, HeadingLevel::kH3);
    }
  });
}

std::string RenderSection(const SectionView& view) {
  return RenderPage("section.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetText(page, "TITLE", view.title);
    if (!view.subsections.empty()) {
      TemplateDictionary* subs = page.AddSectionDictionary("SUBSECTIONS");
      for (const Crumb& sub : view.subsections) {
        TemplateDictionary* item = subs->AddSectionDictionary("SUBSECTION");
        SetText(*item, "SUBSECTION_TITLE", sub.title);
        SetText(*item, "SUBSECTION_URL", sub.url);
      }
    }
    if (!view.stories.empty()) {
      TemplateDictionary* list = page.AddIncludeDictionary("STORIES");
      list->SetFilename("story_list.tpl");
      FillStoryList(*list, view.stories, HeadingLevel::kH2, ListStyle::kFull);
    } else {
      page.ShowSection(view.first_page ? "NO_STORIES" : "NO_OLDER");
    }
    if (!view.first_page || !view.next_cursor.empty()) {
      TemplateDictionary* pagination = page.AddSectionDictionary("PAGINATION");
      if (!view.first_page)
        SetOptionalText(*pagination, "NEWEST", "SECTION_URL", view.url);
      SetOptionalText(*pagination, "OLDER", "NEXT_CURSOR", view.next_cursor);
    }
    if (!view.most_read.empty()) {
      TemplateDictionary* block = page.AddSectionDictionary("MOST_READ");
      SetText(*block, "TITLE", view.title);
      SetCompactStoryList(*block, "MOST_READ_STORIES", view.most_read, HeadingLevel::kH3);
    }
  });
}

std::string RenderSearch(const SearchView& view) {
  return RenderPage("search.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetText(page, "QUERY", view.query);
    if (view.query.empty()) {
      page.ShowSection("EMPTY_QUERY");
      return;
    }
    page.ShowSection("HAS_QUERY");
    if (!view.error.empty()) {
      SetOptionalText(page, "QUERY_ERROR", "ERROR_TEXT", view.error);
      return;
    }
    if (view.results.empty()) {
      page.ShowSection(view.first_page ? "NO_RESULTS" : "NO_MORE_RESULTS");
      if (!view.suggestion.empty() && !view.suggestion_url.empty()) {
        TemplateDictionary* did_you_mean = page.AddSectionDictionary("SUGGESTION");
        SetText(*did_you_mean, "SUGGESTION_TEXT", view.suggestion);
        SetText(*did_you_mean, "SUGGESTION_URL", view.suggestion_url);
      }
    } else {
      TemplateDictionary* list = page.AddSectionDictionary("RESULTS");
      for (const SearchResultCard& card : view.results) {
        TemplateDictionary* item = list->AddSectionDictionary("RESULT");
        SetText(*item, "URL", card.story.url);
        SetText(*item, "HEADLINE", card.story.headline);
        SetTime(*item, "PUBLISHED_ISO", "PUBLISHED_TEXT", card.story.published);
        SetText(*item, "SECTION_URL", card.story.section_url);
        SetText(*item, "SECTION_TITLE", card.story.section_title);
        if (!card.snippet.html.empty())
          SetSnippetHtml(*item->AddSectionDictionary("SNIPPET"), "SNIPPET_HTML", card.snippet);
      }
    }
    if (!view.relevance_url.empty() && !view.date_url.empty()) {
      TemplateDictionary* sort = page.AddSectionDictionary("SORT");
      if (view.sort == "date") {
        SetText(*sort->AddSectionDictionary("BY_DATE"), "RELEVANCE_URL", view.relevance_url);
      } else {
        SetText(*sort->AddSectionDictionary("BY_RELEVANCE"), "DATE_URL", view.date_url);
      }
    }
    if (!view.previous_url.empty() || !view.next_url.empty()) {
      TemplateDictionary* pagination = page.AddSectionDictionary("PAGINATION");
      SetOptionalText(*pagination, "PREVIOUS", "PREVIOUS_URL", view.previous_url);
      SetOptionalText(*pagination, "NEXT", "NEXT_URL", view.next_url);
    }
  });
}

std::string RenderArticle(const ArticleView& view) {
  return RenderPage("article.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetOptionalText(page, "LANGUAGE", "LANGUAGE_TAG", view.language);
    SetText(page, "SECTION_URL", view.section_url);
    SetText(page, "SECTION_TITLE", view.section_title);
    SetText(page, "HEADLINE", view.headline);
    if (!view.summary.empty()) {
      TemplateDictionary* standfirst = page.AddSectionDictionary("STANDFIRST");
      SetSanitizedHtml(*standfirst, "SUMMARY_HTML", view.summary);
      if (HtmlToPlainText(view.summary.html).size() > kLongSummaryBytes) {
        standfirst->ShowSection("STANDFIRST_LONG");
      }
    }
    SetOptionalText(page, "BYLINE", "BYLINE_TEXT", view.byline);
    SetOptionalText(page, "DATELINE", "DATELINE_TEXT", view.dateline);
    SetTime(page, "PUBLISHED_ISO", "PUBLISHED_TEXT", view.published);
    if (view.last_change == core::VersionChange::kUpdate ||
        view.last_change == core::VersionChange::kCorrection) {
      TemplateDictionary* change = page.AddSectionDictionary(
          view.last_change == core::VersionChange::kUpdate ? "UPDATED" : "CORRECTED");
      SetTime(*change, "UPDATED_ISO", "UPDATED_TEXT", view.updated);
    }
    if (view.paywalled) {
      TemplateDictionary* wall = page.AddSectionDictionary("PAYWALL");
      wall->ShowSection(view.signed_in ? "PAYWALL_SIGNED_IN" : "PAYWALL_ANONYMOUS");
      SetText(*wall, "ARTICLE_URL", view.url);
    } else {
      SetSanitizedHtml(*page.AddSectionDictionary("BODY"), "BODY_HTML", view.body);
    }
    SetOptionalText(page, "METER", "METER_TEXT", view.meter_note);
    if (view.signed_in) {
      TemplateDictionary* actions = page.AddSectionDictionary("ACTIONS");
      SetText(*actions, "CSRF_TOKEN", view.csrf_token);
      actions->SetIntValue("ARTICLE_ID", view.id);
      SetText(*actions, "ARTICLE_URL", view.url);
      actions->ShowSection(view.saved ? "SAVED" : "NOT_SAVED");
    }
    // The "Get alerts" prompt: signed-in readers go to their watchlist and channels, others
    // are asked to sign up first.
    page.AddSectionDictionary("ALERTS_PROMPT")
        ->ShowSection(view.signed_in ? "ALERTS_SIGNED_IN" : "ALERTS_ANONYMOUS");
    FillNotice(page, view.notice);
    SetText(page, "SOURCE", view.source);
    SetOptionalText(page, "RIGHTS", "RIGHTS_TEXT", view.rights);
    SetText(page, "PROVENANCE_URL", view.provenance_url);
    if (!view.history.empty()) {
      TemplateDictionary* history = page.AddSectionDictionary("HISTORY");
      for (const HistoryEntry& entry : view.history) {
        TemplateDictionary* row = history->AddSectionDictionary("HISTORY_ENTRY");
        SetTime(*row, "ENTRY_ISO", "ENTRY_TEXT", entry.received_at);
        SetText(*row, "ENTRY_CHANGE", HistoryLabel(entry.change));
        SetText(*row, "ENTRY_KIND", core::VersionChangeName(entry.change));
        SetText(*row, "ENTRY_HEADLINE", entry.headline);
        SetOptionalText(*row, "ENTRY_EDNOTE", "EDNOTE_TEXT", entry.ednote);
      }
    }
    if (!view.coverage.empty()) {
      TemplateDictionary* coverage = page.AddSectionDictionary("COVERAGE");
      for (const CoverageEntry& entry : view.coverage) {
        TemplateDictionary* row = coverage->AddSectionDictionary("COVERAGE_ENTRY");
        SetText(*row, "ENTRY_URL", entry.url);
        SetText(*row, "ENTRY_HEADLINE", entry.headline);
        SetText(*row, "ENTRY_SOURCE", entry.source);
        SetTime(*row, "ENTRY_ISO", "ENTRY_TEXT", entry.published);
        if (entry.version_count > 1) {
          TemplateDictionary* versions = row->AddSectionDictionary("ENTRY_VERSIONS");
          versions->SetIntValue("VERSION_COUNT", entry.version_count);
        }
        FillNotice(*row, entry.notice);
        SetText(*row, "ENTRY_PROVENANCE_URL", entry.provenance_url);
      }
      SetText(*coverage, "COVERAGE_URL", view.coverage_url);
    }
    if (!view.related.empty()) {
      SetCompactStoryList(*page.AddSectionDictionary("RELATED"), "RELATED_STORIES", view.related,
                          HeadingLevel::kH3);
    }
    if (!view.recommended.empty()) {
      SetCompactStoryList(*page.AddSectionDictionary("RECOMMENDED"), "RECOMMENDED_STORIES",
                          view.recommended, HeadingLevel::kH3);
    }
  });
}

std::string RenderCoverage(const CoverageView& view) {
  return RenderPage("coverage.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetText(page, "HEADLINE", view.headline);
    SetText(page, "ARTICLE_URL", view.article_url);
    if (view.reports.size() == 1) {
      page.ShowSection("ONE_REPORT");
    } else {
      page.AddSectionDictionary("REPORTS")->SetIntValue("REPORT_COUNT",
                                                        static_cast<long>(view.reports.size()));
    }
    for (const CoverageView::Report& report : view.reports) {
      TemplateDictionary* row = page.AddSectionDictionary("REPORT");
      const CoverageEntry& entry = report.entry;
      SetText(*row, "ENTRY_URL", entry.url);
      SetText(*row, "ENTRY_HEADLINE", entry.headline);
      SetText(*row, "ENTRY_SOURCE", entry.source);
      SetTime(*row, "ENTRY_ISO", "ENTRY_TEXT", entry.published);
      if (report.current)
        row->ShowSection("CURRENT");
      FillNotice(*row, entry.notice);
      SetText(*row, "ENTRY_PROVENANCE_URL", entry.provenance_url);
      if (!report.history.empty()) {
        TemplateDictionary* history = row->AddSectionDictionary("HISTORY");
        for (const HistoryEntry& version : report.history) {
          TemplateDictionary* line = history->AddSectionDictionary("HISTORY_ENTRY");
          SetTime(*line, "VERSION_ISO", "VERSION_TEXT", version.received_at);
          SetText(*line, "VERSION_CHANGE", HistoryLabel(version.change));
          SetText(*line, "VERSION_HEADLINE", version.headline);
        }
      }
    }
  });
}

std::string RenderProvenance(const ProvenanceView& view) {
  return RenderPage("provenance.tpl", view.chrome, [&view](TemplateDictionary& page) {
    SetText(page, "HEADLINE", view.headline);
    SetText(page, "ARTICLE_URL", view.article_url);
    SetText(page, "SOURCE", view.source);
    SetText(page, "SOURCE_KIND",
            view.source_kind == core::SourceKind::kWire ? "Wire agency" : "Web feed");
    SetText(page, "GUID", view.guid);
    SetOptionalText(page, "LINK", "LINK_URL", view.link);
    SetTime(page, "PUBLISHED_ISO", "PUBLISHED_TEXT", view.published);
    SetTime(page, "RECEIVED_ISO", "RECEIVED_TEXT", view.received_at);
    SetText(page, "RECEIVED_HASH", view.received_hash.empty() ? "none" : view.received_hash);
    SetText(page, "STORED_HASH", view.stored_hash.empty() ? "none" : view.stored_hash);
    if (view.received_hash.empty() || view.stored_hash.empty()) {
      page.ShowSection("HASHES_UNKNOWN");
    } else {
      page.ShowSection(view.received_hash == view.stored_hash ? "HASHES_MATCH" : "HASHES_DIFFER");
    }
    FillNotice(page, view.notice);
    for (const core::ArticleVersion& version : view.versions) {
      TemplateDictionary* row = page.AddSectionDictionary("VERSION");
      row->SetIntValue("RANK", version.rank);
      SetText(*row, "CHANGE", Capitalised(core::VersionChangeName(version.change)));
      SetText(*row, "STATUS", Capitalised(core::ItemStatusName(version.status)));
      SetTime(*row, "RECEIVED_ISO", "RECEIVED_TEXT", version.received_at);
      SetText(*row, "VERSION_HEADLINE", version.headline);
      SetText(*row, "TEXT_HASH",
              version.body_text_sha256.empty() ? "none" : version.body_text_sha256);
    }
  });
}

std::string RenderInLayout(std::string_view page_template, const PageChrome& chrome,
                           const PageFiller& fill) {
  return RenderPage(page_template, chrome, fill);
}

std::string RenderError(int status, const PageChrome& chrome) {
  ErrorText text = ErrorTextFor(status);
  PageChrome error_chrome = chrome;
  error_chrome.title = fmt::format("{} | {}", text.heading, chrome.site_name);
  error_chrome.noindex = true;
  error_chrome.canonical_url.clear();
  error_chrome.description.clear();
  return RenderPage("error.tpl", error_chrome, [&](TemplateDictionary& page) {
    page.SetIntValue("STATUS", status);
    SetText(page, "HEADING", text.heading);
    SetText(page, "MESSAGE", text.message);
    if (status == 410)
      page.ShowSection("GONE");
  });
}

}  // namespace wiredesk::web
