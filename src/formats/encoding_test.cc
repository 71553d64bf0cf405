#include "formats/encoding.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "formats/feed_parser.h"

namespace wiredesk::formats {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// "café" in windows-1252, in a document that does not say so.
const std::string kLatin1Body =
    "<rss version=\"2.0\"><channel><title>caf\xE9 cr\xE8me br\xFBl\xE9"
    "e, d\xE9j\xE0 vu, \xE9t\xE9 \xE0 Paris</title></channel></rss>";

TEST(DecodeToUtf8, ByteOrderMarkComesFirst) {
  // A UTF-8 BOM wins over a declaration and an HTTP charset that say otherwise.
  auto decoded = DecodeToUtf8(
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xC3\xA9</a>", "iso-8859-1");
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->encoding, "utf-8");
  EXPECT_EQ(decoded->utf8, "<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>\xC3\xA9</a>");
}

TEST(DecodeToUtf8, DeclarationComesBeforeTheHttpCharset) {
  auto decoded =
      DecodeToUtf8("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>caf\xE9</a>", "utf-8");
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->encoding, "iso-8859-1");
  EXPECT_EQ(decoded->utf8, "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a>caf\xC3\xA9</a>");
  EXPECT_THAT(decoded->warnings, IsEmpty());
}

TEST(DecodeToUtf8, HttpCharsetComesBeforeDetection) {
  // KOI8-R "привет" without a declaration: the server's word decides.
  auto decoded = DecodeToUtf8("<a>\xD0\xD2\xC9\xD7\xC5\xD4</a>", "KOI8-R");
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_EQ(decoded->encoding, "koi8-r");
  EXPECT_EQ(decoded->utf8, "<a>привет</a>");
  // An HTTP charset ICU does not know is ignored with a warning.
  auto unknown = DecodeToUtf8("<a>plain</a>", "x-made-up");
  ASSERT_TRUE(unknown) << unknown.error().ToString();
  EXPECT_EQ(unknown->encoding, "utf-8");
  EXPECT_THAT(unknown->warnings, Contains(HasSubstr("unknown HTTP charset 'x-made-up'")));
}

TEST(DecodeToUtf8, DetectsTheCharsetWhenNothingSaysAndTheBytesAreNotUtf8) {
  auto decoded = DecodeToUtf8(kLatin1Body);
  ASSERT_TRUE(decoded) << decoded.error().ToString();
  EXPECT_THAT(decoded->encoding, ::testing::AnyOf("iso-8859-1", "windows-1252"));
  EXPECT_THAT(decoded->utf8, HasSubstr("café crème brûlée, déjà vu, été à Paris"));
  EXPECT_THAT(decoded->warnings, Contains(HasSubstr("not UTF-8; read as")));
  // Valid UTF-8 with nothing said is UTF-8, without a guess.
  auto utf8 = DecodeToUtf8("<a>caf\xC3\xA9</a>");
  ASSERT_TRUE(utf8);
  EXPECT_EQ(utf8->encoding, "utf-8");
  EXPECT_THAT(utf8->warnings, IsEmpty());
}

TEST(DecodeToUtf8, ParseReportsTheEncodingFound) {
  auto detected = ParseFeed(kLatin1Body);
  ASSERT_TRUE(detected) << detected.error().ToString();
  EXPECT_EQ(detected->feed.title, "café crème brûlée, déjà vu, été à Paris");
  EXPECT_FALSE(detected->encoding.empty());
  EXPECT_NE(detected->encoding, "utf-8");

  ParseOptions options;
  options.charset = "windows-1252";
  auto hinted = ParseFeed(kLatin1Body, options);
  ASSERT_TRUE(hinted) << hinted.error().ToString();
  EXPECT_EQ(hinted->encoding, "windows-1252");
  EXPECT_EQ(hinted->feed.title, "café crème brûlée, déjà vu, été à Paris");
}

TEST(DecodeToUtf8View, ViewsValidUtf8InPlaceAndDecodesTheRestIntoStorage) {
  // Valid UTF-8 is not copied: the view points into the caller's bytes, past a BOM.
  const std::string with_bom = "\xEF\xBB\xBF<a>caf\xC3\xA9</a>";
  std::string storage;
  auto in_place = DecodeToUtf8View(with_bom, "", storage);
  ASSERT_TRUE(in_place) << in_place.error().ToString();
  EXPECT_EQ(in_place->utf8.data(), with_bom.data() + 3);
  EXPECT_EQ(in_place->utf8, "<a>caf\xC3\xA9</a>");
  EXPECT_EQ(in_place->encoding, "utf-8");
  EXPECT_THAT(in_place->warnings, IsEmpty());
  EXPECT_TRUE(storage.empty());

  // Invalid UTF-8 is repaired into the storage, with the same warning DecodeToUtf8 gives.
  const std::string broken = "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>caf\xE9</a>";
  auto repaired = DecodeToUtf8View(broken, "", storage);
  ASSERT_TRUE(repaired);
  EXPECT_EQ(repaired->utf8.data(), storage.data());
  EXPECT_EQ(repaired->utf8, DecodeToUtf8(broken)->utf8);
  EXPECT_THAT(repaired->utf8, HasSubstr("caf\xEF\xBF\xBD"));
  EXPECT_THAT(repaired->warnings, Contains(HasSubstr("invalid UTF-8")));

  // Another charset is transcoded into the storage.
  auto latin1 = DecodeToUtf8View(kLatin1Body, "windows-1252", storage);
  ASSERT_TRUE(latin1);
  EXPECT_EQ(latin1->utf8.data(), storage.data());
  EXPECT_THAT(latin1->utf8, HasSubstr("café crème"));
  EXPECT_EQ(latin1->encoding, "windows-1252");

  // Long ASCII runs (read eight and 32 bytes at a time) with a bad byte at every position.
  for (size_t at = 0; at < 70; ++at) {
    std::string text(70, 'a');
    text[at] = '\xC3';
    auto decoded = DecodeToUtf8View(text, "", storage);
    ASSERT_TRUE(decoded);
    EXPECT_THAT(decoded->warnings, Contains(HasSubstr("not UTF-8"))) << at;
    text[at] = 'b';
    EXPECT_THAT(DecodeToUtf8View(text, "", storage)->warnings, IsEmpty()) << at;
  }
}

}  // namespace
}  // namespace wiredesk::formats
