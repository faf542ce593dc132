// Text clean-up shared by the document writers, which must never fail on bad text. Decoding is
// core/text/utf8.hpp's DecodeUtf8, the one UTF-8 rule.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/text/utf8.hpp"

namespace safegrid::services::documents {

// Text safe to put in an XML document (an .xlsx cell): invalid UTF-8 → U+FFFD; characters XML 1.0
// forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF) dropped; at most `max_code_points` kept.
std::string CleanForXml(std::string_view s, size_t max_code_points);

}  // namespace safegrid::services::documents
