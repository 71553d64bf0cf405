#include "formats/internal/fields.h"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "core/time.h"

namespace wiredesk::formats::internal {
namespace {

struct Case {
  std::string_view text;
  std::string_view expected;
};

std::string Parsed(std::string_view text) {
  auto t = ParseAnyDate(text);
  return t ? core::FormatRfc3339(*t) : "(none)";
}

TEST(ParseAnyDate, ReadsIso8601AndW3cdtfAtEveryPrecision) {
  constexpr Case kCases[] = {
      {"2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"},
      {"2003-12-31T10:14:55.123-05:00", "2003-12-31T15:14:55Z"},
      {"2003-12-31T10:14Z", "2003-12-31T10:14:00Z"},
      {"2003-12-31", "2003-12-31T00:00:00Z"},
      {"2003-12", "2003-12-01T00:00:00Z"},
      {"2003", "2003-01-01T00:00:00Z"},
      {"20031231T101455Z", "2003-12-31T10:14:55Z"},
      {"20031231T101455-0500", "2003-12-31T15:14:55Z"},
      {"20031231T1014+01", "2003-12-31T09:14:00Z"},
      {"20031231", "2003-12-31T00:00:00Z"},
      {"2003-335", "2003-12-01T00:00:00Z"},
      {"2004-366T12:00Z", "2004-12-31T12:00:00Z"},
      {"2003-12-31 10:14:55", "2003-12-31T10:14:55Z"},  // MSSQL-style, no zone: UTC.
      {"2003-12-31 10:14:55.0", "2003-12-31T10:14:55Z"},
      {"2003-12-31 10:14:55 +0100", "2003-12-31T09:14:55Z"},  // Blank before the zone.
      {"2003-12-31T10:14:55 GMT", "2003-12-31T10:14:55Z"},
      {"2003-12-31T10:14:55 CET", "2003-12-31T09:14:55Z"},
      {"2003-12-31T24:00:00Z", "2004-01-01T00:00:00Z"},
      {"2003-12-31T23:59:60Z", "2003-12-31T23:59:59Z"},
  };
  for (const Case& c : kCases) EXPECT_EQ(Parsed(c.text), c.expected) << c.text;
}

TEST(ParseAnyDate, ReadsTheCommonBrokenRfc822Forms) {
  constexpr Case kCases[] = {
      {"Sat, 07 Sep 2002 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 +0100 (CET)", "2002-09-06T23:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 CEST", "2002-09-06T22:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 GMT+0100", "2002-09-06T23:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 UTC-5", "2002-09-07T05:00:01Z"},
      {"Sat, 07 Sep 2002 00:00:01 +01:00", "2002-09-06T23:00:01Z"},
      {"Sat, 07-Sep-2002 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"Saturday, 07-Sep-02 00:00:01 GMT", "2002-09-07T00:00:01Z"},
      {"Sat Sep  7 00:00:01 2002", "2002-09-07T00:00:01Z"},
      {"Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"},
      {"Sep 07 2002 10:15 PM GMT", "2002-09-07T22:15:00Z"},
      {"Sep 7, 2002 at 12:05 am", "2002-09-07T00:05:00Z"},
      {"7 September 2002 12:30 PM +0000", "2002-09-07T12:30:00Z"},
      {"Thurs, 05 Sept 2002 09:00:00 JST", "2002-09-05T00:00:00Z"},
  };
  for (const Case& c : kCases) EXPECT_EQ(Parsed(c.text), c.expected) << c.text;
}

// RFC 1123's layout has a reader of its own (fields.cc); near misses of it go the long way, and
// both must agree where the layout and its variants mean the same instant.
TEST(ParseAnyDate, ReadsRfc1123LayoutAndItsNearMissesAlike) {
  constexpr Case kCases[] = {
      {"Thu, 01 Oct 2025 00:01:00 GMT", "2025-10-01T00:01:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 UT", "2025-10-01T00:01:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 Z", "2025-10-01T00:01:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 +0130", "2025-09-30T22:31:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 -0500", "2025-10-01T05:01:00Z"},
      {"Thu, 01 Oct 2025 23:59:60 GMT", "2025-10-01T23:59:59Z"},
      {"thu, 01 oct 2025 00:01:00 gmt", "2025-10-01T00:01:00Z"},
      {"Thu, 1 Oct 2025 00:01:00 GMT", "2025-10-01T00:01:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 EST", "2025-10-01T05:01:00Z"},
      {"Thu, 01 Oct 2025 10:01:00 PM", "2025-10-01T22:01:00Z"},
      {"Thu, 01 Oct 2025 00:01:00 GMT (UTC)", "2025-10-01T00:01:00Z"},
  };
  for (const Case& c : kCases) EXPECT_EQ(Parsed(c.text), c.expected) << c.text;
  for (std::string_view bad : {"Thu, 31 Sep 2025 00:01:00 GMT", "Thu, 01 Oct 2025 24:00:00 GMT",
                               "Thu, 01 Oct 2025 00:60:00 GMT", "Thu, 01 Oct 2025 00:01:00 +2400",
                               "Thu, 01 Oct 2025 00:01:00 Mars"}) {
    EXPECT_EQ(Parsed(bad), "(none)") << bad;
  }
}

TEST(ParseAnyDate, RefusesWhatIsNoDate) {
  for (std::string_view bad :
       {"", "yesterday", "2003-13-01", "2003-02-30", "2003-12-31T25:00Z",
        "2003-12-31T10:14:55 Mars", "2003-367", "31 Feb 2002 00:00 GMT", "07 Sep 2002 13:00 PM",
        "Sat, 07 Sep 2002 10:00 Mars", "20031", "2003-1-5"}) {
    EXPECT_EQ(Parsed(bad), "(none)") << bad;
  }
}

TEST(ReadDate, WarnsAndKeepsTheFieldOnAnUnreadableDate) {
  std::optional<core::TimePoint> field = *ParseAnyDate("2003-12-31");
  std::vector<std::string> warnings;
  ReadDate("the day after tomorrow", "item 1 pubDate", field, warnings);
  EXPECT_EQ(core::FormatRfc3339(*field), "2003-12-31T00:00:00Z");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0], "item 1 pubDate: unreadable date 'the day after tomorrow'");
}

// Absolute http(s) links skip Boost.URL when resolving cannot change them (fields.cc); those
// it would change still are changed.
TEST(ResolveUrl, KeepsAbsoluteWebUrlsAndStillNormalisesTheRest) {
  const std::string base = "https://wire.example.com/news/";
  for (std::string_view kept :
       {"https://wire.example.com/s/1", "http://Example.COM:8080/a/b?c=d&e=f#g", "https://x.org",
        "http://x.org/a/b/..c/", "https://x.org/a(b)/c;d,e=f"}) {
    EXPECT_EQ(ResolveUrl(base, kept), kept);
    EXPECT_EQ(ResolveUrl("not a url", kept), kept);
  }
  EXPECT_EQ(ResolveUrl(base, "https://x.org/a/./b/../c"), "https://x.org/a/c");
  EXPECT_EQ(ResolveUrl(base, "https://x.org/%7Ebob"), "https://x.org/~bob");
  EXPECT_EQ(ResolveUrl(base, "  https://x.org/a  "), "https://x.org/a");
  EXPECT_EQ(ResolveUrl(base, "story/2"), "https://wire.example.com/news/story/2");
  EXPECT_EQ(WebUrl(base, "javascript:alert(1)"), "");
}

}  // namespace
}  // namespace wiredesk::formats::internal
