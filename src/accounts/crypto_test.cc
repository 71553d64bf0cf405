#include "accounts/crypto.h"

#include <set>

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(Crypto, PasswordHashIsArgon2idWithTheGivenParametersAndVerifies) {
  PasswordHashing params = TestPasswordHashing();
  auto hash = HashPassword("correct horse battery", params);
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$v=19$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword("correct horse battery", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse batterY", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
  EXPECT_FALSE(VerifyPassword("correct horse battery", "not a hash"));
  // A fresh salt each time: equal passwords do not give equal hashes.
  EXPECT_NE(*hash, *HashPassword("correct horse battery", params));
}

TEST(Crypto, HashesWithOtherParametersNeedRehash) {
  PasswordHashing cheap = TestPasswordHashing();
  auto hash = HashPassword("password1", cheap);
  ASSERT_TRUE(hash);
  EXPECT_FALSE(NeedsRehash(*hash, cheap));
  PasswordHashing stronger = cheap;
  stronger.ops_limit += 1;
  EXPECT_TRUE(NeedsRehash(*hash, stronger));
}

TEST(Crypto, TokensAreRandomAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string token = RandomToken();
    EXPECT_EQ(token.size(), 43u);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos);
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(Crypto, Sha256HexMatchesTheStandardVector) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Crypto, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

}  // namespace
}  // namespace wiredesk::accounts
