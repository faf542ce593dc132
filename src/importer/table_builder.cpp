#include "importer/table_builder.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace safegrid::importer {
namespace {

int NonEmptyCount(const std::vector<std::string>& cells) {
    return static_cast<int>(std::count_if(cells.begin(), cells.end(), [](const auto& c) { return !c.empty(); }));
}

}  // namespace

std::string ColumnLetters(int col) {
    std::string out;
    for (int n = col + 1; n > 0; n = (n - 1) / 26) out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    return out;
}

Error ImportError(Code code, std::string id, int row, int col, std::string_view zh, std::string_view en) {
    std::string zh_pos;
    std::string en_pos;
    if (row > 0 && col >= 0) {
        zh_pos = fmt::format("第 {} 行 {} 列：", row, ColumnLetters(col));
        en_pos = fmt::format("Row {}, column {}: ", row, ColumnLetters(col));
    } else if (row > 0) {
        zh_pos = fmt::format("第 {} 行：", row);
        en_pos = fmt::format("Row {}: ", row);
    } else if (col >= 0) {
        zh_pos = fmt::format("{} 列：", ColumnLetters(col));
        en_pos = fmt::format("Column {}: ", ColumnLetters(col));
    }
    Error e;
    e.code = code;
    e.id = std::move(id);
    e.message = {zh_pos + std::string(zh), en_pos + std::string(en)};
    e.internal = fmt::format("importer row={} col={}", row, col >= 0 ? ColumnLetters(col) : "-");
    return e;
}

Error CellTooLarge(int row, int col) {
    return ImportError(Code::kTooLarge, "import_cell_too_large", row, col,
                       fmt::format("单元格内容超过 {} KiB", kMaxCellBytes >> 10),
                       fmt::format("the cell is longer than {} KiB", kMaxCellBytes >> 10));
}

Error TooManyColumns(int row, int col) {
    return ImportError(Code::kTooLarge, "import_too_many_columns", row, col, fmt::format("表格超过 {} 列", kMaxColumns),
                       fmt::format("the sheet has more than {} columns", kMaxColumns));
}

Error TooManyRows(int row) {
    return ImportError(Code::kTooLarge, "import_too_many_rows", row, -1,
                       fmt::format("数据超过 {} 行，请分批导入", kMaxRows),
                       fmt::format("more than {} data rows; split the file", kMaxRows));
}

Error InputTooLarge(std::size_t size) {
    Error e = ImportError(Code::kTooLarge, "import_too_large", -1, -1,
                          fmt::format("文件超过 {} MiB，请分批导入", kMaxInputBytes >> 20),
                          fmt::format("the file is larger than {} MiB; split it", kMaxInputBytes >> 20));
    e.internal = fmt::format("import of {} bytes refused", size);
    return e;
}

Status TableBuilder::AddRow(int source_row, std::vector<std::string> cells) {
    for (auto& c : cells) {
        std::string_view t = TrimWhitespace(c);
        if (t.size() != c.size()) c = std::string(t);
    }
    const int filled = NonEmptyCount(cells);
    if (filled == 0) return {};
    if (have_header_) return AddDataRow(source_row, std::move(cells));
    if (!title_candidate_) {
        title_candidate_ = Pending{source_row, std::move(cells)};
        return {};
    }
    // Second non-blank row: the first was a title if it held one cell, in column A, and this
    // one holds several. Otherwise the first was the header and this is data.
    Pending first = std::move(*title_candidate_);
    title_candidate_.reset();
    const bool first_is_title = NonEmptyCount(first.cells) == 1 && !first.cells[0].empty() && filled >= 2;
    if (first_is_title) {
        SetHeader(std::move(cells));
        return {};
    }
    SetHeader(std::move(first.cells));
    return AddDataRow(source_row, std::move(cells));
}

void TableBuilder::SetHeader(std::vector<std::string> cells) {
    while (!cells.empty() && cells.back().empty()) cells.pop_back();
    table_.headers = std::move(cells);
    have_header_ = true;
}

Status TableBuilder::AddDataRow(int source_row, std::vector<std::string> cells) {
    const std::size_t width = table_.headers.size();
    for (std::size_t i = width; i < cells.size(); ++i) {
        if (!cells[i].empty()) {
            return Fail(ImportError(
                Code::kMalformed, "import_row_too_long", source_row, static_cast<int>(i),
                fmt::format("该行有数据超出表头范围（表头共 {} 列），请补充表头或删除多余内容", width),
                fmt::format("the row has data beyond the header's {} columns; add a header or remove it", width)));
        }
    }
    if (table_.rows.size() >= static_cast<std::size_t>(kMaxRows)) return Fail(TooManyRows(source_row));
    if ((table_.rows.size() + 1) * width > kMaxCells) {
        return Fail(ImportError(Code::kTooLarge, "import_too_many_cells", source_row, -1,
                                fmt::format("表格单元格总数超过 {}，请分批导入", kMaxCells),
                                fmt::format("the sheet has more than {} cells; split the file", kMaxCells)));
    }
    cells.resize(width);
    table_.rows.push_back(std::move(cells));
    table_.source_rows.push_back(source_row);
    return {};
}

Result<Table> TableBuilder::Finish() && {
    if (title_candidate_) {
        SetHeader(std::move(title_candidate_->cells));
        title_candidate_.reset();
    }
    if (!have_header_) {
        return Fail(ImportError(Code::kMalformed, "import_empty", -1, -1, "文件中没有任何内容（缺少表头行）",
                                "the file is empty (no header row)"));
    }
    return std::move(table_);
}

}  // namespace safegrid::importer
