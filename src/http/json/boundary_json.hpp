// A region's "boundary" in a request body (a GeoJSON Polygon/MultiPolygon geometry object) → core
// Boundary, and the stored canonical text back to JSON. Hostile input: every shape mistake is 422 on
// "boundary" with the reason, never an exception; the walk stops at kBoundaryMaxPositions positions,
// so a large body costs no more than its parse. Fuzzed by tests/fuzz/boundary_fuzz.cpp.
//
// Accepted: {"type":"Polygon"|"MultiPolygon","coordinates":[...]} with numbers as positions
// ([lng, lat], an optional altitude is dropped); other members (bbox, crs) are ignored. The rules
// of the shape itself (closed rings, ranges, limits) are core's CheckBoundary.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "core/error.hpp"
#include "core/region/boundary.hpp"

namespace safegrid::http::json {

Result<Boundary> BoundaryFromJson(const boost::json::value& value);

// The stored canonical text as a JSON value; null when there is none (or, defensively, when it
// does not parse: the store holds only what the service wrote).
boost::json::value BoundaryToJson(const std::optional<std::string>& text);

}  // namespace safegrid::http::json
