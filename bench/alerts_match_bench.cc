// Alert matching: the subscription percolator (alerts/subscription_index.h) beside the obvious
// loop over every subscription, on the same generated subscriptions and articles in one run.
//
//   alerts_match_bench [--readers N] [--subscriptions N] [--articles N] [--naive-articles N]
//
// Defaults: 200,000 readers holding 1,000,000 subscriptions, 1,000 articles (the naive loop runs
// on the first 50 of them: it is that slow). Article prose follows a Zipf law over a 60,000-word
// vocabulary; each article also names a few of 20,000 entities (companies, people, places: one to
// three words each), themselves Zipf-popular. Readers follow what wire readers follow: entities
// by name (55 %), topic keywords from the rarer half of the prose vocabulary (25 %), subjects
// (10 %), sections (6 %) and breaking news (4 %, urgency 1 or 2, which about 2.5 % of stories
// carry). Prints the median and p99 match time per article, the index's memory, the ratio to the
// naive loop, and the time to match one story followed by 100,000 readers.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <sys/resource.h>
#include <unordered_set>
#include <vector>

#include "alerts/subscription_index.h"
#include "core/words.h"
#include "generated_text.h"

namespace {

using wiredesk::alerts::ArticleText;
using wiredesk::alerts::Subscription;
using wiredesk::alerts::SubscriptionIndex;
using wiredesk::alerts::SubscriptionKind;
using Clock = std::chrono::steady_clock;

constexpr int kVocabulary = 60'000;
constexpr int kEntities = 20'000;
constexpr int kEntityWordBase = 1'000'000;  // Entity words are spelled apart from prose words.

using wiredesk::bench::Zipf;
std::string WordOf(int rank) { return wiredesk::bench::SyllableWord(rank); }

struct GeneratedArticle {
  std::string headline;
  std::string body;
  std::string section;
  std::vector<std::string> subjects;
  int urgency = 5;

  ArticleText View() const {
    ArticleText text;
    text.headline = headline;
    text.body = body;
    text.section = section;
    for (const std::string& s : subjects) text.subjects.push_back(s);
    text.urgency = urgency;
    return text;
  }
};

const std::vector<std::string> kSections = {"news",
                                            "news/world",
                                            "news/uk",
                                            "news/politics",
                                            "business",
                                            "business/markets",
                                            "business/tech",
                                            "sport",
                                            "sport/football",
                                            "sport/tennis",
                                            "culture",
                                            "culture/film",
                                            "science",
                                            "health",
                                            "opinion",
                                            "travel",
                                            "news/world/europe",
                                            "news/world/asia",
                                            "business/energy",
                                            "weather"};

std::string SubjectOf(int rank) { return "topic:" + std::to_string(rank); }

// The name of entity `rank`: one to three words of its own.
std::string EntityName(int rank) {
  std::string name = WordOf(kEntityWordBase + rank * 3);
  for (int extra = 0; extra < rank % 3; ++extra)
    name += " " + WordOf(kEntityWordBase + rank * 3 + extra + 1);
  return name;
}

std::string Words(const Zipf& zipf, std::mt19937_64& random, int count, int min_rank = 0) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    int rank = zipf(random);
    while (rank < min_rank) rank = zipf(random);
    if (!text.empty())
      text += ' ';
    text += WordOf(rank);
  }
  return text;
}

GeneratedArticle MakeArticle(const Zipf& words, const Zipf& entities, const Zipf& subjects,
                             std::mt19937_64& random) {
  GeneratedArticle a;
  std::string lead_entity = EntityName(entities(random));
  a.headline = lead_entity + " " + Words(words, random, 7);
  int length = std::uniform_int_distribution<int>(300, 1200)(random);
  a.body = "<p>" + lead_entity + " ";
  for (int i = 0; i < length; i += 40) {
    a.body += Words(words, random, 20) + " ";
    if (random() % 8 == 0)
      a.body += EntityName(entities(random)) + " ";
    a.body += Words(words, random, 20) + ".</p>\n<p>";
  }
  a.body += "</p>";
  a.section = kSections[random() % kSections.size()];
  for (int i = 0; i < 3; ++i) a.subjects.push_back(SubjectOf(subjects(random)));
  // Wire urgency: flashes are rare, routine stories common.
  int roll = static_cast<int>(random() % 1000);
  a.urgency = roll < 5 ? 1 : roll < 25 ? 2 : roll < 100 ? 3 : 4 + static_cast<int>(random() % 5);
  return a;
}

