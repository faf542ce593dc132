// 一企一档 and the buildings enterprises occupy (DOMAIN.md §2.7–2.8).
//
// A Building (厂房) sits in one grid and has a landlord; several enterprises may be its tenants
// (群租厂房). An Enterprise sits in one grid, optionally in one building of that same grid, and has
// a credit code unique within its town. Its risk grade is computed (core/enterprise/risk.hpp).
//
// Pure types and field rules; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/auth/principal.hpp"
#include "core/enterprise/risk.hpp"
#include "core/enterprise/tags.hpp"
#include "core/error.hpp"

namespace safegrid {

struct Building {
    int64_t id = 0;
    RegionPath path;  // always down to the grid
    std::string name;
    std::string address;
    std::string landlord_name;
    std::string landlord_phone;
    std::optional<int64_t> floors;
    std::optional<double> area_m2;
    // The facts of the 群租厂房 / 三合一 rules (core/enterprise/building_rules.hpp).
    int64_t people_sleeping = 0;      // people who sleep in the building; 0: nobody
    bool sleeping_separated = false;  // the sleeping part is fire-separated with its own escape (GA 703 A.1.2)
    std::optional<double> height_m;   // building height when known (GA 703's 15 m)
    bool sandwich_panels = false;     // built of combustible-core sandwich panels (GB 35181)
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

struct Enterprise {
    int64_t id = 0;
    RegionPath path;  // always down to the grid
    std::optional<int64_t> building_id;
    std::string name;
    std::string credit_code;  // canonical (NormalizeCreditCode), validated
    std::string address;
    std::string industry_code;  // GB/T 4754 code as the town writes it, e.g. "C1810"; may be empty
    std::optional<int64_t> employees;
    TagSet tags;
    std::optional<double> lat;
    std::optional<double> lng;
    std::string contact_name;
    std::string contact_phone;
    RiskLevel risk_level = RiskLevel::kBlue;
    // Computed with risk_level (core/enterprise/risk.hpp), stored so lists filter and sort on them.
    int64_t risk_score = 0;
    int64_t risk_computed_at = 0;
    std::optional<int64_t> last_inspected_at;         // the last inspection by staff (self-checks aside)
    std::optional<int64_t> last_inspection_failures;  // its failed items
    int64_t inspection_due_at = 0;                    // InspectionDueAt: due when before now
    int64_t version = 1;
    int64_t created_at = 0;
    int64_t updated_at = 0;
};

// Field limits, in code points.
inline constexpr size_t kMaxEnterpriseName = 200;
inline constexpr size_t kMaxAddress = 300;
inline constexpr size_t kMaxPersonName = 50;
inline constexpr size_t kMaxIndustryCode = 16;
inline constexpr int64_t kMaxEmployees = 10'000'000;
inline constexpr int64_t kMaxFloors = 200;
inline constexpr double kMaxAreaM2 = 10'000'000;
inline constexpr int64_t kMaxPeopleSleeping = 100'000;
inline constexpr double kMaxHeightM = 1000;

// Checks every field of a complete enterprise (after a PATCH is merged, the whole record is checked
// again, so a partial update can never leave an invalid row). Normalises text (trim) and the credit
// code in place. Scope and references (grid, building) are the service's business.
void ValidateEnterprise(Enterprise& e, Validation& v);
void ValidateBuilding(Building& b, Validation& v);

}  // namespace safegrid
