#include "core/text.h"

#include <array>
#include <memory>

#include <openssl/evp.h>

namespace wiredesk::core {

std::string Sha256Hex(std::string_view bytes) {
  // EVP_sha256() makes OpenSSL 3 look the algorithm up in its provider on every digest (a third
  // of the cost of hashing a story); fetched once, it is looked up once. Kept for the process.
  static const EVP_MD* const kSha256 = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA2-256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  // One context a thread, reset for each digest: EVP_Digest would allocate and free one.
  struct ContextFree {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
  };
  thread_local const std::unique_ptr<EVP_MD_CTX, ContextFree> context(EVP_MD_CTX_new());
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (!context || !EVP_DigestInit_ex(context.get(), kSha256, nullptr) ||
      !EVP_DigestUpdate(context.get(), bytes.data(), bytes.size()) ||
      !EVP_DigestFinal_ex(context.get(), digest.data(), &length)) {
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, kSha256, nullptr);
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  auto is_space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  };
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && is_space(text[pos])) ++pos;
    size_t word = pos;
    while (pos < text.size() && !is_space(text[pos])) ++pos;
    if (pos == word)
      break;
    // Words go in whole, one space between them.
    if (!out.empty())
      out += ' ';
    out.append(text.data() + word, pos - word);
  }
  return out;
}

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    size_t extra;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      extra = 1;
      cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      extra = 2;
      cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + extra >= text.size())
      return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xc0) != 0x80)
        return false;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if ((extra == 1 && cp < 0x80) || (extra == 2 && cp < 0x800) || (extra == 3 && cp < 0x10000) ||
        cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

std::optional<std::string> LanguageTag(std::string_view tag) {
  std::string lower(tag);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  std::string_view rest = lower;
  size_t dash = rest.find('-');
  const std::string_view primary = rest.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3)
    return std::nullopt;
  for (char c : primary) {
    if (c < 'a' || c > 'z')
      return std::nullopt;
  }
  while (dash != std::string_view::npos) {
    rest.remove_prefix(dash + 1);
    dash = rest.find('-');
    const std::string_view sub = rest.substr(0, dash);
    if (sub.empty() || sub.size() > 8)
      return std::nullopt;
    for (char c : sub) {
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
        return std::nullopt;
    }
  }
  return lower;
}

}  // namespace wiredesk::core
