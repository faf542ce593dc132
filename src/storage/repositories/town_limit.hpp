// TownLimit: the towns a read by id (or by a parent's id) may return, taken from the caller's scope.
//
// Ids are unique across the province, so `WHERE id = ?` alone finds the row; but on a store
// distributed by town (Citus, docs/scale.md) it has to ask every town's shard. Naming the caller's
// town as well (`WHERE id = ? AND town_id = ?`) sends it to one shard. A row of another town then
// reads as not found, which is the contract's outside-scope answer (404) anyway; the service still
// checks the scope in full (village, grid, enterprise) after the read.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

struct TownLimit {
    enum class Kind { kAny, kTown, kCounty };
    Kind kind = Kind::kAny;
    int64_t id = 0;  // the town, or the county

    // No limit: admin and province callers, and the jobs that sweep every town.
    static TownLimit Any() { return {}; }
    static TownLimit Town(int64_t town) { return town != 0 ? TownLimit{Kind::kTown, town} : TownLimit{}; }
    // Town, village, grid and enterprise scopes carry their town; a county names its towns by a
    // subquery on regions (a reference table), as PathFilter's county filter does.
    static TownLimit FromScope(const Scope& scope) {
        if (scope.level == Scope::Level::kCounty) return {Kind::kCounty, scope.id};
        if (scope.level == Scope::Level::kAll) return Any();
        return Town(scope.town_id);
    }
    // The caller's limit; no caller (seeds, jobs, imports run as the system) reads any town.
    static TownLimit Of(const Principal* caller) { return caller ? FromScope(caller->scope) : Any(); }
    static TownLimit Of(const Principal& caller) { return FromScope(caller.scope); }
};

// " AND <prefix>town_id = ?" (or the county's IN) with its parameters appended; "" for kAny.
inline std::string TownCondition(const TownLimit& limit, std::string_view prefix, std::vector<Value>& params) {
    switch (limit.kind) {
        case TownLimit::Kind::kAny:
            return {};
        case TownLimit::Kind::kTown:
            params.emplace_back(limit.id);
            return std::string(" AND ").append(prefix).append("town_id = ?");
        case TownLimit::Kind::kCounty:
            params.emplace_back(limit.id);
            params.emplace_back(limit.id);
            return std::string(" AND ").append(prefix).append(
                "town_id IN (SELECT county_r.id FROM regions county_r WHERE county_r.id = ? OR "
                "(county_r.parent_id = ? AND county_r.kind = 'town'))");
    }
    return {};
}

}  // namespace safegrid::storage
