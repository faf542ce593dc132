#include "services/map_service.hpp"

#include <gtest/gtest.h>

#include <set>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

Boundary Square(double lng, double lat) {
    return Boundary{false, {GeoPolygon{{{lng, lat}, {lng + 0.01, lat}, {lng + 0.01, lat + 0.01}, {lng, lat}}}}};
}

class MapServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        map_ = std::make_unique<MapService>(w_->store->shared());
        // Positions for three of the four enterprises; ent2a stays unplaced.
        Place(w_->ent1a, 30.01, 121.01);
        Place(w_->ent1b, 30.02, 121.02);
        Place(w_->ent_other, 30.5, 121.5);
        SetBoundary(w_->grid1a, Square(121.0, 30.0));
        SetBoundary(w_->grid2a, Square(121.1, 30.1));
        SetBoundary(w_->other_grid, Square(121.5, 30.5));
        // ent1a: two open (rectifying, submitted), one closed, one reported; ent1b: one open.
        Hazard(w_->ent1a, w_->grid1a, w_->village1, w_->town, "rectifying");
        Hazard(w_->ent1a, w_->grid1a, w_->village1, w_->town, "submitted");
        Hazard(w_->ent1a, w_->grid1a, w_->village1, w_->town, "closed");
        Hazard(w_->ent1a, w_->grid1a, w_->village1, w_->town, "reported");
        Hazard(w_->ent1b, w_->grid1b, w_->village1, w_->town, "rectifying");
    }

    void Place(int64_t enterprise, double lat, double lng) {
        w_->store->Exec("UPDATE enterprises SET lat = ?, lng = ? WHERE id = ?", {lat, lng, enterprise});
    }
    void SetBoundary(int64_t region, const Boundary& b) {
        auto current = w_->regions->Get(w_->admin, region);
        ASSERT_TRUE(current);
        RegionPatch patch;
        patch.boundary = b;
        auto updated = w_->regions->Update(nullptr, region, current->version, patch);
        ASSERT_TRUE(updated) << updated.error().id;
    }
    void Hazard(int64_t enterprise, int64_t grid, int64_t village, int64_t town, const std::string& status) {
        w_->store->Exec(
            "INSERT INTO hazards (town_id, village_id, grid_id, enterprise_id, source, title, severity, status, "
            "found_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'staff', 't', 'general', ?, 1, 1, 1)",
            {town, village, grid, enterprise, status});
    }

    static std::set<int64_t> EnterpriseIds(const MapLayers& l) {
        std::set<int64_t> out;
        for (const auto& e : l.enterprises) out.insert(e.id);
        return out;
    }
    static std::set<int64_t> BoundaryIds(const MapLayers& l) {
        std::set<int64_t> out;
        for (const auto& b : l.boundaries) out.insert(b.region_id);
        return out;
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<MapService> map_;
};

TEST_P(MapServiceTest, TownSeesItsPositionedEnterprisesWithOpenHazardCounts) {
    auto layers = map_->Layers(w_->town_officer, std::nullopt);
    ASSERT_TRUE(layers) << layers.error().id;
    EXPECT_EQ(EnterpriseIds(*layers), (std::set<int64_t>{w_->ent1a, w_->ent1b}));  // ent2a has no position
    for (const auto& e : layers->enterprises) {
        if (e.id == w_->ent1a) {
            EXPECT_EQ(e.open_hazards, 2);
            EXPECT_DOUBLE_EQ(e.lat, 30.01);
            EXPECT_DOUBLE_EQ(e.lng, 121.01);
            EXPECT_EQ(e.name, "慈溪市宏达服饰有限公司");
            EXPECT_FALSE(e.risk_level.empty());
        } else {
            EXPECT_EQ(e.open_hazards, 1);
        }
    }
    EXPECT_FALSE(layers->enterprises_truncated);
    EXPECT_EQ(BoundaryIds(*layers), (std::set<int64_t>{w_->grid1a, w_->grid2a}));
    for (const auto& b : layers->boundaries) {
        EXPECT_EQ(b.kind, RegionKind::kGrid);
        EXPECT_EQ(b.boundary.rfind(R"({"type":"Polygon")", 0), 0u) << b.boundary;
    }
}

