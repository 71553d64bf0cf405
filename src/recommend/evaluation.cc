#include "recommend/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <random>
#include <sstream>
#include <unordered_set>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include "core/html_escape.h"
#include "recommend/for_you.h"

namespace wiredesk::recommend {
namespace {

std::vector<std::string_view> Split(std::string_view line, char separator) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos)
      return fields;
    start = end + 1;
  }
}

template <typename F>
void ForEachLine(std::string_view text, F&& visit) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    if (!line.empty() && line.back() == '\r')
      line.remove_suffix(1);
    if (!line.empty())
      visit(line);
    if (end == std::string_view::npos)
      break;
    start = end + 1;
  }
}

// "N12345" -> 12345.
std::optional<core::ArticleId> NewsId(std::string_view text) {
  if (text.size() < 2 || text[0] != 'N')
    return std::nullopt;
  core::ArticleId id = 0;
  for (char c : text.substr(1)) {
    if (c < '0' || c > '9' || id > (INT64_MAX - 9) / 10)
      return std::nullopt;
    id = id * 10 + (c - '0');
  }
  return id;
}

// MIND's "11/15/2019 8:55:22 AM", read as UTC.
std::optional<core::TimePoint> MindTime(std::string_view text) {
  unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
  int year = 0;
  char half[3] = {};
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%u/%u/%d %u:%u:%u %2s", &month, &day, &year, &hour, &minute,
                  &second, half) != 7)
    return std::nullopt;
  std::string_view meridiem(half);
  if (hour < 1 || hour > 12 || minute > 59 || second > 60 || (meridiem != "AM" && meridiem != "PM"))
    return std::nullopt;
  hour = hour % 12 + (meridiem == "PM" ? 12 : 0);
  std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(month),
                                   std::chrono::day(day)};
  if (!date.ok())
    return std::nullopt;
  auto days = std::chrono::sys_days(date).time_since_epoch();
  return core::FromUnixSeconds(std::chrono::duration_cast<std::chrono::seconds>(days).count() +
                               hour * 3600 + minute * 60 + second);
}

// A MIND category as a section path segment: lower-case letters and digits, hyphens between.
std::string Segment(std::string_view text) {
  std::string out;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

void AddEntities(std::string_view json, std::vector<core::Subject>& subjects) {
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_array())
    return;
  for (const boost::json::value& entity : value.get_array()) {
    const boost::json::object* o = entity.if_object();
    if (o == nullptr)
      continue;
    const boost::json::value* id = o->if_contains("WikidataId");
    const boost::json::value* label = o->if_contains("Label");
    if (id == nullptr || !id->is_string())
      continue;
    core::Subject subject;
    subject.code = std::string(id->get_string());
    subject.name = label != nullptr && label->is_string() ? std::string(label->get_string()) : "";
    subject.scheme = "wikidata";
    if (std::none_of(subjects.begin(), subjects.end(),
                     [&](const core::Subject& s) { return s.code == subject.code; }))
      subjects.push_back(std::move(subject));
  }
}

// Candidate indexes, best first; ties keep the offered order.
std::vector<size_t> Ranking(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

}  // namespace

EvaluationSet ParseMind(std::string_view news_tsv, std::string_view behaviors_tsv,
                        int* skipped_lines) {
  EvaluationSet set;
  int skipped = 0;
  ForEachLine(news_tsv, [&](std::string_view line) {
    std::vector<std::string_view> f = Split(line, '\t');
    auto id = f.size() >= 5 ? NewsId(f[0]) : std::nullopt;
    if (!id) {
      ++skipped;
      return;
    }
    core::Article a;
    a.id = *id;
    a.guid = std::string(f[0]);
    std::string section = Segment(f[1]);
    if (std::string sub = Segment(f[2]); !section.empty() && !sub.empty())
      section += "/" + sub;
    auto path = core::SectionPath::Parse(section.empty() ? "news" : section);
    a.section = path ? *path : *core::SectionPath::Parse("news");
    a.headline = std::string(f[3]);
    if (!f[4].empty())
      a.summary_html = "<p>" + core::EscapeHtml(f[4]) + "</p>";
    for (size_t i = 6; i < f.size() && i < 8; ++i) AddEntities(f[i], a.subjects);
    set.stories[a.id] = std::move(a);
  });
  std::unordered_map<core::ArticleId, core::TimePoint> first_seen;
  ForEachLine(behaviors_tsv, [&](std::string_view line) {
    std::vector<std::string_view> f = Split(line, '\t');
    auto time = f.size() >= 5 ? MindTime(f[2]) : std::nullopt;
    if (!time) {
      ++skipped;
      return;
    }
    Impression impression;
    impression.reader = std::string(f[1]);
    impression.time = *time;
    for (std::string_view token : Split(f[3], ' ')) {
      if (auto id = NewsId(token); id && set.stories.contains(*id))
        impression.history.push_back(*id);
    }
    for (std::string_view token : Split(f[4], ' ')) {
      size_t dash = token.rfind('-');
      if (dash == std::string_view::npos)
        continue;
      auto id = NewsId(token.substr(0, dash));
      std::string_view label = token.substr(dash + 1);
      if (!id || !set.stories.contains(*id) || (label != "0" && label != "1"))
        continue;
      impression.candidates.push_back(*id);
      impression.clicked.push_back(label == "1");
    }
    for (core::ArticleId id : impression.history) first_seen.try_emplace(id, *time);
    for (core::ArticleId id : impression.candidates) {
      auto [it, added] = first_seen.try_emplace(id, *time);
      if (!added && *time < it->second)
        it->second = *time;
    }
    set.impressions.push_back(std::move(impression));
  });
  for (auto& [id, story] : set.stories) {
    auto seen = first_seen.find(id);
    story.published = seen == first_seen.end() ? core::TimePoint() : seen->second;
  }
  if (skipped_lines != nullptr)
    *skipped_lines = skipped;
  return set;
}

