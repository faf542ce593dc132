// libFuzzer target: any bytes through the importer's front door as a CSV upload.
// Besides "no crash, no leak, no UB" it checks the Table invariants every caller relies on.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/text/utf8.hpp"
#include "importer/encoding.hpp"
#include "importer/read_table.hpp"

namespace {

void Check(bool ok) {
    if (!ok) __builtin_trap();
}

void CheckTable(const safegrid::importer::Table& t) {
    using namespace safegrid::importer;
    Check(!t.headers.empty() && t.headers.size() <= static_cast<std::size_t>(kMaxColumns));
    Check(t.rows.size() == t.source_rows.size() && t.rows.size() <= static_cast<std::size_t>(kMaxRows));
    int last = 0;
    for (std::size_t i = 0; i < t.rows.size(); ++i) {
        Check(t.rows[i].size() == t.headers.size());
        Check(t.source_rows[i] > last);
        last = t.source_rows[i];
        bool any = false;
        for (const auto& c : t.rows[i]) {
            Check(c.size() <= kMaxCellBytes && safegrid::IsValidUtf8(c));
            any = any || !c.empty();
        }
        Check(any);  // blank rows are skipped
    }
    for (const auto& h : t.headers) Check(safegrid::IsValidUtf8(h));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto table = safegrid::importer::ReadSpreadsheet(bytes, "upload.csv");
    if (table) {
        CheckTable(*table);
    } else {
        Check(!table.error().message.zh.empty() && !table.error().message.en.empty());
        Check(table.error().code != safegrid::Code::kInternal);
    }
    return 0;
}
