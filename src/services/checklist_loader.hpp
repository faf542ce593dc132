// Reads the shared standards files and builds the checklist templates.
//
// The JSON parsing lives here (services may use Boost.JSON and read files); the rules that turn
// the standards into templates are pure and live in core/checklist/standards.hpp.
//
// Where the files are is the caller's business (the app resolves its data directory; the default
// layout is <data-dir>/standards/<file>). The loaded templates are immutable values: load once at
// start-up and share them read-only.
//
// Thread-safety: free functions without shared state.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/checklist/checklist.hpp"
#include "core/checklist/standards.hpp"
#include "core/error.hpp"

namespace safegrid::services {

inline constexpr std::string_view kMem10StandardFile = "gongmao_major_hazard_mem10_2023.json";
inline constexpr std::string_view kFireStandardFile = "fire_inspection_small_workshops.json";

// Parses the two files' contents. Errors: not JSON / wrong shape → kMalformed
// "checklist_data_malformed" (`internal` names the file, item and field); content that would make a
// wrong checklist → kMalformed "checklist_data_invalid" (see BuildChecklistTemplates).
Result<std::vector<checklist::Template>> ParseChecklistTemplates(std::string_view mem10_json,
                                                                 std::string_view fire_json);

// Reads kMem10StandardFile and kFireStandardFile from `standards_dir` and parses them. A missing or
// unreadable file → kInternal "checklist_data_missing" (a broken deployment, not bad input).
Result<std::vector<checklist::Template>> LoadChecklistTemplates(const std::filesystem::path& standards_dir);

}  // namespace safegrid::services
