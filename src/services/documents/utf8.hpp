// UTF-8 decoding shared by the document writers, which must never fail on bad text.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace safegrid::services::documents {

// Decodes the code point at s[i] and sets `len` to its length in bytes. Invalid sequences
// (stray continuation bytes, truncated or overlong forms, surrogates, > U+10FFFF) → nullopt with
// len = 1, so the caller can replace one byte and resynchronise.
std::optional<char32_t> DecodeUtf8(std::string_view s, size_t i, size_t& len);

// Text safe to put in an XML document (an .xlsx cell): invalid UTF-8 → U+FFFD; characters XML 1.0
// forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF) dropped; at most `max_code_points` kept.
std::string CleanForXml(std::string_view s, size_t max_code_points);

}  // namespace safegrid::services::documents
