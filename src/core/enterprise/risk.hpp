// The four-colour risk grade of an enterprise (风险分级管控, DOMAIN.md §2.6): red 重大, orange 较大,
// yellow 一般, blue 低. It is computed, never entered: the API treats risk_level as read-only.
//
// INTERIM RULE (facts from the registry only; the hazard module adds its factors through the same
// struct, so the grade stays one pure function of one struct):
//   red     hazardous_chemicals together with three_in_one (people sleep beside chemicals);
//           or any open major hazard (重大事故隐患)
//   orange  three_in_one together with group_rented (the 群租厂房 "三合一" pattern the town fights);
//           hazardous_chemicals or dust in a group-rented building; or an overdue hazard
//   yellow  any of three_in_one, group_rented, hazardous_chemicals, dust, confined_space, key_unit;
//           or 3 or more open general hazards
//   blue    none of the above
// The highest band reached wins. The reasons list names every rule that fired, for the UI.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enterprise/tags.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"

namespace safegrid {

// Ordered from lowest to highest so the grade is a max over rules.
enum class RiskLevel : uint8_t { kBlue = 0, kYellow = 1, kOrange = 2, kRed = 3 };

std::string_view RiskLevelName(RiskLevel level);
std::optional<RiskLevel> ParseRiskLevel(std::string_view name);

struct RiskFactors {
    TagSet tags;
    // Filled by the hazard module (0 until it does), as AddHazard defines.
    int64_t open_major_hazards = 0;
    int64_t open_general_hazards = 0;
    int64_t overdue_hazards = 0;

    // The one definition of how a hazard of the enterprise counts: an open one (IsOpenHazard) by its
    // severity, an overdue one (IsOverdue) once more. The repository's aggregate query is built
    // from the same rules (HazardRepository::HazardFactors) and tested against this function.
    void AddHazard(HazardStatus status, Severity severity, std::optional<UnixSeconds> due_at, UnixSeconds now);
};

struct RiskAssessment {
    RiskLevel level = RiskLevel::kBlue;
    std::vector<std::string>
        reasons;  // stable snake_case codes of the rules that fired, e.g. "three_in_one_group_rented"
};

RiskAssessment AssessRisk(const RiskFactors& factors);
inline RiskLevel ComputeRiskLevel(const RiskFactors& factors) { return AssessRisk(factors).level; }

}  // namespace safegrid
