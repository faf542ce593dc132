// Who is calling, and what part of the town they may see.
//
// Every scoped row in the store carries its place in the region tree as three columns
// (town_id, village_id, grid_id; the deeper ones null when the row sits higher up) and,
// where it belongs to an enterprise, enterprise_id. A Scope is then one equality test on
// one of those columns, which the storage layer turns into a WHERE clause and the services
// use to decide reads and writes. Outside scope reads as 404.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace safegrid {

// kCounty oversees the towns under one county region: it reads all of them and changes nothing but
// its own account (ReadOnlyRole).
enum class Role { kAdmin, kTown, kVillage, kInspector, kEnterprise, kCounty };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
// Roles that may read their scope but write nothing except their own account (password, sessions).
[[nodiscard]] bool ReadOnlyRole(Role role);

// Where a row sits in the region tree. town_id is always set for scoped rows.
struct RegionPath {
    int64_t town_id = 0;
    std::optional<int64_t> village_id;
    std::optional<int64_t> grid_id;
};

// The part of the data a principal may see.
struct Scope {
    enum class Level { kAll, kTown, kVillage, kGrid, kEnterprise, kNone, kCounty };
    Level level = Level::kNone;
    int64_t id = 0;  // the town/village/grid/enterprise/county id; unused for kAll and kNone
    // The town the scope lies in (0 when not known, and for kAll/kNone/kCounty). Storage adds
    // `town_id = ?` next to a village/grid filter with it, so on a store distributed by town
    // (Citus, docs/scale.md) the statement runs on that town's shard alone.
    int64_t town_id = 0;
    // kCounty only: the towns under the county (resolved at login). A county is not a column of the
    // scoped rows (town_id is the shard key), so its scope is membership of town_id in this list.
    std::vector<int64_t> towns;

    static Scope All() { return {Level::kAll, 0}; }
    static Scope None() { return {Level::kNone, 0}; }
    static Scope County(int64_t county_id, std::vector<int64_t> town_ids) {
        return {Level::kCounty, county_id, 0, std::move(town_ids)};
    }

    // True when a row at `path`, belonging to `enterprise_id` (if any), is visible.
    [[nodiscard]] bool Contains(const RegionPath& path, std::optional<int64_t> enterprise_id) const;
    // True when the whole subtree of region `path` is visible (e.g. to list a region).
    [[nodiscard]] bool ContainsRegion(const RegionPath& path) const;
};

struct Principal {
    int64_t user_id = 0;
    std::string username;
    Role role = Role::kEnterprise;
    std::optional<int64_t> region_id;      // the user's region (county/town/village/grid)
    std::optional<int64_t> enterprise_id;  // for the enterprise role
    Scope scope;                           // resolved from role + region/enterprise at login
};

}  // namespace safegrid
