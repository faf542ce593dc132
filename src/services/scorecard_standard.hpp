// Reads the shared village_enterprise_star_rating.json (DOMAIN.md §2.7): the village items
// VIL-01..12 and enterprise items ENT-01..22 with their points, into core's ItemDefs. Nothing of
// the file is restated in code; which items the platform decides is core's table
// (core/scorecard/scorecard.hpp).
//
// Thread-safety: free functions without shared state.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/scorecard/scorecard.hpp"

namespace safegrid::services {

inline constexpr std::string_view kScorecardStandardFile = "village_enterprise_star_rating.json";

struct ScorecardStandard {
    std::vector<scorecard::ItemDef> village;
    std::vector<scorecard::ItemDef> enterprise;
    [[nodiscard]] const std::vector<scorecard::ItemDef>& Items(scorecard::Level level) const {
        return level == scorecard::Level::kVillage ? village : enterprise;
    }
};

// Not JSON or the wrong shape (each list non-empty; each item an "id" string and positive "points")
// → kMalformed "scorecard_standard_malformed" (`internal` says where).
Result<ScorecardStandard> ParseScorecardStandard(std::string_view json_text);
// Reads kScorecardStandardFile from `standards_dir`; a missing file → kInternal "scorecard_standard_missing".
Result<ScorecardStandard> LoadScorecardStandard(const std::filesystem::path& standards_dir);

}  // namespace safegrid::services
