#include "alerts/channel_messages.h"

#include <cstdio>
#include <fstream>
#include <map>

#include <boost/json/parse.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/testing/temp_dir.h"

namespace wiredesk::alerts {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const core::TimePoint kNow = core::FromUnixSeconds(1'796'000'000);  // 2026-11-30T00:53:20Z

std::map<std::string, std::string> Headers(const OutgoingRequest& request) {
  return {request.headers.begin(), request.headers.end()};
}

TEST(Webhook, SignsTimestampAndBodyAndReceiversCanCheckIt) {
  std::string body = R"({"article":{"id":47,"headline":"Bridge reopens"}})";
  OutgoingRequest request =
      BuildWebhookRequest("https://hooks.example.org/in", "s3cret", body, kNow);
  auto headers = Headers(request);
  EXPECT_EQ(request.body, body);
  EXPECT_EQ(headers["Content-Type"], "application/json");
  EXPECT_EQ(headers["Wiredesk-Timestamp"], "1796000000");
  // HMAC-SHA256("s3cret", "1796000000." + body), computed independently with openssl(1).
  EXPECT_THAT(headers["Wiredesk-Signature"], ::testing::StartsWith("v1="));
  EXPECT_EQ(headers["Wiredesk-Signature"].size(), 3u + 64u);

  std::string ts = headers["Wiredesk-Timestamp"];
  std::string sig = headers["Wiredesk-Signature"];
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", ts, body, sig, kNow));
  EXPECT_TRUE(VerifyWebhookSignature("s3cret", ts, body, sig, kNow + std::chrono::minutes(4)));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", ts, body, sig, kNow + std::chrono::minutes(6)));
  EXPECT_FALSE(VerifyWebhookSignature("other", ts, body, sig, kNow));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", ts, body + " ", sig, kNow));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "1796000001", body, sig, kNow));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", ts, body, sig.substr(1), kNow));
  EXPECT_FALSE(VerifyWebhookSignature("s3cret", "12x", body, sig, kNow));
}

TEST(Webhook, SignatureMatchesOpenssl) {
  // Checked against: printf '%s' '1796000000.{}' | openssl dgst -sha256 -hmac key
  FILE* pipe = popen("printf '%s' '1796000000.{}' | openssl dgst -sha256 -hmac key", "r");
  ASSERT_NE(pipe, nullptr);
  char line[256] = {};
  ASSERT_NE(fgets(line, sizeof line, pipe), nullptr);
  pclose(pipe);
  std::string expected(line);
  expected = expected.substr(expected.rfind(' ') + 1, 64);
  auto headers = Headers(BuildWebhookRequest("https://h.example/", "key", "{}", kNow));
  EXPECT_EQ(headers["Wiredesk-Signature"], "v1=" + expected);
}

TEST(WhatsApp, BuildsTheCloudApiTemplateMessage) {
  WhatsAppConfig config{"https://graph.example.com/v19.0/", "1234567890", "tok", "news_alert",
                        "en"};
  auto request =
      BuildWhatsAppRequest(config, "+15551234567", {"Bridge reopens", "https://news.example/x-1"});
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->url, "https://graph.example.com/v19.0/1234567890/messages");
  auto headers = Headers(*request);
  EXPECT_EQ(headers["Authorization"], "Bearer tok");
  auto json = boost::json::parse(request->body).as_object();
  EXPECT_EQ(json.at("messaging_product").as_string(), "whatsapp");
  EXPECT_EQ(json.at("to").as_string(), "15551234567");
  EXPECT_EQ(json.at("type").as_string(), "template");
  const auto& tmpl = json.at("template").as_object();
  EXPECT_EQ(tmpl.at("name").as_string(), "news_alert");
  EXPECT_EQ(tmpl.at("language").at("code").as_string(), "en");
  const auto& params = tmpl.at("components").as_array()[0].at("parameters").as_array();
  ASSERT_EQ(params.size(), 2u);
  EXPECT_EQ(params[0].at("text").as_string(), "Bridge reopens");
  EXPECT_FALSE(BuildWhatsAppRequest(config, "5551234567", {}).has_value());
  config.template_name.clear();
  EXPECT_FALSE(BuildWhatsAppRequest(config, "+15551234567", {}).has_value());
}

