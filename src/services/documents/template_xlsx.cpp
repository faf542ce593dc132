#include "services/documents/template_xlsx.hpp"

#include "services/documents/xlsx_workbook.hpp"

namespace safegrid::services {
namespace {

using documents::CellWriter;

lxw_error WriteSheets(lxw_workbook* wb, const TemplateSheet& sheet) {
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    // "@": text cells, so a typed credit code or date keeps its characters.
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format(text, "@");

    lxw_error err = LXW_NO_ERROR;
    lxw_worksheet* data = workbook_add_worksheet(wb, sheet.name.c_str());
    if (data == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    CellWriter w(data, err);
    for (size_t c = 0; c < sheet.headers.size(); ++c) {
        const auto col = static_cast<lxw_col_t>(c);
        w.Keep(worksheet_set_column(data, col, col, 18, text));
        w.Text(0, col, sheet.headers[c], header);
    }
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
        for (size_t c = 0; c < sheet.rows[r].size() && c < sheet.headers.size(); ++c) {
            w.Text(static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c), sheet.rows[r][c], text);
        }
    }
    worksheet_freeze_panes(data, 1, 0);
    if (err != LXW_NO_ERROR || sheet.notes.empty()) return err;

    lxw_worksheet* notes = workbook_add_worksheet(wb, "填写说明");
    if (notes == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    CellWriter n(notes, err);
    n.Keep(worksheet_set_column(notes, 0, 0, 20, nullptr));
    n.Keep(worksheet_set_column(notes, 1, 1, 80, nullptr));
    n.Text(0, 0, "列", header);
    n.Text(0, 1, "填写要求", header);
    for (size_t i = 0; i < sheet.notes.size(); ++i) {
        n.Text(static_cast<lxw_row_t>(i + 1), 0, sheet.notes[i].first);
        n.Text(static_cast<lxw_row_t>(i + 1), 1, sheet.notes[i].second);
    }
    return err;
}

}  // namespace

Result<std::string> RenderTemplateWorkbook(const TemplateSheet& sheet) {
    return documents::RenderWorkbook("template", [&](lxw_workbook* wb) { return WriteSheets(wb, sheet); });
}

}  // namespace safegrid::services
