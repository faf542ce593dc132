#include "services/documents/xlsx_workbook.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "services/documents/utf8.hpp"

namespace safegrid::services::documents {
namespace {

namespace fs = std::filesystem;

struct TempFile {
    std::string path;
    ~TempFile() {
        if (path.empty()) return;
        std::error_code ec;
        fs::remove(path, ec);
    }
};

}  // namespace

tl::unexpected<Error> XlsxFailed(std::string internal) {
    return Fail(Error{
        Code::kInternal, "xlsx_failed", {"生成Excel失败", "Could not create the workbook"}, {}, std::move(internal)});
}

Result<std::string> RenderWorkbook(std::string_view name, const std::function<lxw_error(lxw_workbook*)>& fill) {
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / ("safegrid-" + std::string(name) + "-XXXXXX.xlsx")).string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return XlsxFailed("mkstemps in " + dir + " failed");
    close(fd);
    file.path = pattern;

    lxw_workbook_options options{};
    options.tmpdir = dir.data();  // libxlsxwriter's own scratch files go to the same directory
    lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) return XlsxFailed("workbook_new_opt failed for " + file.path);
    const lxw_error err = fill(wb);
    const lxw_error closed = workbook_close(wb);  // writes the file and frees the workbook
    if (err != LXW_NO_ERROR) return XlsxFailed(std::string("writing cells: ") + lxw_strerror(err));
    if (closed != LXW_NO_ERROR) return XlsxFailed(std::string("workbook_close: ") + lxw_strerror(closed));
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return XlsxFailed("cannot reopen " + file.path);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad()) return XlsxFailed("read error on " + file.path);
    return bytes;
}

void CellWriter::Text(lxw_row_t r, lxw_col_t c, std::string_view s, lxw_format* f) {
    const std::string clean = CleanForXml(s, kMaxCellCodePoints);
    Keep(clean.empty() ? worksheet_write_blank(ws_, r, c, f) : worksheet_write_string(ws_, r, c, clean.c_str(), f));
}

void CellWriter::Number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f) {
    Keep(worksheet_write_number(ws_, r, c, v, f));
}

void CellWriter::Blank(lxw_row_t r, lxw_col_t c, lxw_format* f) { Keep(worksheet_write_blank(ws_, r, c, f)); }

}  // namespace safegrid::services::documents
