#include "formats/encoding.h"

#include <cctype>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include <climits>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utypes.h>

namespace wiredesk::formats {
namespace {

struct Sniffed {
  std::string encoding;  // Lower-case name to report.
  size_t bom_size = 0;   // Bytes of byte-order mark to drop.
  bool stated = true;    // False when neither a BOM, the byte shape nor a declaration said.
};

bool StartsWith(std::string_view bytes, std::string_view prefix) {
  return bytes.substr(0, prefix.size()) == prefix;
}

// Lower-case letters and digits only: how ICU compares converter names ("UTF_8" == "utf8").
std::string CanonicalName(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string LowerCase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Reads encoding="..." from an XML declaration at the start of an ASCII-compatible document.
std::string DeclaredEncoding(std::string_view bytes) {
  size_t start = 0;
  while (start < bytes.size() && std::isspace(static_cast<unsigned char>(bytes[start]))) ++start;
  if (!StartsWith(bytes.substr(start), "<?xml"))
    return "";
  std::string_view decl = bytes.substr(start, 1024);
  size_t end = decl.find("?>");
  if (end == std::string_view::npos)
    return "";
  decl = decl.substr(0, end);
  size_t pos = decl.find("encoding");
  if (pos == std::string_view::npos)
    return "";
  pos += 8;
  while (pos < decl.size() && (decl[pos] == ' ' || decl[pos] == '\t' || decl[pos] == '=' ||
                               decl[pos] == '\r' || decl[pos] == '\n')) {
    ++pos;
  }
  if (pos >= decl.size() || (decl[pos] != '"' && decl[pos] != '\''))
    return "";
  char quote = decl[pos];
  size_t close = decl.find(quote, pos + 1);
  if (close == std::string_view::npos)
    return "";
  std::string name(decl.substr(pos + 1, close - pos - 1));
  // A charset name is short and plain; anything else is not one.
  if (name.empty() || name.size() > 40)
    return "";
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.' &&
        c != ':') {
      return "";
    }
  }
  return name;
}

Sniffed Sniff(std::string_view bytes) {
  if (StartsWith(bytes, "\xEF\xBB\xBF"))
    return {"utf-8", 3};
  if (StartsWith(bytes, std::string_view("\x00\x00\xFE\xFF", 4)))
    return {"utf-32be", 4};
  if (StartsWith(bytes, std::string_view("\xFF\xFE\x00\x00", 4)))
    return {"utf-32le", 4};
  if (StartsWith(bytes, "\xFE\xFF"))
    return {"utf-16be", 2};
  if (StartsWith(bytes, "\xFF\xFE"))
    return {"utf-16le", 2};
  if (StartsWith(bytes, std::string_view("<\0?\0", 4)))
    return {"utf-16le", 0};
  if (StartsWith(bytes, std::string_view("\0<\0?", 4)))
    return {"utf-16be", 0};
  std::string declared = DeclaredEncoding(bytes);
  std::string canonical = CanonicalName(declared);
  if (canonical.empty())
    return {"utf-8", 0, false};
  // A declaration readable as ASCII cannot be in UTF-16 or UTF-32, whatever it says.
  if (canonical == "utf8" || canonical.rfind("utf16", 0) == 0 || canonical.rfind("utf32", 0) == 0 ||
      canonical == "unicode") {
    return {"utf-8", 0};
  }
  return {LowerCase(declared), 0};
}

bool KnownCharset(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &status);
  if (converter != nullptr)
    ucnv_close(converter);
  return U_SUCCESS(status) && converter != nullptr;
}

struct DetectorCloser {
  void operator()(UCharsetDetector* detector) const { ucsdet_close(detector); }
};

