// What every spreadsheet reader produces: a header row and data rows of UTF-8 strings.
//
// The importer knows nothing about enterprises or hazards; a service maps columns to fields later
// (importer/mapping.hpp). Shared rules, applied by TableBuilder for CSV and .xlsx alike:
//   - cells are UTF-8, trimmed of surrounding whitespace (ASCII, U+00A0, U+3000) and U+FEFF;
//   - fully blank rows are skipped, but row numbers keep counting so errors match what Excel shows;
//   - the header is the first non-blank row, except that a lone title in column A followed by a
//     row with several cells ("某某镇企业台账" above the real header, common in government sheets)
//     is skipped;
//   - trailing empty header cells are dropped; the header's width is the table's width;
//   - a shorter data row is padded with ""; a longer one is an error if the extra cells hold
//     anything (data under no header would otherwise be lost silently).
//
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace safegrid::importer {

struct Table {
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;  // each exactly headers.size() cells
    std::vector<int> source_rows;                // 1-based row in the file for rows[i]; the file's row 1 is
                                                 // usually the header
};

// Limits. They bound memory and time for any input, hostile or not; each breach is a clear error.
inline constexpr std::size_t kMaxInputBytes = 50u << 20;  // the file as uploaded
inline constexpr int kMaxRows = 200'000;                  // data rows, blank rows not counted
inline constexpr int kMaxColumns = 200;
inline constexpr std::size_t kMaxCellBytes = 32u << 10;  // one cell, UTF-8
// rows x columns. 200k x 200 would be 40M strings (over 1 GiB of string objects alone); a real town
// sheet is a few thousand rows of a few dozen columns.
inline constexpr std::size_t kMaxCells = 5'000'000;

}  // namespace safegrid::importer
