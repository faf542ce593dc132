#include "services/documents/hazard_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/checklist/checklist.hpp"
#include "core/hazard/deadline.hpp"
#include "services/documents/utf8.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

// Excel's cell limit is 32,767 characters counted in UTF-16; capping code points at 16,383
// keeps even an all-astral-plane text under it.
constexpr size_t kMaxCellCodePoints = 16383;

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

tl::unexpected<Error> XlsxFailed(std::string internal) {
    return Fail(Error{
        Code::kInternal, "xlsx_failed", {"生成Excel失败", "Could not create the workbook"}, {}, std::move(internal)});
}

// Removes the temp file on every path out.
struct TempFile {
    std::string path;
    ~TempFile() {
        if (path.empty()) return;
        std::error_code ec;
        fs::remove(path, ec);
    }
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

// Writes one cell and remembers the first error (libxlsxwriter reports per call).
class RowWriter {
  public:
    RowWriter(lxw_worksheet* ws, lxw_error& first_error, const TimeZone& zone)
        : ws_(ws), err_(first_error), zone_(zone) {}

    void Text(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
        const std::string clean = documents::CleanForXml(s, kMaxCellCodePoints);
        Keep(clean.empty() ? worksheet_write_blank(ws_, r, c, f) : worksheet_write_string(ws_, r, c, clean.c_str(), f));
    }
    void Number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f) { Keep(worksheet_write_number(ws_, r, c, v, f)); }
    void Date(lxw_row_t r, lxw_col_t c, std::optional<UnixSeconds> t, lxw_format* f) {
        if (!t) {
            Keep(worksheet_write_blank(ws_, r, c, f));
            return;
        }
        lxw_datetime dt = ExcelDate(*t, zone_);
        // Excel cannot show dates before 1900; such a value is a data bug, shown as text rather than lost.
        if (dt.year < 1900 || dt.year > 9999) {
            Text(r, c, FormatLocalIsoDate(*t, zone_), f);
            return;
        }
        Keep(worksheet_write_datetime(ws_, r, c, &dt, f));
    }

  private:
    void Keep(lxw_error e) {
        if (e != LXW_NO_ERROR && err_ == LXW_NO_ERROR) err_ = e;
    }
    lxw_worksheet* ws_;
    lxw_error& err_;
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

Result<std::string> ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return XlsxFailed("cannot reopen " + path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return XlsxFailed("read error on " + path);
    return bytes;
}

}  // namespace

Result<std::string> RenderHazardWorkbook(const std::vector<HazardRow>& rows, const TimeZone& zone) {
    if (rows.size() > static_cast<size_t>(kMaxWorkbookRows)) {
        return TooLarge({"导出行数超过 Excel 上限（1048575 行），请缩小筛选范围",
                         "More rows than Excel can hold (1,048,575); narrow the filter"});
    }
    // libxlsxwriter 1.1.4 (Debian 12) cannot write to memory: write a private temp file, read it
    // back, delete it. Its own scratch files go to the same directory.
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / "safegrid-hazards-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return XlsxFailed("mkstemps in " + dir + " failed");
    close(fd);
    file.path = pattern;

    lxw_workbook_options options{};
    options.tmpdir = dir.data();
    lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) return XlsxFailed("workbook_new_opt failed for " + file.path);
    lxw_worksheet* ws = workbook_add_worksheet(wb, "隐患台账");
    lxw_error err = LXW_NO_ERROR;
    if (ws == nullptr) {
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    } else {
        WriteSheet(wb, ws, rows, zone, err);
    }
    const lxw_error closed = workbook_close(wb);  // writes the file and frees the workbook
    if (err != LXW_NO_ERROR) return XlsxFailed(std::string("writing cells: ") + lxw_strerror(err));
    if (closed != LXW_NO_ERROR) return XlsxFailed(std::string("workbook_close: ") + lxw_strerror(closed));
    return ReadAll(file.path);
}

}  // namespace safegrid::services
