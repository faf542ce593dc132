// A region's boundary (区域边界): a GeoJSON Polygon or MultiPolygon geometry (RFC 7946 §3.1.6-7),
// drawn on the map page's grid layer.
//
// The transport turns the request's JSON into a Boundary (positions as numbers, nothing else) and
// this file decides whether it is one the platform keeps:
//   - type Polygon or MultiPolygon (a Feature or other geometry is refused: send its "geometry");
//   - every polygon has at least one ring (outer first, then holes), every ring at least 4
//     positions and its last position equal to its first (closed);
//   - lng in [-180, 180], lat in [-90, 90], both finite;
//   - at most kBoundaryMaxPositions positions and kBoundaryMaxBytes of canonical text, so a
//     region's row and the map's answer stay bounded.
// Every failure is 422 on "boundary" with the reason. Ring orientation and self-intersection are
// not checked: the map draws either orientation, and a town's sketch need not be a survey.
//
// The canonical text (BoundaryGeoJson) is what the store keeps and the API returns: {"type","coordinates"}
// only, numbers in their shortest round-trip form, an altitude dropped.
//
// Pure; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace safegrid {

inline constexpr size_t kBoundaryMaxPositions = 10'000;
inline constexpr size_t kBoundaryMaxBytes = 256 * 1024;

using GeoPosition = std::array<double, 2>;  // [lng, lat], GeoJSON's order
using GeoRing = std::vector<GeoPosition>;   // closed: front() == back()
using GeoPolygon = std::vector<GeoRing>;    // outer ring, then holes
struct Boundary {
    bool multi = false;  // MultiPolygon (else exactly one polygon, a Polygon)
    std::vector<GeoPolygon> polygons;
};

// The reason every boundary failure names; `why` says what is wrong.
tl::unexpected<Error> InvalidBoundary(Text why);

// OK, or 422 on "boundary" naming the first rule broken (see above), size included.
Status CheckBoundary(const Boundary& boundary);

// {"type":"Polygon","coordinates":[[[lng,lat],...]]}: the canonical text; no validation.
std::string BoundaryGeoJson(const Boundary& boundary);

// CheckBoundary, then the canonical text (422 also when the text exceeds kBoundaryMaxBytes).
Result<std::string> CanonicalBoundary(const Boundary& boundary);

}  // namespace safegrid
