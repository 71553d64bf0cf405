#include "search/query.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace wiredesk::search {
namespace {

std::string Match(std::string_view text) {
  auto parsed = ParseQuery(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().ToString();
  return parsed ? parsed->fts_match : "";
}

std::optional<core::ErrorCode> Fails(std::string_view text) {
  auto parsed = ParseQuery(text);
  EXPECT_FALSE(parsed) << text << " parsed as " << parsed->fts_match;
  return parsed ? std::nullopt : std::optional<core::ErrorCode>(parsed.error().code());
}

TEST(ParseQuery, WordsAreQuotedAndAnded) {
  EXPECT_EQ(Match("harbour strike"), "\"harbour\" AND \"strike\"");
  EXPECT_EQ(Match("  one\t"), "\"one\"");
}

TEST(ParseQuery, PhrasesPrefixesExclusionsAndOr) {
  EXPECT_EQ(Match("\"central bank\" rate*"), "\"central bank\" AND \"rate\"*");
  EXPECT_EQ(Match("election -poll"), "(\"election\") NOT \"poll\"");
  EXPECT_EQ(Match("election -\"exit poll\" -tv"), "((\"election\") NOT \"exit poll\") NOT \"tv\"");
  EXPECT_EQ(Match("rain OR snow wind"), "(\"rain\" OR \"snow\") AND \"wind\"");
  EXPECT_EQ(Match("rain or snow"), "\"rain\" AND \"or\" AND \"snow\"");  // Only OR is special.
}

TEST(ParseQuery, SectionFilter) {
  auto parsed = ParseQuery("flood section:news/world");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->fts_match, "\"flood\"");
  ASSERT_TRUE(parsed->section);
  EXPECT_EQ(parsed->section->ToString(), "news/world");
  EXPECT_EQ(Fails("flood section:"), core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Fails("flood section:../etc"), core::ErrorCode::kInvalidArgument);
}

TEST(ParseQuery, NothingSearchableIsInvalid) {
  for (std::string_view text :
       {"", "   ", "-poll", "-\"exit poll\" -tv", "*", "^ : * ()", "OR", "section:news", "\"\""}) {
    EXPECT_EQ(Fails(text), core::ErrorCode::kInvalidArgument) << text;
  }
  auto only_excluded = ParseQuery("-poll");
  ASSERT_FALSE(only_excluded);
  EXPECT_NE(only_excluded.error().message().find("not excluded"), std::string::npos);
}

TEST(ParseQuery, HostileInputStaysInsideQuotes) {
  EXPECT_EQ(Match("\"unbalanced quote"), "\"unbalanced quote\"");
  EXPECT_EQ(Match("NEAR(a b)"), "\"NEAR(a\" AND \"b)\"");
  EXPECT_EQ(Match("headline:secret"), "\"headline:secret\"");
  EXPECT_EQ(Match("{headline body}: x"), "\"{headline\" AND \"body}:\" AND \"x\"");
  EXPECT_EQ(Match("^start"), "\"^start\"");
  EXPECT_EQ(Match("a\"b"), "\"a\"\"b\"");
  EXPECT_EQ(Match("AND NOT x"), "\"AND\" AND \"NOT\" AND \"x\"");
  EXPECT_EQ(Match(std::string("nul\0byte", 8)), "\"nul\" AND \"byte\"");
  EXPECT_EQ(Match("OR OR x OR"), "\"x\"");
}

TEST(ParseQuery, LimitsLengthAndTerms) {
  EXPECT_EQ(Fails(std::string(kMaxQueryBytes + 1, 'a')), core::ErrorCode::kInvalidArgument);
  std::string many;
  for (int k = 0; k <= kMaxQueryTerms; ++k) many += "w" + std::to_string(k) + " ";
  EXPECT_EQ(Fails(many), core::ErrorCode::kInvalidArgument);
  EXPECT_TRUE(ParseQuery(std::string(kMaxQueryBytes, 'a')));
}

}  // namespace
}  // namespace wiredesk::search

