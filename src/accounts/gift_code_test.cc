#include "accounts/gift_code.h"

#include <set>

#include <gtest/gtest.h>

namespace wiredesk::accounts {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

TEST(GiftCode, GeneratedCodesAreGroupedUniqueAndValid) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    std::string code = GenerateGiftCode();
    ASSERT_EQ(code.size(), 19u);
    EXPECT_EQ(code[4], '-');
    EXPECT_EQ(code[9], '-');
    EXPECT_EQ(code[14], '-');
    auto normalized = NormalizeGiftCode(code);
    ASSERT_TRUE(normalized) << code;
    EXPECT_EQ(normalized->size(), 16u);
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 200u);
}

TEST(GiftCode, CheckCharacterCatchesEverySingleSubstitution) {
  std::string code = *NormalizeGiftCode(GenerateGiftCode());
  for (size_t i = 0; i < code.size(); ++i) {
    for (char c : kAlphabet) {
      if (c == code[i])
        continue;
      std::string typo = code;
      typo[i] = c;
      EXPECT_FALSE(NormalizeGiftCode(typo)) << typo;
    }
  }
}

TEST(GiftCode, CheckCharacterCatchesAdjacentSwapsOfDifferentCharacters) {
  // Luhn mod N misses only the swap of two specific values; count the catches.
  int swaps = 0;
  int caught = 0;
  for (int round = 0; round < 50; ++round) {
    std::string code = *NormalizeGiftCode(GenerateGiftCode());
    for (size_t i = 0; i + 1 < code.size(); ++i) {
      if (code[i] == code[i + 1])
        continue;
      std::string swapped = code;
      std::swap(swapped[i], swapped[i + 1]);
      ++swaps;
      caught += NormalizeGiftCode(swapped) ? 0 : 1;
    }
  }
  EXPECT_GE(caught * 100, swaps * 95);
}

TEST(GiftCode, NormalizingForgivesCaseHyphensAndLookAlikes) {
  std::string payload = "0123456789ABCDE";
  std::string code = payload + GiftCodeCheckChar(payload);
  std::string typed = "o123 4567-89abcde" + std::string(1, code.back());
  for (char& c : typed) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto normalized = NormalizeGiftCode(typed);
  ASSERT_TRUE(normalized);
  EXPECT_EQ(*normalized, code);
  std::string with_i = code;
  with_i[1] = 'I';
  EXPECT_EQ(NormalizeGiftCode(with_i), code);
  EXPECT_FALSE(NormalizeGiftCode(""));
  EXPECT_FALSE(NormalizeGiftCode(code + "0"));
  EXPECT_FALSE(NormalizeGiftCode(code.substr(1)));
  EXPECT_FALSE(NormalizeGiftCode("UUUU-UUUU-UUUU-UUUU"));  // U is not in the alphabet.
}

}  // namespace
}  // namespace wiredesk::accounts
