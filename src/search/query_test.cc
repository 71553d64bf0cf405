#include "search/query.h"

#include <optional>
#include <string>

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
