#include "ingest/push_token.h"

#include <set>

#include <gtest/gtest.h>

namespace wiredesk::ingest {
namespace {

TEST(PushToken, IsRandomAndLongEnough) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = GeneratePushToken();
    EXPECT_EQ(token.rfind("wdp_", 0), 0u) << token;
    EXPECT_EQ(token.size(), 4u + 43u) << token;
    EXPECT_EQ(token.find_first_not_of(
                  "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_", 4),
              std::string::npos)
        << token;
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(PushToken, HashIsSha256Hex) {
  EXPECT_EQ(HashPushToken("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(PushToken, MatchesOnlyItsOwnHash) {
  const std::string token = GeneratePushToken();
  const std::string hash = HashPushToken(token);
  EXPECT_TRUE(PushTokenMatches(token, hash));
  EXPECT_FALSE(PushTokenMatches(token + "x", hash));
  EXPECT_FALSE(PushTokenMatches(GeneratePushToken(), hash));
  EXPECT_FALSE(PushTokenMatches("", HashPushToken("")));
  EXPECT_FALSE(PushTokenMatches(token, ""));
  EXPECT_FALSE(PushTokenMatches(token, hash.substr(1)));
  EXPECT_FALSE(PushTokenMatches(token, token));  // The token itself is not its hash.
}

}  // namespace
}  // namespace wiredesk::ingest
