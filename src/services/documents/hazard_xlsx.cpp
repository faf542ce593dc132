#include "services/documents/hazard_xlsx.hpp"

#include "core/checklist/checklist.hpp"
#include "core/hazard/deadline.hpp"
#include "services/documents/xlsx_workbook.hpp"

namespace safegrid::services {
namespace {

enum Column : lxw_col_t {
    kId,
    kEnterprise,
    kCreditCode,
    kRegion,
    kDescription,
    kCategory,
    kSeverity,
    kStatus,
    kFound,
    kDue,
    kOverdue,
    kClosed,
    kColumnCount
};

struct ColumnSpec {
    const char* header;
    double width;
};
constexpr ColumnSpec kColumns[kColumnCount] = {
    {"编号", 8},  {"企业", 28}, {"统一社会信用代码", 22}, {"村/网格", 18},  {"隐患描述", 50}, {"类别", 12},
    {"等级", 10}, {"状态", 9},  {"发现日期", 12},         {"整改期限", 12}, {"是否逾期", 9},  {"销号日期", 12},
};

// Each cell style in two variants: normal and overdue (light red fill, dark red text, the colours
// Excel itself uses for "bad" cells).
struct Formats {
    lxw_format* header = nullptr;
    lxw_format* text[2] = {};
    lxw_format* wrap[2] = {};
    lxw_format* date[2] = {};
    lxw_format* number[2] = {};
};

lxw_format* NewCellFormat(lxw_workbook* wb, bool overdue) {
    lxw_format* f = workbook_add_format(wb);
    format_set_border(f, LXW_BORDER_THIN);
    format_set_border_color(f, 0xBFBFBF);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    if (overdue) {
        format_set_bg_color(f, 0xFFC7CE);
        format_set_font_color(f, 0x9C0006);
    }
    return f;
}

Formats MakeFormats(lxw_workbook* wb) {
    Formats f;
    f.header = workbook_add_format(wb);
    format_set_bold(f.header);
    format_set_bg_color(f.header, 0xD9E1F2);
    format_set_border(f.header, LXW_BORDER_THIN);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
    for (int o = 0; o < 2; ++o) {
        f.text[o] = NewCellFormat(wb, o == 1);
        f.wrap[o] = NewCellFormat(wb, o == 1);
        format_set_text_wrap(f.wrap[o]);
        f.date[o] = NewCellFormat(wb, o == 1);
        format_set_num_format(f.date[o], "yyyy-mm-dd");
        f.number[o] = NewCellFormat(wb, o == 1);
    }
    return f;
}

std::string CategoryText(const std::string& code) {
    if (auto c = checklist::ParseCategory(code)) return std::string(checklist::CategoryLabelZh(*c));
    return code;
}

lxw_datetime ExcelDate(UnixSeconds t, const TimeZone& zone) {
    const CivilDate d = LocalDate(t, zone.utc_offset_seconds);
    return lxw_datetime{d.year, d.month, d.day, 0, 0, 0};
}

// The hazard sheet's cells: the shared writer plus dates in the town's calendar.
class RowWriter : public documents::CellWriter {
  public:
    RowWriter(lxw_worksheet* ws, lxw_error& first_error, const TimeZone& zone)
        : CellWriter(ws, first_error), zone_(zone) {}

    void Date(lxw_row_t r, lxw_col_t c, std::optional<UnixSeconds> t, lxw_format* f) {
        if (!t) {
            Blank(r, c, f);
            return;
        }
        lxw_datetime dt = ExcelDate(*t, zone_);
        // Excel cannot show dates before 1900; such a value is a data bug, shown as text rather than lost.
        if (dt.year < 1900 || dt.year > 9999) {
            Text(r, c, FormatLocalIsoDate(*t, zone_), f);
            return;
        }
        Keep(worksheet_write_datetime(sheet(), r, c, &dt, f));
    }

  private:
    const TimeZone& zone_;
};

void WriteSheet(lxw_workbook* wb, lxw_worksheet* ws, const std::vector<HazardRow>& rows, const TimeZone& zone,
                lxw_error& err) {
    const Formats f = MakeFormats(wb);
    RowWriter w(ws, err, zone);
    for (lxw_col_t c = 0; c < kColumnCount; ++c) {
        worksheet_set_column(ws, c, c, kColumns[c].width, nullptr);
        w.Text(0, c, kColumns[c].header, f.header);
    }
    worksheet_set_row(ws, 0, 20, nullptr);
    for (size_t i = 0; i < rows.size(); ++i) {
        const HazardRow& h = rows[i];
        const auto r = static_cast<lxw_row_t>(i + 1);
        const int o = h.overdue ? 1 : 0;
        w.Number(r, kId, static_cast<double>(h.id), f.number[o]);
        w.Text(r, kEnterprise, h.enterprise_name.empty() ? std::string("（未指派）") : h.enterprise_name, f.wrap[o]);
        w.Text(r, kCreditCode, h.credit_code, f.text[o]);
        w.Text(r, kRegion, h.region, f.wrap[o]);
        w.Text(r, kDescription, h.description, f.wrap[o]);
        w.Text(r, kCategory, CategoryText(h.category), f.text[o]);
        w.Text(r, kSeverity, std::string(SeverityLabelZh(h.severity)), f.text[o]);
        w.Text(r, kStatus, std::string(HazardStatusLabelZh(h.status)), f.text[o]);
        w.Date(r, kFound, h.found_at, f.date[o]);
        w.Date(r, kDue, h.due_at, f.date[o]);
        w.Text(r, kOverdue, h.overdue ? "是" : "否", f.text[o]);
        w.Date(r, kClosed, h.closed_at, f.date[o]);
    }
    worksheet_freeze_panes(ws, 1, 2);  // header row and the 编号/企业 columns stay in view
    worksheet_autofilter(ws, 0, 0, static_cast<lxw_row_t>(rows.size()), kColumnCount - 1);
}

}  // namespace

Result<std::string> RenderHazardWorkbook(const std::vector<HazardRow>& rows, const TimeZone& zone) {
    if (rows.size() > static_cast<size_t>(kMaxWorkbookRows)) {
        return TooLarge({"导出行数超过 Excel 上限（1048575 行），请缩小筛选范围",
                         "More rows than Excel can hold (1,048,575); narrow the filter"});
    }
    return documents::RenderWorkbook("hazards", [&](lxw_workbook* wb) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, "隐患台账");
        if (ws == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
        lxw_error err = LXW_NO_ERROR;
        WriteSheet(wb, ws, rows, zone, err);
        return err;
    });
}

}  // namespace safegrid::services
