#include "services/documents/monthly_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <variant>
#include <vector>

#include "core/report/monthly.hpp"
#include "services/documents/utf8.hpp"

namespace safegrid::services::documents {
namespace {

namespace fs = std::filesystem;

using Cell = std::variant<std::string, double>;
using Table = std::vector<std::vector<Cell>>;

tl::unexpected<Error> XlsxFailed(std::string internal) {
    return Fail(Error{
        Code::kInternal, "xlsx_failed", {"生成Excel失败", "Could not create the workbook"}, {}, std::move(internal)});
}

struct TempFile {
    std::string path;
    ~TempFile() {
        if (path.empty()) return;
        std::error_code ec;
        fs::remove(path, ec);
    }
};

double D(int64_t v) { return static_cast<double>(v); }

// One sheet: a bold header row, then the rows; the first column wide enough for names.
void WriteSheet(lxw_workbook* wb, lxw_format* header, const char* name, const std::vector<std::string>& head,
                const Table& rows, lxw_error& err) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, name);
    if (ws == nullptr) {
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
        return;
    }
    auto keep = [&](lxw_error e) {
        if (e != LXW_NO_ERROR && err == LXW_NO_ERROR) err = e;
    };
    for (size_t c = 0; c < head.size(); ++c) {
        keep(worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c].c_str(), header));
    }
    for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t c = 0; c < rows[r].size(); ++c) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            const auto col = static_cast<lxw_col_t>(c);
            if (const auto* s = std::get_if<std::string>(&rows[r][c])) {
                const std::string clean = CleanForXml(*s, 16383);
                keep(clean.empty() ? worksheet_write_blank(ws, row, col, nullptr)
                                   : worksheet_write_string(ws, row, col, clean.c_str(), nullptr));
            } else {
                keep(worksheet_write_number(ws, row, col, std::get<double>(rows[r][c]), nullptr));
            }
        }
    }
    worksheet_set_column(ws, 0, 0, 30, nullptr);
    worksheet_freeze_panes(ws, 1, 0);
}

void WriteAll(lxw_workbook* wb, lxw_format* header, const MonthlyReport& r, lxw_error& err) {
    const bool town = r.region.kind == RegionKind::kTown;
    WriteSheet(wb, header, "概况", {"项目", "数值"},
               {{std::string("月报"), r.region.name + "安全生产月报 " + report::MonthLabelZh(r.period)},
                {std::string("统计截至"), r.as_of_day},
                {std::string("本月发现隐患"), D(r.found)},
                {std::string("本月整改销号"), D(r.closed)},
                {std::string("月末逾期未整改"), D(r.overdue)},
                {std::string("本月发现重大隐患"), D(r.majors_found)},
                {std::string("月末重大隐患未销号"), D(r.majors_open)}},
               err);
    Table rows;
    for (const auto& p : r.by_place) rows.push_back({p.name, D(p.found), D(p.closed), D(p.overdue)});
    WriteSheet(wb, header, "隐患", {town ? "村" : "网格", "本月发现", "本月销号", "月末逾期"}, rows, err);
    rows.clear();
    for (const auto& m : r.majors) {
        rows.push_back({m.title, m.enterprise_name, m.village_name, m.status, FormatLocalIsoDate(m.found_at, r.zone),
                        m.listing_no ? *m.listing_no : std::string()});
    }
    WriteSheet(wb, header, "重大隐患", {"隐患", "企业", "村", "状态", "发现日期", "挂牌督办编号"}, rows, err);
    rows.clear();
    for (const auto& c : r.campaigns) {
        rows.push_back({c.name, c.starts_on, c.ends_on, D(c.progress.in_scope), D(c.progress.inspected),
                        D(c.progress.hazards), D(c.progress.closed), c.progress.Coverage()});
    }
    WriteSheet(wb, header, "专项整治", {"专项", "开始", "结束", "应查", "已查", "隐患", "销号", "覆盖率"}, rows, err);
    WriteSheet(wb, header, "培训", {"企业数", "已培训企业", "覆盖率", "培训人次", "区间起（不含）", "区间止"},
               {{D(r.training.enterprises), D(r.training.covered), r.training.Coverage(), D(r.training.people),
                 r.training_after, r.as_of_day}},
               err);
    rows.clear();
    for (const auto& s : r.stations) rows.push_back({s.name, s.kind, D(s.missing), D(s.expiring), D(s.expired)});
    WriteSheet(wb, header, "消防站", {"消防站", "类型", "缺少器材项", "临期及过期", "其中已过期"}, rows, err);
    rows.clear();
    for (const auto& k : r.ranking) rows.push_back({D(k.rank), k.name, k.score});
    WriteSheet(wb, header, "排名", {"名次", town ? "村" : "企业", "得分"}, rows, err);
    rows.clear();
    for (const auto& t : r.trend) rows.push_back({t.month, D(t.found), D(t.closed)});
    WriteSheet(wb, header, "趋势", {"月份", "发现", "销号"}, rows, err);

    // The trend's native chart, next to its table.
    lxw_worksheet* trend = workbook_get_worksheet_by_name(wb, "趋势");
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
    if (trend == nullptr || chart == nullptr || r.trend.empty()) return;
    const auto last = static_cast<lxw_row_t>(r.trend.size());
    lxw_chart_series* found = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(found, "趋势", 1, 0, last, 0);
    chart_series_set_values(found, "趋势", 1, 1, last, 1);
    chart_series_set_name(found, "发现");
    lxw_chart_series* closed = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(closed, "趋势", 1, 0, last, 0);
    chart_series_set_values(closed, "趋势", 1, 2, last, 2);
    chart_series_set_name(closed, "销号");
    chart_title_set_name(chart, "近12个月隐患趋势");
    if (worksheet_insert_chart(trend, 1, 4, chart) != LXW_NO_ERROR && err == LXW_NO_ERROR) {
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    }
}

}  // namespace

Result<std::string> RenderMonthlyXlsx(const MonthlyReport& report) {
    // libxlsxwriter 1.1.4 cannot write to memory (see hazard_xlsx.cpp): a private temp file, read back.
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / "safegrid-monthly-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return XlsxFailed("mkstemps in " + dir + " failed");
    close(fd);
    file.path = pattern;
    lxw_workbook_options options{};
    options.tmpdir = dir.data();
    lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) return XlsxFailed("workbook_new_opt failed for " + file.path);
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    lxw_error err = LXW_NO_ERROR;
    WriteAll(wb, header, report, err);
    const lxw_error closed = workbook_close(wb);
    if (err != LXW_NO_ERROR) return XlsxFailed(std::string("writing cells: ") + lxw_strerror(err));
    if (closed != LXW_NO_ERROR) return XlsxFailed(std::string("workbook_close: ") + lxw_strerror(closed));
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return XlsxFailed("cannot reopen " + file.path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return XlsxFailed("read error on " + file.path);
    return bytes;
}

}  // namespace safegrid::services::documents
