// The 群租厂房 / 三合一 rules of DOMAIN.md (§2.1 GA 703, §2.7, §7 item 2), computed from a building's
// facts and its tenants. The server sends the result with every building as `warnings`; the web
// shows them and never re-implements them.
//
// ONE table (kRules in building_rules.cpp): each row a code, its condition, its message (zh/en) and
// its legal basis. A warning names a duty or a prohibition the town should check on site; it is not
// a determination (a 重大火灾隐患 is still judged by the inspector under GB 35181).
//
// GA 703-2007 A.1.2 thresholds: building height > 15 m, area > 2,000 m² or more than 20 people
// sleeping → the sleeping part needs full fire separation and its own escape; below them A.1.3
// (alarms, sprinklers, auxiliary escape). An unknown height or area does not trigger the threshold
// (the sleeper count alone still may); the town records the fact to get the stricter warning.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/enterprise/enterprise.hpp"
#include "core/error.hpp"

namespace safegrid {

inline constexpr double kGa703HeightM = 15;
inline constexpr double kGa703AreaM2 = 2000;
inline constexpr int64_t kGa703Sleepers = 20;

// What the rules need to know of a building's tenants (the enterprises whose building_id names it).
struct BuildingTenants {
    int64_t count = 0;
    int64_t hazardous_chemicals = 0;  // tenants tagged hazardous_chemicals
};

struct BuildingWarning {
    std::string code;  // stable, snake_case
    Text message;
    std::string rule;  // the legal basis, as the instrument and article are cited
};

// In the table's order; empty when no rule applies.
std::vector<BuildingWarning> BuildingWarnings(const Building& building, const BuildingTenants& tenants);

}  // namespace safegrid
