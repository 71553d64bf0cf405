#include "core/text.h"

#include <gtest/gtest.h>

namespace wiredesk::core {
namespace {

TEST(Text, Sha256OfKnownInput) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Text, CollapsesWhitespace) {
  EXPECT_EQ(CollapseWhitespace("  a \n\t b  "), "a b");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \f\v\r\n "), "");
  EXPECT_EQ(CollapseWhitespace("one\f\vtwo\r\nthree"), "one two three");
  EXPECT_EQ(CollapseWhitespace("word"), "word");
}

TEST(Text, ValidatesUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xb0"));
  EXPECT_FALSE(IsValidUtf8("\xc3"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));      // Overlong.
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));  // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xff"));
}

TEST(Text, AppendsUtf8AndReplacesInvalidCodePoints) {
  std::string out;
  for (uint32_t cp : {0x41u, 0xE9u, 0x20ACu, 0x1F4F0u}) AppendUtf8(out, cp);
  EXPECT_EQ(out, "A\xc3\xa9\xe2\x82\xac\xf0\x9f\x93\xb0");
  for (uint32_t cp : {0x0u, 0xD800u, 0x110000u}) {
    std::string bad;
    AppendUtf8(bad, cp);
    EXPECT_EQ(bad, "\xef\xbf\xbd");
  }
}

TEST(Text, LanguageTagsAreCheckedAndLowerCased) {
  EXPECT_EQ(LanguageTag("en"), "en");
  EXPECT_EQ(LanguageTag("pt-BR"), "pt-br");
  EXPECT_EQ(LanguageTag("zh-Hant-TW"), "zh-hant-tw");
  EXPECT_EQ(LanguageTag("gsw"), "gsw");
  for (std::string_view bad :
       {"", "e", "engl", "en-", "en--gb", "en_GB", "1a", "en-toolongsub", "d\xc3\xa9"}) {
    EXPECT_FALSE(LanguageTag(bad)) << bad;
  }
}

}  // namespace
}  // namespace wiredesk::core
