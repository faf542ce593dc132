#include "importer/xlsx_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <vector>

#include "importer/table_builder.hpp"
#include "importer/xlsx_format.hpp"
#include "importer/xlsx_parts.hpp"
#include "importer/xml_reader.hpp"

namespace safegrid::importer {
namespace {

constexpr int kExcelMaxRow = 1'048'576;
constexpr int kExcelMaxCol = 16'384;
constexpr std::size_t kMaxMerges = 100'000;

Error Malformed(int row, int col, std::string_view zh, std::string_view en) {
    return ImportError(Code::kMalformed, "xlsx_malformed", row, col, zh, en);
}

struct Merge {
    CellRef first;
    CellRef last;
};

// Streams one worksheet's XML into a TableBuilder.
class SheetHandler : public XmlHandler {
  public:
    SheetHandler(const std::vector<std::string>& strings, const std::vector<NumKind>& styles, bool date1904)
        : strings_(strings), styles_(styles), date1904_(date1904) {}

    void OnStart(std::string_view name, const char** attrs) override {
        if (name == "sheetData") {
            in_data_ = true;
        } else if (name == "row" && in_data_) {
            StartRow(attrs);
        } else if (name == "c" && in_row_) {
            StartCell(attrs);
        } else if (name == "v" && in_cell_) {
            in_v_ = true;
        } else if (name == "is" && in_cell_) {
            in_is_ = true;
        } else if (name == "rPh") {
            ++in_phonetic_;
        } else if (name == "t" && in_is_ && in_phonetic_ == 0) {
            in_t_ = true;
        } else if (name == "mergeCell" && merges.size() < kMaxMerges) {
            AddMerge(Attr(attrs, "ref"));
        }
    }

    void OnEnd(std::string_view name) override {
        if (name == "v") {
            in_v_ = false;
        } else if (name == "t") {
            in_t_ = false;
        } else if (name == "is") {
            in_is_ = false;
        } else if (name == "rPh") {
            if (in_phonetic_ > 0) --in_phonetic_;
        } else if (name == "c" && in_cell_) {
            in_cell_ = false;
            EndCell();
        } else if (name == "row" && in_row_) {
            in_row_ = false;
            if (Status st = builder.AddRow(row_, std::move(cells_)); !st) Stop(std::move(st.error()));
            cells_ = {};
        } else if (name == "sheetData") {
            in_data_ = false;
        }
    }

    void OnText(std::string_view text) override {
        std::string* dst = in_v_ ? &value_ : in_t_ ? &inline_ : nullptr;
        if (!dst) return;
        // The raw text may be a little longer than the cell (escapes); twice the limit is plenty.
        if (dst->size() + text.size() > 2 * kMaxCellBytes) return Stop(CellTooLarge(row_, col_));
        dst->append(text);
    }

    TableBuilder builder;
    std::vector<Merge> merges;

  private:
    void StartRow(const char** attrs) {
        const char* r = Attr(attrs, "r");
        int row = last_row_ + 1;  // `r` is optional: rows then follow one another
        if (r) {
            const auto [p, ec] = std::from_chars(r, r + std::strlen(r), row);
            if (ec != std::errc() || *p != '\0') row = -1;
        }
        if (row < 1 || row > kExcelMaxRow || row <= last_row_) {
            return Stop(Malformed(last_row_ + 1, -1, "行号无效或顺序错乱", "invalid or out-of-order row number"));
        }
        row_ = last_row_ = row;
        next_col_ = 0;
        cells_.clear();
        in_row_ = true;
    }

    void StartCell(const char** attrs) {
        col_ = next_col_;  // `r` is optional: cells then follow one another
        if (const char* r = Attr(attrs, "r")) {
            const auto ref = ParseCellRef(r);
            if (!ref)
                return Stop(Malformed(row_, -1, fmt::format("无效的单元格引用“{}”", r),
                                      fmt::format("invalid cell reference \"{}\"", r)));
            col_ = ref->col;
        }
        if (col_ >= kExcelMaxCol) return Stop(TooManyColumns(row_, col_));
        const char* t = Attr(attrs, "t");
        type_ = t ? t : "n";
        const int s = [&] {
            const char* sv = Attr(attrs, "s");
            int v = 0;
            if (sv) std::from_chars(sv, sv + std::strlen(sv), v);
            return v;
        }();
        kind_ = (s >= 0 && static_cast<std::size_t>(s) < styles_.size()) ? styles_[s] : NumKind::kNumber;
        value_.clear();
        inline_.clear();
        in_cell_ = true;
    }

