// SQL for the regions table (0002_registry.sql), and PathFilter: the storage form of a scope or a
// region subtree, shared by the building and enterprise repositories.
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/region/region.hpp"
#include "storage/db.hpp"

namespace safegrid::storage {

// One equality on one path column, or no restriction (kAny), or no rows at all (kNothing).
// A list's WHERE is the AND of several (the caller's scope, then the region_id asked for).
// kCounty is not a column of its own: it is town_id among the county's towns (and the county's own
// region row, whose town_id is its id), written as a subquery on regions so the filter stays one value.
struct PathFilter {
    enum class Column { kAny, kTown, kVillage, kGrid, kId, kNothing, kCounty };
    Column column = Column::kAny;
    int64_t value = 0;
    // For kVillage/kGrid: the town of that village/grid when known (0 = not known). Then the
    // filter is `town_id = ? AND village_id = ?`, which keeps the statement on one town's shard
    // when the store is distributed by town (docs/scale.md).
    int64_t town = 0;

    static PathFilter Any() { return {Column::kAny, 0}; }
    static PathFilter Nothing() { return {Column::kNothing, 0}; }
    static PathFilter Id(int64_t id) { return {Column::kId, id}; }
    // The subtree of a region: its own level's column equals its id.
    // `town`, when known, is the region's town (see `town` above).
    static PathFilter Subtree(RegionKind kind, int64_t region_id, int64_t town = 0);
    // Town/village/grid scopes map to their column; kAll → kAny; kEnterprise and kNone → kNothing
    // (callers that let enterprises see rows add their own Id filter).
    static PathFilter FromScope(const Scope& scope);
};

// The condition of one filter other than kAny/kNothing with its columns prefixed by `prefix`
// (an alias and a dot, or empty) and `id_column` for kId: "<prefix>town_id = ?" or the county's
// "<prefix>town_id IN (SELECT ...)"; appends its parameters.
std::string PathFilterCondition(const PathFilter& f, std::string_view prefix, std::string_view id_column,
                                std::vector<Value>& params);
// Appends " AND <column> = ?" (or the constant for kAny/kNothing) for each filter.
void AppendPathFilters(const std::vector<PathFilter>& filters, std::string& where, std::vector<Value>& params);
// True when every filter names a place (or nothing/anything), so a per-place counter table with
// town_id/village_id/grid_id columns (hazard_counts, enterprise_counts) can answer it; false when
// one names a single row by id (the enterprise role's scope).
bool PathFiltersFitCounts(const std::vector<PathFilter>& filters);

// Escapes % _ and \ for a LIKE pattern with ESCAPE '\' and wraps it in %...%.
std::string LikeContains(std::string_view text);

class RegionRepository {
  public:
    explicit RegionRepository(Connection& conn) : conn_(conn) {}

    // Inserts `region` (its id ignored), then stores its own id at its own level of the path
    // (town_id for a town, village_id for a village, grid_id for a grid). Returns the new id.
    Result<int64_t> Insert(const Region& region);
    Result<std::optional<Region>> FindById(int64_t id);
    // Every region matching all filters, ordered by id.
    Result<std::vector<Region>> List(const std::vector<PathFilter>& filters);
    // Writes name, code and responsible; sets version = expected + 1 and updated_at.
    // False when the row is missing or its version is not `expected_version`.
    Result<bool> Update(const Region& region, int64_t expected_version);
    // users.town_id of a user (0 for admins); nullopt when there is no such user.
    Result<std::optional<int64_t>> UserTown(int64_t user_id);
    // The names of the given regions in one query (missing ids absent).
    Result<std::map<int64_t, std::string>> Names(const std::vector<int64_t>& ids);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
