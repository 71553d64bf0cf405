#include "search/query.h"

#include <string>
#include <vector>

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

std::string Render(const Term& t) { return Quote(t.text) + (t.prefix ? "*" : ""); }

}  // namespace

core::Result<ParsedQuery> ParseQuery(std::string_view input) {
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
    } else {
      size_t end = i;
      while (end < text.size() && !IsSpace(text[end])) ++end;
      term.text = text.substr(i, end - i);
      i = end;
      if (!term.excluded && term.text.starts_with("section:")) {
        std::string_view path = std::string_view(term.text).substr(8);
        auto section = core::SectionPath::Parse(path);
        if (path.empty() || !section || section->empty()) {
          return Invalid("section: needs a section path such as section:news/world");
        }
        parsed.section = std::move(*section);
        continue;
      }
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
  if (groups.empty()) {
    return Invalid(excluded.empty() ? "type a word to search for"
                                    : "a search needs at least one word that is not excluded");
  }

  std::string expr;
  for (const auto& group : groups) {
    if (!expr.empty())
      expr += " AND ";
    if (group.size() == 1) {
      expr += Render(*group[0]);
      continue;
    }
    expr += "(";
    for (size_t k = 0; k < group.size(); ++k) {
      if (k > 0)
        expr += " OR ";
      expr += Render(*group[k]);
    }
    expr += ")";
  }
  for (const Term* t : excluded) expr = "(" + expr + ") NOT " + Render(*t);
  parsed.fts_match = std::move(expr);
  return parsed;
}

}  // namespace wiredesk::search
