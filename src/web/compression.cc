#include "web/compression.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>

#include <brotli/decode.h>
#include <brotli/encode.h>
#include <zlib.h>

namespace wiredesk::web {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// The q-value of one Accept-Encoding element's parameters ("q=0.5"); 1 when absent, 0 when
// malformed (a client that sends garbage does not get a compressed body it cannot read).
double ParseQ(std::string_view params) {
  while (!params.empty()) {
    size_t semi = params.find(';');
    std::string_view param = Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (param.size() >= 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
      std::string value(Trim(param.substr(2)));
      if (value.empty() || value.size() > 5)
        return 0;
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      if (end != value.c_str() + value.size() || q < 0 || q > 1)
        return 0;
      return q;
    }
  }
  return 1;
}

}  // namespace

std::string_view ContentEncodingName(ContentEncoding encoding) {
  switch (encoding) {
    case ContentEncoding::kGzip:
      return "gzip";
    case ContentEncoding::kBrotli:
      return "br";
    case ContentEncoding::kIdentity:
      return "identity";
  }
  return "identity";
}

ContentEncoding ChooseEncoding(std::string_view accept_encoding, bool gzip_available,
                               bool brotli_available) {
  // -1: not mentioned.
  double gzip_q = -1, br_q = -1, star_q = -1;
  std::string_view rest = accept_encoding;
  while (!rest.empty()) {
    size_t comma = rest.find(',');
    std::string_view element = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    size_t semi = element.find(';');
    std::string_view coding = Trim(element.substr(0, semi));
    double q = semi == std::string_view::npos ? 1.0 : ParseQ(element.substr(semi + 1));
    if (EqualsIgnoreCase(coding, "gzip") || EqualsIgnoreCase(coding, "x-gzip")) {
      gzip_q = std::max(gzip_q, q);
    } else if (EqualsIgnoreCase(coding, "br")) {
      br_q = std::max(br_q, q);
    } else if (coding == "*") {
      star_q = std::max(star_q, q);
    }
  }
  if (gzip_q < 0)
    gzip_q = star_q;
  if (br_q < 0)
    br_q = star_q;
  bool br_ok = brotli_available && br_q > 0;
  bool gzip_ok = gzip_available && gzip_q > 0;
  // Brotli wins ties: it is smaller for text at comparable decode cost.
  if (br_ok && (!gzip_ok || br_q >= gzip_q))
    return ContentEncoding::kBrotli;
  if (gzip_ok)
    return ContentEncoding::kGzip;
  return ContentEncoding::kIdentity;
}

bool IsCompressibleType(std::string_view content_type) {
  std::string type(Trim(content_type.substr(0, content_type.find(';'))));
  std::transform(type.begin(), type.end(), type.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (type.rfind("text/", 0) == 0)
    return true;
  return type == "application/json" || type == "application/javascript" ||
         type == "application/xml" || type == "application/rss+xml" ||
         type == "application/atom+xml" || type == "application/manifest+json" ||
         type == "image/svg+xml" || type.ends_with("+json") || type.ends_with("+xml");
}

std::optional<std::string> GzipCompress(std::string_view data, int level) {
  z_stream stream{};
  // windowBits 15 + 16 asks zlib for a gzip header and trailer instead of a zlib one.
  if (deflateInit2(&stream, std::clamp(level, 1, 9), Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    return std::nullopt;
  }
  std::string out;
  out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&stream, Z_FINISH);
  size_t written = stream.total_out;
  deflateEnd(&stream);
  // deflateBound() sized the output for the whole input, so one Z_FINISH call completes.
  if (rc != Z_STREAM_END)
    return std::nullopt;
  out.resize(written);
  return out;
}

std::optional<std::string> GzipDecompress(std::string_view data, size_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK)
    return std::nullopt;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[16384];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    rc = inflate(&stream, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END)
      break;
    size_t produced = sizeof(chunk) - stream.avail_out;
    if (out.size() + produced > max_bytes) {
      rc = Z_MEM_ERROR;
      break;
    }
    out.append(chunk, produced);
    if (rc == Z_OK && produced == 0 && stream.avail_in == 0) {
      rc = Z_DATA_ERROR;  // Truncated input: no progress possible.
      break;
    }
  }
  inflateEnd(&stream);
  if (rc != Z_STREAM_END)
    return std::nullopt;
  return out;
}

std::optional<std::string> BrotliCompress(std::string_view data, int quality) {
  size_t size = BrotliEncoderMaxCompressedSize(data.size());
  if (size == 0)
    size = data.size() + 1024;  // 0 means "too large to bound"; be generous.
  std::string out(size, '\0');
  if (!BrotliEncoderCompress(std::clamp(quality, 0, 11), BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
                             data.size(), reinterpret_cast<const uint8_t*>(data.data()), &size,
                             reinterpret_cast<uint8_t*>(out.data()))) {
    return std::nullopt;
  }
  out.resize(size);
  return out;
}

std::optional<std::string> BrotliDecompress(std::string_view data, size_t max_bytes) {
  BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
  if (state == nullptr)
    return std::nullopt;
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  size_t avail_in = data.size();
  std::string out;
  uint8_t chunk[16384];
  BrotliDecoderResult result = BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT;
  bool ok = false;
  while (true) {
    uint8_t* next_out = chunk;
    size_t avail_out = sizeof(chunk);
    result =
        BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    size_t produced = sizeof(chunk) - avail_out;
    if (out.size() + produced > max_bytes)
      break;
    out.append(reinterpret_cast<const char*>(chunk), produced);
    if (result == BROTLI_DECODER_RESULT_SUCCESS) {
      ok = avail_in == 0;
      break;
    }
    if (result != BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
      break;  // Error or truncated.
  }
  BrotliDecoderDestroyInstance(state);
  if (!ok)
    return std::nullopt;
  return out;
}

}  // namespace wiredesk::web