// ICU's statistical guess at the charset of bytes that are not UTF-8, lower-case; windows-1252
// (the commonest mislabelled charset of the web) when ICU is not at least fairly sure.
std::string DetectCharset(std::string_view bytes) {
  constexpr int32_t kMinConfidence = 30;  // ICU's scale is 0..100.
  constexpr size_t kDetectBytes = 64 * 1024;
  std::string_view sample = bytes.substr(0, kDetectBytes);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, DetectorCloser> detector(ucsdet_open(&status));
  if (U_FAILURE(status) || !detector)
    return "windows-1252";
  // Markup would outvote the text: ICU is told to look past tags.
  ucsdet_enableInputFilter(detector.get(), true);
  ucsdet_setText(detector.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  const UCharsetMatch* match = ucsdet_detect(detector.get(), &status);
  if (U_FAILURE(status) || match == nullptr)
    return "windows-1252";
  int32_t confidence = ucsdet_getConfidence(match, &status);
  const char* name = ucsdet_getName(match, &status);
  if (U_FAILURE(status) || name == nullptr || confidence < kMinConfidence)
    return "windows-1252";
  std::string detected = LowerCase(name);
  // The bytes are not UTF-8 (that is why we guess), whatever a weak match says.
  if (CanonicalName(detected) == "utf8")
    return "windows-1252";
  return detected;
}

// The ICU converter to use for a reported charset. Documents labelled Latin-1 or ASCII are
// read as windows-1252, its superset, as browsers do: such labels are routinely wrong about
// the curly quotes and dashes that only windows-1252 has.
std::string ConverterName(const std::string& encoding) {
  std::string canonical = CanonicalName(encoding);
  if (canonical == "iso88591" || canonical == "latin1" || canonical == "l1" ||
      canonical == "usascii" || canonical == "ascii" || canonical == "cp819" ||
      canonical == "iso885911987") {
    return "windows-1252";
  }
  return encoding;
}

struct ConverterCloser {
  void operator()(UConverter* converter) const { ucnv_close(converter); }
};

// ICU's default callback turns bytes that are invalid in the source charset into U+FFFD.
core::Result<std::string> Transcode(std::string_view bytes, const std::string& encoding) {
  if (bytes.size() > static_cast<size_t>(INT32_MAX / 4)) {
    return core::MakeError(core::ErrorCode::kResourceExhausted, "document too large to transcode");
  }
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, ConverterCloser> converter(
      ucnv_open(ConverterName(encoding).c_str(), &status));
  if (U_FAILURE(status) || !converter) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "unsupported character encoding '" + encoding + "'");
  }
  const auto length = static_cast<int32_t>(bytes.size());
  // Every source byte yields at most two UTF-16 units (a surrogate pair); one extra for NUL.
  std::u16string utf16(static_cast<size_t>(length) * 2 + 1, u'\0');
  int32_t utf16_length =
      ucnv_toUChars(converter.get(), utf16.data(), static_cast<int32_t>(utf16.size()), bytes.data(),
                    length, &status);
  if (U_FAILURE(status)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           std::string("cannot decode ") + encoding + ": " + u_errorName(status));
  }
  utf16.resize(static_cast<size_t>(utf16_length));
  std::string utf8(utf16.size() * 3 + 1, '\0');
  int32_t utf8_length = 0;
  int32_t substitutions = 0;
  u_strToUTF8WithSub(utf8.data(), static_cast<int32_t>(utf8.size()), &utf8_length, utf16.data(),
                     static_cast<int32_t>(utf16.size()), 0xFFFD, &substitutions, &status);
  if (U_FAILURE(status)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           std::string("cannot decode ") + encoding + ": " + u_errorName(status));
  }
  utf8.resize(static_cast<size_t>(utf8_length));
  return utf8;
}

