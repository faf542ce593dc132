// Reads the industry names (GB/T 4754-2017) from the project's data file, as the checklists are
// read from data/standards: at start-up, once. Columns: code, level, name_zh, name_en (a header
// row first). The lookup rules are in core/enterprise/industry.hpp.
//
// Thread-safety: a free function; the table it returns is immutable.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/enterprise/industry.hpp"
#include "core/error.hpp"

namespace safegrid::services {

inline constexpr std::string_view kIndustryTableFile = "industries/gb4754_2017.csv";

// Parses the file's text (UTF-8 CSV). 422 naming the row for a bad code or a missing column.
Result<IndustryTable> ParseIndustryTable(std::string_view csv);
// Reads and parses `path`; 503 "unavailable" when it cannot be read.
Result<IndustryTable> LoadIndustryTable(const std::filesystem::path& path);

}  // namespace safegrid::services
