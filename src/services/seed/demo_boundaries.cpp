#include "services/seed/demo_boundaries.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>

namespace safegrid::services::seed {
namespace {

double Cross(const GeoPosition& o, const GeoPosition& a, const GeoPosition& b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

// Andrew's monotone chain: the hull counter-clockwise, without repeating the first point.
std::vector<GeoPosition> ConvexHull(std::vector<GeoPosition> points) {
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    if (points.size() < 3) return points;
    std::vector<GeoPosition> hull(2 * points.size());
    size_t k = 0;
    for (const GeoPosition& p : points) {
        while (k >= 2 && Cross(hull[k - 2], hull[k - 1], p) <= 0) --k;
        hull[k++] = p;
    }
    for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
        while (k >= lower && Cross(hull[k - 2], hull[k - 1], points[i]) <= 0) --k;
        hull[k++] = points[i];
    }
    hull.resize(k - 1);
    return hull;
}

}  // namespace

std::optional<GeoRing> PaddedHull(std::vector<GeoPosition> points, double padding) {
    if (points.empty()) return std::nullopt;
    std::vector<GeoPosition> hull = ConvexHull(std::move(points));
    GeoRing ring;
    if (hull.size() < 3) {
        // One or two distinct places (or all on a line): their bounding rectangle, padded.
        double min_lng = hull[0][0], max_lng = hull[0][0], min_lat = hull[0][1], max_lat = hull[0][1];
        for (const GeoPosition& p : hull) {
            min_lng = std::min(min_lng, p[0]);
            max_lng = std::max(max_lng, p[0]);
            min_lat = std::min(min_lat, p[1]);
            max_lat = std::max(max_lat, p[1]);
        }
        min_lng -= padding, max_lng += padding, min_lat -= padding, max_lat += padding;
        ring = {{min_lng, min_lat}, {max_lng, min_lat}, {max_lng, max_lat}, {min_lng, max_lat}};
    } else {
        // Each vertex pushed away from the hull's centre: the padded polygon still contains the hull.
        double cx = 0, cy = 0;
        for (const GeoPosition& p : hull) cx += p[0], cy += p[1];
        cx /= static_cast<double>(hull.size());
        cy /= static_cast<double>(hull.size());
        for (const GeoPosition& p : hull) {
            const double dx = p[0] - cx, dy = p[1] - cy;
            const double d = std::hypot(dx, dy);
            ring.push_back(d > 0 ? GeoPosition{p[0] + dx / d * padding, p[1] + dy / d * padding} : p);
        }
    }
    ring.push_back(ring.front());
    return ring;
}

Result<int64_t> SeedDemoBoundaries(const SeedDeps& deps, int64_t first_grid_id) {
    struct Grid {
        int64_t version = 0;
        std::vector<GeoPosition> places;
    };
    std::map<int64_t, Grid> grids;
    SG_TRY(deps.db.Read([&](storage::Connection& c) -> Status {
        const std::array<storage::Value, 1> first = {first_grid_id};
        SG_ASSIGN_OR_RETURN(auto village, c.Query("SELECT village_id FROM regions WHERE id = ?", first));
        if (village.rows.empty()) return Internal("seed: the first grid is missing");
        const std::array<storage::Value, 1> v = {village.rows[0].Int(0)};
        SG_ASSIGN_OR_RETURN(auto rows,
                            c.Query("SELECT id, version FROM regions WHERE village_id = ? AND kind = 'grid'", v));
        for (const auto& row : rows.rows) grids[row.Int(0)].version = row.Int(1);
        SG_ASSIGN_OR_RETURN(auto places, c.Query("SELECT grid_id, lng, lat FROM enterprises WHERE village_id = ? "
                                                 "AND lat IS NOT NULL AND lng IS NOT NULL ORDER BY id",
                                                 v));
        for (const auto& row : places.rows) {
            auto grid = grids.find(row.Int(0));
            if (grid != grids.end()) grid->second.places.push_back({row.Double(1), row.Double(2)});
        }
        return {};
    }));
    int64_t written = 0;
    for (auto& [id, grid] : grids) {
        auto ring = PaddedHull(std::move(grid.places), kDemoBoundaryPaddingDeg);
        if (!ring) continue;
        RegionPatch patch;
        patch.boundary = Boundary{false, {GeoPolygon{std::move(*ring)}}};
        SG_TRY(deps.regions.Update(nullptr, id, grid.version, patch));
        ++written;
    }
    return written;
}

}  // namespace safegrid::services::seed