// The obvious matcher: every subscription checked against the article's word set.
class NaiveMatcher {
 public:
  explicit NaiveMatcher(std::vector<Subscription> subscriptions)
      : subscriptions_(std::move(subscriptions)) {
    for (const Subscription& s : subscriptions_) words_.push_back(wiredesk::core::Words(s.value));
  }

  size_t Match(const GeneratedArticle& article) const {
    std::vector<std::string> sequence;
    auto add = [&](std::string_view text, wiredesk::core::TextKind kind) {
      wiredesk::core::ForEachWord(text, kind,
                                  [&](std::string_view w) { sequence.emplace_back(w); });
      sequence.emplace_back();
    };
    add(article.headline, wiredesk::core::TextKind::kPlain);
    add(article.body, wiredesk::core::TextKind::kHtml);
    std::unordered_set<std::string> present(sequence.begin(), sequence.end());
    size_t matches = 0;
    for (size_t i = 0; i < subscriptions_.size(); ++i) {
      const Subscription& s = subscriptions_[i];
      const std::vector<std::string>& words = words_[i];
      bool match = false;
      switch (s.kind) {
        case SubscriptionKind::kWords:
          match = std::all_of(words.begin(), words.end(),
                              [&](const std::string& w) { return present.contains(w); });
          break;
        case SubscriptionKind::kPhrase:
          match = std::search(sequence.begin(), sequence.end(), words.begin(), words.end()) !=
                  sequence.end();
          break;
        case SubscriptionKind::kSection:
          match = article.section == s.value || article.section.starts_with(s.value + "/");
          break;
        case SubscriptionKind::kSubject:
          match = std::find(article.subjects.begin(), article.subjects.end(), s.value) !=
                  article.subjects.end();
          break;
        case SubscriptionKind::kBreaking:
          match = article.urgency <= s.max_urgency;
          break;
      }
      matches += match ? 1 : 0;
    }
    return matches;
  }

 private:
  std::vector<Subscription> subscriptions_;
  std::vector<std::vector<std::string>> words_;
};

long MaxRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

double Percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  size_t at = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size()))) - 1;
  return values[std::min(at, values.size() - 1)];
}

