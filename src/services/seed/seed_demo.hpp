// `safegrid seed-demo`: writes the demo town (demo_town.hpp) into an empty store through the
// application services, so every row passes the same validation and is audited like any other.
// The demo users of CONTRACT.md: admin, town, village1 (officer of the first village), inspector1
// (the first grid of that village), enterprise1 (the contact of an enterprise in that grid); plus
// villageN and inspectorN for the other villages and grids. All with the password demo1234.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "services/building_service.hpp"
#include "services/enterprise_service.hpp"
#include "services/region_service.hpp"
#include "services/seed/demo_town.hpp"
#include "services/user_service.hpp"

namespace safegrid::services::seed {

inline constexpr const char* kDemoPassword = "demo1234";

struct SeedDeps {
    storage::Database& db;
    RegionService& regions;
    BuildingService& buildings;
    EnterpriseService& enterprises;
    UserService& users;
};

// A seeded user who signs inspections: its id and the person's name.
struct DemoStaff {
    int64_t user_id = 0;
    std::string name;
};

struct SeedSummary {
    int64_t town_id = 0;
    // What the history (demo_history.hpp) builds on: who inspects each grid, and where the demo
    // users inspector1 and enterprise1 act.
    std::map<int64_t, DemoStaff> grid_inspectors;  // grid id → its inspector
    int64_t inspector1_grid_id = 0;
    int64_t enterprise1_id = 0;
    int64_t villages = 0;
    int64_t grids = 0;
    int64_t buildings = 0;
    int64_t enterprises = 0;
    int64_t users = 0;
};

// Reads the village units of 匡堰镇 (code 330282110…) from the division CSV of shared/data/regions.
Result<std::vector<VillageSource>> ReadKuangyanVillages(const std::string& csv_path);

// REQUIRES: the store holds no region yet (else 409 "not_empty").
Result<SeedSummary> SeedDemoTown(const SeedDeps& deps, const std::vector<VillageSource>& villages, int64_t enterprises,
                                 uint64_t seed);

}  // namespace safegrid::services::seed
