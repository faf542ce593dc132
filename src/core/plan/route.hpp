// The inspector's day as a walking route (CONTRACT "Risk grading and plans", GET /api/v1/plan):
// the order in which to visit a set of stops, and the straight-line length of each leg.
//
// METHOD: nearest neighbour, then 2-opt on the open path. Why this and not an exact tour: a
// day's plan has a handful to a few hundred stops, an exact travelling-salesman solution is
// exponential and gains little on foot between workshops of one grid, while nearest neighbour
// gives a sensible route in O(n²) and 2-opt removes its typical fault (the long leg back across
// the grid, crossing legs) in a few O(n²) passes. 2-opt starts FROM the nearest-neighbour order and
// only accepts a reversal that shortens the path, and the result is compared with the
// nearest-neighbour route at the end, so the route is never longer than nearest neighbour over
// the same stops (the contract's promise; tested with random point sets). Passes are capped
// (kMaxTwoOptPasses) so a pathological input cannot stall a request; the cap only stops
// improving, it never makes the route worse.
//
// Distances are great-circle (haversine) metres on a sphere of the mean Earth radius: the legs of
// a plan are straight lines, not streets, and are shown as such.
//
// The route starts at `start` when one is given (where the inspector stands; not a stop), else at a
// fixed first stop the caller picks (the plan's most urgent stop: red first, then score) with a
// leg of 0. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace safegrid {

struct GeoPoint {
    double lat = 0;  // degrees, −90..90
    double lng = 0;  // degrees, −180..180
};

inline constexpr double kEarthRadiusMeters = 6'371'008.8;  // IUGG mean radius
inline constexpr int kMaxTwoOptPasses = 64;

// Great-circle distance in metres.
double HaversineMeters(GeoPoint a, GeoPoint b);

// Where a route begins: at `start` (then every stop is free to be first), else at
// stops[first_stop], which stays first.
struct RouteOrigin {
    std::optional<GeoPoint> start;
    size_t first_stop = 0;  // used when start is absent; must be < stops.size() when stops exist
};

struct Route {
    std::vector<size_t> order;   // indices into the stops, each exactly once
    std::vector<double> legs_m;  // legs_m[i]: from the previous stop (or the start) to order[i]
    double total_m = 0;          // the sum of legs_m
};

// The legs of visiting `stops` in `order` from `origin` (first leg 0 without a start point).
Route MeasureRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin, std::vector<size_t> order);

// Always the nearest unvisited stop next (ties: the lower index).
Route NearestNeighbourRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin);

// Nearest neighbour improved by 2-opt (see METHOD); total_m ≤ NearestNeighbourRoute's.
Route ShortWalkingRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin);

}  // namespace safegrid