TEST(WhatsApp, ClassifiesTheDocumentedAnswers) {
  auto ok = ClassifyWhatsAppResponse(
      200, R"({"messaging_product":"whatsapp","messages":[{"id":"wamid.HBg"}]})");
  EXPECT_EQ(ok.verdict, DeliveryVerdict::kDelivered);
  EXPECT_EQ(ok.detail, "wamid.HBg");
  auto error = [](int status, int code) {
    return ClassifyWhatsAppResponse(
        status,
        R"({"error":{"message":"m","type":"OAuthException","code":)" + std::to_string(code) + "}}");
  };
  EXPECT_EQ(error(400, 130429).verdict, DeliveryVerdict::kRetry);           // Rate limit.
  EXPECT_EQ(error(400, 131056).verdict, DeliveryVerdict::kRetry);           // Pair rate limit.
  EXPECT_EQ(error(401, 190).verdict, DeliveryVerdict::kDisableChannel);     // Token expired.
  EXPECT_EQ(error(400, 132001).verdict, DeliveryVerdict::kDisableChannel);  // No template.
  EXPECT_EQ(error(400, 131026).verdict, DeliveryVerdict::kDisableRecipient);
  EXPECT_EQ(error(400, 100).verdict, DeliveryVerdict::kGiveUp);
  EXPECT_THAT(error(400, 100).detail, HasSubstr("100"));
  EXPECT_EQ(ClassifyWhatsAppResponse(503, "<html>").verdict, DeliveryVerdict::kRetry);
  EXPECT_EQ(ClassifyWhatsAppResponse(400, "not json").verdict, DeliveryVerdict::kGiveUp);
}

TEST(ChannelAnswers, WebhookAndWebPushStatusesMapAsDocumented) {
  EXPECT_EQ(ClassifyWebhookResponse(204).verdict, DeliveryVerdict::kDelivered);
  EXPECT_EQ(ClassifyWebhookResponse(410).verdict, DeliveryVerdict::kDisableRecipient);
  EXPECT_EQ(ClassifyWebhookResponse(429).verdict, DeliveryVerdict::kRetry);
  EXPECT_EQ(ClassifyWebhookResponse(502).verdict, DeliveryVerdict::kRetry);
  EXPECT_EQ(ClassifyWebhookResponse(400).verdict, DeliveryVerdict::kGiveUp);
  EXPECT_EQ(ClassifyWebPushResponse(201).verdict, DeliveryVerdict::kDelivered);
  EXPECT_EQ(ClassifyWebPushResponse(404).verdict, DeliveryVerdict::kDisableRecipient);
  EXPECT_EQ(ClassifyWebPushResponse(410).verdict, DeliveryVerdict::kDisableRecipient);
  EXPECT_EQ(ClassifyWebPushResponse(413).verdict, DeliveryVerdict::kGiveUp);
  EXPECT_EQ(ClassifyWebPushResponse(429).verdict, DeliveryVerdict::kRetry);
}

TEST(WebPush, OneAlertToManyBrowsersIsSentWhenAnyAcceptsAndPrunedOnesFailNothing) {
  const DeliveryResult accepted = ClassifyWebPushResponse(201);
  const DeliveryResult gone = ClassifyWebPushResponse(410);
  DeliveryResult busy = ClassifyWebPushResponse(429);
  busy.retry_after = std::chrono::seconds(30);
  DeliveryResult down = ClassifyWebPushResponse(503);
  down.retry_after = std::chrono::seconds(120);
  const DeliveryResult too_big = ClassifyWebPushResponse(413);

  DeliveryResult r = CombineWebPushResults({gone, accepted});
  EXPECT_EQ(r.verdict, DeliveryVerdict::kDelivered);
  EXPECT_EQ(r.detail, "1 of 2 browsers");
  // Accepted somewhere: a retry would push the story twice to that browser.
  EXPECT_EQ(CombineWebPushResults({busy, accepted}).verdict, DeliveryVerdict::kDelivered);
  r = CombineWebPushResults({gone, busy, too_big, down});
  EXPECT_EQ(r.verdict, DeliveryVerdict::kRetry);
  EXPECT_EQ(r.retry_after, std::chrono::seconds(120));
  EXPECT_EQ(r.detail, "HTTP 429; HTTP 413; HTTP 503");
  EXPECT_EQ(CombineWebPushResults({too_big, gone}).verdict, DeliveryVerdict::kGiveUp);
  r = CombineWebPushResults({gone, gone});
  EXPECT_EQ(r.verdict, DeliveryVerdict::kGiveUp);
  EXPECT_EQ(CombineWebPushResults({}).verdict, DeliveryVerdict::kGiveUp);
}

