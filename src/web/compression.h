// Content-Encoding support: gzip (zlib) and brotli compressors, the matching decompressors (for
// tests and clients), and Accept-Encoding negotiation.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace wiredesk::web {

enum class ContentEncoding { kIdentity, kGzip, kBrotli };

// "gzip", "br" or "identity".
std::string_view ContentEncodingName(ContentEncoding encoding);

// The encoding to send for an Accept-Encoding header value, among those on offer: brotli
// before gzip when both are acceptable (smaller for text), identity when neither is, or when
// the header is absent. Honours q-values ("gzip;q=0" refuses gzip) and "*".
ContentEncoding ChooseEncoding(std::string_view accept_encoding, bool gzip_available,
                               bool brotli_available);

// True for content types worth compressing: text/*, JSON, JavaScript, XML, SVG.
bool IsCompressibleType(std::string_view content_type);

// gzip at the given zlib level (1..9); nullopt only if zlib fails (out of memory).
std::optional<std::string> GzipCompress(std::string_view data, int level = 6);
// Inflates a gzip stream; nullopt on corrupt input or when the output would exceed max_bytes.
std::optional<std::string> GzipDecompress(std::string_view data, size_t max_bytes = 64 << 20);

// brotli at the given quality (0..11), text mode; nullopt if the encoder fails.
std::optional<std::string> BrotliCompress(std::string_view data, int quality = 5);
// Decodes a brotli stream; nullopt on corrupt input or when the output would exceed max_bytes.
std::optional<std::string> BrotliDecompress(std::string_view data, size_t max_bytes = 64 << 20);

}  // namespace wiredesk::web
