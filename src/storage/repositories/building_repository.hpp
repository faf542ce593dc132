// SQL for the buildings table (0002_registry.sql, facts of 0015_building_facts.sql). Stateless: each method runs on the
// connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/enterprise/building_rules.hpp"
#include "core/enterprise/enterprise.hpp"
#include "core/error.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct BuildingQuery {
    std::vector<PathFilter> filters;  // ANDed: the caller's scope, the region asked for
    std::optional<std::string> q;     // substring of name or address
    int64_t offset = 0;
    int64_t limit = 20;
};

class BuildingRepository {
  public:
    explicit BuildingRepository(Connection& conn) : conn_(conn) {}

    // Inserts `b` (its id ignored; version 1) and returns the new id.
    Result<int64_t> Insert(const Building& b);
    // `town` (the caller's, TownLimit::FromScope) keeps the read on one town's shard.
    Result<std::optional<Building>> FindById(int64_t id, const TownLimit& town = TownLimit::Any());
    // Ordered by id; the page and the total under the same WHERE.
    Result<std::pair<std::vector<Building>, int64_t>> List(const BuildingQuery& query);
    // Writes every mutable field; version = expected + 1. False when missing or stale.
    Result<bool> Update(const Building& b, int64_t expected_version);
    // building id → what the 群租厂房 / 三合一 rules need of its tenants (absent = no tenant), one query.
    Result<std::map<int64_t, BuildingTenants>> TenantFacts(const std::vector<int64_t>& building_ids,
                                                           const TownLimit& town = TownLimit::Any());
    // The ids of every enterprise in the building, ordered (no scope: the caller has checked the building).
    Result<std::vector<int64_t>> TenantIds(int64_t building_id);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
