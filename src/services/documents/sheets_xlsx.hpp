// A plain report workbook: several sheets, each a bold frozen header row and rows of cells, a cell
// written as a number when it is one (so the figures sum in Excel) and as text otherwise. Used by
// the campaign export (GET /api/v1/campaigns/{id}/export.xlsx) and the monthly report's workbook,
// which adds a chart (AddSheets into its own workbook).
//
// Thread-safety: RenderSheetsWorkbook is reentrant (its own temp file per call).
#pragma once

#include <xlsxwriter.h>

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/error.hpp"

namespace safegrid::services {

using XlsxCell = std::variant<std::string, double>;

struct XlsxSheet {
    std::string name;  // at most 31 characters, none of []:*?/\ (the caller's names are fixed Chinese words)
    std::vector<std::string> headers;
    std::vector<std::vector<XlsxCell>> rows;
};

// The .xlsx bytes; libxlsxwriter or file errors → kInternal "xlsx_failed".
Result<std::string> RenderSheetsWorkbook(const std::vector<XlsxSheet>& sheets);

// Adds the sheets to an open workbook (documents::RenderWorkbook's fill); the first error.
lxw_error AddSheets(lxw_workbook* wb, const std::vector<XlsxSheet>& sheets);

}  // namespace safegrid::services
