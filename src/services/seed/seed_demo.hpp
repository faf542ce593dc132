// `safegrid seed-demo`: writes the demo town (demo_town.hpp) into an empty store through the
// application services, so every row passes the same validation and is audited like any other.
// The demo users of CONTRACT.md: admin, town, village1 (officer of the first village), inspector1
// (the first grid of that village), enterprise1 (the contact of an enterprise in that grid); plus
// villageN and inspectorN for the other villages and grids. All with the password demo1234.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
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

// Where a town of a county demo (seed-demo --towns N) goes. The first town is today's demo town with
// its logins (admin, town, village1, ...); the others get the same accounts prefixed ("t02-town").
struct TownPlacement {
    bool first = true;                 // checks the store is empty and adds the admin
    std::string name;                  // empty: 匡堰镇
    std::string code;                  // with name
    std::optional<int64_t> county_id;  // the county the town sits under
    std::string user_prefix;           // "" for the first town
};

Result<SeedSummary> SeedDemoTownIn(const SeedDeps& deps, const std::vector<VillageSource>& villages,
                                   int64_t enterprises, uint64_t seed, const TownPlacement& where);

// The county 慈溪市 (code 330282000000) for seed-demo --towns; its id. Written before the first town.
Result<int64_t> SeedDemoCounty(const SeedDeps& deps);
// The demo login `county` (password demo1234), overseer of the county.
Status SeedDemoCountyUser(const SeedDeps& deps, int64_t county_id);

// A town of 慈溪市 and its village units, from the county's division CSV of shared/data/regions.
struct TownSource {
    std::string code;
    std::string name;
    std::vector<VillageSource> villages;
};

// The towns of 慈溪市 (level 4 under 330282000000) that have village units, in file order.
Result<std::vector<TownSource>> ReadCixiTowns(const std::string& csv_path);

}  // namespace safegrid::services::seed
