#include "core/enterprise/risk.hpp"

#include <algorithm>

#include "core/hazard/deadline.hpp"

namespace safegrid {

std::string_view RiskLevelName(RiskLevel level) {
    switch (level) {
        case RiskLevel::kBlue:
            return "blue";
        case RiskLevel::kYellow:
            return "yellow";
        case RiskLevel::kOrange:
            return "orange";
        case RiskLevel::kRed:
            return "red";
    }
    return "blue";
}

std::optional<RiskLevel> ParseRiskLevel(std::string_view name) {
    for (RiskLevel level : {RiskLevel::kBlue, RiskLevel::kYellow, RiskLevel::kOrange, RiskLevel::kRed}) {
        if (RiskLevelName(level) == name) return level;
    }
    return std::nullopt;
}

void RiskFactors::AddHazard(HazardStatus status, Severity severity, std::optional<UnixSeconds> due_at,
                            UnixSeconds now) {
    if (IsOpenHazard(status)) ++(severity == Severity::kMajor ? open_major_hazards : open_general_hazards);
    if (IsOverdue(status, due_at, now)) ++overdue_hazards;
}

RiskAssessment AssessRisk(const RiskFactors& f) {
    RiskAssessment out;
    auto fire = [&](bool condition, RiskLevel level, const char* reason) {
        if (!condition) return;
        out.level = std::max(out.level, level);
        out.reasons.emplace_back(reason);
    };
    const TagSet& t = f.tags;
    fire(t.Has(Tag::kHazardousChemicals) && t.Has(Tag::kThreeInOne), RiskLevel::kRed,
         "hazardous_chemicals_three_in_one");
    fire(f.open_major_hazards > 0, RiskLevel::kRed, "open_major_hazard");
    fire(t.Has(Tag::kThreeInOne) && t.Has(Tag::kGroupRented), RiskLevel::kOrange, "three_in_one_group_rented");
    fire(t.Has(Tag::kHazardousChemicals) && t.Has(Tag::kGroupRented), RiskLevel::kOrange,
         "hazardous_chemicals_group_rented");
    fire(t.Has(Tag::kDust) && t.Has(Tag::kGroupRented), RiskLevel::kOrange, "dust_group_rented");
    fire(f.overdue_hazards > 0, RiskLevel::kOrange, "overdue_hazard");
    for (Tag tag : kAllTags) fire(t.Has(tag), RiskLevel::kYellow, TagName(tag).data());
    fire(f.open_general_hazards >= 3, RiskLevel::kYellow, "open_general_hazards");
    return out;
}

}  // namespace safegrid
