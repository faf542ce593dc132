// seed-demo --towns N: a county of N towns, each seeded like the demo town, and the county login.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "services/auth_service.hpp"
#include "services/hazard_service.hpp"
#include "services/registry_world.hpp"
#include "services/seed/demo_history.hpp"
#include "services/seed/seed_demo.hpp"
#include "services/stats_service.hpp"
#include "services/user_service.hpp"
#include "support/fake_clock.hpp"
#include "support/source_tree.hpp"
#include "support/test_store.hpp"

namespace safegrid::services::seed {
namespace {

using test::Backend;

constexpr int64_t kEnterprises = 40;
constexpr int64_t kHazards = 120;

TEST(ReadCixiTowns, ReadsTheRealTownsOfTheCountyWithTheirVillages) {
    auto towns = ReadCixiTowns((test::SourceTreeDir() / "data/regions/cn_divisions_cixi_330282_2023.csv").string());
    ASSERT_TRUE(towns) << towns.error().internal;
    ASSERT_GE(towns->size(), 20U);
    EXPECT_EQ(towns->front().name, "宗汉街道");
    bool kuangyan = false;
    for (const auto& t : *towns) {
        EXPECT_FALSE(t.villages.empty()) << t.name;
        EXPECT_EQ(t.code.substr(0, 6), "330282") << t.name;
        kuangyan = kuangyan || t.name == "匡堰镇";
    }
    EXPECT_TRUE(kuangyan);
}

class SeedCountyTest : public ::testing::TestWithParam<Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        auto db = store_->shared();
        audit_ = std::make_unique<AuditService>(db, clock_);
        regions_ = std::make_unique<RegionService>(db, clock_, *audit_);
        buildings_ = std::make_unique<BuildingService>(db, clock_, *audit_);
        enterprises_ = std::make_unique<EnterpriseService>(db, clock_, *audit_, test::DefaultRiskPolicy());
        users_ = std::make_unique<UserService>(db, clock_, *audit_);
        hazards_ = std::make_unique<HazardService>(db, clock_, *audit_, *enterprises_);
        stats_ = std::make_unique<StatsService>(db, clock_);
        checklists_ = std::make_unique<ChecklistService>(db, clock_, *audit_);
        ASSERT_TRUE(checklists_->LoadFromDirectory(test::StandardsDir()));
    }

    // The same calls as seed-demo --towns 3 with small sizes.
    void SeedThreeTowns() {
        SeedDeps deps{store_->db(), *regions_, *buildings_, *enterprises_, *users_};
        auto county = SeedDemoCounty(deps);
        ASSERT_TRUE(county) << county.error().id;
        county_ = *county;
        const std::vector<TownSource> towns = {
            {"330282110000", "匡堰镇", {{"330282110201", "王家埭村委会"}, {"330282110202", "石人山村委会"}}},
            {"330282002000", "宗汉街道", {{"330282002002", "曙光社区"}, {"330282002003", "马家路居委会"}}},
            {"330282003000", "坎墩街道", {{"330282003001", "坎墩社区"}}}};
        HistoryDeps history{store_->db(), *hazards_, clock_, checklists_->List(), {}, [&](int64_t) { ++batches_; }};
        for (size_t i = 0; i < towns.size(); ++i) {
            TownPlacement where{i == 0, i == 0 ? "" : towns[i].name, i == 0 ? "" : towns[i].code, county_,
                                i == 0 ? "" : "t0" + std::to_string(i + 1) + "-"};
            auto town = SeedDemoTownIn(deps, towns[i].villages, kEnterprises, 7 + i, where);
            ASSERT_TRUE(town) << town.error().id << " " << town.error().internal;
            auto written = SeedDemoHistory(history, *town, kHazards, 7 + i);
            ASSERT_TRUE(written) << written.error().internal;
            hazards_written_ += written->hazards;
        }
        ASSERT_TRUE(SeedDemoCountyUser(deps, county_));
    }

    int64_t Count(const std::string& sql, std::initializer_list<storage::Value> params = {}) {
        return store_->QueryInt(sql, params);
    }

    test::FakeClock clock_;
    std::unique_ptr<test::TestStore> store_;
    std::unique_ptr<AuditService> audit_;
    std::unique_ptr<RegionService> regions_;
    std::unique_ptr<BuildingService> buildings_;
    std::unique_ptr<EnterpriseService> enterprises_;
    std::unique_ptr<UserService> users_;
    std::unique_ptr<HazardService> hazards_;
    std::unique_ptr<StatsService> stats_;
    std::unique_ptr<ChecklistService> checklists_;
    int64_t county_ = 0, hazards_written_ = 0, batches_ = 0;
};

TEST_P(SeedCountyTest, ThreeTownsUnderOneCountyWithTheirOwnLogins) {
    ASSERT_NO_FATAL_FAILURE(SeedThreeTowns());
    EXPECT_EQ(Count("SELECT COUNT(*) FROM regions WHERE kind = 'county'"), 1);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM regions WHERE kind = 'town' AND parent_id = ?", {county_}), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM enterprises"), 3 * kEnterprises);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM hazards"), hazards_written_);
    EXPECT_GE(hazards_written_, 3 * kHazards);
    EXPECT_EQ(Count("SELECT COUNT(DISTINCT town_id) FROM hazards"), 3);
    EXPECT_GT(batches_, 0);  // the progress callback heard of every batch
    // The first town keeps today's logins; the others are prefixed; one admin.
    EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE username IN ('town', 't02-town', 't03-town')"), 3);
    EXPECT_EQ(Count("SELECT COUNT(*) FROM users WHERE role = 'admin'"), 1);
    EXPECT_EQ(
        Count("SELECT COUNT(*) FROM users WHERE username = 'county' AND role = 'county' AND region_id = ?", {county_}),
        1);

    // The county login sees all three towns: every hazard, and the statistics by town add up.
    std::vector<int64_t> towns;
    for (int64_t i = 1; i <= 3; ++i) {
        towns.push_back(
            Count("SELECT id FROM regions WHERE kind = 'town' AND parent_id = ? ORDER BY id LIMIT 1 OFFSET " +
                      std::to_string(i - 1),
                  {county_}));
    }
    const Principal county = test::MakeCaller(
        Count("SELECT id FROM users WHERE username = 'county'"), Role::kCounty,
        ResolveScope(Role::kCounty, county_, std::nullopt, storage::RegionInfo{"county", county_, towns}));
    auto page = hazards_->List(county, {});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->total, hazards_written_);
    auto overview = stats_->Overview(county, std::nullopt);
    auto rows = stats_->Regions(county, std::nullopt);
    ASSERT_TRUE(overview && rows);
    EXPECT_EQ(overview->hazards.total, hazards_written_);
    EXPECT_EQ(overview->enterprises.total, 3 * kEnterprises);
    ASSERT_EQ(rows->size(), 3U);
    int64_t sum = 0;
    for (const auto& row : *rows) {
        EXPECT_EQ(row.region.kind, RegionKind::kTown);
        sum += row.figures.hazards.total;
    }
    EXPECT_EQ(sum, overview->hazards.total);
}

INSTANTIATE_TEST_SUITE_P(Stores, SeedCountyTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services::seed
