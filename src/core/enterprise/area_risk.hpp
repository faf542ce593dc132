// An area's colour on the town's four-colour risk map (区域风险, DOMAIN.md §2.6: "government draws
// red-orange-yellow-blue risk maps"): the colours of a village's or a grid's enterprises roll up to one.
//
// Rule: the highest colour any of its enterprises holds (就高原则, as area risk assessments grade a
// zone by its most dangerous source). Why not a share or an average: one red 三合一 workshop where
// people sleep is what the village officer must see first, however many blue neighbours it has; the
// counts by colour are shown beside the colour, so "one red among ninety" stays readable.
// An area without enterprises has no colour (nullopt), never a made-up blue.
//
// Pure; thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include "core/enterprise/risk.hpp"

namespace safegrid {

// counts: enterprises per colour, indexed by RiskLevel (blue, yellow, orange, red).
std::optional<RiskLevel> AreaRiskLevel(const std::array<int64_t, 4>& counts);

}  // namespace safegrid
