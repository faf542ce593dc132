// Excel .xlsx (Office Open XML) workbooks, unpacked in memory (importer/zip_archive.hpp) and
// read with expat (importer/xml_reader.hpp).
//
//   - sheet: the one named by `sheet` (exact name, else ignoring case and surrounding spaces),
//     otherwise the first visible worksheet; chart sheets are not tables;
//   - cells are placed by their reference (A1, AA12), so empty cells keep the columns in place;
//   - cell types: shared string, inline string, formula string (the cached result), number,
//     boolean (TRUE/FALSE), error (#N/A...), ISO date; formulas are not evaluated;
//   - numbers and dates are formatted as importer/xlsx_format.hpp describes; a cell's style
//     decides whether a number is a date (built-in date formats or a custom code with y/m/d);
//   - a vertically merged cell's value is copied down its first column, so rows grouped under a
//     merged "village" cell each carry the village (horizontal merges are left alone);
//   - Table rules and limits: importer/table.hpp; archive limits: importer/zip_archive.hpp.
//
// Thread-safety: free function, no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "importer/table.hpp"

namespace safegrid::importer {

Result<Table> ReadXlsx(std::string_view bytes, std::optional<std::string> sheet = {});

// "AA12" → {col 26 (0-based), row 12}; nullopt unless within A1:XFD1048576.
struct CellRef {
    int col = 0;
    int row = 0;
};
std::optional<CellRef> ParseCellRef(std::string_view ref);

}  // namespace safegrid::importer
