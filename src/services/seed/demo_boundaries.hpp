// `safegrid seed-demo`: boundaries for the first village's grids, so the map page's grid layer has
// something to draw on a demo town. Each grid's polygon is the convex hull of its seeded enterprises,
// pushed out by kDemoBoundaryPaddingDeg (about 50 m) so the markers sit inside, not on, the edge;
// a grid with fewer than three distinct positions gets its padded bounding rectangle. The demo
// places enterprises at random around their village, not by grid, so neighbouring grids' polygons
// overlap: they are sketches from data, not surveyed borders.
// Written through RegionService::Update (validated, audited) as the system.
//
// Thread-safety: single-threaded; run once on a freshly seeded town.
#pragma once

#include <cstdint>
#include <vector>

#include "core/error.hpp"
#include "core/region/boundary.hpp"
#include "services/seed/seed_demo.hpp"

namespace safegrid::services::seed {

inline constexpr double kDemoBoundaryPaddingDeg = 0.0005;

// The padded hull of `points` ([lng, lat]) as one closed ring; nullopt when there are no points.
std::optional<GeoRing> PaddedHull(std::vector<GeoPosition> points, double padding);

// Sets a boundary on every grid of the village that holds `first_grid_id` and has positioned
// enterprises. Returns how many grids got one.
Result<int64_t> SeedDemoBoundaries(const SeedDeps& deps, int64_t first_grid_id);

}  // namespace safegrid::services::seed
