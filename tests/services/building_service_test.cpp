#include "services/building_service.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class BuildingServiceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        auto a = w_->buildings->Create(
            nullptr, {w_->grid1a, "王家厂房1幢", "匡堰镇高家村东路12号", "王芳", "13600000000", 4, 2400.5});
        auto b = w_->buildings->Create(nullptr, {w_->grid2a, "倡隆村标准厂房", "匡堰镇倡隆村中路8号", "", "", {}, {}});
        ASSERT_TRUE(a && b);
        building1a_ = a->building.id;
        building2a_ = b->building.id;
        // Two tenants of building1a (群租厂房).
        auto t1 = w_->Input(w_->grid1a, "慈溪市巧手绣花厂", 40);
        t1.building_id = building1a_;
        auto t2 = w_->Input(w_->grid1a, "慈溪市丽人童装厂", 41);
        t2.building_id = building1a_;
        auto c1 = w_->enterprises->Create(nullptr, t1);
        auto c2 = w_->enterprises->Create(nullptr, t2);
        ASSERT_TRUE(c1 && c2);
        tenant1_ = c1->id;
        tenant2_ = c2->id;
    }

    std::unique_ptr<RegistryWorld> w_;
    int64_t building1a_ = 0, building2a_ = 0, tenant1_ = 0, tenant2_ = 0;
};

TEST_P(BuildingServiceTest, GetShowsTheTenants) {
    auto view = w_->buildings->Get(w_->inspector, building1a_);
    ASSERT_TRUE(view) << view.error().id;
    EXPECT_EQ(view->building.name, "王家厂房1幢");
    EXPECT_EQ(view->building.path.village_id, w_->village1);
    EXPECT_EQ(view->building.floors, 4);
    EXPECT_EQ(view->building.area_m2, 2400.5);
    EXPECT_EQ(view->tenant_count, 2);
    ASSERT_EQ(view->tenants.size(), 2u);
    EXPECT_EQ(view->tenants[0].id, tenant1_);
    EXPECT_EQ(view->tenants[1].id, tenant2_);
}

TEST_P(BuildingServiceTest, ListIsScopedAndSearchable) {
    auto ids = [&](const Principal& who, BuildingListQuery q) {
        std::vector<int64_t> out;
        auto listed = w_->buildings->List(who, q);
        EXPECT_TRUE(listed);
        if (listed) {
            for (const auto& v : listed->first) out.push_back(v.building.id);
        }
        return out;
    };
    EXPECT_EQ(ids(w_->town_officer, {}), (std::vector<int64_t>{building1a_, building2a_}));
    EXPECT_EQ(ids(w_->village_officer, {}), (std::vector<int64_t>{building1a_}));
    EXPECT_EQ(ids(w_->other_inspector, {}), std::vector<int64_t>{});
    EXPECT_EQ(ids(w_->other_town_officer, {}), std::vector<int64_t>{});
    BuildingListQuery q;
    q.q = "倡隆";
    EXPECT_EQ(ids(w_->admin, q), (std::vector<int64_t>{building2a_}));
    q.q = "东路12";
    EXPECT_EQ(ids(w_->admin, q), (std::vector<int64_t>{building1a_}));
    q.q.reset();
    q.region_id = w_->village2;
    EXPECT_EQ(ids(w_->town_officer, q), (std::vector<int64_t>{building2a_}));
    EXPECT_EQ(w_->buildings->List(w_->village_officer, q).error().code, Code::kNotFound);
    auto listed = w_->buildings->List(w_->town_officer, {});
    ASSERT_TRUE(listed);
    EXPECT_EQ(listed->second, 2);
    EXPECT_EQ(listed->first[0].tenant_count, 2);
    EXPECT_EQ(listed->first[1].tenant_count, 0);
}

TEST_P(BuildingServiceTest, EnterprisesMayNotUseBuildings) {
    EXPECT_EQ(w_->buildings->List(w_->enterprise_user, {}).error().code, Code::kForbidden);
    EXPECT_EQ(w_->buildings->Get(w_->enterprise_user, building1a_).error().code, Code::kForbidden);
    EXPECT_EQ(w_->buildings->Create(&w_->enterprise_user, {w_->grid1a, "x", "", "", "", {}, {}}).error().code,
              Code::kForbidden);
    EXPECT_EQ(w_->buildings->Update(&w_->enterprise_user, building1a_, 1, {}).error().code, Code::kForbidden);
}

