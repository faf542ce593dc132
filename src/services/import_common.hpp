// What the two spreadsheet importers (enterprise_import_service, hazard_import_service) share: the
// report they answer with, the mapping file they read, and the dates of past ledgers.
//
// Report: row numbers are the file's own (importer::Table::source_rows: what Excel shows), so a
// clerk can find the row; `field` is the API's name for what is wrong and `column` the file's header.
//
// Mapping (the --mapping file, or ?mapping= on the API), decoded here with Boost.JSON:
//   {"columns": {"<field>": "<header in the file>", ...},
//    "values":  {"<field>": {"<cell text>": "<value>", ..., "*": "<value for any other text>"}},
//    "sheet":   "<xlsx sheet name>"}
// Every key is optional; unknown top-level keys and unknown field names are refused (422 "mapping"),
// so a typo cannot silently fall back to a default header.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/hazard/deadline.hpp"
#include "core/progress_fn.hpp"
#include "core/time.hpp"
#include "importer/mapping.hpp"
#include "importer/table.hpp"

namespace safegrid::services {

struct ImportIssue {
    int row = 0;         // the file's row number (1-based; the header is usually row 1)
    std::string field;   // API field name ("credit_code", "found_at"); "" for the whole row
    std::string column;  // the file's header for that field, when it has one
    Text message;
};

// The cells of one data row as the sheet holds them (after trimming), under Table::headers.
struct ImportRowCells {
    int row = 0;
    std::vector<std::string> cells;
};

// At most this many rows with problems carry their cells in a report (the issues are all listed).
inline constexpr size_t kMaxReportRowCells = 1000;

struct ImportReport {
    bool dry_run = false;
    int64_t total_rows = 0;  // data rows read (blank rows skipped)
    int64_t valid_rows = 0;  // rows without an error
    std::vector<ImportIssue> errors;
    std::vector<ImportIssue> warnings;  // imported, but not exactly as written
    int64_t created = 0;                // 0 on a dry run, and whenever any row has an error
    std::vector<std::string> headers;   // the sheet's header row as written
    std::vector<ImportRowCells> rows;   // every row named by an error or warning, in row order
};

struct ImportOptions {
    bool dry_run = false;
    std::string mapping_json;        // "" → the default headers
    std::string content_hint;        // file name or Content-Type, sharpens format errors only
    std::optional<int64_t> town_id;  // admin and command line: the town whose grids rows name
    // (rows written, rows to write) while the valid file is written: the command line's terminal
    // line. Not called on a dry run or a file with errors (nothing is written then).
    ProgressFn progress;
};

// 10 MiB, the upload limit of the HTTP server for imports (the command line allows the importer's 50 MiB).
inline constexpr size_t kMaxImportUploadBytes = 10u << 20;

// A field an importer reads, the header it is expected under by default, and whether its column
// must exist.
struct ImportField {
    const char* field;
    const char* header;
    bool required;
};

// The field names of `fields`, in order (what a mapping may name).
std::vector<std::string> ImportFieldNames(const std::vector<ImportField>& fields);

// Where each field is in a table (-1: no such column) and the header it was found under (or, when
// absent, the header it was looked for under).
struct ImportColumns {
    std::map<std::string, int> index;
    std::map<std::string, std::string> header;

    [[nodiscard]] bool Has(const std::string& field) const;
    // The trimmed cell of `field` in `row`; "" when the column is absent.
    [[nodiscard]] std::string Cell(const std::vector<std::string>& row, const std::string& field) const;
    [[nodiscard]] std::string HeaderOf(const std::string& field) const;
};

// A field the mapping names is looked for under that header only; any other under its default
// (Chinese) header, then under its own API name. Missing required columns → 422
// "import_missing_columns" naming each; a header found twice → 422 "import_duplicate_columns".
Result<ImportColumns> ResolveImportColumns(const importer::Table& table, const importer::ColumnMapping& mapping,
                                           const std::vector<ImportField>& fields);

// `text` trimmed and cut to `max` code points, "…" marking a cut.
std::string CutText(std::string_view text, size_t max);

// Decodes the mapping; `fields` are the names the importer knows. 422 on "mapping" otherwise.
Result<importer::ColumnMapping> ParseImportMapping(std::string_view json, const std::vector<std::string>& fields);

// The calendar date a ledger cell names: 2023-05-01, 2023-5-1, 2023/5/1, 2023.5.1, 20230501,
// 2023年5月1日 (also with 号), a trailing time ("2023-05-01 08:30:00", as .xlsx date-times are
// formatted) ignored, and a bare Excel day number (45047) from a cell not styled as a date.
// nullopt for anything else, including impossible dates (2023-02-30).
std::optional<CivilDate> ParseLedgerDate(std::string_view cell);
// 00:00:00 and 23:59:59 of that day, China time.
UnixSeconds ChinaDayStart(const CivilDate& d);
UnixSeconds ChinaDayEnd(const CivilDate& d);

// Cell text → value through mapping.values[field] (exact, then loose), then `builtin` (the same way),
// then the mapping's "*" entry; nullopt when nothing translates it.
std::optional<std::string> TranslateCell(const importer::ColumnMapping& mapping, std::string_view field,
                                         std::string_view cell,
                                         const std::vector<std::pair<std::string, std::string>>& builtin);

// Orders errors and warnings by row, then by the sheet's column order (issues naming no column
// last), and attaches the header row and the cells of every row they name (the first
// kMaxReportRowCells such rows), so a reader sees each row as the sheet shows it.
void FinishImportReport(ImportReport& report, const importer::Table& table);

// Appends an issue for each field of `e` (or one for the row when it names none).
void AddIssues(std::vector<ImportIssue>& out, int row, const Error& e,
               const std::function<std::string(const std::string&)>& column_of);

}  // namespace safegrid::services
