// Which spreadsheet column holds which field, and how cell texts translate to field values.
//
// The mapping is a plain struct; decoding it from the JSON users upload
//   {"columns": {"name": "企业名称", ...}, "values": {"severity": {"重大": "major"}}, "sheet": "Sheet1"}
// is the services layer's job (it may use Boost.JSON; the importer may not).
//
// Header matching: a header matches when it equals the expected text after trimming; failing
// that, when both agree after NormaliseHeader (case, fullwidth forms, spaces, "*" marks).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "importer/table.hpp"

namespace safegrid::importer {

struct ColumnMapping {
    // field → header text in the file. A field not listed here is looked up under its own name.
    std::map<std::string, std::string> columns;
    // field → (cell text → value), e.g. "severity" → {"重大": "major", "一般": "general"}.
    std::map<std::string, std::map<std::string, std::string>> values;
    std::optional<std::string> sheet;  // .xlsx sheet name; the first visible sheet when unset
};

// The loose form of a header: fullwidth ASCII (Ａ, （) folded to ASCII, ASCII lower-cased, all
// whitespace (incl. U+3000, U+00A0) removed, "*" required-marks at either end removed.
std::string NormaliseHeader(std::string_view header);

// The header text `field` is expected under.
std::string ExpectedHeader(const ColumnMapping& mapping, std::string_view field);

// Index of `field`'s column, or -1 if the table has none. Fails when two columns match equally.
Result<int> FindColumn(const Table& table, const ColumnMapping& mapping, std::string_view field);

// One column index per `required_fields` entry, in order. Fails (422 "import_missing_columns" or
// "import_duplicate_columns") naming every field whose column is missing or ambiguous.
Result<std::vector<int>> ResolveColumns(const Table& table, const ColumnMapping& mapping,
                                        const std::vector<std::string>& required_fields);

// Translates a cell through mapping.values[field] (exact, then normalised match); a cell with no
// translation is returned trimmed but otherwise unchanged.
std::string MapValue(const ColumnMapping& mapping, std::string_view field, std::string_view cell);

}  // namespace safegrid::importer