TEST_P(BuildingServiceTest, OutOfScopeReads404) {
    EXPECT_EQ(w_->buildings->Get(w_->other_inspector, building1a_).error().code, Code::kNotFound);
    EXPECT_EQ(w_->buildings->Get(w_->other_town_officer, building2a_).error().code, Code::kNotFound);
    EXPECT_EQ(w_->buildings->Get(w_->admin, 777777).error().code, Code::kNotFound);
    EXPECT_EQ(w_->buildings->Update(&w_->other_inspector, building1a_, 1, {}).error().code, Code::kNotFound);
}

TEST_P(BuildingServiceTest, CreateValidatesFieldsAndGrid) {
    auto bad = w_->buildings->Create(&w_->inspector, {w_->grid1b, "", "", "", "x", 0, -5.0});
    ASSERT_FALSE(bad);
    for (const char* f : {"name", "landlord_phone", "floors", "area_m2"}) EXPECT_TRUE(bad.error().fields.count(f)) << f;
    auto grid = w_->buildings->Create(&w_->inspector, {w_->grid1b, "厂房", "", "", "", {}, {}});
    ASSERT_FALSE(grid);
    EXPECT_TRUE(grid.error().fields.count("grid_id"));
    EXPECT_TRUE(grid.error().fields.size() == 1);
    auto missing = w_->buildings->Create(&w_->inspector, {std::nullopt, "厂房", "", "", "", {}, {}});
    EXPECT_TRUE(missing.error().fields.count("grid_id"));
    auto ok = w_->buildings->Create(&w_->inspector, {w_->grid1a, "厂房B", "", "", "", 2, {}});
    ASSERT_TRUE(ok);
    EXPECT_EQ(w_->AuditCount("building"), 3);
}

TEST_P(BuildingServiceTest, UpdateKeepsTheGridAndChecksTheVersion) {
    BuildingPatch p;
    p.landlord_phone = "0574-63200000";
    p.floors = std::optional<int64_t>();  // cleared
    EXPECT_TRUE(w_->buildings->Update(&w_->inspector, building1a_, std::nullopt, p).error().fields.count("version"));
    EXPECT_EQ(w_->buildings->Update(&w_->inspector, building1a_, 9, p).error().code, Code::kConflict);
    auto ok = w_->buildings->Update(&w_->inspector, building1a_, 1, p);
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->building.version, 2);
    EXPECT_FALSE(ok->building.floors);
    EXPECT_EQ(ok->tenants.size(), 2u);
    BuildingPatch move;
    move.grid_id = w_->grid1b;
    EXPECT_TRUE(w_->buildings->Update(&w_->town_officer, building1a_, 2, move).error().fields.count("grid_id"));
    move.grid_id = w_->grid1a;
    EXPECT_TRUE(w_->buildings->Update(&w_->town_officer, building1a_, 2, move));
    EXPECT_EQ(w_->AuditCount("building"), 4);
}

std::vector<std::string> WarningCodes(const BuildingView& view) {
    std::vector<std::string> codes;
    for (const BuildingWarning& w : view.warnings) codes.push_back(w.code);
    return codes;
}

TEST_P(BuildingServiceTest, ViewsCarryTheRulesWarnings) {
    auto view = w_->buildings->Get(w_->inspector, building1a_);
    ASSERT_TRUE(view);
    EXPECT_EQ(WarningCodes(*view), std::vector<std::string>{"group_rented"});  // two tenants, nobody sleeping
    BuildingPatch p;
    p.people_sleeping = 6;
    p.area_m2 = 800.0;  // below every GA 703 threshold
    auto edited = w_->buildings->Update(&w_->inspector, building1a_, 1, p);
    ASSERT_TRUE(edited);
    EXPECT_EQ(WarningCodes(*edited), (std::vector<std::string>{"group_rented", "three_in_one", "ga703_alarms_escape"}));
    // The list computes the same rules from the same facts; a building with no tenants has none.
    auto listed = w_->buildings->List(w_->town_officer, {});
    ASSERT_TRUE(listed);
    EXPECT_EQ(WarningCodes(listed->first[0]), WarningCodes(*edited));
    EXPECT_TRUE(listed->first[1].warnings.empty());
    // Over 15 m: full separation is required instead.
    BuildingPatch high;
    high.height_m = 18.0;
    auto tall = w_->buildings->Update(&w_->inspector, building1a_, 2, high);
    ASSERT_TRUE(tall);
    EXPECT_EQ(tall->building.height_m, 18.0);
    EXPECT_EQ(WarningCodes(*tall), (std::vector<std::string>{"group_rented", "three_in_one", "ga703_full_separation"}));
    // Once the dormitory is separated, only the prohibition itself remains.
    BuildingPatch separated;
    separated.sleeping_separated = true;
    auto apart = w_->buildings->Update(&w_->inspector, building1a_, 3, separated);
    ASSERT_TRUE(apart);
    EXPECT_EQ(WarningCodes(*apart), (std::vector<std::string>{"group_rented", "three_in_one"}));
}

