#include "storage/repositories/scorecard_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

// 镇 → 村1 (网格 1a: 甲, 乙; 网格 1b: 丙), 村2 (网格 2a: 丁); another town with one village.
class ScorecardRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village1_ = store_->AddVillage(town_, "村1");
        grid1a_ = store_->AddGrid(town_, village1_, "网格1a");
        grid1b_ = store_->AddGrid(town_, village1_, "网格1b");
        village2_ = store_->AddVillage(town_, "村2");
        grid2a_ = store_->AddGrid(town_, village2_, "网格2a");
        e1a_ = store_->AddEnterprise(town_, village1_, grid1a_, "甲");
        e1a2_ = store_->AddEnterprise(town_, village1_, grid1a_, "乙");
        e1b_ = store_->AddEnterprise(town_, village1_, grid1b_, "丙");
        e2a_ = store_->AddEnterprise(town_, village2_, grid2a_, "丁");
        other_town_ = store_->AddTown("观海卫镇");
        other_village_ = store_->AddVillage(other_town_, "卫东村");
    }

    // November 2026 in China.
    static ScorecardWindow November() {
        const auto p = *scorecard::ParsePeriod("2026-11");
        ScorecardWindow w{p.FirstDay(), p.EndDay(), p.YearFirstDay(), p.Start(8 * 3600), p.End(8 * 3600), 0};
        w.due_before = w.end;
        return w;
    }

    void Inspect(int64_t village, int64_t grid, int64_t enterprise, const char* kind, const char* at) {
        store_->Exec(
            "INSERT INTO inspections (town_id, village_id, grid_id, enterprise_id, checklist_id, kind, at, created_at) "
            "VALUES (?, ?, ?, ?, 'fire-small-workshop', ?, ?, 0)",
            {town_, village, grid, enterprise, std::string(kind), *ParseRfc3339(at)});
    }
    void Building(int64_t village, int64_t grid, const char* landlord, std::vector<int64_t> tenants) {
        store_->Exec(
            "INSERT INTO buildings (town_id, village_id, grid_id, name, landlord_name, created_at, updated_at) "
            "VALUES (?, ?, ?, '厂房', ?, 0, 0)",
            {town_, village, grid, std::string(landlord)});
        const int64_t id = store_->QueryInt("SELECT MAX(id) FROM buildings");
        for (int64_t t : tenants) store_->Exec("UPDATE enterprises SET building_id = ? WHERE id = ?", {id, t});
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village1_ = 0, grid1a_ = 0, grid1b_ = 0, village2_ = 0, grid2a_ = 0;
    int64_t e1a_ = 0, e1a2_ = 0, e1b_ = 0, e2a_ = 0, other_town_ = 0, other_village_ = 0;
};

TEST_P(ScorecardRepositoryTest, CountsEachVillagesFiguresInTheWindow) {
    Inspect(village1_, grid1a_, e1a_, "routine", "2026-11-03T02:00:00Z");
    Inspect(village1_, grid1a_, e1a_, "routine", "2026-11-04T02:00:00Z");     // the same enterprise again
    Inspect(village1_, grid1b_, e1b_, "routine", "2026-10-31T15:59:59Z");     // October in China
    Inspect(village2_, grid2a_, e2a_, "self_check", "2026-10-31T16:00:00Z");  // 1 November in China
    Building(village1_, grid1a_, "王房东", {e1a_, e1a2_});
    Building(village1_, grid1b_, "", {e1b_});
    Building(village2_, grid2a_, "", {});  // no tenants: not a rented building
    auto figures = store_->db().Read([&](Connection& c) {
        return ScorecardRepository(c).VillageFigures({{PathFilter::Column::kTown, town_}}, November());
    });
    ASSERT_TRUE(figures) << figures.error().internal;
    const auto& v1 = (*figures)[village1_];
    EXPECT_EQ(v1.enterprises, 3);
    EXPECT_EQ(v1.inspected, 1);
    EXPECT_EQ(v1.rented_buildings, 2);
    EXPECT_EQ(v1.registered_buildings, 1);
    const auto& v2 = (*figures)[village2_];
    EXPECT_EQ(v2.enterprises, 1);
    EXPECT_EQ(v2.inspected, 1);
    EXPECT_EQ(v2.rented_buildings, 0);
    EXPECT_FALSE(figures->count(other_village_));

    auto enterprise = store_->db().Read([&](Connection& c) {
        return ScorecardRepository(c).EnterpriseFigures({{PathFilter::Column::kVillage, village2_}}, November());
    });
    ASSERT_TRUE(enterprise);
    EXPECT_EQ((*enterprise)[e2a_].self_checks, 1);
    EXPECT_FALSE(enterprise->count(e1a_));  // outside the filter
}

TEST_P(ScorecardRepositoryTest, ManualEntriesAreReplacedAndReadPerTown) {
    auto put = [&](int64_t town, int64_t subject, const char* code, double points, int64_t at) {
        return store_->db().Transact(true, [&](Connection& c) {
            return ScorecardRepository(c).PutManual({town, "village", "2026-11", subject, code, points, 2, at});
        });
    };
    ASSERT_TRUE(put(town_, village1_, "VIL-01", 6, 100));
    ASSERT_TRUE(put(town_, village1_, "VIL-01", 7.5, 200));  // replaces
    ASSERT_TRUE(put(other_town_, other_village_, "VIL-01", 3, 100));
    auto mine =
        store_->db().Read([&](Connection& c) { return ScorecardRepository(c).Manual("village", "2026-11", town_); });
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_DOUBLE_EQ((mine->at({village1_, "VIL-01"})), 7.5);
    auto all = store_->db().Read(
        [&](Connection& c) { return ScorecardRepository(c).Manual("village", "2026-11", std::nullopt); });
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 2u);
    auto found = store_->db().Read(
        [&](Connection& c) { return ScorecardRepository(c).FindManual("village", "2026-11", village1_, "VIL-01"); });
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->entered_at, 200);
    auto other_month =
        store_->db().Read([&](Connection& c) { return ScorecardRepository(c).Manual("village", "2026-10", town_); });
    ASSERT_TRUE(other_month);
    EXPECT_TRUE(other_month->empty());
}

INSTANTIATE_TEST_SUITE_P(Stores, ScorecardRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
