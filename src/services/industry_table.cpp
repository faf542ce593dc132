#include "services/industry_table.hpp"

#include <algorithm>
#include <optional>

#include "importer/csv_reader.hpp"
#include "platform/files.hpp"

namespace safegrid::services {

Result<IndustryTable> ParseIndustryTable(std::string_view csv) {
    SG_ASSIGN_OR_RETURN(importer::Table table, importer::ReadCsv(csv));
    auto column = [&](std::string_view name) -> std::optional<size_t> {
        auto it = std::find(table.headers.begin(), table.headers.end(), name);
        if (it == table.headers.end()) return std::nullopt;
        return static_cast<size_t>(it - table.headers.begin());
    };
    const auto code = column("code");
    const auto zh = column("name_zh");
    const auto en = column("name_en");
    if (!code || !zh || !en) {
        return Invalid("header",
                       {"行业表应有 code、name_zh、name_en 列", "The industry table needs code, name_zh, name_en"});
    }
    IndustryTable out;
    for (size_t i = 0; i < table.rows.size(); ++i) {
        const auto& row = table.rows[i];
        auto added = out.Add(row[*code], IndustryName{row[*zh], row[*en]});
        if (!added) {
            Error e = std::move(added.error());
            e.internal = "industry table row " + std::to_string(table.source_rows[i]);
            return Fail(std::move(e));
        }
    }
    return out;
}

Result<IndustryTable> LoadIndustryTable(const std::filesystem::path& path) {
    constexpr size_t kMaxBytes = 4 << 20;  // every GB/T 4754 class is well under 1 MiB
    auto text = platform::ReadFileIfExists(path.string(), kMaxBytes);
    if (!text || !*text) return Unavailable("cannot read the industry table " + path.string());
    return ParseIndustryTable(**text);
}

}  // namespace safegrid::services
