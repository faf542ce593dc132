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

namespace safegrid {

enum class Role { kAdmin, kTown, kVillage, kInspector, kEnterprise };

std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Where a row sits in the region tree. town_id is always set for scoped rows.
struct RegionPath {
    int64_t town_id = 0;
    std::optional<int64_t> village_id;
    std::optional<int64_t> grid_id;
};

// The part of the data a principal may see.
struct Scope {
    enum class Level { kAll, kTown, kVillage, kGrid, kEnterprise, kNone };
    Level level = Level::kNone;
    int64_t id = 0;  // the town/village/grid/enterprise id; unused for kAll and kNone
    // The town the scope lies in (0 when not known, and for kAll/kNone). Storage adds
    // `town_id = ?` next to a village/grid filter with it, so on a store distributed by town
    // (Citus, docs/scale.md) the statement runs on that town's shard alone.
    int64_t town_id = 0;

    static Scope All() { return {Level::kAll, 0}; }
    static Scope None() { return {Level::kNone, 0}; }

    // True when a row at `path`, belonging to `enterprise_id` (if any), is visible.
    [[nodiscard]] bool Contains(const RegionPath& path, std::optional<int64_t> enterprise_id) const;
    // True when the whole subtree of region `path` is visible (e.g. to list a region).
    [[nodiscard]] bool ContainsRegion(const RegionPath& path) const;
};

struct Principal {
    int64_t user_id = 0;
    std::string username;
    Role role = Role::kEnterprise;
    std::optional<int64_t> region_id;      // the user's region (town/village/grid)
    std::optional<int64_t> enterprise_id;  // for the enterprise role
    Scope scope;                           // resolved from role + region/enterprise at login
};

}  // namespace safegrid
