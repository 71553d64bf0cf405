#include "accounts/gift_code.h"

#include <sodium.h>

#include "accounts/crypto.h"

namespace wiredesk::accounts {
namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr int kBase = 32;

int ValueOf(char c) {
  size_t i = kAlphabet.find(c);
  return i == std::string_view::npos ? -1 : static_cast<int>(i);
}

}  // namespace

char GiftCodeCheckChar(std::string_view payload) {
  // Luhn mod N: double every second value from the right, fold in base N, sum.
  int factor = 2;
  int sum = 0;
  for (size_t i = payload.size(); i-- > 0;) {
    int addend = factor * ValueOf(payload[i]);
    factor = factor == 2 ? 1 : 2;
    sum += addend / kBase + addend % kBase;
  }
  return kAlphabet[static_cast<size_t>((kBase - sum % kBase) % kBase)];
}

std::string GenerateGiftCode() {
  (void)RandomToken(1);  // Initialises libsodium.
  std::string payload;
  for (size_t i = 0; i < kGiftCodeRandomChars; ++i)
    payload += kAlphabet[randombytes_uniform(kBase)];
  std::string code = payload + GiftCodeCheckChar(payload);
  return code.substr(0, 4) + "-" + code.substr(4, 4) + "-" + code.substr(8, 4) + "-" +
         code.substr(12, 4);
}

std::optional<std::string> NormalizeGiftCode(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == '-' || c == ' ')
      continue;
    if (c >= 'a' && c <= 'z')
      c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O')
      c = '0';
    if (c == 'I' || c == 'L')
      c = '1';
    if (ValueOf(c) < 0 || code.size() > kGiftCodeRandomChars)
      return std::nullopt;
    code += c;
  }
  if (code.size() != kGiftCodeRandomChars + 1)
    return std::nullopt;
  if (GiftCodeCheckChar(std::string_view(code).substr(0, kGiftCodeRandomChars)) != code.back())
    return std::nullopt;
  return code;
}

}  // namespace wiredesk::accounts
