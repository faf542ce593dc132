// What every .xlsx writer shares: a workbook built in a private temp file and read back as bytes
// (libxlsxwriter 1.1.4, Debian 12's, cannot write to memory), and a cell writer that cleans text for
// XML and keeps the first libxlsxwriter error (the library reports per call, and a document writer
// must report, not lose, a failure).
//
// Text always goes in as a string cell, never a formula: user text such as "=1+1" stays text.
//
// Thread-safety: RenderWorkbook is reentrant (its own temp file per call); a CellWriter belongs to
// one call.
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace safegrid::services::documents {

// Excel's cell limit is 32,767 characters counted in UTF-16; capping code points at 16,383 keeps even
// an all-astral-plane text under it.
inline constexpr size_t kMaxCellCodePoints = 16383;

// kInternal "xlsx_failed" with `internal` kept for the log.
tl::unexpected<Error> XlsxFailed(std::string internal);

// Creates a workbook in a temp file named after `name` ("safegrid-<name>-XXXXXX.xlsx"), lets `fill`
// add its sheets (returning the first error it met), closes it and returns the file's bytes. The temp
// file is removed on every path out. Any error → XlsxFailed.
Result<std::string> RenderWorkbook(std::string_view name, const std::function<lxw_error(lxw_workbook*)>& fill);

class CellWriter {
  public:
    CellWriter(lxw_worksheet* ws, lxw_error& first_error) : ws_(ws), err_(first_error) {}

    // Cleaned for XML (see utf8.hpp) and capped; an empty text is a blank cell.
    void Text(lxw_row_t r, lxw_col_t c, std::string_view s, lxw_format* f = nullptr);
    void Number(lxw_row_t r, lxw_col_t c, double v, lxw_format* f = nullptr);
    void Blank(lxw_row_t r, lxw_col_t c, lxw_format* f = nullptr);
    void Keep(lxw_error e) {
        if (e != LXW_NO_ERROR && err_ == LXW_NO_ERROR) err_ = e;
    }
    [[nodiscard]] lxw_worksheet* sheet() const { return ws_; }

  private:
    lxw_worksheet* ws_;
    lxw_error& err_;
};

}  // namespace safegrid::services::documents
