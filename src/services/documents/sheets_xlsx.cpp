#include "services/documents/sheets_xlsx.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "services/documents/utf8.hpp"

namespace safegrid::services {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxCellCodePoints = 16383;  // under Excel's 32,767 UTF-16 units in every case

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

lxw_error WriteSheets(lxw_workbook* wb, const std::vector<XlsxSheet>& sheets) {
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    lxw_error err = LXW_NO_ERROR;
    auto keep = [&err](lxw_error e) {
        if (e != LXW_NO_ERROR && err == LXW_NO_ERROR) err = e;
    };
    for (const XlsxSheet& sheet : sheets) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
        if (ws == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
        for (size_t c = 0; c < sheet.headers.size(); ++c) {
            const auto col = static_cast<lxw_col_t>(c);
            keep(worksheet_set_column(ws, col, col, c == 0 ? 30 : 14, nullptr));
            keep(worksheet_write_string(ws, 0, col,
                                        documents::CleanForXml(sheet.headers[c], kMaxCellCodePoints).c_str(), header));
        }
        for (size_t r = 0; r < sheet.rows.size(); ++r) {
            const auto row = static_cast<lxw_row_t>(r + 1);
            for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
                const auto col = static_cast<lxw_col_t>(c);
                if (const double* n = std::get_if<double>(&sheet.rows[r][c])) {
                    keep(worksheet_write_number(ws, row, col, *n, nullptr));
                    continue;
                }
                // User text (enterprise names) goes in as a string cell: never a formula.
                const std::string clean =
                    documents::CleanForXml(std::get<std::string>(sheet.rows[r][c]), kMaxCellCodePoints);
                keep(clean.empty() ? worksheet_write_blank(ws, row, col, nullptr)
                                   : worksheet_write_string(ws, row, col, clean.c_str(), nullptr));
            }
        }
        worksheet_freeze_panes(ws, 1, 0);
    }
    return err;
}

}  // namespace

Result<std::string> RenderSheetsWorkbook(const std::vector<XlsxSheet>& sheets) {
    // libxlsxwriter 1.1.4 (Debian 12) cannot write to memory: a private temp file, read back, deleted.
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / "safegrid-sheets-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return XlsxFailed("mkstemps in " + dir + " failed");
    close(fd);
    file.path = pattern;

    lxw_workbook_options options{};
    options.tmpdir = dir.data();
    lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) return XlsxFailed("workbook_new_opt failed for " + file.path);
    const lxw_error err = WriteSheets(wb, sheets);
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
