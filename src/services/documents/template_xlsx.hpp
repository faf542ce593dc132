// A fill-in workbook for the importers (GET /api/v1/import/{kind}/template.xlsx): one sheet with a
// bold, frozen header row and example rows as text cells, so that what a clerk types keeps its form
// (credit codes and dates are not turned into numbers), and a second sheet of notes.
//
// Thread-safety: RenderTemplateWorkbook is reentrant (its own temp file per call).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace safegrid::services {

struct TemplateSheet {
    std::string name;                            // the data sheet's name (the importer reads the first sheet)
    std::vector<std::string> headers;            // row 1
    std::vector<std::vector<std::string>> rows;  // rows 2.., each at most headers.size() cells
    std::vector<std::pair<std::string, std::string>> notes;  // (header, what to write) on the sheet "填写说明"
};

// The .xlsx bytes; libxlsxwriter or file errors → kInternal "xlsx_failed".
Result<std::string> RenderTemplateWorkbook(const TemplateSheet& sheet);

}  // namespace safegrid::services
