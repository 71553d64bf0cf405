#include "web/compression.h"

#include <string>

#include <gtest/gtest.h>

namespace wiredesk::web {
namespace {

std::string SampleText() {
  std::string text;
  for (int i = 0; i < 200; ++i)
    text += "<p>Ministers meet in Geneva, paragraph " + std::to_string(i) + ".</p>\n";
  return text;
}

TEST(Compression, GzipRoundTrips) {
  std::string text = SampleText();
  auto compressed = GzipCompress(text, 6);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), text.size() / 2);
  // A gzip member starts with the magic bytes 1f 8b.
  ASSERT_GE(compressed->size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>((*compressed)[1]), 0x8b);
  auto restored = GzipDecompress(*compressed);
  ASSERT_TRUE(restored);
  EXPECT_EQ(*restored, text);
}

TEST(Compression, BrotliRoundTrips) {
  std::string text = SampleText();
  auto compressed = BrotliCompress(text, 5);
  ASSERT_TRUE(compressed);
  EXPECT_LT(compressed->size(), text.size() / 2);
  auto restored = BrotliDecompress(*compressed);
  ASSERT_TRUE(restored);
  EXPECT_EQ(*restored, text);
}

TEST(Compression, EmptyInputRoundTrips) {
  auto gz = GzipCompress("");
  ASSERT_TRUE(gz);
  EXPECT_EQ(GzipDecompress(*gz).value_or("x"), "");
  auto br = BrotliCompress("");
  ASSERT_TRUE(br);
  EXPECT_EQ(BrotliDecompress(*br).value_or("x"), "");
}

TEST(Compression, CorruptOrTruncatedInputIsAnErrorNotACrash) {
  std::string text = SampleText();
  std::string gz = GzipCompress(text).value();
  std::string br = BrotliCompress(text).value();
  EXPECT_FALSE(GzipDecompress(gz.substr(0, gz.size() / 2)));
  EXPECT_FALSE(BrotliDecompress(br.substr(0, br.size() / 2)));
  EXPECT_FALSE(GzipDecompress("not gzip at all"));
  EXPECT_FALSE(BrotliDecompress(std::string("\xff\xff\xff\xff garbage", 13)));
}

TEST(Compression, DecompressionHonoursTheOutputBound) {
  std::string zeros(1 << 20, '\0');
  EXPECT_FALSE(GzipDecompress(GzipCompress(zeros).value(), 1000));
  EXPECT_FALSE(BrotliDecompress(BrotliCompress(zeros).value(), 1000));
}

TEST(ChooseEncoding, PrefersBrotliThenGzip) {
  EXPECT_EQ(ChooseEncoding("gzip, deflate, br", true, true), ContentEncoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("gzip, deflate", true, true), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip, br", true, false), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br", false, true), ContentEncoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("", true, true), ContentEncoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("deflate", true, true), ContentEncoding::kIdentity);
}

TEST(ChooseEncoding, HonoursQValuesAndWildcard) {
  EXPECT_EQ(ChooseEncoding("br;q=0, gzip", true, true), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("br;q=0.5, gzip;q=0.8", true, true), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip;q=0", true, false), ContentEncoding::kIdentity);
  EXPECT_EQ(ChooseEncoding("*", true, true), ContentEncoding::kBrotli);
  EXPECT_EQ(ChooseEncoding("*;q=0, gzip", true, true), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("GZIP", true, false), ContentEncoding::kGzip);
  EXPECT_EQ(ChooseEncoding("gzip;q=banana", true, false), ContentEncoding::kIdentity);
}

TEST(IsCompressibleType, TextYesImagesNo) {
  EXPECT_TRUE(IsCompressibleType("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressibleType("application/json"));
  EXPECT_TRUE(IsCompressibleType("image/svg+xml"));
  EXPECT_TRUE(IsCompressibleType("Text/CSS"));
  EXPECT_FALSE(IsCompressibleType("image/png"));
  EXPECT_FALSE(IsCompressibleType("font/woff2"));
  EXPECT_FALSE(IsCompressibleType(""));
}

}  // namespace
}  // namespace wiredesk::web