    void EndCell() {
        next_col_ = col_ + 1;
        std::string text;
        if (type_ == "s") {
            std::size_t idx = 0;
            const std::string_view v = TrimWhitespace(value_);
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), idx);
            if (v.empty() || ec != std::errc() || p != v.data() + v.size() || idx >= strings_.size()) {
                return Stop(Malformed(row_, col_, "共享字符串编号无效", "invalid shared-string index"));
            }
            text = strings_[idx];
        } else if (type_ == "inlineStr") {
            text = CleanXlsxText(inline_.empty() ? value_ : inline_);
        } else if (type_ == "str" || type_ == "e") {
            text = CleanXlsxText(value_);
        } else if (type_ == "b") {
            const std::string_view v = TrimWhitespace(value_);
            text = v == "1" ? "TRUE" : v == "0" ? "FALSE" : std::string(v);
        } else if (type_ == "d") {
            text = IsoDate(TrimWhitespace(value_));
        } else {
            text = FormatNumberCell();
        }
        if (TrimWhitespace(text).empty()) return;  // a styled but empty cell; it must not widen the row
        if (col_ >= kMaxColumns) return Stop(TooManyColumns(row_, col_));
        if (text.size() > kMaxCellBytes) return Stop(CellTooLarge(row_, col_));
        if (cells_.size() <= static_cast<std::size_t>(col_)) cells_.resize(col_ + 1);
        cells_[col_] = std::move(text);
    }

    std::string FormatNumberCell() const {
        if (kind_ != NumKind::kNumber) {
            const std::string_view v = TrimWhitespace(value_);
            double serial = 0;
            const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), serial);
            if (!v.empty() && ec == std::errc() && p == v.data() + v.size()) {
                if (auto s = FormatSerial(serial, kind_, date1904_)) return *s;
            }
        }
        return FormatNumber(value_);
    }

    // t="d" holds ISO 8601 text; show a date style as the date alone, others without the "T".
    std::string IsoDate(std::string_view v) const {
        const bool has_date = v.size() >= 10 && v[4] == '-' && v[7] == '-';
        if (!has_date) return std::string(v);
        if (kind_ == NumKind::kDate || v.size() == 10 || v.substr(10).starts_with("T00:00:00")) {
            return std::string(v.substr(0, 10));
        }
        std::string out(v.substr(0, std::min<std::size_t>(v.size(), 19)));
        if (out.size() > 10 && out[10] == 'T') out[10] = ' ';
        return out;
    }

    void AddMerge(const char* ref) {
        if (!ref) return;
        const std::string_view r(ref);
        const std::size_t colon = r.find(':');
        if (colon == std::string_view::npos) return;
        const auto a = ParseCellRef(r.substr(0, colon));
        const auto b = ParseCellRef(r.substr(colon + 1));
        if (a && b && a->row <= b->row && a->col <= b->col) merges.push_back({*a, *b});
    }

    const std::vector<std::string>& strings_;
    const std::vector<NumKind>& styles_;
    const bool date1904_;

    bool in_data_ = false, in_row_ = false, in_cell_ = false, in_v_ = false, in_is_ = false, in_t_ = false;
    int in_phonetic_ = 0;
    int row_ = 0, last_row_ = 0, col_ = 0, next_col_ = 0;
    std::string type_;
    NumKind kind_ = NumKind::kNumber;
    std::string value_, inline_;
    std::vector<std::string> cells_;
};

// Copies each vertical merge's value down its first column, over data rows only.
void ApplyMerges(Table& table, const std::vector<Merge>& merges) {
    const auto index_of = [&](int source_row) -> std::ptrdiff_t {
        const auto it = std::lower_bound(table.source_rows.begin(), table.source_rows.end(), source_row);
        return it == table.source_rows.end() ? -1 : it - table.source_rows.begin();
    };
    // Excel forbids overlapping merges, so a valid file touches each cell at most once; the budget
    // stops a hostile file whose merges overlap from costing merges x rows.
    std::size_t budget = kMaxCells;
    for (const Merge& m : merges) {
        const auto col = static_cast<std::size_t>(m.first.col);
        if (m.first.row == m.last.row || col >= table.headers.size()) continue;
        const std::ptrdiff_t top = index_of(m.first.row);
        if (top < 0 || table.source_rows[top] != m.first.row) continue;  // top is the header, a title or blank
        const std::string value = table.rows[top][col];
        for (auto i = static_cast<std::size_t>(top) + 1; i < table.rows.size() && table.source_rows[i] <= m.last.row;
             ++i) {
            if (budget-- == 0) return;
            if (table.rows[i][col].empty()) table.rows[i][col] = value;
        }
    }
}

Error NoWorkbook() {
    return ImportError(
        Code::kUnsupportedMedia, "xlsx_no_workbook", -1, -1,
        "压缩包中没有 Excel 工作簿，不是有效的 .xlsx 文件（.xls、.et、.ods 请先另存为 .xlsx）",
        "the archive holds no Excel workbook: not a valid .xlsx (save .xls, .et or .ods as .xlsx first)");
}

