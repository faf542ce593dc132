// The supporting parts of an .xlsx package (ECMA-376 / ISO 29500, transitional and strict):
// relationships, the workbook (sheet list, 1904 flag), shared strings and cell styles.
// The sheet itself is read by xlsx_reader.cpp.
//
// Thread-safety: free functions over one ZipArchive.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "importer/xlsx_format.hpp"
#include "importer/zip_archive.hpp"

namespace safegrid::importer {

struct Relationship {
    std::string type;    // full URI; compare with RelTypeIs
    std::string target;  // resolved to a part name; empty for external targets
};
using Relationships = std::map<std::string, Relationship>;  // by Id

struct SheetInfo {
    std::string name;
    std::string rel_id;
    bool hidden = false;
};

struct WorkbookInfo {
    std::vector<SheetInfo> sheets;  // in tab order
    bool date1904 = false;
};

// Relationship types differ between transitional and strict namespaces; the last path segment
// ("officeDocument", "worksheet", "sharedStrings", "styles") is the same in both.
bool RelTypeIs(std::string_view type, std::string_view last_segment);

// "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"; "" (the package) → "_rels/.rels".
std::string RelsPartFor(std::string_view part);

// Resolves a relationship target against the part that holds it; "" when it climbs above the
// package root.
std::string ResolveTarget(std::string_view source_part, std::string_view target);

// `source_part` is the part the .rels file describes ("" for the package).
Result<Relationships> ReadRelationships(ZipArchive& zip, std::string_view source_part);
Result<WorkbookInfo> ReadWorkbook(ZipArchive& zip, std::string_view part);
// Rich-text runs are concatenated; phonetic runs (rPh) are left out. A string longer than
// kMaxCellBytes is kept one byte too long, so the cell that uses it reports the error.
Result<std::vector<std::string>> ReadSharedStrings(ZipArchive& zip, std::string_view part);
// The kind of number format of each cellXfs entry, indexed like a cell's `s` attribute.
Result<std::vector<NumKind>> ReadStyles(ZipArchive& zip, std::string_view part);

// Undoes SpreadsheetML's "_xHHHH_" escapes (Excel writes a carriage return as "_x000D_") and
// turns CRLF and CR into "\n", as the CSV reader does.
std::string CleanXlsxText(std::string_view s);

}  // namespace safegrid::importer
