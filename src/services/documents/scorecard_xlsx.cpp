#include "services/documents/scorecard_xlsx.hpp"

#include <cstdio>

#include "services/documents/xlsx_workbook.hpp"
#include "services/scorecard_service.hpp"

namespace safegrid::services {
namespace {

using Writer = documents::CellWriter;

std::string Points(double max) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", max);
    return buf;
}

void WriteRanking(lxw_worksheet* ws, lxw_format* header, const ScorecardList& list,
                  const std::vector<scorecard::ItemDef>& items, lxw_error& err) {
    Writer w(ws, err);
    w.Text(0, 0, "排名", header);
    w.Text(0, 1, list.level == scorecard::Level::kVillage ? "村（社区）" : "企业", header);
    w.Text(0, 2, "总分", header);
    worksheet_set_column(ws, 1, 1, 28, nullptr);
    for (size_t i = 0; i < items.size(); ++i) {
        w.Text(0, static_cast<lxw_col_t>(3 + i), items[i].code + "（" + Points(items[i].max) + "分）", header);
    }
    for (size_t r = 0; r < list.cards.size(); ++r) {
        const auto& card = list.cards[r];
        const auto row = static_cast<lxw_row_t>(r + 1);
        w.Number(row, 0, card.rank);
        w.Text(row, 1, card.name);
        w.Number(row, 2, card.score);
        for (size_t i = 0; i < card.items.size() && i < items.size(); ++i) {
            const auto& item = card.items[i];
            const auto col = static_cast<lxw_col_t>(3 + i);
            if (item.manual && item.figure.empty()) continue;  // not entered: blank, not a zero
            w.Number(row, col, item.points);
        }
    }
    worksheet_freeze_panes(ws, 1, 2);
}

void WriteFigures(lxw_worksheet* ws, lxw_format* header, const ScorecardList& list, lxw_error& err) {
    Writer w(ws, err);
    const char* headers[] = {"名称", "项目", "满分", "得分", "方式", "依据"};
    for (lxw_col_t c = 0; c < 6; ++c) w.Text(0, c, headers[c], header);
    worksheet_set_column(ws, 0, 0, 28, nullptr);
    worksheet_set_column(ws, 5, 5, 48, nullptr);
    lxw_row_t row = 1;
    for (const auto& card : list.cards) {
        for (const auto& item : card.items) {
            w.Text(row, 0, card.name);
            w.Text(row, 1, item.code);
            w.Number(row, 2, item.max);
            w.Number(row, 3, item.points);
            w.Text(row, 4, item.manual ? "人工" : "平台");
            w.Text(row, 5, item.figure);
            ++row;
        }
    }
    worksheet_freeze_panes(ws, 1, 1);
}

}  // namespace

Result<std::string> RenderScorecardWorkbook(const ScorecardList& list, const std::vector<scorecard::ItemDef>& items) {
    if (list.cards.size() * (items.size() + 1) > 1'000'000) {
        return TooLarge({"导出行数超过 Excel 上限，请缩小范围", "More rows than Excel can hold; narrow the filter"});
    }
    return documents::RenderWorkbook("scorecards", [&](lxw_workbook* wb) {
        lxw_format* header = workbook_add_format(wb);
        format_set_bold(header);
        format_set_bg_color(header, 0xD9E1F2);
        lxw_error err = LXW_NO_ERROR;
        lxw_worksheet* ranking = workbook_add_worksheet(wb, "考核评分");
        lxw_worksheet* figures = workbook_add_worksheet(wb, "评分依据");
        if (ranking == nullptr || figures == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
        WriteRanking(ranking, header, list, items, err);
        WriteFigures(figures, header, list, err);
        return err;
    });
}

}  // namespace safegrid::services
