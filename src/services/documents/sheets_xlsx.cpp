#include "services/documents/sheets_xlsx.hpp"

#include "services/documents/xlsx_workbook.hpp"

namespace safegrid::services {
using documents::CellWriter;

lxw_error AddSheets(lxw_workbook* wb, const std::vector<XlsxSheet>& sheets) {
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_error err = LXW_NO_ERROR;
    for (const XlsxSheet& sheet : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
        if (ws == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
        CellWriter w(ws, err);
        for (size_t c = 0; c < sheet.headers.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            w.Keep(worksheet_set_column(ws, col, col, c == 0 ? 30 : 14, nullptr));
            w.Text(0, col, sheet.headers[c], header);
        }
        for (size_t r = 0; r < sheet.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
                const auto col = static_cast<lxw_col_t>(c);
                if (const double* n = std::get_if<double>(&sheet.rows[r][c])) {
                    w.Number(row, col, *n);
                } else {
                    w.Text(row, col, std::get<std::string>(sheet.rows[r][c]));
                }
            }
        }
        worksheet_freeze_panes(ws, 1, 0);
    }
    return err;
}

Result<std::string> RenderSheetsWorkbook(const std::vector<XlsxSheet>& sheets) {
    return documents::RenderWorkbook("sheets", [&](lxw_workbook* wb) { return AddSheets(wb, sheets); });
}

}  // namespace safegrid::services
