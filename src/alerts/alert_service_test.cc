#include "alerts/alert_service.h"

#include <algorithm>
#include <arpa/inet.h>
#include <mutex>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "accounts/unsubscribe.h"
#include "store/account_store.h"
#include "store/alert_outbox_store.h"
#include "store/sqlite_store.h"
#include "store/testing/seed.h"
#include "store/testing/temp_dir.h"

namespace wiredesk::alerts {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A small SMTP server on a loopback port that accepts every message, enough for libcurl's
// dialogue (EHLO, MAIL, RCPT, DATA, QUIT), and keeps what it was sent.
class SmtpSink {
 public:
  SmtpSink() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 8);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }

  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
  std::vector<std::string> messages() {
    std::lock_guard lock(mutex_);
    return messages_;
  }

 private:
  void Serve() {
    while (true) {
      int client = accept(listener_, nullptr, nullptr);
      if (client < 0)
        return;
      Converse(client);
      close(client);
    }
  }

  void Converse(int client) {
    auto say = [client](std::string_view line) { (void)!write(client, line.data(), line.size()); };
    say("220 sink ESMTP\r\n");
    std::string buffer;
    bool in_data = false;
    char chunk[4096];
    while (true) {
      ssize_t n = read(client, chunk, sizeof chunk);
      if (n <= 0)
        return;
      buffer.append(chunk, static_cast<size_t>(n));
      while (true) {
        if (in_data) {
          size_t end = buffer.find("\r\n.\r\n");
          if (end == std::string::npos)
            break;
          {
            std::lock_guard lock(mutex_);
            messages_.push_back(buffer.substr(0, end + 2));
          }
          buffer.erase(0, end + 5);
          in_data = false;
          say("250 queued\r\n");
          continue;
        }
        size_t end = buffer.find("\r\n");
        if (end == std::string::npos)
          break;
        std::string command = buffer.substr(0, end);
        buffer.erase(0, end + 2);
        if (command.starts_with("EHLO") || command.starts_with("HELO")) {
          say("250 sink\r\n");
        } else if (command.starts_with("DATA")) {
          in_data = true;
          say("354 go ahead\r\n");
        } else if (command.starts_with("QUIT")) {
          say("221 bye\r\n");
          return;
        } else {
          say("250 ok\r\n");
        }
      }
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> messages_;
};

// The decoded text of every base64 body part of a MIME message.
std::string DecodedParts(const std::string& message) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t at = 0;
  while ((at = message.find("Content-Transfer-Encoding: base64\r\n\r\n", at)) !=
         std::string::npos) {
    at = message.find("\r\n\r\n", at) + 4;
    size_t end = message.find("\r\n--", at);
    uint32_t bits = 0;
    int count = 0;
    for (char c : message.substr(at, end - at)) {
      size_t value = kAlphabet.find(c);
      if (value == std::string::npos)
        continue;
      bits = (bits << 6) | static_cast<uint32_t>(value);
      count += 6;
      if (count >= 8) {
        count -= 8;
        out += static_cast<char>((bits >> count) & 0xff);
      }
    }
    out += "\n";
    at = end;
  }
  return out;
}

class AlertServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = store::SqliteStore::Open(
        {.path = dir_.File("wiredesk.db"), .max_readers = 4, .busy_timeout_ms = 5000});
    ASSERT_TRUE(store) << store.error().ToString();
    store_ = std::move(*store);
    accounts_ = std::move(*store::OpenAccountStore(*store_));
    outbox_ = std::move(*store::OpenAlertOutboxStore(*store_));
    core::AlertsConfig config;
    config.site_url = "https://news.example";
    config.email_smtp_url = smtp_.url();
    config.email_from = "Alerts <alerts@news.example>";
    service_ = std::make_unique<AlertService>(
        *store_, *accounts_, *outbox_, clock_,
        AlertServiceOptions{
            .config = config, .policy = {}, .site_name = "Wiredesk", .vapid = std::nullopt});
    ASSERT_TRUE(service_->MatchNewEvents());  // Starts at the end of the (empty) outbox.
  }

  store::UserId Reader(const std::string& email, const std::string& preferences,
                       const std::string& watch = "") {
    auto id = store::test_util::CreateTestUser(*accounts_, email, clock_.Now());
    EXPECT_TRUE(id);
    EXPECT_TRUE(accounts_->SetPreferences(*id, preferences));
    if (!watch.empty()) {
      EXPECT_TRUE(accounts_->AddWatch({.id = 0,
                                       .user_id = *id,
                                       .kind = "company",
                                       .value = watch,
                                       .created_at = clock_.Now()}));
    }
    return *id;
  }

  core::ArticleId Story(const std::string& guid, const std::string& headline,
                        std::optional<int> urgency = std::nullopt, bool kill = false) {
    store::IncomingVersion v;
    v.source = "wire";
    v.item.guid = guid;
    v.item.headline = headline;
    v.item.body_html = "<p>" + headline + ".</p>";
    v.item.urgency = urgency;
    v.item.published = clock_.Now();
    v.rank = kill ? 2 : 1;
    v.section = *core::SectionPath::Parse("news");
    v.received_at = clock_.Now();
    auto outcome = store_->WriteVersion(v, [](const std::optional<store::CurrentVersion>& current) {
      if (!current)
        return store::VersionDecision{store::VersionAction::kCreate, core::VersionChange::kPublish,
                                      ""};
      return store::VersionDecision{store::VersionAction::kKill, core::VersionChange::kKill, ""};
    });
    EXPECT_TRUE(outcome) << outcome.error().ToString();
    return outcome->article_id;
  }

  void MatchAndDispatch() {
    auto matched = service_->MatchNewEvents();
    ASSERT_TRUE(matched) << matched.error().ToString();
    auto dispatched = service_->DispatchDue();
    ASSERT_TRUE(dispatched) << dispatched.error().ToString();
  }

  store::test_util::TempDir dir_;
  SmtpSink smtp_;
  core::FakeClock clock_{*core::ParseRfc3339("2026-12-01T10:00:00Z")};
  std::unique_ptr<store::SqliteStore> store_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<store::AlertOutboxStore> outbox_;
  std::unique_ptr<AlertService> service_;
};

TEST_F(AlertServiceTest, ADailyDigestCollectsTheDaysMatchesIntoOneEmailAtSevenLocal) {
  store::UserId reader = Reader("digest@example.org", R"({"digest": "daily"})", "Harbour Bridge");
  Story("urn:1", "Harbour Bridge closes for repairs");
  Story("urn:2", "Harbour Bridge toll rises");
  Story("urn:3", "Harbour Bridge sold");
  Story("urn:4", "Football results");
  MatchAndDispatch();
  EXPECT_TRUE(smtp_.messages().empty()) << "nothing before the digest hour";
  Story("urn:3", "Harbour Bridge sold", std::nullopt, /*kill=*/true);
  clock_.Set(*core::ParseRfc3339("2026-12-02T06:59:00Z"));
  MatchAndDispatch();
  EXPECT_TRUE(smtp_.messages().empty());
  clock_.Set(*core::ParseRfc3339("2026-12-02T07:00:00Z"));
  MatchAndDispatch();
  auto messages = smtp_.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(messages[0], HasSubstr("Subject: Your daily Wiredesk digest: 2 stories\r\n"));
  std::string text = DecodedParts(messages[0]);
  EXPECT_THAT(text, HasSubstr("Harbour Bridge closes for repairs"));
  EXPECT_THAT(text, HasSubstr("Harbour Bridge toll rises"));
  EXPECT_THAT(text, Not(HasSubstr("Harbour Bridge sold"))) << "killed before the digest";
  EXPECT_THAT(text, Not(HasSubstr("Football")));
  auto recent = outbox_->RecentForUser(reader, 10);
  ASSERT_TRUE(recent);
  int sent = 0;
  for (const store::DeliveryRecord& d : *recent) {
    EXPECT_EQ(d.channel, "digest");
    sent += d.state == store::DeliveryState::kSent ? 1 : 0;
  }
  EXPECT_EQ(sent, 2);
  MatchAndDispatch();
  EXPECT_EQ(smtp_.messages().size(), 1u) << "sent once";
}

TEST_F(AlertServiceTest, BreakingNewsReadersHearOfFlashAndUrgentStoriesOnly) {
  Reader("breaking@example.org", R"({"alerts": {"email": true, "breaking": true}})");
  Story("urn:1", "Routine market report", 5);
  Story("urn:2", "Earthquake strikes capital", 1);
  MatchAndDispatch();
  auto messages = smtp_.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(messages[0], HasSubstr("Subject: Earthquake strikes capital\r\n"));
  EXPECT_THAT(DecodedParts(messages[0]), HasSubstr("Because you asked for breaking news."));
}

