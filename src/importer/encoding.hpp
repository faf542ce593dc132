// Text encodings of uploaded CSV files.
//
// Towns export CSV from Excel or WPS on Chinese Windows, which writes GBK (code page 936) unless
// told "CSV UTF-8"; newer tools write UTF-8, often with a BOM; Excel's "Unicode text" is UTF-16LE
// with a BOM. So: a UTF-16 BOM decides UTF-16; otherwise valid UTF-8 is UTF-8 and anything else is
// read as GB18030, the superset of GBK and GB2312. Conversion uses glibc iconv.
//
// Thread-safety: free functions, no shared state.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/text/utf8.hpp"  // IsValidUtf8: the one UTF-8 rule

namespace safegrid::importer {

enum class Encoding { kUtf8, kUtf8Bom, kUtf16Le, kUtf16Be, kGb18030 };

std::string_view EncodingName(Encoding e);

Encoding DetectEncoding(std::string_view bytes);

// Converts `bytes` from `from` to UTF-8, skipping a leading BOM of that encoding. An invalid or
// truncated sequence is an error naming its byte offset (from the file's start) and line.
Result<std::string> ConvertToUtf8(std::string_view bytes, Encoding from);

// Detects, strips the BOM and converts: the one call the CSV reader needs.
Result<std::string> DecodeText(std::string_view bytes);

}  // namespace safegrid::importer
