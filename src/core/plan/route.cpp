#include "core/plan/route.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

namespace safegrid {
namespace {

double Radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// The distances between every pair of points: node 0 is the origin (the start point, or the fixed
// first stop), nodes 1..n the stops in their input order (the fixed first stop appears twice, at a
// distance 0 from node 0, which keeps the indexing simple).
class DistanceTable {
  public:
    DistanceTable(const std::vector<GeoPoint>& stops, const RouteOrigin& origin) : n_(stops.size() + 1) {
        std::vector<GeoPoint> nodes;
        nodes.reserve(n_);
        nodes.push_back(origin.start ? *origin.start : stops[origin.first_stop]);
        nodes.insert(nodes.end(), stops.begin(), stops.end());
        d_.assign(n_ * n_, 0.0);
        for (size_t i = 0; i < n_; ++i) {
            for (size_t j = i + 1; j < n_; ++j) d_[i * n_ + j] = d_[j * n_ + i] = HaversineMeters(nodes[i], nodes[j]);
        }
    }
    [[nodiscard]] double operator()(size_t a, size_t b) const { return d_[a * n_ + b]; }

  private:
    size_t n_;
    std::vector<double> d_;
};

// The path as table nodes: node 0 (origin) followed by stop i as node i + 1.
std::vector<size_t> NearestNeighbourNodes(const std::vector<GeoPoint>& stops, const RouteOrigin& origin,
                                          const DistanceTable& d) {
    const size_t n = stops.size();
    std::vector<bool> visited(n, false);
    std::vector<size_t> path{0};
    path.reserve(n + 1);
    size_t at = 0;
    if (!origin.start) {
        visited[origin.first_stop] = true;
        path.push_back(origin.first_stop + 1);
        at = origin.first_stop + 1;
    }
    while (path.size() < n + 1) {
        size_t best = n;
        for (size_t i = 0; i < n; ++i) {
            if (!visited[i] && (best == n || d(at, i + 1) < d(at, best + 1))) best = i;
        }
        visited[best] = true;
        path.push_back(best + 1);
        at = best + 1;
    }
    return path;
}

// First-improvement 2-opt on an open path whose first `fixed` nodes stay in place: reversing
// path[i..j] replaces the edges (i−1, i) and (j, j+1) by (i−1, j) and (i, j+1); the last node has
// no successor, so a reversal reaching the end only swaps one edge.
void TwoOpt(std::vector<size_t>& path, size_t fixed, const DistanceTable& d) {
    // Only a gain above a millimetre counts: rounding noise must not loop forever.
    constexpr double kMinGain = 1e-3;
    const size_t last = path.size() - 1;
    for (int pass = 0; pass < kMaxTwoOptPasses; ++pass) {
        bool improved = false;
        for (size_t i = fixed; i < last; ++i) {
            for (size_t j = i + 1; j <= last; ++j) {
                const double before = d(path[i - 1], path[i]) + (j < last ? d(path[j], path[j + 1]) : 0.0);
                const double after = d(path[i - 1], path[j]) + (j < last ? d(path[i], path[j + 1]) : 0.0);
                if (after + kMinGain < before) {
                    std::reverse(path.begin() + static_cast<std::ptrdiff_t>(i),
                                 path.begin() + static_cast<std::ptrdiff_t>(j) + 1);
                    improved = true;
                }
            }
        }
        if (!improved) return;
    }
}

std::vector<size_t> StopsOf(const std::vector<size_t>& path) {
    std::vector<size_t> order;
    order.reserve(path.size() - 1);
    for (size_t k = 1; k < path.size(); ++k) order.push_back(path[k] - 1);
    return order;
}

}  // namespace

double HaversineMeters(GeoPoint a, GeoPoint b) {
    const double dlat = Radians(b.lat - a.lat);
    const double dlng = Radians(b.lng - a.lng);
    const double s = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(Radians(a.lat)) * std::cos(Radians(b.lat)) * std::sin(dlng / 2) * std::sin(dlng / 2);
    return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(s)));
}

Route MeasureRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin, std::vector<size_t> order) {
    Route route;
    route.order = std::move(order);
    route.legs_m.reserve(route.order.size());
    std::optional<GeoPoint> at = origin.start;
    for (size_t index : route.order) {
        const double leg = at ? HaversineMeters(*at, stops[index]) : 0.0;
        route.legs_m.push_back(leg);
        route.total_m += leg;
        at = stops[index];
    }
    return route;
}

Route NearestNeighbourRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin) {
    if (stops.empty()) return {};
    const DistanceTable d(stops, origin);
    return MeasureRoute(stops, origin, StopsOf(NearestNeighbourNodes(stops, origin, d)));
}

Route ShortWalkingRoute(const std::vector<GeoPoint>& stops, const RouteOrigin& origin) {
    if (stops.empty()) return {};
    const DistanceTable d(stops, origin);
    std::vector<size_t> path = NearestNeighbourNodes(stops, origin, d);
    Route nearest = MeasureRoute(stops, origin, StopsOf(path));
    // Node 0 is the origin; without a start point the chosen first stop (node 1) stays first too.
    TwoOpt(path, origin.start ? 1 : 2, d);
    Route improved = MeasureRoute(stops, origin, StopsOf(path));
    // The promise holds by construction (only shortening moves); measured the same way, keep it exact.
    return improved.total_m <= nearest.total_m ? improved : nearest;
}

}  // namespace safegrid
