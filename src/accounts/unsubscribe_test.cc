#include "accounts/unsubscribe.h"

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

TEST(UnsubscribeToken, NamesItsReaderOnlyUnderTheKeyItWasMadeWith) {
  std::string token = MakeUnsubscribeToken("site key one", 42);
  EXPECT_EQ(token.substr(0, 3), "42.");
  EXPECT_EQ(ReaderOfUnsubscribeToken("site key one", token), 42);
  EXPECT_EQ(ReaderOfUnsubscribeToken("site key two", token), std::nullopt);
}

TEST(UnsubscribeToken, AnotherReadersIdOrATamperedSignatureIsRefused) {
  std::string token = MakeUnsubscribeToken("k", 42);
  std::string other = "43" + token.substr(2);
  EXPECT_EQ(ReaderOfUnsubscribeToken("k", other), std::nullopt);
  std::string tampered = token;
  tampered.back() = tampered.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(ReaderOfUnsubscribeToken("k", tampered), std::nullopt);
  for (std::string_view bad : {"", ".", "42", "42.", ".abc", "-1.abc", "x.abc", "0.abc"})
    EXPECT_EQ(ReaderOfUnsubscribeToken("k", bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace wiredesk::accounts
