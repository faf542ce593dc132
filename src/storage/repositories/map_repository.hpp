// SQL behind the map page's layers (GET /api/v1/map/layers): the positioned enterprises of a scope,
// their open hazards counted per enterprise, and the regions that have a boundary.
// Stateless: each method runs on the connection it is given, inside the caller's transaction.
//
// Every statement is the usual "one equality on a path column" (PathFilter) plus one predicate,
// so each is a range scan on an index the lists already use (enterprises_*, hazards_*_status,
// regions_town).
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "storage/db.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::storage {

struct MapEnterpriseRow {
    int64_t id = 0;
    std::string name;
    double lat = 0;
    double lng = 0;
    std::string risk_level;
};

struct MapBoundaryRow {
    int64_t region_id = 0;
    std::string name;
    std::string kind;
    std::string boundary;  // canonical GeoJSON text as stored
};

class MapRepository {
  public:
    explicit MapRepository(Connection& conn) : conn_(conn) {}

    // Enterprises matching every filter that have both lat and lng, ordered by id, at most `limit`.
    Result<std::vector<MapEnterpriseRow>> PositionedEnterprises(const std::vector<PathFilter>& filters, int64_t limit);
    // enterprise id → its open hazards (core's kOpenHazardStatuses), for the hazards matching every
    // filter; enterprises with none are absent. Public reports with no enterprise are not counted.
    Result<std::map<int64_t, int64_t>> OpenHazardsByEnterprise(const std::vector<PathFilter>& filters);
    // Regions matching every filter that have a boundary, ordered by id, at most `limit`.
    Result<std::vector<MapBoundaryRow>> Boundaries(const std::vector<PathFilter>& filters, int64_t limit);

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
