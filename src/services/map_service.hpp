// The map page's layers (GET /api/v1/map/layers?region_id=): in one answer, for the caller's scope
// (or the region asked for, inside it),
//   - the enterprises that have a position, with their risk colour and their open hazards
//     (core's kOpenHazardStatuses: rectifying or submitted), counted server-side;
//   - the regions that have a boundary, with name and kind (the grid layer draws the grids; towns'
//     and villages' outlines come along when they have one).
// Who: admin, town, village, inspector (its grid or grids); the enterprise role has no map (403).
// A region outside the caller's scope, or no such region, is 404.
//
// Limits, so an answer stays a few megabytes at most: kMapMaxEnterprises enterprises (lowest ids
// first) and kMapMaxBoundaries boundaries, of at most kMapMaxBoundaryBytes of GeoJSON together;
// past either, that layer is cut and its `truncated` flag set (the page says so).
// Micro fire stations join here as a third layer once their API exists (CONTRACT "Training, micro
// fire stations"): stations in scope with lat/lng and radius_m.
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/region/region.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

inline constexpr int64_t kMapMaxEnterprises = 5000;
inline constexpr int64_t kMapMaxBoundaries = 500;
inline constexpr size_t kMapMaxBoundaryBytes = 4 * 1024 * 1024;

struct MapEnterprise {
    int64_t id = 0;
    std::string name;
    double lat = 0;
    double lng = 0;
    std::string risk_level;  // red | orange | yellow | blue, as stored
    int64_t open_hazards = 0;
};

struct MapBoundary {
    int64_t region_id = 0;
    std::string name;
    RegionKind kind = RegionKind::kGrid;
    std::string boundary;  // canonical GeoJSON text (core/region/boundary.hpp)
};

struct MapLayers {
    std::vector<MapEnterprise> enterprises;
    bool enterprises_truncated = false;
    std::vector<MapBoundary> boundaries;
    bool boundaries_truncated = false;
};

class MapService {
  public:
    explicit MapService(std::shared_ptr<storage::Database> db);

    Result<MapLayers> Layers(const Principal& caller, std::optional<int64_t> region_id);

  private:
    std::shared_ptr<storage::Database> db_;
};

}  // namespace safegrid::services
