#include "core/enterprise/area_risk.hpp"

namespace safegrid {

std::optional<RiskLevel> AreaRiskLevel(const std::array<int64_t, 4>& counts) {
    for (RiskLevel level : {RiskLevel::kRed, RiskLevel::kOrange, RiskLevel::kYellow, RiskLevel::kBlue}) {
        if (counts[static_cast<size_t>(level)] > 0) return level;
    }
    return std::nullopt;
}

}  // namespace safegrid
