#include "services/documents/monthly_xlsx.hpp"

#include <vector>

#include "core/report/monthly.hpp"
#include "services/documents/sheets_xlsx.hpp"
#include "services/documents/xlsx_workbook.hpp"

namespace safegrid::services::documents {
namespace {

double D(int64_t v) { return static_cast<double>(v); }

std::vector<XlsxSheet> Sheets(const MonthlyReport& r) {
    const bool town = r.region.kind == RegionKind::kTown;
    std::vector<XlsxSheet> sheets;
    sheets.push_back({"概况",
                      {"项目", "数值"},
                      {{std::string("月报"), r.region.name + "安全生产月报 " + report::MonthLabelZh(r.period)},
                       {std::string("统计截至"), r.as_of_day},
                       {std::string("本月发现隐患"), D(r.found)},
                       {std::string("本月整改销号"), D(r.closed)},
                       {std::string("月末逾期未整改"), D(r.overdue)},
                       {std::string("本月发现重大隐患"), D(r.majors_found)},
                       {std::string("月末重大隐患未销号"), D(r.majors_open)}}});
    std::vector<std::vector<XlsxCell>> rows;
    for (const auto& p : r.by_place) rows.push_back({p.name, D(p.found), D(p.closed), D(p.overdue)});
    sheets.push_back({"隐患", {town ? "村" : "网格", "本月发现", "本月销号", "月末逾期"}, rows});
    rows.clear();
    for (const auto& m : r.majors) {
        rows.push_back({m.title, m.enterprise_name, m.village_name, m.status, FormatLocalIsoDate(m.found_at, r.zone),
                        m.listing_no ? *m.listing_no : std::string()});
    }
    sheets.push_back({"重大隐患", {"隐患", "企业", "村", "状态", "发现日期", "挂牌督办编号"}, rows});
    rows.clear();
    for (const auto& c : r.campaigns) {
        rows.push_back({c.name, c.starts_on, c.ends_on, D(c.progress.in_scope), D(c.progress.inspected),
                        D(c.progress.hazards), D(c.progress.closed), c.progress.Coverage()});
    }
    sheets.push_back({"专项整治", {"专项", "开始", "结束", "应查", "已查", "隐患", "销号", "覆盖率"}, rows});
    sheets.push_back({"培训",
                      {"企业数", "已培训企业", "覆盖率", "培训人次", "区间起（不含）", "区间止"},
                      {{D(r.training.enterprises), D(r.training.covered), r.training.Coverage(), D(r.training.people),
                        r.training_after, r.as_of_day}}});
    rows.clear();
    for (const auto& s : r.stations) rows.push_back({s.name, s.kind, D(s.missing), D(s.expiring), D(s.expired)});
    sheets.push_back({"消防站", {"消防站", "类型", "缺少器材项", "临期及过期", "其中已过期"}, rows});
    rows.clear();
    for (const auto& k : r.ranking) rows.push_back({D(k.rank), k.name, k.score});
    sheets.push_back({"排名", {"名次", town ? "村" : "企业", "得分"}, rows});
    rows.clear();
    for (const auto& t : r.trend) rows.push_back({t.month, D(t.found), D(t.closed)});
    sheets.push_back({"趋势", {"月份", "发现", "销号"}, rows});

    return sheets;
}

// The trend's native chart, next to its table on sheet 趋势.
lxw_error AddTrendChart(lxw_workbook* wb, const MonthlyReport& r) {
    lxw_worksheet* trend = workbook_get_worksheet_by_name(wb, "趋势");
    if (trend == nullptr || r.trend.empty()) return LXW_NO_ERROR;
    lxw_chart* chart = workbook_add_chart(wb, LXW_CHART_COLUMN);
    if (chart == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
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
    return worksheet_insert_chart(trend, 1, 4, chart);
}

}  // namespace

Result<std::string> RenderMonthlyXlsx(const MonthlyReport& report) {
    const std::vector<XlsxSheet> sheets = Sheets(report);
    return RenderWorkbook("monthly", [&](lxw_workbook* wb) {
        const lxw_error err = AddSheets(wb, sheets);
        return err != LXW_NO_ERROR ? err : AddTrendChart(wb, report);
    });
}

}  // namespace safegrid::services::documents