EmailMessage SampleEmail() {
  EmailMessage m;
  m.from = "Wiredesk Alerts <alerts@news.example>";
  m.to = "reader@example.org";
  m.subject = "Zürich: Brücke wieder offen — ein sehr langer Betreff, der umbrochen werden muss";
  m.text = "Bridge reopens\nhttps://news.example/x-1\n";
  m.html = "<p>Bridge <b>reopens</b></p>\n";
  m.unsubscribe_url = "https://news.example/alerts/unsubscribe?t=abc";
  m.message_id = "<alert-1-47-email@news.example>";
  m.date = kNow;
  return m;
}

// Python's e-mail parser (a real MIME reader) reads the message back.
TEST(Email, IsAMimeMessageThatAMailReaderParses) {
  auto message = BuildEmail(SampleEmail());
  ASSERT_TRUE(message) << message.error().ToString();
  EXPECT_THAT(*message, Not(HasSubstr("\n\n")));  // Every line break is CRLF.
  EXPECT_THAT(*message, HasSubstr("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
  store::test_util::TempDir dir;
  std::string path = dir.File("message.eml");
  std::ofstream(path, std::ios::binary) << *message;
  std::string command =
      "python3 -c \"import sys, email, email.policy; "
      "m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default); "
      "print(m['subject']); print(m['list-unsubscribe']); print(m['date']); "
      "print(m.get_body(('plain',)).get_content().strip()); "
      "print(m.get_body(('html',)).get_content().strip()); print(len(m.defects))\" " +
      path;
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  ASSERT_EQ(pclose(pipe), 0) << output;
  EXPECT_EQ(output,
            "Zürich: Brücke wieder offen — ein sehr langer Betreff, der umbrochen werden muss\n"
            "<https://news.example/alerts/unsubscribe?t=abc>\n"
            "Mon, 30 Nov 2026 00:53:20 +0000\n"
            // Text travels in canonical form, CRLF line ends (RFC 2045 §6.8).
            "Bridge reopens\r\nhttps://news.example/x-1\n"
            "<p>Bridge <b>reopens</b></p>\n"
            "0\n");
}

TEST(Email, PlainHttpUnsubscribeIsALinkWithoutOneClick) {
  EmailMessage m = SampleEmail();
  m.unsubscribe_url = "http://news.example/u";
  auto message = BuildEmail(m);
  ASSERT_TRUE(message);
  EXPECT_THAT(*message, HasSubstr("List-Unsubscribe: <http://news.example/u>\r\n"));
  EXPECT_THAT(*message, Not(HasSubstr("List-Unsubscribe-Post")));
  m.unsubscribe_url = "mailto:x@example.org";
  EXPECT_FALSE(BuildEmail(m).has_value());
}

TEST(Email, RefusesHeaderInjection) {
  EmailMessage m = SampleEmail();
  m.to = "reader@example.org\r\nBcc: everyone@example.org";
  EXPECT_FALSE(BuildEmail(m).has_value());
  m = SampleEmail();
  m.subject = "Line\r\nBcc: x@example.org";  // Folded into one line, never a new header.
  auto message = BuildEmail(m);
  ASSERT_TRUE(message);
  EXPECT_THAT(*message, HasSubstr("Subject: Line Bcc: x@example.org\r\n"));
}

}  // namespace
}  // namespace wiredesk::alerts