// Length of the valid UTF-8 sequence at `pos`, or 0 when the bytes there are not one
// (overlong forms, surrogates and values past U+10FFFF included).
size_t ValidSequenceLength(std::string_view text, size_t pos) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  unsigned char c = byte(pos);
  if (c < 0x80)
    return 1;
  size_t extra;
  uint32_t cp;
  uint32_t min;
  if ((c & 0xE0) == 0xC0) {
    extra = 1, cp = c & 0x1F, min = 0x80;
  } else if ((c & 0xF0) == 0xE0) {
    extra = 2, cp = c & 0x0F, min = 0x800;
  } else if ((c & 0xF8) == 0xF0) {
    extra = 3, cp = c & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (pos + extra >= text.size())
    return 0;
  for (size_t i = 1; i <= extra; ++i) {
    if ((byte(pos + i) & 0xC0) != 0x80)
      return 0;
    cp = (cp << 6) | (byte(pos + i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return extra + 1;
}

// Offset of the first byte that does not start a valid UTF-8 sequence, or npos. ASCII, most of
// any feed, is skipped 32 bytes at a time.
size_t InvalidUtf8At(std::string_view text) {
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  size_t pos = 0;
  while (pos < text.size()) {
    if (pos + 32 <= text.size()) {
      uint64_t words[4];
      std::memcpy(words, text.data() + pos, sizeof words);
      if (((words[0] | words[1] | words[2] | words[3]) & kHighBits) == 0) {
        pos += 32;
        continue;
      }
    }
    if (pos + 8 <= text.size()) {
      uint64_t word;
      std::memcpy(&word, text.data() + pos, sizeof word);
      if ((word & kHighBits) == 0) {
        pos += 8;
        continue;
      }
    }
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t length = ValidSequenceLength(text, pos);
    if (length == 0)
      return pos;
    pos += length;
  }
  return std::string_view::npos;
}

}  // namespace

std::string SniffEncoding(std::string_view bytes) { return Sniff(bytes).encoding; }

std::string RepairUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  size_t run = 0;  // Start of the valid bytes not yet copied: copied in one piece.
  while (pos < text.size()) {
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    size_t length = ValidSequenceLength(text, pos);
    if (length == 0) {
      out.append(text.substr(run, pos - run));
      out += "\xEF\xBF\xBD";
      run = ++pos;
    } else {
      pos += length;
    }
  }
  out.append(text.substr(run));
  return out;
}

core::Result<DecodedView> DecodeToUtf8View(std::string_view bytes, std::string_view http_charset,
                                           std::string& storage) {
  Sniffed sniffed = Sniff(bytes);
  bytes.remove_prefix(sniffed.bom_size);
  DecodedView decoded;
  // Known only when the bytes had to be checked: most documents say what they are.
  std::optional<bool> valid_utf8;
  if (!sniffed.stated) {
    std::string hint = LowerCase(http_charset);
    while (!hint.empty() && (hint.back() == ' ' || hint.back() == '"')) hint.pop_back();
    while (!hint.empty() && (hint.front() == ' ' || hint.front() == '"')) hint.erase(0, 1);
    if (!hint.empty() && KnownCharset(ConverterName(hint))) {
      sniffed.encoding = CanonicalName(hint) == "utf8" ? "utf-8" : hint;
    } else {
      if (!hint.empty()) {
        decoded.warnings.push_back("unknown HTTP charset '" + hint.substr(0, 40) + "' ignored");
      }
      valid_utf8 = InvalidUtf8At(bytes) == std::string_view::npos;
      if (!*valid_utf8) {
        sniffed.encoding = DetectCharset(bytes);
        decoded.warnings.push_back("no charset declared and the bytes are not UTF-8; read as " +
                                   sniffed.encoding);
      }
    }
  }
  decoded.encoding = sniffed.encoding;
  if (sniffed.encoding == "utf-8") {
    // Not value_or: its argument would validate the bytes a second time.
    if (valid_utf8 ? *valid_utf8 : InvalidUtf8At(bytes) == std::string_view::npos) {
      decoded.utf8 = bytes;
      return decoded;
    }
    storage = RepairUtf8(bytes);
    decoded.warnings.push_back("invalid UTF-8 bytes replaced with U+FFFD");
    decoded.utf8 = storage;
    return decoded;
  }
  WD_ASSIGN_OR_RETURN(storage, Transcode(bytes, sniffed.encoding));
  decoded.utf8 = storage;
  return decoded;
}

core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view http_charset) {
  std::string storage;
  WD_ASSIGN_OR_RETURN(DecodedView view, DecodeToUtf8View(bytes, http_charset, storage));
  DecodedText decoded;
  decoded.utf8 = view.utf8.data() == storage.data() ? std::move(storage) : std::string(view.utf8);
  decoded.encoding = std::move(view.encoding);
  decoded.warnings = std::move(view.warnings);
  return decoded;
}

}  // namespace wiredesk::formats
