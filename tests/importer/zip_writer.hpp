// Builds ZIP archives in memory for importer tests and the xlsx fuzz target: hand-written
// workbook XML, and archives that lie (declared sizes, ratios) the way hostile uploads do.
// Test code only; the importer itself never writes archives.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace safegrid::importer::testing {

struct ZipEntry {
    std::string name;
    std::string data;
    bool deflate = true;
    // When set, written as the uncompressed size instead of the real one (a lying archive).
    std::optional<std::uint32_t> declared_size;
};

inline std::string RawDeflate(const std::string& in, int level = Z_BEST_SPEED) {
    z_stream zs{};
    if (deflateInit2(&zs, level, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK) throw std::runtime_error("deflate");
    std::string out(deflateBound(&zs, static_cast<uLong>(in.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate");
    out.resize(zs.total_out);
    return out;
}

inline void Put16(std::string& s, unsigned v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
}
inline void Put32(std::string& s, std::uint32_t v) {
    Put16(s, v & 0xFFFF);
    Put16(s, v >> 16);
}

inline std::string BuildZip(const std::vector<ZipEntry>& entries) {
    std::string out;
    std::string central;
    for (const ZipEntry& e : entries) {
        const std::string body = e.deflate ? RawDeflate(e.data) : e.data;
        const auto crc = static_cast<std::uint32_t>(
            crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
        const std::uint32_t usize = e.declared_size.value_or(static_cast<std::uint32_t>(e.data.size()));
        const auto offset = static_cast<std::uint32_t>(out.size());
        const unsigned method = e.deflate ? 8 : 0;
        auto common = [&](std::string& s) {
            Put16(s, 20);      // version needed
            Put16(s, 0);       // flags
            Put16(s, method);  // method
            Put16(s, 0);       // time
            Put16(s, 0x21);    // date: 1980-01-01
            Put32(s, crc);
            Put32(s, static_cast<std::uint32_t>(body.size()));
            Put32(s, usize);
            Put16(s, static_cast<unsigned>(e.name.size()));
            Put16(s, 0);  // extra length
        };
        Put32(out, 0x04034b50);
        common(out);
        out += e.name;
        out += body;

        Put32(central, 0x02014b50);
        Put16(central, 20);  // version made by
        common(central);
        Put16(central, 0);  // comment length
        Put16(central, 0);  // disk
        Put16(central, 0);  // internal attributes
        Put32(central, 0);  // external attributes
        Put32(central, offset);
        central += e.name;
    }
    const auto cd_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    Put32(out, 0x06054b50);
    Put16(out, 0);
    Put16(out, 0);
    Put16(out, static_cast<unsigned>(entries.size()));
    Put16(out, static_cast<unsigned>(entries.size()));
    Put32(out, static_cast<std::uint32_t>(central.size()));
    Put32(out, cd_offset);
    Put16(out, 0);
    return out;
}

// A minimal but complete workbook: one sheet "Sheet1" with the given <sheetData> inner XML,
// optional shared strings (<si> elements) and styles (the whole styleSheet body).
struct MiniWorkbook {
    std::string sheet_data;
    std::string shared_strings;    // empty: no sharedStrings part
    std::string styles;            // empty: no styles part
    std::string workbook_pr;       // e.g. R"(<workbookPr date1904="1"/>)"
    std::string after_sheet_data;  // e.g. <mergeCells>...</mergeCells>
    std::string prefix;            // namespace prefix for SpreadsheetML elements, e.g. "x:"
};

inline std::vector<ZipEntry> MiniWorkbookEntries(const MiniWorkbook& w) {
    const std::string p = w.prefix;
    const std::string ns = p.empty() ? "xmlns" : "xmlns:" + p.substr(0, p.size() - 1);
    const std::string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    std::vector<ZipEntry> e;
    e.push_back(
        {"[Content_Types].xml",
         R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"});
    e.push_back({"_rels/.rels", R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type=")" + rel +
                                    R"(/officeDocument" Target="xl/workbook.xml"/></Relationships>)"});
    e.push_back({"xl/workbook.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + p + "workbook " + ns + "=\"" +
                                        main + "\" xmlns:r=\"" + rel + "\">" + w.workbook_pr + "<" + p + "sheets><" +
                                        p + "sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></" + p + "sheets></" +
                                        p + "workbook>"});
    std::string rels = R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type=")" +
                       rel + R"(/worksheet" Target="/xl/worksheets/sheet1.xml"/>)";
    if (!w.shared_strings.empty()) {
        rels += R"(<Relationship Id="rId2" Type=")" + rel + R"(/sharedStrings" Target="sharedStrings.xml"/>)";
        e.push_back({"xl/sharedStrings.xml",
                     "<" + p + "sst " + ns + "=\"" + main + "\">" + w.shared_strings + "</" + p + "sst>"});
    }
    if (!w.styles.empty()) {
        rels += R"(<Relationship Id="rId3" Type=")" + rel + R"(/styles" Target="styles.xml"/>)";
        e.push_back({"xl/styles.xml",
                     "<" + p + "styleSheet " + ns + "=\"" + main + "\">" + w.styles + "</" + p + "styleSheet>"});
    }
    rels += "</Relationships>";
    e.push_back({"xl/_rels/workbook.xml.rels", rels});
    e.push_back({"xl/worksheets/sheet1.xml", "<" + p + "worksheet " + ns + "=\"" + main + "\"><" + p + "sheetData>" +
                                                 w.sheet_data + "</" + p + "sheetData>" + w.after_sheet_data + "</" +
                                                 p + "worksheet>"});
    return e;
}

inline std::string BuildMiniXlsx(const MiniWorkbook& w) { return BuildZip(MiniWorkbookEntries(w)); }

}  // namespace safegrid::importer::testing
