// libFuzzer target: arbitrary bytes through the search tokenizer, in every mode, must never
// crash, and every token must lie inside the input with a non-empty term.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/search_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using wiredesk::core::TokenizeMode;
  static wiredesk::core::SearchTokenizer tokenizer;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (TokenizeMode mode : {TokenizeMode::kDocument, TokenizeMode::kQuery, TokenizeMode::kPrefix,
                            TokenizeMode::kPositions}) {
    size_t last_begin = 0;
    tokenizer.Tokenize(text, mode, [&](const wiredesk::core::SearchToken& token) {
      if (token.term.empty() || token.term.size() > wiredesk::core::kMaxTermBytes + 1 ||
          token.begin >= token.end || token.end > text.size() || token.begin < last_begin) {
        std::abort();
      }
      last_begin = token.begin;
      return true;
    });
  }
  (void)tokenizer.Fold(text);
  return 0;
}
