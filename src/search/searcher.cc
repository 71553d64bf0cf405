#include "search/searcher.h"

#include <bit>
#include <charconv>
#include <cstdint>
#include <utility>

#include "core/clock.h"
#include "search/query.h"
#include "search/spelling.h"

namespace wiredesk::search {
namespace {

tl::unexpected<core::Error> Invalid(std::string message) {
  return tl::unexpected(core::Error(core::ErrorCode::kInvalidArgument, std::move(message)));
}

// The cursor's plain form is "1:<r|d>:<ranked_at>:<score bits>:<published>:<id>:<query hash>",
// all numbers in hex, sent as hex of that text: opaque to clients (nobody is tempted to build
// one), safe in URLs without escaping, and checked field by field on the way back in.
constexpr size_t kMaxCursorBytes = 256;

struct Cursor {
  SortOrder sort = SortOrder::kRelevance;
  int64_t ranked_at = 0;
  uint64_t score_bits = 0;  // The double's bits, so it round-trips exactly.
  int64_t published = 0;
  int64_t id = 0;
  uint64_t query_hash = 0;
};

// FNV-1a: ties a cursor to the query text it was made for, so a cursor pasted onto another
// search is refused instead of silently starting it in the middle.
uint64_t QueryHash(std::string_view query) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (char c : query) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

template <class T>
std::string Hex(T value) {
  char buffer[24];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, 16);
  return std::string(buffer, end);
}

std::string EncodeCursor(const Cursor& c) {
  std::string plain = "1:" + std::string(c.sort == SortOrder::kRelevance ? "r" : "d") + ":" +
                      Hex(c.ranked_at) + ":" + Hex(c.score_bits) + ":" + Hex(c.published) + ":" +
                      Hex(c.id) + ":" + Hex(c.query_hash);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : plain) {
    out += kDigits[b >> 4];
    out += kDigits[b & 0x0f];
  }
  return out;
}

template <class T>
bool ParseHex(std::string_view text, T& out) {
  if (text.empty())
    return false;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
  return ec == std::errc() && end == text.data() + text.size();
}

core::Result<Cursor> DecodeCursor(std::string_view text) {
  auto invalid = [] {
    return Invalid("the page link is not valid; start again from the first page");
  };
  if (text.size() > kMaxCursorBytes || text.size() % 2 != 0)
    return invalid();
  std::string plain;
  for (size_t i = 0; i < text.size(); i += 2) {
    unsigned value = 0;
    if (!ParseHex(text.substr(i, 2), value))
      return invalid();
    plain += static_cast<char>(value);
  }
  std::vector<std::string_view> fields;
  std::string_view rest = plain;
  while (true) {
    size_t colon = rest.find(':');
    fields.push_back(rest.substr(0, colon));
    if (colon == std::string_view::npos)
      break;
    rest.remove_prefix(colon + 1);
  }
  Cursor c;
  if (fields.size() != 7 || fields[0] != "1" || (fields[1] != "r" && fields[1] != "d") ||
      !ParseHex(fields[2], c.ranked_at) || !ParseHex(fields[3], c.score_bits) ||
      !ParseHex(fields[4], c.published) || !ParseHex(fields[5], c.id) ||
      !ParseHex(fields[6], c.query_hash) || c.id <= 0) {
    return invalid();
  }
  c.sort = fields[1] == "r" ? SortOrder::kRelevance : SortOrder::kDate;
  return c;
}

void CopyTextAndFilters(const ParsedQuery& parsed, store::SearchQuery& q) {
  q.fts_match = parsed.fts_match;
  q.section = parsed.section;
  q.source = parsed.source;
  q.author_words = parsed.author_words;
  q.language = parsed.language;
  q.published_from = parsed.published_from;
  q.published_before = parsed.published_before;
}

