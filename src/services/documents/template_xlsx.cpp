#include "services/documents/template_xlsx.hpp"

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

class Writer {
  public:
    explicit Writer(lxw_worksheet* ws) : ws_(ws) {}
    void Text(lxw_row_t r, lxw_col_t c, const std::string& s, lxw_format* f) {
        const std::string clean = documents::CleanForXml(s, kMaxCellCodePoints);
        Keep(clean.empty() ? worksheet_write_blank(ws_, r, c, f) : worksheet_write_string(ws_, r, c, clean.c_str(), f));
    }
    void Keep(lxw_error e) {
        if (e != LXW_NO_ERROR && err == LXW_NO_ERROR) err = e;
    }
    lxw_error err = LXW_NO_ERROR;

  private:
    lxw_worksheet* ws_;
};

lxw_error WriteSheets(lxw_workbook* wb, const TemplateSheet& sheet) {
    lxw_format* header = workbook_add_format(wb);
    format_set_bold(header);
    format_set_bg_color(header, 0xD9E1F2);
    format_set_border(header, LXW_BORDER_THIN);
    // "@": text cells, so a typed credit code or date keeps its characters.
    lxw_format* text = workbook_add_format(wb);
    format_set_num_format(text, "@");

    lxw_worksheet* data = workbook_add_worksheet(wb, sheet.name.c_str());
    if (data == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    Writer w(data);
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
    if (w.err != LXW_NO_ERROR || sheet.notes.empty()) return w.err;

    lxw_worksheet* notes = workbook_add_worksheet(wb, "填写说明");
    if (notes == nullptr) return LXW_ERROR_MEMORY_MALLOC_FAILED;
    Writer n(notes);
    n.Keep(worksheet_set_column(notes, 0, 0, 20, nullptr));
    n.Keep(worksheet_set_column(notes, 1, 1, 80, nullptr));
    n.Text(0, 0, "列", header);
    n.Text(0, 1, "填写要求", header);
    for (size_t i = 0; i < sheet.notes.size(); ++i) {
        n.Text(static_cast<lxw_row_t>(i + 1), 0, sheet.notes[i].first, nullptr);
        n.Text(static_cast<lxw_row_t>(i + 1), 1, sheet.notes[i].second, nullptr);
    }
    return n.err;
}

}  // namespace

Result<std::string> RenderTemplateWorkbook(const TemplateSheet& sheet) {
    // libxlsxwriter 1.1.4 (Debian 12) cannot write to memory: a private temp file, read back, deleted.
    std::error_code ec;
    std::string dir = fs::temp_directory_path(ec).string();
    if (ec) dir = "/tmp";
    TempFile file;
    std::string pattern = (fs::path(dir) / "safegrid-template-XXXXXX.xlsx").string();
    const int fd = mkstemps(pattern.data(), 5);
    if (fd < 0) return XlsxFailed("mkstemps in " + dir + " failed");
    close(fd);
    file.path = pattern;

    lxw_workbook_options options{};
    options.tmpdir = dir.data();
    lxw_workbook* wb = workbook_new_opt(file.path.c_str(), &options);
    if (wb == nullptr) return XlsxFailed("workbook_new_opt failed for " + file.path);
    const lxw_error err = WriteSheets(wb, sheet);
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