namespace wiredesk::search {
namespace {

ParsedQuery Parsed(std::string_view text) {
  auto parsed = ParseQuery(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().ToString();
  return parsed ? *parsed : ParsedQuery{};
}

std::string FailMessage(std::string_view text) {
  auto parsed = ParseQuery(text);
  EXPECT_FALSE(parsed) << text << " parsed as " << parsed->fts_match;
  if (parsed)
    return "";
  EXPECT_EQ(parsed.error().code(), core::ErrorCode::kInvalidArgument) << text;
  return parsed.error().message();
}

TEST(ParseQuery, FieldFiltersLeaveTheTextAlone) {
  ParsedQuery q = Parsed(
      "flood source:Sample-Wire author:\"Jane  Doe\" lang:EN-gb after:2026-11-01 "
      "before:2026-12-01 section:news river");
  EXPECT_EQ(q.fts_match, "\"flood\" AND \"river\"");
  EXPECT_EQ(q.source, "sample-wire");
  EXPECT_EQ(q.author_words, (std::vector<std::string>{"Jane", "Doe"}));
  EXPECT_EQ(q.language, "en-gb");
  ASSERT_TRUE(q.published_from);
  EXPECT_EQ(core::FormatRfc3339(*q.published_from), "2026-11-01T00:00:00Z");
  ASSERT_TRUE(q.published_before);
  EXPECT_EQ(core::FormatRfc3339(*q.published_before), "2026-12-01T00:00:00Z");
  ASSERT_TRUE(q.section);
  EXPECT_EQ(q.section->ToString(), "news");

  ParsedQuery single = Parsed("Author:smith AFTER:2024-02-29 x");
  EXPECT_EQ(single.author_words, std::vector<std::string>{"smith"});
  ASSERT_TRUE(single.published_from);
  EXPECT_EQ(core::FormatRfc3339(*single.published_from), "2024-02-29T00:00:00Z");
  EXPECT_FALSE(single.published_before);
  EXPECT_TRUE(single.source.empty());
  EXPECT_TRUE(single.language.empty());

  // One day exactly: after: includes its day, before: excludes its own.
  ParsedQuery day = Parsed("x after:2026-11-28 before:2026-11-29");
  EXPECT_EQ(*day.published_before - *day.published_from, std::chrono::hours(24));
}

TEST(ParseQuery, ExcludedOrUnknownFiltersAreText) {
  EXPECT_EQ(Parsed("x -source:wire").fts_match, "(\"x\") NOT \"source:wire\"");
  EXPECT_EQ(Parsed("title:x 10:30").fts_match, "\"title:x\" AND \"10:30\"");
  EXPECT_TRUE(Parsed("title:x").source.empty());
}

TEST(ParseQuery, BadFilterValuesSayWhatIsExpected) {
  EXPECT_NE(FailMessage("x after:2026-13-01").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(FailMessage("x before:2026-02-30").find("before:"), std::string::npos);
  EXPECT_NE(FailMessage("x after:yesterday").find("after:"), std::string::npos);
  EXPECT_NE(FailMessage("x after:2026-1-01").find("YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(FailMessage("x before:").find("before:"), std::string::npos);
  EXPECT_NE(FailMessage("x after:2026-11-29 before:2026-11-29").find("earlier"), std::string::npos);
  EXPECT_NE(FailMessage("x lang:english").find("lang:"), std::string::npos);
  EXPECT_NE(FailMessage("x lang:e").find("lang:"), std::string::npos);
  EXPECT_NE(FailMessage("x lang:en--gb").find("lang:"), std::string::npos);
  EXPECT_NE(FailMessage("x source:").find("source:"), std::string::npos);
  EXPECT_NE(FailMessage("x source:a/b").find("source:"), std::string::npos);
  EXPECT_NE(FailMessage("x source:%").find("source:"), std::string::npos);
  EXPECT_NE(FailMessage("x author:").find("author:"), std::string::npos);
  EXPECT_NE(FailMessage("x author:\"  \"").find("author:"), std::string::npos);
  EXPECT_NE(FailMessage("x author:\"a b c d e f g h i\"").find("at most"), std::string::npos);
  EXPECT_NE(FailMessage("x source:a source:b").find("only once"), std::string::npos);
  EXPECT_NE(FailMessage("source:wire lang:en").find("besides the filters"), std::string::npos);
}

}  // namespace
}  // namespace wiredesk::search
