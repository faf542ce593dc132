#include "services/documents/scorecard_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "services/documents/utf8.hpp"
#include "services/scorecard_service.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxCellCodePoints = 16383;  // see hazard_xlsx.cpp: under Excel's 32,767 UTF-16 units

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

class Writer {
  public:
    Writer(lxw_worksheet* ws, lxw_error& err) : ws_(ws), err_(err) {}
    void Text(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f = nullptr) {
        const std::string clean = documents::CleanForXml(s, kMaxCellCodePoints);
        Keep(clean.empty() ? worksheet_write_blank(ws_, r, c, f) : worksheet_write_string(ws_, r, c, clean.c_str(), f));
    }
    void Number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f = nullptr) {
        Keep(worksheet_write_number(ws_, r, c, v, f));
    }

  private:
    void Keep(lxw_error e) {
        if (e != LXW_NO_ERROR && err_ == LXW_NO_ERROR) err_ = e;
    }
    lxw_worksheet* ws_;
    lxw_error& err_;
};

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
    // libxlsxwriter 1.1.4 cannot write to memory (see hazard_xlsx.cpp): a private temp file, read back.
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / "safegrid-scorecards-XXXXXX.xlsx").string();
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
    lxw_worksheet* ranking = workbook_add_worksheet(wb, "考核评分");
    lxw_worksheet* figures = workbook_add_worksheet(wb, "评分依据");
    if (ranking == nullptr || figures == nullptr) {
        err = LXW_ERROR_MEMORY_MALLOC_FAILED;
    } else {
        WriteRanking(ranking, header, list, items, err);
        WriteFigures(figures, header, list, err);
    }
    const lxw_error closed = workbook_close(wb);
    if (err != LXW_NO_ERROR) return XlsxFailed(std::string("writing cells: ") + lxw_strerror(err));
    if (closed != LXW_NO_ERROR) return XlsxFailed(std::string("workbook_close: ") + lxw_strerror(closed));
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return XlsxFailed("cannot reopen " + file.path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return XlsxFailed("read error on " + file.path);
    return bytes;
}

}  // namespace safegrid::services
