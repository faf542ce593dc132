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
// Micro fire stations (CONTRACT "Training, micro fire stations"), when a StationService is set: the
// stations in scope (same region filter) with lat/lng and radius_m (at most kMapMaxStations), and
// the coverage gaps of the same scope (enterprises outside every station's radius) by id, so the
// page can mark them; both computed by the station service, never on the page.
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

inline constexpr int64_t kMapMaxStations = 1000;

struct MapStation {
    int64_t id = 0;
    std::string name;
    std::string kind;
    double lat = 0;
    double lng = 0;
    int64_t radius_m = 0;
    int64_t missing = 0;   // items below the standard
    int64_t expiring = 0;  // items expiring within 30 days or expired
};

struct MapUncovered {
    int64_t enterprise_id = 0;
    std::optional<double> nearest_m;
};

class StationService;

struct MapLayers {
    std::vector<MapEnterprise> enterprises;
    bool enterprises_truncated = false;
    std::vector<MapBoundary> boundaries;
    bool boundaries_truncated = false;
    std::vector<MapStation> stations;
    bool stations_truncated = false;
    std::vector<MapUncovered> uncovered;
};

class MapService {
  public:
    explicit MapService(std::shared_ptr<storage::Database> db);

    // Set once at start-up (the station service is made after this one); unset → no station layers.
    void SetStations(StationService* stations) { stations_ = stations; }

    Result<MapLayers> Layers(const Principal& caller, std::optional<int64_t> region_id);

  private:
    Status AddStationLayers(const Principal& caller, std::optional<int64_t> region_id, MapLayers& out);

    std::shared_ptr<storage::Database> db_;
    StationService* stations_ = nullptr;
};

}  // namespace safegrid::services
