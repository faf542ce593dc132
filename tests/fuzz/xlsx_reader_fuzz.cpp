// libFuzzer target for the .xlsx path of the importer's front door.
//
// Raw ZIP bytes rarely survive a mutation (CRCs, offsets), so besides passing inputs that start
// with "PK" straight through, the harness builds a valid package around the input: the bytes,
// split at "|||", become the worksheet, shared strings, styles and workbook parts (a missing part
// gets a sane default). That way the XML handlers, formatting and merge logic get fuzzed too.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../importer/zip_writer.hpp"
#include "core/text/utf8.hpp"
#include "importer/encoding.hpp"
#include "importer/read_table.hpp"

namespace {

using safegrid::importer::testing::BuildZip;
using safegrid::importer::testing::ZipEntry;

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

std::string BuildPackage(std::string_view input) {
    std::vector<std::string> parts;
    while (parts.size() < 3) {
        const std::size_t at = input.find("|||");
        if (at == std::string_view::npos) break;
        parts.emplace_back(input.substr(0, at));
        input.remove_prefix(at + 3);
    }
    parts.emplace_back(input);
    parts.resize(4);
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const std::string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    if (parts[3].empty()) {
        parts[3] = "<workbook xmlns=\"" + main + "\" xmlns:r=\"" + rel +
                   "\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
    }
    std::vector<ZipEntry> entries = {
        {"_rels/.rels",
         "<Relationships><Relationship Id=\"rId1\" Type=\"" + rel +
             "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
         false},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships><Relationship Id=\"rId1\" Type=\"" + rel + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>" +
             "<Relationship Id=\"rId2\" Type=\"" + rel + "/sharedStrings\" Target=\"sharedStrings.xml\"/>" +
             "<Relationship Id=\"rId3\" Type=\"" + rel + "/styles\" Target=\"styles.xml\"/></Relationships>",
         false},
        {"xl/workbook.xml", parts[3], false},
        {"xl/worksheets/sheet1.xml", parts[0], false},
    };
    if (!parts[1].empty()) entries.push_back({"xl/sharedStrings.xml", parts[1], false});
    if (!parts[2].empty()) entries.push_back({"xl/styles.xml", parts[2], false});
    return BuildZip(entries);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace safegrid::importer;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::string package = input.starts_with("PK") ? std::string(input) : BuildPackage(input);
    // Odd sizes also exercise sheet selection by name.
    std::optional<std::string> sheet;
    if (size % 2 == 1) sheet = "Sheet1";
    auto table = ReadSpreadsheet(package, "upload.xlsx", sheet);
    if (!table) {
        Check(!table.error().message.zh.empty() && !table.error().message.en.empty());
        Check(table.error().code != safegrid::Code::kInternal);
        return 0;
    }
    Check(!table->headers.empty() && table->headers.size() <= static_cast<std::size_t>(kMaxColumns));
    Check(table->rows.size() == table->source_rows.size());
    int last = 0;
    for (std::size_t i = 0; i < table->rows.size(); ++i) {
        Check(table->rows[i].size() == table->headers.size());
        Check(table->source_rows[i] > last);
        last = table->source_rows[i];
        for (const auto& c : table->rows[i]) Check(c.size() <= kMaxCellBytes && safegrid::IsValidUtf8(c));
    }
    return 0;
}
