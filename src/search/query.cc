#include "search/query.h"

#include <chrono>
#include <string>
#include <vector>

#include "core/search_tokenizer.h"
#include "core/text.h"
#include "store/source_store.h"

namespace wiredesk::search {
namespace {

struct Term {
  std::string text;
  bool phrase = false;
  bool prefix = false;
  bool excluded = false;
  bool is_or = false;  // The bare word OR.
};

tl::unexpected<core::Error> Invalid(std::string message) {
  return tl::unexpected(core::Error(core::ErrorCode::kInvalidArgument, std::move(message)));
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// Whether FTS5's unicode61 tokenizer will find a token in `text`: any ASCII letter or digit or
// any non-ASCII byte (letters of other scripts). Punctuation-only terms would be empty phrases.
bool Searchable(std::string_view text) {
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
      return true;
  }
  return false;
}

// A double-quoted FTS5 string: inside quotes only '"' is special, and it is doubled.
std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"')
      out += "\"\"";
    else
      out += c;
  }
  out += '"';
  return out;
}

// Each term carries the query language's mark inside its quotes, so the index's tokenizer
// stems it by that language (core/search_tokenizer.h); English needs none.
std::string Render(const Term& t, std::string_view language) {
  return Quote(core::LanguageMarked(language, t.text)) + (t.prefix ? "*" : "");
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = AsciiLower(c);
  return out;
}

enum class Filter { kSection, kSource, kAuthor, kLang, kAfter, kBefore };

struct FilterName {
  std::string_view prefix;
  Filter filter;
};

constexpr FilterName kFilters[] = {
    {"section:", Filter::kSection}, {"source:", Filter::kSource}, {"author:", Filter::kAuthor},
    {"lang:", Filter::kLang},       {"after:", Filter::kAfter},   {"before:", Filter::kBefore},
};

// The filter whose name (in any case) starts `text`, or nullptr.
const FilterName* FilterAt(std::string_view text) {
  for (const FilterName& f : kFilters) {
    if (text.size() >= f.prefix.size() && AsciiLower(text.substr(0, f.prefix.size())) == f.prefix)
      return &f;
  }
  return nullptr;
}

// A calendar day written YYYY-MM-DD, as the UTC midnight that starts it; nullopt for any other
// form or a day that does not exist (2026-02-30).
std::optional<core::TimePoint> ParseDay(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto number = [&text](size_t from, size_t count) -> int {
    int value = 0;
    for (size_t k = from; k < from + count; ++k) {
      if (text[k] < '0' || text[k] > '9')
        return -1;
      value = value * 10 + (text[k] - '0');
    }
    return value;
  };
  int y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (y < 0 || m < 0 || d < 0)
    return std::nullopt;
  std::chrono::year_month_day day{std::chrono::year(y),
                                  std::chrono::month(static_cast<unsigned>(m)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!day.ok())
    return std::nullopt;
  return core::TimePoint(std::chrono::sys_days(day));
}

constexpr size_t kMaxAuthorWords = 8;

// Records one filter's value in `parsed`; the reader-facing reason when the value is malformed.
core::Status ApplyFilter(Filter filter, std::string_view value, ParsedQuery& parsed) {
  switch (filter) {
    case Filter::kSection: {
      auto section = core::SectionPath::Parse(value);
      if (value.empty() || !section || section->empty())
        return Invalid("section: needs a section path such as section:news/world");
      parsed.section = std::move(*section);
      return {};
    }
    case Filter::kSource: {
      std::string name = AsciiLower(value);
      if (!store::IsValidSourceName(name)) {
        return Invalid(
            "source: needs a source name (letters, digits, - and _) such as "
            "source:sample-wire");
      }
      parsed.source = std::move(name);
      return {};
    }
    case Filter::kAuthor: {
      size_t i = 0;
      while (i < value.size()) {
        if (IsSpace(value[i])) {
          ++i;
          continue;
        }
        size_t end = i;
        while (end < value.size() && !IsSpace(value[end])) ++end;
        parsed.author_words.emplace_back(value.substr(i, end - i));
        i = end;
      }
      if (parsed.author_words.empty())
        return Invalid("author: needs a name such as author:smith or author:\"jane smith\"");
      if (parsed.author_words.size() > kMaxAuthorWords) {
        return Invalid("author: takes at most " + std::to_string(kMaxAuthorWords) + " words");
      }
      return {};
    }
    case Filter::kLang: {
      std::optional<std::string> tag = core::LanguageTag(value);
      if (!tag)
        return Invalid("lang: needs a language code such as lang:en or lang:pt-br");
      parsed.language = std::move(*tag);
      return {};
    }
    case Filter::kAfter:
    case Filter::kBefore: {
      auto day = ParseDay(value);
      const char* name = filter == Filter::kAfter ? "after:" : "before:";
      if (!day) {
        return Invalid(std::string(name) + " needs a date written YYYY-MM-DD, such as " + name +
                       "2026-11-28");
      }
      (filter == Filter::kAfter ? parsed.published_from : parsed.published_before) = *day;
      return {};
    }
  }
  return {};
}

}  // namespace

