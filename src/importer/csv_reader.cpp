#include "importer/csv_reader.hpp"

#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "importer/encoding.hpp"
#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

// Splits UTF-8 text into records. One instance per file.
class CsvParser {
  public:
    CsvParser(std::string_view text, char sep) : text_(text), sep_(sep) {}

    // Reads the next record into `cells`; false at the end of the input.
    Result<bool> Next(std::vector<std::string>& cells) {
        if (pos_ >= text_.size()) return false;
        ++row_;
        cells.clear();
        col_ = 0;
        field_.clear();
        State state = State::kStart;
        const std::size_t n = text_.size();
        while (pos_ < n) {
            const char c = text_[pos_];
            if (state == State::kQuoted) {
                if (c == '"') {
                    if (pos_ + 1 < n && text_[pos_ + 1] == '"') {
                        field_ += '"';
                        pos_ += 2;
                    } else {
                        state = State::kAfterQuote;
                        ++pos_;
                    }
                } else if (c == '\r') {
                    // One "\n" for CRLF, LF or CR, so cells do not depend on the writer's platform.
                    field_ += '\n';
                    pos_ += (pos_ + 1 < n && text_[pos_ + 1] == '\n') ? 2 : 1;
                } else {
                    field_ += c;
                    ++pos_;
                }
            } else if (c == sep_) {
                SG_TRY(EndField(cells));
                state = State::kStart;
                ++pos_;
                continue;
            } else if (c == '\n' || c == '\r') {
                pos_ += (c == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') ? 2 : 1;
                SG_TRY(EndField(cells));
                return true;
            } else if (c == '"' && state == State::kStart) {
                field_.clear();  // spaces before an opening quote are layout, not data
                state = State::kQuoted;
                ++pos_;
            } else {
                if (state == State::kStart && c != ' ') state = State::kUnquoted;
                field_ += c;
                ++pos_;
            }
            if (field_.size() > kMaxCellBytes) return Fail(CellTooLarge(row_, col_));
        }
        if (state == State::kQuoted) {
            return Fail(ImportError(Code::kMalformed, "csv_unterminated_quote", row_, col_,
                                    "引号未闭合：从这里到文件末尾都在引号内",
                                    "unterminated quote: everything from here to the end of the file is inside it"));
        }
        SG_TRY(EndField(cells));
        return true;
    }

    [[nodiscard]] int Row() const { return row_; }

  private:
    enum class State { kStart, kUnquoted, kQuoted, kAfterQuote };

    Status EndField(std::vector<std::string>& cells) {
        const int col = col_++;
        if (col >= kMaxColumns) {
            if (!TrimWhitespace(field_).empty()) return Fail(TooManyColumns(row_, col));
        } else {
            cells.push_back(std::move(field_));
        }
        field_.clear();
        return {};
    }

    std::string_view text_;
    char sep_;
    std::size_t pos_ = 0;
    int row_ = 0;
    int col_ = 0;
    std::string field_;
};

// Excel writes "sep=;" as the first line when asked to; it names the separator and is no row.
std::optional<char> SepLine(std::string_view& text) {
    if (text.size() < 5 || !text.starts_with("sep=")) return std::nullopt;
    std::size_t end = 5;
    if (end < text.size() && text[end] == '\r') ++end;
    if (end < text.size() && text[end] == '\n') ++end;
    if (end == 5 && text.size() > 5) return std::nullopt;  // "sep=" followed by more than one character
    const char sep = text[4];
    if (sep == '"' || sep == '\r' || sep == '\n') return std::nullopt;
    text.remove_prefix(end);
    return sep;
}

}  // namespace

char DetectSeparator(std::string_view text) {
    constexpr std::array<char, 3> kCandidates = {',', ';', '\t'};
    std::array<long, 3> counts{};
    bool in_quotes = false;
    int records = 0;
    auto decide = [&]() -> std::optional<char> {
        std::size_t best = 0;
        for (std::size_t i = 1; i < counts.size(); ++i) {
            if (counts[i] > counts[best]) best = i;
        }
        if (counts[best] == 0) return std::nullopt;
        return kCandidates[best];
    };
    // Look at up to 10 records, so a title line without separators does not decide.
    for (std::size_t i = 0; i < text.size() && records < 10; ++i) {
        const char c = text[i];
        if (c == '"') {
            in_quotes = !in_quotes;
        } else if (!in_quotes && (c == '\n' || c == '\r')) {
            if (auto sep = decide()) return *sep;
            ++records;
        } else if (!in_quotes) {
            for (std::size_t k = 0; k < kCandidates.size(); ++k) counts[k] += c == kCandidates[k];
        }
    }
    return decide().value_or(',');
}

Result<Table> ReadCsv(std::string_view bytes) {
    if (bytes.size() > kMaxInputBytes) return Fail(InputTooLarge(bytes.size()));
    Result<std::string> decoded_or = DecodeText(bytes);
    if (!decoded_or) return Fail(std::move(decoded_or.error()));
    const std::string& decoded = *decoded_or;
    if (decoded.find('\0') != std::string::npos) {
        // A NUL never occurs in text; this is a binary file (or UTF-16 without a BOM).
        return Fail(ImportError(Code::kUnsupportedMedia, "import_not_text", -1, -1,
                                "文件不是文本格式的 CSV，请上传 .xlsx 或 CSV 文件",
                                "this is not a text CSV file; upload .xlsx or CSV"));
    }
    std::string_view text = decoded;
    const std::optional<char> declared = SepLine(text);
    const char sep = declared.value_or(DetectSeparator(text));

    CsvParser parser(text, sep);
    TableBuilder builder;
    std::vector<std::string> cells;
    while (true) {
        SG_ASSIGN_OR_RETURN(const bool more, parser.Next(cells));
        if (!more) break;
        SG_TRY(builder.AddRow(parser.Row(), std::move(cells)));
        cells = {};
    }
    return std::move(builder).Finish();
}

}  // namespace safegrid::importer
