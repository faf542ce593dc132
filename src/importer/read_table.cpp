#include "importer/read_table.hpp"

#include <algorithm>
#include <cctype>

#include "importer/csv_reader.hpp"
#include "importer/table_builder.hpp"
#include "importer/xlsx_reader.hpp"

namespace safegrid::importer {
namespace {

std::string Lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

Error Unsupported(std::string id, std::string_view zh, std::string_view en) {
    return ImportError(Code::kUnsupportedMedia, std::move(id), -1, -1, zh, en);
}

}  // namespace

SpreadsheetFormat SniffFormat(std::string_view bytes) {
    if (bytes.starts_with("PK\x03\x04")) return SpreadsheetFormat::kXlsx;
    // OLE2 compound file: Excel 97-2003 .xls, WPS .et, and password-protected .xlsx alike.
    if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return SpreadsheetFormat::kLegacyXls;
    if (bytes.starts_with("%PDF-")) return SpreadsheetFormat::kPdf;
    // Some systems export an HTML table and name it .xls; Excel opens it, we should say what it is.
    const std::string head = Lower(bytes.substr(0, 1024));
    const std::size_t first = head.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    if (first != std::string::npos && head[first] == '<' &&
        (head.find("<html") != std::string::npos || head.find("<table") != std::string::npos ||
         head.find("<!doctype html") != std::string::npos)) {
        return SpreadsheetFormat::kHtml;
    }
    return SpreadsheetFormat::kCsv;
}

Result<Table> ReadSpreadsheet(std::string_view bytes, std::string_view filename_or_content_type,
                              std::optional<std::string> sheet) {
    if (bytes.size() > kMaxInputBytes) return Fail(InputTooLarge(bytes.size()));
    switch (SniffFormat(bytes)) {
        case SpreadsheetFormat::kXlsx:
            return ReadXlsx(bytes, std::move(sheet));
        case SpreadsheetFormat::kLegacyXls:
            return Fail(Unsupported("import_legacy_xls",
                                    "不支持旧版 .xls / .et 格式或加密的 Excel 文件，请在 Excel 或 WPS 中“另存为” .xlsx "
                                    "或“CSV UTF-8”后再导入",
                                    "legacy .xls/.et files and password-protected workbooks are not supported; "
                                    "save as .xlsx or \"CSV UTF-8\" and retry"));
        case SpreadsheetFormat::kHtml:
            return Fail(Unsupported("import_html",
                                    "该文件实际是网页（HTML），只是扩展名为 .xls。请在 Excel 中打开后“另存为” .xlsx",
                                    "this file is a web page (HTML) named like a spreadsheet; open it in Excel and "
                                    "save as .xlsx"));
        case SpreadsheetFormat::kPdf:
            return Fail(Unsupported("import_pdf", "PDF 文件无法导入，请上传 .xlsx 或 CSV 文件",
                                    "PDF files cannot be imported; upload .xlsx or CSV"));
        case SpreadsheetFormat::kCsv:
            break;
    }
    const std::string hint = Lower(filename_or_content_type);
    if (hint.ends_with(".xlsx") || hint.ends_with(".xlsm") || hint.find("spreadsheetml") != std::string::npos) {
        return Fail(Unsupported("xlsx_not_zip",
                                "文件扩展名是 .xlsx，但内容不是 xlsx 格式（文件可能已损坏或改过扩展名）",
                                "the file is named .xlsx but is not one (damaged, or renamed from another format)"));
    }
    return ReadCsv(bytes);
}

}  // namespace safegrid::importer
