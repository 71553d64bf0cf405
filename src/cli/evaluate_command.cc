#include "cli/evaluate_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <sstream>

#include <fmt/format.h>

#include "formats/feed_parser.h"

namespace wiredesk::cli {
namespace {

constexpr std::string_view kTopicsScheme = "reuters-21578:topics";

// The first <p>…</p> of a body: the lead, as a list's summary.
std::string Lead(const std::string& body_html) {
  size_t end = body_html.find("</p>");
  return end == std::string::npos ? body_html : body_html.substr(0, end + 4);
}

void Print(std::ostream& out, std::string_view name, const recommend::RankingMetrics& m) {
  out << fmt::format(
      "{:<28} AUC {:.4f}  MRR {:.4f}  nDCG@5 {:.4f}  nDCG@10 {:.4f}  ({} sessions)\n", name, m.auc,
      m.mrr, m.ndcg5, m.ndcg10, m.impressions);
}

void EvaluateAll(const recommend::EvaluationSet& set, std::ostream& out) {
  Print(out, "Recommended For You", recommend::Evaluate(set, recommend::ForYouScorer()));
  Print(out, "newest first",
        recommend::Evaluate(set, [](const auto&, const auto& candidates, core::TimePoint) {
          std::vector<double> scores;
          for (const core::Article* a : candidates)
            scores.push_back(static_cast<double>(core::ToUnixSeconds(a->published)));
          return scores;
        }));
  std::mt19937_64 random(7);
  Print(out, "random",
        recommend::Evaluate(set, [&random](const auto&, const auto& candidates, core::TimePoint) {
          std::vector<double> scores;
          for (size_t i = 0; i < candidates.size(); ++i)
            scores.push_back(std::uniform_real_distribution<double>(0, 1)(random));
          return scores;
        }));
}

}  // namespace

core::Result<recommend::EvaluationSet> ReutersEvaluationSet(
    const std::string& dir, const recommend::SimulationOptions& options) {
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with("reut2-") && name.ends_with(".sgm"))
      files.push_back(entry.path());
  }
  if (error || files.empty())
    return core::MakeError(core::ErrorCode::kNotFound, "no reut2-*.sgm files in " + dir);
  std::sort(files.begin(), files.end());
  std::vector<core::Article> stories;
  std::unordered_map<core::ArticleId, std::vector<std::string>> labels;
  const core::SectionPath news = *core::SectionPath::Parse("news");
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    WD_ASSIGN_OR_RETURN(formats::ParsedFeed feed, formats::ParseFeed(bytes.str()));
    for (core::Item& item : feed.items) {
      if (item.headline.empty())
        continue;
      core::Article a;
      a.id = static_cast<core::ArticleId>(stories.size() + 1);
      a.guid = item.guid;
      a.section = news;
      a.headline = std::move(item.headline);
      a.summary_html = Lead(item.body_html);
      if (!item.published)
        continue;  // Undated: it has no place in a reading session.
      a.published = *item.published;
      for (core::Subject& subject : item.subjects) {
        if (subject.scheme == kTopicsScheme)
          labels[a.id].push_back(subject.code);
        a.subjects.push_back(std::move(subject));
      }
      stories.push_back(std::move(a));
    }
  }
  return recommend::SimulateReaders(stories, labels, options);
}

recommend::EvaluationSet WithoutTopicSubjects(recommend::EvaluationSet set) {
  for (auto& [id, story] : set.stories) {
    std::erase_if(story.subjects, [](const core::Subject& s) { return s.scheme == kTopicsScheme; });
  }
  return set;
}

int RunEvaluateRecommendations(const EvaluateFlags& flags, std::ostream& out, std::ostream& err) {
  bool mind = !flags.mind_news.empty() || !flags.mind_behaviors.empty();
  if (mind == !flags.reuters_dir.empty() ||
      (mind && (flags.mind_news.empty() || flags.mind_behaviors.empty())) || flags.readers < 1) {
    err << "give --mind-news and --mind-behaviors, or --reuters DIR (and --readers N >= 1)\n";
    return 2;
  }
  if (mind) {
    auto set = recommend::LoadMind(flags.mind_news, flags.mind_behaviors);
    if (!set) {
      err << set.error().ToString() << "\n";
      return 1;
    }
    out << fmt::format("MIND: {} stories, {} sessions\n", set->stories.size(),
                       set->impressions.size());
    EvaluateAll(*set, out);
    return 0;
  }
  recommend::SimulationOptions options;
  options.readers = flags.readers;
  auto set = ReutersEvaluationSet(flags.reuters_dir, options);
  if (!set) {
    err << set.error().ToString() << "\n";
    return 1;
  }
  out << fmt::format("Reuters-21578, {} simulated readers, TOPICS hidden from the stories:\n",
                     set->impressions.size());
  EvaluateAll(WithoutTopicSubjects(*set), out);
  out << "TOPICS shown as subjects:\n";
  EvaluateAll(*set, out);
  return 0;
}

}  // namespace wiredesk::cli
