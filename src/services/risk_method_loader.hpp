// Reads the shared risk_grading_methods.json (the LEC value tables and D bands, DOMAIN.md §2.6)
// into core's LecTables and builds the risk method (core/enterprise/risk.hpp) from it. Nothing of
// the file is restated in code: the factor policy names L/E/C values, and MakeLecRiskMethod checks
// each is in the file's tables; the default colour bands are the file's D bands.
//
// D bands are read from each band's "range" ("D > 320", "160 < D ≤ 320", ...: the lower bound is
// the number before "< D" or after "D >"; a band without one, "D ≤ 20", is the floor) and its
// "four_colour" ("重大风险/红" → red; the colour character 红/橙/黄/蓝 decides).
//
// Thread-safety: free functions without shared state.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/enterprise/risk.hpp"
#include "core/error.hpp"

namespace safegrid::services {

inline constexpr std::string_view kRiskMethodsFile = "risk_grading_methods.json";

// Not JSON or the wrong shape → kMalformed "risk_method_malformed" (`internal` says where); tables
// the policy cannot use → kMalformed "risk_method_invalid" (MakeLecRiskMethod).
Result<RiskMethod> ParseRiskMethod(std::string_view json_text);
// Reads kRiskMethodsFile from `standards_dir`; a missing file → kInternal "risk_method_missing".
Result<RiskMethod> LoadRiskMethod(const std::filesystem::path& standards_dir);

}  // namespace safegrid::services