TEST_P(MapServiceTest, VillageAndInspectorSeeOnlyTheirPart) {
    auto village = map_->Layers(w_->village_officer, std::nullopt);
    ASSERT_TRUE(village);
    EXPECT_EQ(EnterpriseIds(*village), (std::set<int64_t>{w_->ent1a, w_->ent1b}));
    EXPECT_EQ(BoundaryIds(*village), (std::set<int64_t>{w_->grid1a}));
    auto inspector = map_->Layers(w_->inspector, std::nullopt);
    ASSERT_TRUE(inspector);
    EXPECT_EQ(EnterpriseIds(*inspector), (std::set<int64_t>{w_->ent1a}));
    EXPECT_EQ(BoundaryIds(*inspector), (std::set<int64_t>{w_->grid1a}));
    auto admin = map_->Layers(w_->admin, std::nullopt);
    ASSERT_TRUE(admin);
    EXPECT_EQ(EnterpriseIds(*admin), (std::set<int64_t>{w_->ent1a, w_->ent1b, w_->ent_other}));
    EXPECT_EQ(BoundaryIds(*admin), (std::set<int64_t>{w_->grid1a, w_->grid2a, w_->other_grid}));
}

TEST_P(MapServiceTest, ARegionNarrowsToItsSubtree) {
    auto grid = map_->Layers(w_->town_officer, w_->grid1b);
    ASSERT_TRUE(grid);
    EXPECT_EQ(EnterpriseIds(*grid), (std::set<int64_t>{w_->ent1b}));
    EXPECT_TRUE(grid->boundaries.empty());
    auto village = map_->Layers(w_->town_officer, w_->village2);
    ASSERT_TRUE(village);
    EXPECT_TRUE(village->enterprises.empty());
    EXPECT_EQ(BoundaryIds(*village), (std::set<int64_t>{w_->grid2a}));
}

TEST_P(MapServiceTest, ARegionOutsideTheScopeIsNotFound) {
    EXPECT_EQ(map_->Layers(w_->town_officer, w_->other_grid).error().code, Code::kNotFound);
    EXPECT_EQ(map_->Layers(w_->village_officer, w_->village2).error().code, Code::kNotFound);
    EXPECT_EQ(map_->Layers(w_->inspector, w_->grid1b).error().code, Code::kNotFound);
    EXPECT_EQ(map_->Layers(w_->admin, 999999).error().code, Code::kNotFound);
}

TEST_P(MapServiceTest, TheEnterpriseRoleHasNoMap) {
    EXPECT_EQ(map_->Layers(w_->enterprise_user, std::nullopt).error().code, Code::kForbidden);
}

TEST_P(MapServiceTest, TheEnterpriseLayerIsCutAtItsCapAndSaysSo) {
    // Cheaper than 5,000 real enterprises: copies of one row, straight into the table.
    const int64_t copies = kMapMaxEnterprises;
    w_->store->Exec(
        "INSERT INTO enterprises (town_id, village_id, grid_id, name, credit_code, lat, lng, created_at, updated_at) "
        "SELECT town_id, village_id, grid_id, name, credit_code || CAST(n AS TEXT), lat, lng, 1, 1 FROM enterprises, "
        "(WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < ?) SELECT n FROM c) AS copies "
        "WHERE enterprises.id = ?",
        {copies, w_->ent1a});
    auto layers = map_->Layers(w_->town_officer, std::nullopt);
    ASSERT_TRUE(layers);
    EXPECT_EQ(std::ssize(layers->enterprises), kMapMaxEnterprises);
    EXPECT_TRUE(layers->enterprises_truncated);
    EXPECT_EQ(layers->enterprises.front().id, w_->ent1a);  // lowest ids first
}

INSTANTIATE_TEST_SUITE_P(Stores, MapServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
