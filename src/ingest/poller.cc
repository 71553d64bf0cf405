#include "ingest/poller.h"

#include <algorithm>
#include <vector>

#include <spdlog/spdlog.h>

namespace wiredesk::ingest {

std::chrono::seconds NextPollDelay(std::chrono::seconds interval, int failures,
                                   std::optional<std::chrono::seconds> retry_after,
                                   std::chrono::seconds max_backoff) {
  interval = std::max(interval, std::chrono::seconds(1));
  // A source polled less often than the bound is never polled more often because it fails.
  const std::chrono::seconds ceiling = std::max(max_backoff, interval);
  if (failures <= 0)
    return interval;
  if (retry_after)
    return std::clamp(*retry_after, interval, ceiling);
  std::chrono::seconds delay = interval;
  for (int i = 0; i < failures && delay < ceiling; ++i) delay *= 2;
  return std::min(delay, ceiling);
}

SourcePoller::SourcePoller(store::SourceStore& sources, IngestPipeline& pipeline, Fetcher& fetcher,
                           const core::Clock& clock, PollerOptions options)
    : sources_(sources), pipeline_(pipeline), fetcher_(fetcher), clock_(clock), options_(options) {}

SourcePoller::~SourcePoller() { Stop(); }

core::Result<PollOutcome> SourcePoller::PollSource(const store::SourceRecord& source) {
  if (source.kind != store::SourceKind::kHttp) {
    return core::MakeError(core::ErrorCode::kFailedPrecondition,
                           "source " + source.name + " is not polled over HTTP");
  }
  FetchRequest request;
  request.url = source.location;
  request.etag = source.poll.etag;
  request.last_modified = source.poll.last_modified;
  request.cancel = &cancel_;
  auto response = fetcher_.Fetch(request);

  PollOutcome outcome;
  store::SourcePollState& state = outcome.state;
  state = source.poll;
  const core::TimePoint now = clock_.Now();
  state.last_polled_at = now;
  std::optional<std::chrono::seconds> retry_after;

  if (!response) {
    outcome.status = "error: " + response.error().ToString();
  } else if (response->status == 304) {
    outcome.kind = PollOutcome::Kind::kNotModified;
    outcome.status = "not modified";
    if (!response->etag.empty())
      state.etag = response->etag;
    if (!response->last_modified.empty())
      state.last_modified = response->last_modified;
  } else if (response->status >= 200 && response->status < 300) {
    SourceInfo info;
    info.name = source.name;
    info.base_url = response->final_url.empty() ? source.location : response->final_url;
    info.section_rules = source.section_rules;
    auto report = pipeline_.IngestBytes(response->body, info);
    if (report) {
      outcome.kind = PollOutcome::Kind::kIngested;
      outcome.status = "ok: " + report->Summary();
      outcome.report = std::move(*report);
      if (options_.on_ingest)
        options_.on_ingest(outcome.report);
      // Validators are kept only with a document that was read: a broken one is fetched in
      // full again next time instead of being answered with 304.
      state.etag = response->etag;
      state.last_modified = response->last_modified;
    } else {
      outcome.status = "error: " + report.error().ToString();
    }
  } else {
    outcome.status = "error: HTTP " + std::to_string(response->status);
    retry_after = ParseRetryAfter(response->retry_after, now);
  }

  state.failure_count = outcome.kind == PollOutcome::Kind::kFailed ? state.failure_count + 1 : 0;
  state.last_status = outcome.status;
  state.next_poll_at = now + NextPollDelay(std::chrono::seconds(source.interval_seconds),
                                           state.failure_count, retry_after, options_.max_backoff);
  WD_RETURN_IF_ERROR(sources_.SavePollState(source.name, state));
  return outcome;
}

core::Result<int> SourcePoller::PollDue() {
  WD_ASSIGN_OR_RETURN(std::vector<store::SourceRecord> sources, sources_.ListSources());
  std::vector<const store::SourceRecord*> due;
  const core::TimePoint now = clock_.Now();
  for (const store::SourceRecord& source : sources) {
    if (source.kind == store::SourceKind::kHttp && source.poll.next_poll_at <= now)
      due.push_back(&source);
  }
  std::atomic<size_t> next{0};
  std::atomic<int> polled{0};
  auto work = [this, &due, &next, &polled] {
    for (size_t i = next++; i < due.size() && !cancel_.load(); i = next++) {
      const store::SourceRecord& source = *due[i];
      auto outcome = PollSource(source);
      ++polled;
      if (!outcome) {
        spdlog::warn("source {}: {}", source.name, outcome.error().ToString());
      } else if (outcome->kind == PollOutcome::Kind::kFailed) {
        spdlog::warn("source {}: {} (failure {}, next poll {})", source.name, outcome->status,
                     outcome->state.failure_count,
                     core::FormatRfc3339(outcome->state.next_poll_at));
      } else if (outcome->kind == PollOutcome::Kind::kIngested) {
        spdlog::info("source {}: {}", source.name, outcome->status);
      }
    }
  };
  const size_t helpers =
      std::min(due.size(), static_cast<size_t>(std::max(options_.parallel_fetches, 1))) - 1;
  std::vector<std::thread> threads;
  if (!due.empty()) {
    for (size_t i = 0; i < helpers; ++i) threads.emplace_back(work);
    work();
  }
  for (std::thread& thread : threads) thread.join();
  return polled.load();
}

void SourcePoller::Start(std::chrono::milliseconds tick) {
  if (thread_.joinable())
    return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = false;
  }
  cancel_.store(false);
  thread_ = std::thread([this, tick] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      auto polled = PollDue();
      if (!polled)
        spdlog::warn("polling sources failed: {}", polled.error().ToString());
      lock.lock();
      wake_.wait_for(lock, tick, [this] { return stopping_; });
    }
  });
}

void SourcePoller::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_.store(true);
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

}  // namespace wiredesk::ingest