TEST_P(BuildingServiceTest, NegativeCountsAre422OnTheFieldAndWriteNothing) {
    BuildingPatch p;
    p.people_sleeping = -1;
    p.height_m = -3.0;
    auto bad = w_->buildings->Update(&w_->inspector, building1a_, 1, p);
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, Code::kValidation);
    EXPECT_TRUE(bad.error().fields.count("people_sleeping"));
    EXPECT_TRUE(bad.error().fields.count("height_m"));
    EXPECT_EQ(w_->buildings->Get(w_->admin, building1a_)->building.version, 1);
    NewBuilding in{w_->grid1a, "宿舍楼", "", "", "", {}, {}};
    in.people_sleeping = -4;
    auto created = w_->buildings->Create(&w_->inspector, in);
    ASSERT_FALSE(created);
    EXPECT_TRUE(created.error().fields.count("people_sleeping"));
    EXPECT_EQ(w_->AuditCount("building"), 2);  // the fixture's two only
}

TEST_P(BuildingServiceTest, PeopleSleepingRegradesEveryTenantInTheSameTransaction) {
    // No industry, no head count, no training: 42 + 21 + 18 = 81, yellow (core risk policy).
    ASSERT_EQ(w_->enterprises->Get(w_->admin, tenant1_)->risk_score, 81);
    BuildingPatch p;
    p.people_sleeping = 25;  // more than GA 703's 20: L1 E10 C15 = 150 → 231, orange
    auto edited = w_->buildings->Update(&w_->town_officer, building1a_, 1, p);
    ASSERT_TRUE(edited) << edited.error().id;
    for (int64_t tenant : {tenant1_, tenant2_}) {
        auto risk = w_->enterprises->Risk(w_->admin, tenant);
        ASSERT_TRUE(risk);
        EXPECT_EQ(risk->enterprise.risk_score, 231);
        EXPECT_EQ(risk->enterprise.risk_level, RiskLevel::kOrange);
        auto factor = std::find_if(risk->assessment.factors.begin(), risk->assessment.factors.end(),
                                   [](const RiskFactor& f) { return f.code == "people_sleeping"; });
        ASSERT_NE(factor, risk->assessment.factors.end());
        EXPECT_EQ(factor->points, 150);
        EXPECT_EQ(std::get<int64_t>(factor->value), 25);
        ASSERT_FALSE(risk->history.empty());
        EXPECT_EQ(risk->history[0].reason, "building.update:" + std::to_string(building1a_));
    }
    // The daily pass reads the same fact: nothing left to change.
    EXPECT_EQ(*w_->enterprises->RefreshAllRisk(), 0);
    // Nobody sleeping any more: back to blue.
    BuildingPatch none;
    none.people_sleeping = 0;
    ASSERT_TRUE(w_->buildings->Update(&w_->town_officer, building1a_, 2, none));
    EXPECT_EQ(w_->enterprises->Get(w_->admin, tenant1_)->risk_score, 81);
    // A building of another grid is untouched, and an enterprise moving into a building with
    // sleepers is graded with them at once (EnterpriseService reads the building).
    BuildingPatch other;
    other.people_sleeping = 3;
    ASSERT_TRUE(w_->buildings->Update(&w_->town_officer, building2a_, 1, other));
    auto in = w_->Input(w_->grid2a, "慈溪市新住宿服装厂", 42);
    in.building_id = building2a_;
    auto moved = w_->enterprises->Create(nullptr, in);
    ASSERT_TRUE(moved) << moved.error().id;
    EXPECT_EQ(moved->risk_score, 63 + 18 + 70);  // + 18: a new enterprise has no training
    EXPECT_EQ(*w_->enterprises->RefreshAllRisk(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, BuildingServiceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
