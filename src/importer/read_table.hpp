// The importer's front door: bytes of an uploaded spreadsheet → Table.
//
// The content decides the format, never the name: a ZIP ("PK\3\4") is read as .xlsx, anything
// else as CSV (with encoding detection). The name or content type only sharpens the error for
// files we cannot read: legacy .xls/.et (OLE2), HTML saved as ".xls" by some government systems,
// PDF, or a file called .xlsx that is not one.
//
// Thread-safety: free function, no shared state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "importer/table.hpp"

namespace safegrid::importer {

enum class SpreadsheetFormat { kCsv, kXlsx, kLegacyXls, kHtml, kPdf };

// What the content looks like (no parsing beyond the first bytes).
SpreadsheetFormat SniffFormat(std::string_view bytes);

// `sheet` picks an .xlsx sheet by name (ColumnMapping::sheet); CSV ignores it.
Result<Table> ReadSpreadsheet(std::string_view bytes, std::string_view filename_or_content_type,
                              std::optional<std::string> sheet = {});

}  // namespace safegrid::importer