template <typename F>
double MicrosecondsOf(F&& f) {
  auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  int readers = 200'000;
  int subscriptions = 1'000'000;
  int articles = 1000;
  int naive_articles = 50;
  for (int i = 1; i + 1 < argc; i += 2) {
    int value = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--readers") == 0) {
      readers = value;
    } else if (std::strcmp(argv[i], "--subscriptions") == 0) {
      subscriptions = value;
    } else if (std::strcmp(argv[i], "--articles") == 0) {
      articles = value;
    } else if (std::strcmp(argv[i], "--naive-articles") == 0) {
      naive_articles = value;
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (readers < 1 || subscriptions < 1 || articles < 1 || naive_articles < 1) {
    std::fprintf(stderr, "every count must be at least 1\n");
    return 2;
  }
  std::mt19937_64 random(20261201);
  const Zipf words(kVocabulary);
  const Zipf subjects(2000);
  // Entity popularity is flatter than word frequency: the most followed company is not in
  // every tenth story.
  const Zipf entities(kEntities, 0.7);

  std::printf("generating %d subscriptions for %d readers...\n", subscriptions, readers);
  std::vector<Subscription> generated;
  generated.reserve(static_cast<size_t>(subscriptions));
  for (int id = 0; id < subscriptions; ++id) {
    Subscription s;
    s.id = id;
    s.reader = id % readers;
    int kind = static_cast<int>(random() % 100);
    if (kind < 55) {
      s.kind = SubscriptionKind::kPhrase;
      s.value = EntityName(entities(random));
    } else if (kind < 80) {
      s.kind = SubscriptionKind::kWords;
      s.value = Words(words, random, 1 + static_cast<int>(random() % 2), kVocabulary / 2);
    } else if (kind < 86) {
      s.kind = SubscriptionKind::kSection;
      s.value = kSections[random() % kSections.size()];
    } else if (kind < 96) {
      s.kind = SubscriptionKind::kSubject;
      s.value = SubjectOf(subjects(random));
    } else {
      s.kind = SubscriptionKind::kBreaking;
      s.max_urgency = 1 + static_cast<int>(random() % 2);
    }
    generated.push_back(std::move(s));
  }
  std::vector<GeneratedArticle> corpus;
  for (int i = 0; i < articles; ++i) {
    corpus.push_back(MakeArticle(words, entities, subjects, random));
  }

  long rss_before = MaxRssKib();
  SubscriptionIndex index;
  double build_us = MicrosecondsOf([&] {
    for (const Subscription& s : generated) {
      if (!index.Add(s)) {
        std::fprintf(stderr, "subscription %lld refused\n", static_cast<long long>(s.id));
        std::exit(1);
      }
    }
  });
  long rss_after = MaxRssKib();

  std::vector<double> times;
  size_t total_matches = 0;
  size_t total_words = 0;
  // As the alert service matches: one result buffer reused from story to story.
  std::vector<wiredesk::alerts::SubscriptionMatch> buffer;
  for (const GeneratedArticle& article : corpus) {
    ArticleText text = article.View();
    times.push_back(MicrosecondsOf([&] { index.MatchInto(text, buffer); }));
    total_matches += buffer.size();
  }
  // And with a fresh result vector per story, for comparison.
  std::vector<double> fresh_times;
  for (const GeneratedArticle& article : corpus) {
    ArticleText text = article.View();
    fresh_times.push_back(MicrosecondsOf([&] { buffer = index.Match(text); }));
  }
  // The floor under any matcher that reads the story: splitting it into words, nothing else.
  std::vector<double> reading_times;
  for (const GeneratedArticle& article : corpus) {
    size_t words_seen = 0;
    reading_times.push_back(MicrosecondsOf([&] {
      auto count = [&](std::string_view) { ++words_seen; };
      wiredesk::core::ForEachWord(article.headline, wiredesk::core::TextKind::kPlain, count);
      wiredesk::core::ForEachWord(article.body, wiredesk::core::TextKind::kHtml, count);
    }));
    total_words += words_seen;
  }
  NaiveMatcher naive(generated);
  std::vector<double> naive_times;
  bool agree = true;
  for (int i = 0; i < std::min(naive_articles, articles); ++i) {
    size_t found = 0;
    naive_times.push_back(
        MicrosecondsOf([&] { found = naive.Match(corpus[static_cast<size_t>(i)]); }));
    agree = agree && found == index.Match(corpus[static_cast<size_t>(i)].View()).size();
  }

  // Fan-out: one story that 100,000 readers follow by name.
  SubscriptionIndex crowd;
  for (int reader = 0; reader < 100'000; ++reader) {
    (void)crowd.Add({reader, reader, SubscriptionKind::kPhrase, "harbour bridge", 0});
  }
  size_t crowd_matches = 0;
  double fan_out_us = MicrosecondsOf([&] {
    ArticleText text;
    text.headline = "Harbour bridge reopens after storm";
    crowd_matches = crowd.Match(text).size();
  });

  double median = Percentile(times, 0.5);
  double naive_median = Percentile(naive_times, 0.5);
  std::printf("\nsubscriptions          %zu (%d readers), index built in %.2f s\n", index.size(),
              readers, build_us / 1e6);
  std::printf("index memory           %.1f MiB estimated, %.1f MiB peak RSS growth\n",
              static_cast<double>(index.MemoryBytes()) / (1 << 20),
              static_cast<double>(rss_after - rss_before) / 1024);
  std::printf("articles               %d, %.1f matches per article on average\n", articles,
              static_cast<double>(total_matches) / articles);
  std::printf("percolator per article median %.1f us, p99 %.1f us\n", median,
              Percentile(times, 0.99));
  std::printf("  with a fresh result vector per article: median %.1f us, p99 %.1f us\n",
              Percentile(fresh_times, 0.5), Percentile(fresh_times, 0.99));
  std::printf("of which reading words   median %.1f us (%.0f words per article)\n",
              Percentile(reading_times, 0.5), static_cast<double>(total_words) / articles);
  std::printf("naive loop per article median %.1f us, p99 %.1f us (%zu articles)\n", naive_median,
              Percentile(naive_times, 0.99), naive_times.size());
  std::printf("ratio (naive median / percolator median) %.0fx; results agree: %s\n",
              naive_median / median, agree ? "yes" : "NO");
  std::printf("fan-out: one story to %zu readers matched in %.1f ms\n", crowd_matches,
              fan_out_us / 1000);
  return agree ? 0 : 1;
}