core::Result<EvaluationSet> LoadMind(const std::string& news_tsv_path,
                                     const std::string& behaviors_tsv_path) {
  auto read = [](const std::string& path) -> core::Result<std::string> {
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return core::MakeError(core::ErrorCode::kNotFound, "cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  };
  WD_ASSIGN_OR_RETURN(std::string news, read(news_tsv_path));
  WD_ASSIGN_OR_RETURN(std::string behaviors, read(behaviors_tsv_path));
  return ParseMind(news, behaviors);
}

EvaluationSet SimulateReaders(
    const std::vector<core::Article>& stories,
    const std::unordered_map<core::ArticleId, std::vector<std::string>>& labels,
    const SimulationOptions& options) {
  EvaluationSet set;
  std::vector<const core::Article*> by_time;
  for (const core::Article& a : stories) {
    set.stories[a.id] = a;
    by_time.push_back(&a);
  }
  std::stable_sort(by_time.begin(), by_time.end(), [](const auto* a, const auto* b) {
    return a->published != b->published ? a->published < b->published : a->id < b->id;
  });
  auto labels_of = [&](core::ArticleId id) -> const std::vector<std::string>* {
    auto it = labels.find(id);
    return it == labels.end() || it->second.empty() ? nullptr : &it->second;
  };
  std::unordered_map<std::string, int> counts;
  for (const core::Article* a : by_time) {
    if (const auto* l = labels_of(a->id))
      for (const std::string& label : *l) ++counts[label];
  }
  std::vector<std::string> pool;
  std::vector<double> weights;
  for (const auto& [label, count] : counts) {
    if (count >= options.min_stories_per_label)
      pool.push_back(label);
  }
  std::sort(pool.begin(), pool.end());  // Independent of hash order, so seeds reproduce.
  for (const std::string& label : pool) weights.push_back(counts[label]);
  if (pool.size() < static_cast<size_t>(options.interests_per_reader) + 1)
    return set;

  std::mt19937_64 random(options.seed);
  for (int reader = 0, tries = 0; reader < options.readers && tries < options.readers * 20;
       ++tries) {
    std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
    std::unordered_set<std::string> interests;
    while (static_cast<int>(interests.size()) < options.interests_per_reader)
      interests.insert(pool[pick(random)]);
    auto interesting = [&](const core::Article* a) {
      const auto* l = labels_of(a->id);
      return l != nullptr && std::any_of(l->begin(), l->end(), [&](const std::string& label) {
               return interests.contains(label);
             });
    };
    std::vector<size_t> theirs;  // Positions in by_time.
    for (size_t i = 0; i < by_time.size(); ++i) {
      if (interesting(by_time[i]))
        theirs.push_back(i);
    }
    // The session's span holds `spread` of the reader's stories; `clicked` of them, picked at
    // random, are offered beside stories of other labels picked at random from the same span,
    // so clicked and unclicked candidates are alike in age and recency alone tells nothing.
    const int spread = options.clicked * 4;
    if (static_cast<int>(theirs.size()) < options.history + spread)
      continue;
    size_t k = std::uniform_int_distribution<size_t>(
        static_cast<size_t>(options.history), theirs.size() - static_cast<size_t>(spread))(random);
    size_t first = theirs[k];
    size_t last = theirs[k + static_cast<size_t>(spread) - 1];
    std::vector<size_t> others;
    for (size_t i = first; i <= last; ++i) {
      if (labels_of(by_time[i]->id) != nullptr && !interesting(by_time[i]))
        others.push_back(i);
    }
    const size_t unclicked = static_cast<size_t>(options.candidates - options.clicked);
    if (others.size() < unclicked)
      continue;
    Impression impression;
    impression.reader = "simulated-" + std::to_string(reader);
    impression.time = by_time[last]->published + std::chrono::minutes(1);
    for (size_t i = k - static_cast<size_t>(options.history); i < k; ++i)
      impression.history.push_back(by_time[theirs[i]]->id);
    std::vector<size_t> span(theirs.begin() + static_cast<long>(k),
                             theirs.begin() + static_cast<long>(k) + spread);
    std::shuffle(span.begin(), span.end(), random);
    std::shuffle(others.begin(), others.end(), random);
    std::vector<std::pair<core::ArticleId, bool>> offered;
    for (int i = 0; i < options.clicked; ++i)
      offered.emplace_back(by_time[span[static_cast<size_t>(i)]]->id, true);
    for (size_t i = 0; i < unclicked; ++i) offered.emplace_back(by_time[others[i]]->id, false);
    std::shuffle(offered.begin(), offered.end(), random);
    for (const auto& [id, clicked] : offered) {
      impression.candidates.push_back(id);
      impression.clicked.push_back(clicked);
    }
    set.impressions.push_back(std::move(impression));
    ++reader;
  }
  return set;
}

SessionScorer ForYouScorer() {
  return [](const std::vector<const core::Article*>& history,
            const std::vector<const core::Article*>& candidates, core::TimePoint now) {
    std::vector<HistoryEntry> entries;
    for (size_t i = 0; i < history.size(); ++i) {
      // Read one after another, the last just before the session.
      entries.push_back({*history[i],
                         now - std::chrono::minutes(static_cast<int64_t>(history.size() - i)),
                         false});
    }
    std::vector<core::Article> offered;
    for (const core::Article* a : candidates) offered.push_back(*a);
    ForYouOptions options;
    options.limit = static_cast<int>(candidates.size());
    // A session's candidates are not a front page: the section cap would only reshuffle them.
    options.max_per_section = static_cast<int>(candidates.size());
    std::vector<Recommendation> ranked =
        ScoreCandidates(entries, ReaderInterests{}, std::move(offered), {}, now, options);
    std::vector<double> scores(candidates.size(), 0);
    std::unordered_map<core::ArticleId, double> by_id;
    for (size_t i = 0; i < ranked.size(); ++i)
      by_id[ranked[i].article.id] = static_cast<double>(2 * candidates.size() - i);
    for (size_t i = 0; i < candidates.size(); ++i) {
      auto it = by_id.find(candidates[i]->id);
      // Held back (a repeated headline): after every returned one, in the offered order.
      scores[i] = it != by_id.end() ? it->second : static_cast<double>(candidates.size() - i);
    }
    return scores;
  };
}

double AucOf(const std::vector<double>& scores, const std::vector<bool>& clicked) {
  double pairs = 0, wins = 0;
  for (size_t p = 0; p < scores.size(); ++p) {
    if (!clicked[p])
      continue;
    for (size_t n = 0; n < scores.size(); ++n) {
      if (clicked[n])
        continue;
      pairs += 1;
      wins += scores[p] > scores[n] ? 1.0 : scores[p] == scores[n] ? 0.5 : 0.0;
    }
  }
  return pairs > 0 ? wins / pairs : 0;
}

double MrrOf(const std::vector<double>& scores, const std::vector<bool>& clicked) {
  std::vector<size_t> order = Ranking(scores);
  double sum = 0;
  int positives = 0;
  for (size_t rank = 0; rank < order.size(); ++rank) {
    if (clicked[order[rank]]) {
      sum += 1.0 / static_cast<double>(rank + 1);
      ++positives;
    }
  }
  return positives > 0 ? sum / positives : 0;
}

double NdcgOf(const std::vector<double>& scores, const std::vector<bool>& clicked, int k) {
  std::vector<size_t> order = Ranking(scores);
  double dcg = 0, ideal = 0;
  int positives = static_cast<int>(std::count(clicked.begin(), clicked.end(), true));
  for (int rank = 0; rank < k && rank < static_cast<int>(order.size()); ++rank) {
    double discount = 1.0 / std::log2(rank + 2.0);
    if (clicked[order[static_cast<size_t>(rank)]])
      dcg += discount;
    if (rank < positives)
      ideal += discount;
  }
  return ideal > 0 ? dcg / ideal : 0;
}

RankingMetrics Evaluate(const EvaluationSet& set, const SessionScorer& scorer) {
  RankingMetrics total;
  for (const Impression& impression : set.impressions) {
    int positives =
        static_cast<int>(std::count(impression.clicked.begin(), impression.clicked.end(), true));
    if (positives == 0 || positives == static_cast<int>(impression.clicked.size()))
      continue;
    std::vector<const core::Article*> history;
    for (core::ArticleId id : impression.history) history.push_back(&set.stories.at(id));
    std::vector<const core::Article*> candidates;
    for (core::ArticleId id : impression.candidates) candidates.push_back(&set.stories.at(id));
    std::vector<double> scores = scorer(history, candidates, impression.time);
    total.auc += AucOf(scores, impression.clicked);
    total.mrr += MrrOf(scores, impression.clicked);
    total.ndcg5 += NdcgOf(scores, impression.clicked, 5);
    total.ndcg10 += NdcgOf(scores, impression.clicked, 10);
    ++total.impressions;
  }
  if (total.impressions > 0) {
    double n = total.impressions;
    total.auc /= n;
    total.mrr /= n;
    total.ndcg5 /= n;
    total.ndcg10 /= n;
  }
  return total;
}

}  // namespace wiredesk::recommend
