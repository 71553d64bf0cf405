// Character encodings of feed documents: finding the charset a document is written in and
// turning it into UTF-8 before any XML parser sees it.
//
// The charset comes from a byte-order mark, else from the UTF-16 shape of "<?", else from the
// XML declaration's encoding="...", else from the HTTP Content-Type charset when there was
// one, else it is UTF-8 (the XML default) when the bytes are valid UTF-8, else ICU's charset
// detector guesses (windows-1252 when it is unsure). The document's own statement comes before
// the server's because a server's charset is more often a site-wide default than a fact about
// the file. Anything that is not UTF-8 is transcoded with ICU (ucnv). Pure functions;
// thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace wiredesk::formats {

struct DecodedText {
  std::string utf8;      // The document as valid UTF-8, without a byte-order mark.
  std::string encoding;  // The source charset found, lower-case, e.g. "utf-8", "iso-8859-1".
  std::vector<std::string> warnings;  // e.g. invalid UTF-8 bytes that were replaced.
};

// Returns the charset `bytes` declare or show (BOM, UTF-16 shape, XML declaration),
// lower-case ("utf-8" when nothing says otherwise). "utf8" is reported as "utf-8".
std::string SniffEncoding(std::string_view bytes);

// Decodes `bytes` to UTF-8; `http_charset` is the charset of the HTTP Content-Type header, or
// empty. Bytes that are invalid in the source charset become U+FFFD (with a warning when the
// source is UTF-8). A charset that was guessed, or an HTTP charset ICU does not know, adds a
// warning. Fails with kInvalidArgument when ICU knows no converter for the declared charset.
core::Result<DecodedText> DecodeToUtf8(std::string_view bytes, std::string_view http_charset = "");

// DecodeToUtf8 without a copy when none is needed: the result views `bytes` (less a BOM) when
// they are UTF-8 already and valid, else `storage`, which then holds the decoded text. Most
// documents are valid UTF-8, and a parser needs only to read them.
struct DecodedView {
  std::string_view utf8;  // Valid UTF-8, in `bytes` or in the caller's storage.
  std::string encoding;
  std::vector<std::string> warnings;
};
core::Result<DecodedView> DecodeToUtf8View(std::string_view bytes, std::string_view http_charset,
                                           std::string& storage);

// Returns `text` with every invalid UTF-8 sequence replaced by U+FFFD; valid text unchanged.
std::string RepairUtf8(std::string_view text);

}  // namespace wiredesk::formats