Result<std::size_t> SelectSheet(const WorkbookInfo& wb, const Relationships& rels,
                                const std::optional<std::string>& want) {
    const auto is_worksheet = [&](const SheetInfo& s) {
        const auto it = rels.find(s.rel_id);
        return it != rels.end() && RelTypeIs(it->second.type, "worksheet");
    };
    if (want) {
        const std::string_view w = TrimWhitespace(*want);
        const auto same = [&](const SheetInfo& s, bool fold) {
            const std::string_view n = TrimWhitespace(s.name);
            if (!fold) return n == w;
            return n.size() == w.size() && std::equal(n.begin(), n.end(), w.begin(), [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a)) ==
                              std::tolower(static_cast<unsigned char>(b));
                   });
        };
        for (bool fold : {false, true}) {
            for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
                if (!same(wb.sheets[i], fold)) continue;
                if (is_worksheet(wb.sheets[i])) return i;
                return Invalid("sheet", {fmt::format("“{}”不是数据表（可能是图表）", *want),
                                         fmt::format("\"{}\" is not a worksheet (a chart?)", *want)});
            }
        }
        std::string names;
        for (const auto& s : wb.sheets) names += (names.empty() ? "" : ", ") + s.name;
        return Invalid("sheet", {fmt::format("工作簿中没有名为“{}”的工作表（现有：{}）", *want, names),
                                 fmt::format("the workbook has no sheet named \"{}\" (it has: {})", *want, names)});
    }
    for (bool visible_only : {true, false}) {
        for (std::size_t i = 0; i < wb.sheets.size(); ++i) {
            if ((!visible_only || !wb.sheets[i].hidden) && is_worksheet(wb.sheets[i])) return i;
        }
    }
    return Fail(Malformed(-1, -1, "工作簿中没有工作表", "the workbook has no worksheet"));
}

// A part named by relationship type, or the conventional location when none is declared.
std::string FindPart(ZipArchive& zip, const Relationships& rels, std::string_view type, std::string_view fallback) {
    for (const auto& [id, rel] : rels) {
        if (RelTypeIs(rel.type, type) && !rel.target.empty() && zip.Has(rel.target)) return rel.target;
    }
    return zip.Has(fallback) ? std::string(fallback) : std::string();
}

}  // namespace

std::optional<CellRef> ParseCellRef(std::string_view ref) {
    CellRef out;
    std::size_t i = 0;
    int col = 0;
    for (; i < ref.size() && i < 4; ++i) {
        const char c = ref[i];
        const char up = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        if (up < 'A' || up > 'Z') break;
        col = col * 26 + (up - 'A' + 1);
    }
    if (i == 0 || col > kExcelMaxCol || i == ref.size()) return std::nullopt;
    const auto [p, ec] = std::from_chars(ref.data() + i, ref.data() + ref.size(), out.row);
    if (ec != std::errc() || p != ref.data() + ref.size() || ref[i] == '-' || out.row < 1 || out.row > kExcelMaxRow) {
        return std::nullopt;
    }
    out.col = col - 1;
    return out;
}

Result<Table> ReadXlsx(std::string_view bytes, std::optional<std::string> sheet) {
    if (bytes.size() > kMaxInputBytes) return Fail(InputTooLarge(bytes.size()));
    SG_ASSIGN_OR_RETURN(ZipArchive zip, ZipArchive::Open(bytes));

    // The package's root relationships say where the workbook is; most files use the usual place.
    std::string workbook_part = "xl/workbook.xml";
    if (zip.Has(RelsPartFor(""))) {
        SG_ASSIGN_OR_RETURN(const Relationships root, ReadRelationships(zip, ""));
        const std::string found = FindPart(zip, root, "officeDocument", "");
        if (!found.empty()) workbook_part = found;
    }
    if (!zip.Has(workbook_part)) return Fail(NoWorkbook());
    SG_ASSIGN_OR_RETURN(const WorkbookInfo wb, ReadWorkbook(zip, workbook_part));
    if (!zip.Has(RelsPartFor(workbook_part))) return Fail(NoWorkbook());
    SG_ASSIGN_OR_RETURN(const Relationships rels, ReadRelationships(zip, workbook_part));
    SG_ASSIGN_OR_RETURN(const std::size_t index, SelectSheet(wb, rels, sheet));
    const std::string& sheet_part = rels.at(wb.sheets[index].rel_id).target;
    if (sheet_part.empty() || !zip.Has(sheet_part)) {
        return Fail(Malformed(-1, -1, fmt::format("找不到工作表“{}”的内容", wb.sheets[index].name),
                              fmt::format("the content of sheet \"{}\" is missing", wb.sheets[index].name)));
    }

    std::vector<std::string> strings;
    if (const std::string part = FindPart(zip, rels, "sharedStrings", "xl/sharedStrings.xml"); !part.empty()) {
        SG_ASSIGN_OR_RETURN(strings, ReadSharedStrings(zip, part));
    }
    std::vector<NumKind> styles;
    if (const std::string part = FindPart(zip, rels, "styles", "xl/styles.xml"); !part.empty()) {
        SG_ASSIGN_OR_RETURN(styles, ReadStyles(zip, part));
    }

    SheetHandler handler(strings, styles, wb.date1904);
    SG_TRY(ParseXmlPart(zip, sheet_part, handler));
    SG_ASSIGN_OR_RETURN(Table table, std::move(handler.builder).Finish());
    ApplyMerges(table, handler.merges);
    return table;
}

}  // namespace safegrid::importer