// A spelling suggestion for `query`, which found nothing under `searched`, kept only when it
// finds something under the same filters and language.
std::string CheckedSuggestion(store::Store& store, std::string_view query,
                              const store::SearchQuery& searched, std::string_view language) {
  std::string suggestion = SuggestSpelling(store, query);
  if (suggestion.empty())
    return {};
  auto parsed = ParseQuery(suggestion, language);
  if (!parsed)
    return {};
  store::SearchQuery q = searched;
  CopyTextAndFilters(*parsed, q);
  q.after.reset();
  q.limit = 1;
  q.offset = 0;
  auto hits = store.Search(q);
  return hits && !hits->empty() ? suggestion : std::string();
}

}  // namespace

core::Result<SortOrder> ParseSortOrder(std::string_view text) {
  if (text.empty() || text == "relevance")
    return SortOrder::kRelevance;
  if (text == "date")
    return SortOrder::kDate;
  return Invalid("sort must be relevance or date");
}

std::string_view SortOrderName(SortOrder order) {
  return order == SortOrder::kDate ? "date" : "relevance";
}

core::Result<SearchResults> Search(store::Store& store, std::string_view query,
                                   const SearchOptions& options) {
  if (options.limit < 1 || options.limit > kMaxResultsPerPage)
    return Invalid("limit must be 1.." + std::to_string(kMaxResultsPerPage));
  WD_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(query, options.language));
  store::SearchQuery q;
  q.ranked_at = options.now;
  q.order = options.sort == SortOrder::kDate ? store::SearchOrder::kNewest
                                             : store::SearchOrder::kRelevance;
  const uint64_t query_hash = QueryHash(query);
  if (!options.cursor.empty()) {
    WD_ASSIGN_OR_RETURN(Cursor cursor, DecodeCursor(options.cursor));
    if (cursor.sort != options.sort || cursor.query_hash != query_hash)
      return Invalid("the page link belongs to another search; start again from the first page");
    q.ranked_at = core::FromUnixSeconds(cursor.ranked_at);
    q.after = store::SearchAfter{.score = std::bit_cast<double>(cursor.score_bits),
                                 .published = core::FromUnixSeconds(cursor.published),
                                 .id = cursor.id};
  }
  CopyTextAndFilters(parsed, q);
  q.limit = options.limit + 1;  // One more tells whether another page follows.
  WD_ASSIGN_OR_RETURN(std::vector<store::SearchHit> hits, store.Search(q));
  SearchResults results;
  results.has_more = static_cast<int>(hits.size()) > options.limit;
  if (results.has_more) {
    hits.resize(static_cast<size_t>(options.limit));
    const store::SearchHit& last = hits.back();
    results.next_cursor = EncodeCursor({.sort = options.sort,
                                        .ranked_at = core::ToUnixSeconds(q.ranked_at),
                                        .score_bits = std::bit_cast<uint64_t>(last.score),
                                        .published = core::ToUnixSeconds(last.article.published),
                                        .id = last.article.id,
                                        .query_hash = query_hash});
  }
  results.hits = std::move(hits);
  results.section = std::move(parsed.section);
  if (results.hits.empty() && options.cursor.empty())
    results.suggestion = CheckedSuggestion(store, query, q, options.language);
  return results;
}

core::Result<SearchResults> Search(store::Store& store, std::string_view query, int limit,
                                   int offset) {
  if (limit < 1 || limit > kMaxResultsPerPage)
    return Invalid("limit must be 1.." + std::to_string(kMaxResultsPerPage));
  if (offset < 0 || offset > 10000)
    return Invalid("offset must be 0..10000");
  WD_ASSIGN_OR_RETURN(ParsedQuery parsed, ParseQuery(query));
  store::SearchQuery q;
  CopyTextAndFilters(parsed, q);
  q.ranked_at = core::SystemClock().Now();
  q.limit = limit + 1;
  q.offset = offset;
  WD_ASSIGN_OR_RETURN(std::vector<store::SearchHit> hits, store.Search(q));
  SearchResults results;
  results.has_more = static_cast<int>(hits.size()) > limit;
  if (results.has_more)
    hits.resize(static_cast<size_t>(limit));
  results.hits = std::move(hits);
  results.section = std::move(parsed.section);
  return results;
}

}  // namespace wiredesk::search
