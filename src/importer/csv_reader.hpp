// CSV (RFC 4180, read leniently the way Excel and Python's csv module read real files).
//
//   - encoding: UTF-8 (BOM or not), UTF-16 with BOM, else GB18030/GBK (importer/encoding.hpp);
//   - separator: `,` `;` or TAB, whichever occurs most (outside quotes) in the first record that
//     holds any of them (ties prefer `,` then `;`); Excel's "sep=;" first line is honoured;
//   - quotes: "a ""b""" is `a "b"`; separators and line breaks inside quotes are data; text after
//     a closing quote is appended (`"a"b` → `ab`) and a quote inside an unquoted cell is literal;
//   - line ends: CRLF, LF or CR, a final one optional; line breaks inside cells become "\n";
//   - a row number is the record's position (1-based), i.e. the row Excel shows for that record;
//   - cells beyond kMaxColumns are ignored while empty (Excel writes trailing separators).
//
// Thread-safety: free functions, no shared state.
#pragma once

#include <string_view>

#include "core/error.hpp"
#include "importer/table.hpp"

namespace safegrid::importer {

// `bytes` is the file as uploaded, in any of the encodings above.
Result<Table> ReadCsv(std::string_view bytes);

// The separator the reader would use for UTF-8 `text`.
char DetectSeparator(std::string_view text);

}  // namespace safegrid::importer
