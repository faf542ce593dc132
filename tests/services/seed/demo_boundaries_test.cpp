#include "services/seed/demo_boundaries.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <random>

#include "services/map_service.hpp"
#include "services/registry_world.hpp"
#include "services/user_service.hpp"
#include "support/fake_clock.hpp"
#include "support/test_store.hpp"

namespace safegrid::services::seed {
namespace {

// Ray casting: true when p lies strictly inside the closed ring (points on an edge may go either way).
bool Inside(const GeoRing& ring, GeoPosition p) {
    bool in = false;
    for (size_t i = 0, j = ring.size() - 2; i + 1 < ring.size(); j = i++) {
        const GeoPosition& a = ring[i];
        const GeoPosition& b = ring[j];
        if ((a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]) in = !in;
    }
    return in;
}

TEST(DemoBoundaries, PaddedHullHoldsEveryPointAndIsAValidBoundary) {
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> offset(-0.006, 0.006);
    for (int round = 0; round < 20; ++round) {
        std::vector<GeoPosition> points;
        for (int i = 0; i < 3 + round; ++i) points.push_back({121.33 + offset(rng), 30.17 + offset(rng)});
        auto ring = PaddedHull(points, kDemoBoundaryPaddingDeg);
        ASSERT_TRUE(ring);
        ASSERT_TRUE(CheckBoundary(Boundary{false, {GeoPolygon{*ring}}})) << round;
        for (const GeoPosition& p : points) EXPECT_TRUE(Inside(*ring, p)) << round;
    }
}

TEST(DemoBoundaries, OneOrTwoPlacesGetAPaddedRectangle) {
    EXPECT_FALSE(PaddedHull({}, kDemoBoundaryPaddingDeg));
    for (const std::vector<GeoPosition>& points :
         std::vector<std::vector<GeoPosition>>{{{121.3, 30.1}},
                                               {{121.3, 30.1}, {121.3, 30.1}},
                                               {{121.3, 30.1}, {121.31, 30.11}},
                                               {{121.3, 30.1}, {121.31, 30.1}, {121.32, 30.1}}}) {
        auto ring = PaddedHull(points, kDemoBoundaryPaddingDeg);
        ASSERT_TRUE(ring);
        EXPECT_TRUE(CheckBoundary(Boundary{false, {GeoPolygon{*ring}}}));
        for (const GeoPosition& p : points) EXPECT_TRUE(Inside(*ring, p));
    }
}

class DemoBoundariesTest : public ::testing::TestWithParam<test::Backend> {};

TEST_P(DemoBoundariesTest, TheFirstVillagesGridsGetBoundariesAroundTheirEnterprises) {
    auto store = test::TestStore::Open(GetParam());
    if (!store) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    test::FakeClock clock;
    auto db = store->shared();
    AuditService audit(db, clock);
    RegionService regions(db, clock, audit);
    BuildingService buildings(db, clock, audit);
    EnterpriseService enterprises(db, clock, audit, test::DefaultRiskPolicy());
    UserService users(db, clock, audit);
    SeedDeps deps{*db, regions, buildings, enterprises, users};
    const std::vector<VillageSource> villages = {{"330282110201", "王家埭村委会"}, {"330282110202", "石人山村委会"}};
    auto town = SeedDemoTown(deps, villages, 60, 20260101);
    ASSERT_TRUE(town) << town.error().id << " " << town.error().internal;

    // village1 sees the boundaries of its grids on the map, and every marker inside its own grid.
    const int64_t village1 = store->QueryInt("SELECT village_id FROM regions WHERE id = ?", {town->inspector1_grid_id});
    const Principal officer = test::MakeCaller(3, Role::kVillage, {Scope::Level::kVillage, village1});
    MapService map(db);
    auto layers = map.Layers(officer, std::nullopt);
    ASSERT_TRUE(layers);
    const int64_t grids_with_enterprises = store->QueryInt(
        "SELECT COUNT(DISTINCT grid_id) FROM enterprises WHERE village_id = ? AND lat IS NOT NULL", {village1});
    ASSERT_GT(grids_with_enterprises, 0);
    EXPECT_EQ(std::ssize(layers->boundaries), grids_with_enterprises);
    for (const auto& b : layers->boundaries) {
        auto region = regions.Get(officer, b.region_id);
        ASSERT_TRUE(region);
        EXPECT_EQ(region->kind, RegionKind::kGrid);
        EXPECT_EQ(region->boundary, b.boundary);
    }
    // The other village's grids have none.
    EXPECT_EQ(store->QueryInt("SELECT COUNT(*) FROM regions WHERE boundary IS NOT NULL"), grids_with_enterprises);
    // Each enterprise lies inside its grid's polygon: read the ring back from the canonical text.
    for (const auto& e : layers->enterprises) {
        const int64_t grid = store->QueryInt("SELECT grid_id FROM enterprises WHERE id = ?", {e.id});
        bool found = false;
        for (const auto& b : layers->boundaries) {
            if (b.region_id != grid) continue;
            found = true;
            // "[[[lng,lat],...]]": parse the numbers in order.
            GeoRing ring;
            const char* s = b.boundary.c_str() + b.boundary.find("[[[") + 3;
            while (*s != '\0') {
                char* end = nullptr;
                const double lng = std::strtod(s, &end);
                const double lat = std::strtod(end + 1, &end);
                ring.push_back({lng, lat});
                s = end;
                while (*s == ']' || *s == ',' || *s == '[' || *s == '}') ++s;
            }
            EXPECT_TRUE(Inside(ring, {e.lng, e.lat})) << e.name;
        }
        EXPECT_TRUE(found) << e.name;
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, DemoBoundariesTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services::seed
