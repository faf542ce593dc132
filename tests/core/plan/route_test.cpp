#include "core/plan/route.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numbers>
#include <numeric>
#include <random>

namespace safegrid {
namespace {

// 匡堰镇 is about here; a grid spans a few kilometres.
constexpr GeoPoint kTown{30.18, 121.32};

std::vector<GeoPoint> RandomPoints(std::mt19937& rng, size_t n, double span_deg) {
    std::uniform_real_distribution<double> off(-span_deg, span_deg);
    std::vector<GeoPoint> out;
    for (size_t i = 0; i < n; ++i) out.push_back({kTown.lat + off(rng), kTown.lng + off(rng)});
    return out;
}

bool IsPermutation(std::vector<size_t> order, size_t n) {
    std::sort(order.begin(), order.end());
    std::vector<size_t> all(n);
    std::iota(all.begin(), all.end(), 0);
    return order == all;
}

TEST(Haversine, KnownDistances) {
    EXPECT_DOUBLE_EQ(HaversineMeters(kTown, kTown), 0.0);
    // One degree of latitude is about 111.2 km on the mean sphere.
    EXPECT_NEAR(HaversineMeters({30.0, 121.0}, {31.0, 121.0}), 111'195.0, 5.0);
    // Beijing (39.9042, 116.4074) – Shanghai (31.2304, 121.4737): about 1,067 km.
    EXPECT_NEAR(HaversineMeters({39.9042, 116.4074}, {31.2304, 121.4737}), 1'067'000.0, 3'000.0);
    // Symmetric, and antipodes are half the circumference.
    EXPECT_DOUBLE_EQ(HaversineMeters({1, 2}, {3, 4}), HaversineMeters({3, 4}, {1, 2}));
    EXPECT_NEAR(HaversineMeters({0, 0}, {0, 180}), std::numbers::pi * kEarthRadiusMeters, 1.0);
}

TEST(Route, EmptyAndSingleStops) {
    EXPECT_TRUE(ShortWalkingRoute({}, {}).order.empty());
    const Route one = ShortWalkingRoute({kTown}, {});
    ASSERT_EQ(one.order, std::vector<size_t>{0});
    EXPECT_EQ(one.legs_m, std::vector<double>{0.0}) << "no start: the first stop's leg is 0";
    const Route from_start = ShortWalkingRoute({kTown}, {.start = GeoPoint{30.19, 121.32}});
    EXPECT_NEAR(from_start.legs_m.at(0), 1112.0, 2.0);
    EXPECT_DOUBLE_EQ(from_start.total_m, from_start.legs_m[0]);
}

TEST(Route, WithoutStartTheChosenFirstStopStaysFirst) {
    std::mt19937 rng(7);
    for (int round = 0; round < 50; ++round) {
        const auto stops = RandomPoints(rng, 2 + rng() % 20, 0.02);
        const size_t first = rng() % stops.size();
        const Route r = ShortWalkingRoute(stops, {.first_stop = first});
        ASSERT_EQ(r.order.front(), first);
        EXPECT_EQ(r.legs_m.front(), 0.0);
    }
}

TEST(Route, StopsOnALineAreWalkedInLineOrder) {
    // Shuffled points on one meridian, start at the south end: the route goes straight north.
    std::vector<GeoPoint> stops;
    for (int i : {5, 2, 8, 1, 7, 3, 6, 4}) stops.push_back({30.0 + i * 0.001, 121.0});
    const Route r = ShortWalkingRoute(stops, {.start = GeoPoint{30.0, 121.0}});
    std::vector<double> lats;
    for (size_t i : r.order) lats.push_back(stops[i].lat);
    EXPECT_TRUE(std::is_sorted(lats.begin(), lats.end()));
    EXPECT_NEAR(r.total_m, HaversineMeters({30.0, 121.0}, {30.008, 121.0}), 0.01);
}

TEST(Route, TwoOptShortensTypicalNearestNeighbourRoutes) {
    // Nearest neighbour leaves long legs back across the grid; on random sets of 30 stops 2-opt
    // should shorten most routes, and by a few per cent on average (it is the point of the step).
    std::mt19937 rng(11);
    int shorter = 0;
    double nn_sum = 0, best_sum = 0;
    for (int round = 0; round < 50; ++round) {
        const auto stops = RandomPoints(rng, 30, 0.02);
        const RouteOrigin origin{.start = RandomPoints(rng, 1, 0.02).front()};
        const double nn = NearestNeighbourRoute(stops, origin).total_m;
        const double best = ShortWalkingRoute(stops, origin).total_m;
        shorter += best < nn - 1.0;
        nn_sum += nn;
        best_sum += best;
    }
    EXPECT_GT(shorter, 35);
    EXPECT_LT(best_sum, nn_sum * 0.97);
}

// The contract's promise: never longer than nearest neighbour over the same stops, with random
// point sets of every size, with and without a start point; the legs add up to the total and each
// leg is the distance between the points it joins.
TEST(Route, NeverLongerThanNearestNeighbourOnRandomPointSets) {
    std::mt19937 rng(20261206);
    for (int round = 0; round < 400; ++round) {
        const size_t n = 1 + rng() % 60;
        const double span = round % 4 == 0 ? 0.0005 : 0.03;  // some crowded sets, with near-ties
        auto stops = RandomPoints(rng, n, span);
        if (round % 5 == 0 && n > 2) stops[1] = stops[0];  // duplicates happen (one building, two tenants)
        RouteOrigin origin;
        if (rng() % 2) {
            origin.start = RandomPoints(rng, 1, span).front();
        } else {
            origin.first_stop = rng() % n;
        }
        const Route nn = NearestNeighbourRoute(stops, origin);
        const Route r = ShortWalkingRoute(stops, origin);
        ASSERT_TRUE(IsPermutation(r.order, n)) << "round " << round;
        ASSERT_LE(r.total_m, nn.total_m) << "round " << round << ", " << n << " stops";
        ASSERT_EQ(r.legs_m.size(), n);
        EXPECT_NEAR(std::accumulate(r.legs_m.begin(), r.legs_m.end(), 0.0), r.total_m, 1e-6);
        for (size_t k = 1; k < n; ++k) {
            EXPECT_DOUBLE_EQ(r.legs_m[k], HaversineMeters(stops[r.order[k - 1]], stops[r.order[k]]));
        }
        EXPECT_DOUBLE_EQ(r.legs_m[0], origin.start ? HaversineMeters(*origin.start, stops[r.order[0]]) : 0.0);
    }
}

TEST(Route, NearestNeighbourTakesTheNearestNext) {
    std::mt19937 rng(3);
    const auto stops = RandomPoints(rng, 30, 0.02);
    const Route nn = NearestNeighbourRoute(stops, {.start = kTown});
    std::vector<bool> visited(stops.size(), false);
    GeoPoint at = kTown;
    for (size_t index : nn.order) {
        for (size_t i = 0; i < stops.size(); ++i) {
            if (!visited[i]) EXPECT_LE(HaversineMeters(at, stops[index]), HaversineMeters(at, stops[i]));
        }
        visited[index] = true;
        at = stops[index];
    }
}

}  // namespace
}  // namespace safegrid
