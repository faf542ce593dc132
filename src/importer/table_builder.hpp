// Assembles a Table row by row and enforces the rules and limits of importer/table.hpp, so the CSV
// and .xlsx readers only have to split their format into cells.
//
// Also home of the small helpers both readers share: trimming, column letters and the
// bilingual error builders (every message names the row and, where known, the column).
//
// Thread-safety: one builder per read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/text/trim.hpp"  // TrimWhitespace: cells follow the one trim rule
#include "importer/table.hpp"

namespace safegrid::importer {

// 0 → "A", 25 → "Z", 26 → "AA" (the letters Excel shows above a column).
std::string ColumnLetters(int col);

// Errors. `zh`/`en` are the messages without position; the helpers prefix "第 5 行 C 列：" /
// "Row 5, column C: ". row <= 0 or col < 0 leaves that part out.
Error ImportError(Code code, std::string id, int row, int col, std::string_view zh, std::string_view en);
Error CellTooLarge(int row, int col);
Error TooManyColumns(int row, int col);
Error TooManyRows(int row);
Error InputTooLarge(std::size_t size);

class TableBuilder {
  public:
    // One record as read from the file; `cells` may hold untrimmed text. Rows must arrive in
    // increasing `source_row` order.
    Status AddRow(int source_row, std::vector<std::string> cells);
    // Fails when the file held no header at all.
    Result<Table> Finish() &&;

  private:
    struct Pending {
        int source_row;
        std::vector<std::string> cells;
    };
    void SetHeader(std::vector<std::string> cells);
    Status AddDataRow(int source_row, std::vector<std::string> cells);

    std::optional<Pending> title_candidate_;  // first non-blank row while we cannot yet tell title from header
    bool have_header_ = false;
    Table table_;
};

}  // namespace safegrid::importer