TEST_F(AlertServiceTest, AlertEmailsCarryAOneClickUnsubscribeLinkForTheirReader) {
  store::UserId reader =
      Reader("reader@example.org", R"({"alerts": {"email": true}})", "Harbour Bridge");
  Story("urn:1", "Harbour Bridge closes for repairs");
  MatchAndDispatch();
  auto messages = smtp_.messages();
  ASSERT_EQ(messages.size(), 1u);
  const std::string prefix = "List-Unsubscribe: <https://news.example/account/unsubscribe?t=";
  size_t at = messages[0].find(prefix);
  ASSERT_NE(at, std::string::npos) << messages[0];
  size_t end = messages[0].find('>', at);
  std::string token = messages[0].substr(at + prefix.size(), end - at - prefix.size());
  EXPECT_THAT(messages[0], HasSubstr("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
  auto key = accounts_->SiteKey(std::string(accounts::kUnsubscribeKeyName), "unused");
  ASSERT_TRUE(key);
  EXPECT_EQ(accounts::ReaderOfUnsubscribeToken(*key, token), reader);
}

TEST_F(AlertServiceTest, AFollowAddedBetweenStoriesCountsForTheNextOne) {
  store::UserId reader = Reader("late@example.org", R"({"alerts": {"email": true}})");
  Story("urn:1", "Harbour Bridge closes for repairs");
  MatchAndDispatch();
  EXPECT_TRUE(smtp_.messages().empty());
  ASSERT_TRUE(accounts_->AddWatch({.id = 0,
                                   .user_id = reader,
                                   .kind = "company",
                                   .value = "Harbour Bridge",
                                   .created_at = clock_.Now()}));
  Story("urn:2", "Harbour Bridge reopens");
  MatchAndDispatch();
  auto messages = smtp_.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_THAT(messages[0], HasSubstr("Subject: Harbour Bridge reopens\r\n"));
}

// The matcher re-reads only the readers who changed: each kind of change must reach it, and
// the readers who did not change must keep their alerts.
TEST_F(AlertServiceTest, ChangesToSomeReadersFollowsReachTheMatcherAndLeaveTheOthersAlone) {
  const std::string email_on = R"({"alerts": {"email": true}})";
  Reader("steady@example.org", email_on, "Harbour Bridge");
  store::UserId unwatching = Reader("unwatching@example.org", email_on, "Harbour Bridge");
  store::UserId joining = Reader("joining@example.org", email_on);
  store::UserId silenced = Reader("silenced@example.org", email_on, "Harbour Bridge");
  store::UserId leaving = Reader("leaving@example.org", email_on, "Harbour Bridge");
  Story("urn:1", "Harbour Bridge closes for repairs");
  MatchAndDispatch();
  ASSERT_EQ(smtp_.messages().size(), 4u);

  auto watches = accounts_->ListWatches(unwatching);
  ASSERT_TRUE(watches);
  ASSERT_TRUE(accounts_->DeleteWatch(unwatching, watches->front().id));
  ASSERT_TRUE(accounts_->SetPreferences(
      joining, R"({"alerts": {"email": true}, "topics": ["harbour bridge"]})"));
  ASSERT_TRUE(accounts_->SetPreferences(silenced, R"({"alerts": {"email": false}})"));
  ASSERT_TRUE(accounts_->DeleteUser(leaving));
  Story("urn:2", "Harbour Bridge reopens");
  MatchAndDispatch();
  auto messages = smtp_.messages();
  std::vector<std::string> recipients;
  for (size_t i = 4; i < messages.size(); ++i) {
    size_t to = messages[i].find("\r\nTo: ");
    ASSERT_NE(to, std::string::npos);
    recipients.push_back(messages[i].substr(to + 6, messages[i].find("\r\n", to + 2) - to - 6));
  }
  std::sort(recipients.begin(), recipients.end());
  EXPECT_EQ(recipients, (std::vector<std::string>{"joining@example.org", "steady@example.org"}));
}

}  // namespace
}  // namespace wiredesk::alerts