core::Result<ParsedQuery> ParseQuery(std::string_view input, std::string_view default_language) {
  if (input.size() > kMaxQueryBytes) {
    return Invalid("the search is too long (at most " + std::to_string(kMaxQueryBytes) +
                   " characters)");
  }
  // Control characters (NUL included) are never part of words; they separate them.
  std::string text(input);
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      c = ' ';
  }

  ParsedQuery parsed;
  std::vector<Term> terms;
  unsigned seen_filters = 0;  // Bit per Filter given so far.
  size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
      continue;
    }
    Term term;
    if (text[i] == '-' && i + 1 < text.size() && !IsSpace(text[i + 1])) {
      term.excluded = true;
      ++i;
    }
    if (text[i] == '"') {
      // A phrase runs to the closing quote, or to the end when the reader forgot it.
      size_t close = text.find('"', i + 1);
      size_t end = close == std::string::npos ? text.size() : close;
      term.text = text.substr(i + 1, end - i - 1);
      term.phrase = true;
      i = close == std::string::npos ? text.size() : close + 1;
      if (i < text.size() && text[i] == '*') {
        term.prefix = true;
        ++i;
      }
    } else if (const FilterName* filter =
                   term.excluded ? nullptr : FilterAt(std::string_view(text).substr(i))) {
      // A filter's value is the rest of the word, or a "quoted" run that may hold spaces.
      size_t start = i + filter->prefix.size();
      std::string value;
      if (start < text.size() && text[start] == '"') {
        size_t close = text.find('"', start + 1);
        size_t end = close == std::string::npos ? text.size() : close;
        value = text.substr(start + 1, end - start - 1);
        i = close == std::string::npos ? text.size() : close + 1;
      } else {
        size_t end = start;
        while (end < text.size() && !IsSpace(text[end])) ++end;
        value = text.substr(start, end - start);
        i = end;
      }
      auto bit = 1u << static_cast<unsigned>(filter->filter);
      if (seen_filters & bit) {
        return Invalid(std::string(filter->prefix) + " may be used only once in a search");
      }
      seen_filters |= bit;
      WD_RETURN_IF_ERROR(ApplyFilter(filter->filter, value, parsed));
      continue;
    } else {
      size_t end = i;
      while (end < text.size() && !IsSpace(text[end])) ++end;
      term.text = text.substr(i, end - i);
      i = end;
      if (!term.excluded && term.text == "OR") {
        term.is_or = true;
      } else {
        while (term.text.ends_with('*')) {
          term.prefix = true;
          term.text.pop_back();
        }
      }
    }
    if (!term.is_or && !Searchable(term.text))
      continue;  // "*", "^", ":" and the like: nothing to look for.
    terms.push_back(std::move(term));
    if (static_cast<int>(terms.size()) > kMaxQueryTerms) {
      return Invalid("the search has too many words (at most " + std::to_string(kMaxQueryTerms) +
                     ")");
    }
  }

  // Positive terms form AND-ed groups; OR joins a term to the group before it.
  std::vector<std::vector<const Term*>> groups;
  std::vector<const Term*> excluded;
  bool join_next = false;
  for (const Term& t : terms) {
    if (t.is_or) {
      join_next = !groups.empty();  // A leading or doubled OR is dropped.
      continue;
    }
    if (t.excluded) {
      excluded.push_back(&t);
      join_next = false;
      continue;
    }
    if (join_next)
      groups.back().push_back(&t);
    else
      groups.push_back({&t});
    join_next = false;
  }
  if (parsed.published_from && parsed.published_before &&
      *parsed.published_from >= *parsed.published_before) {
    return Invalid(
        "after: must be an earlier day than before: (after: includes its day, "
        "before: does not)");
  }
  if (groups.empty()) {
    if (!excluded.empty())
      return Invalid("a search needs at least one word that is not excluded");
    return Invalid(seen_filters != 0 ? "type a word to search for besides the filters"
                                     : "type a word to search for");
  }

  const std::string_view language =
      parsed.language.empty() ? default_language : std::string_view(parsed.language);
  std::string expr;
  for (const auto& group : groups) {
    if (!expr.empty())
      expr += " AND ";
    if (group.size() == 1) {
      expr += Render(*group[0], language);
      continue;
    }
    expr += "(";
    for (size_t k = 0; k < group.size(); ++k) {
      if (k > 0)
        expr += " OR ";
      expr += Render(*group[k], language);
    }
    expr += ")";
  }
  for (const Term* t : excluded) expr = "(" + expr + ") NOT " + Render(*t, language);
  parsed.fts_match = std::move(expr);
  return parsed;
}

}  // namespace wiredesk::search
