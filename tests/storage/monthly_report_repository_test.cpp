// The monthly report's reads agree with the core's rules on both stores: "overdue at T" (SQL in
// MonthlyReportRepository::AddOverdueAt, rule report::WasOverdueAt) on random hazards at many
// instants, and the snapshot table stores a report once per town and month.
#include "storage/repositories/monthly_report_repository.hpp"

#include <gtest/gtest.h>

#include <random>

#include "core/report/monthly.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

struct Hazard {
    std::optional<int64_t> grid;
    HazardStatus status = HazardStatus::kReported;
    std::optional<UnixSeconds> due_at;
    UnixSeconds found_at = 0;
    std::optional<UnixSeconds> closed_at;
};

class MonthlyReportRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grids_ = {store_->AddGrid(town_, village_), store_->AddGrid(town_, village_, "网格二")};
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0;
    std::vector<int64_t> grids_;
};

TEST_P(MonthlyReportRepositoryTest, OverdueAtAnInstantIsTheCoreRule) {
    std::mt19937 rng(20261206);
    const std::vector<UnixSeconds> instants = {1000, 1500, 2000, 2500, 3000};
    std::vector<Hazard> hazards;
    auto near = [&](UnixSeconds t) {
        return instants[rng() % instants.size()] + static_cast<int64_t>(rng() % 3) - 1 + t;
    };
    for (int i = 0; i < 200; ++i) {
        Hazard h;
        if (rng() % 4 != 0) h.grid = grids_[rng() % grids_.size()];
        h.status = kAllHazardStatuses[rng() % kAllHazardStatuses.size()];
        h.found_at = near(-500);
        if (rng() % 5 != 0) h.due_at = near(0);
        if (h.status == HazardStatus::kClosed) h.closed_at = near(0);
        hazards.push_back(h);
        store_->Exec(
            "INSERT INTO hazards (town_id, village_id, grid_id, source, title, severity, status, due_at, found_at, "
            "closed_at, created_at, updated_at) VALUES (?, ?, ?, 'staff', '隐患', 'general', ?, ?, ?, ?, 0, 0)",
            {town_, h.grid ? Value(village_) : Value(), Nullable(h.grid), std::string(HazardStatusName(h.status)),
             Nullable(h.due_at), h.found_at, Nullable(h.closed_at)});
    }
    for (UnixSeconds t : instants) {
        for (UnixSeconds at : {t - 1, t, t + 1}) {
            std::map<int64_t, int64_t> want;
            for (const auto& h : hazards) {
                if (report::WasOverdueAt(h.status, h.due_at, h.found_at, h.closed_at, at)) ++want[h.grid.value_or(0)];
            }
            auto got = store_->shared()->Transact(false, [&](Connection& c) -> Result<std::map<int64_t, PlaceCounts>> {
                std::map<int64_t, PlaceCounts> out;
                SG_TRY(MonthlyReportRepository(c).AddOverdueAt({PathFilter::Subtree(RegionKind::kVillage, village_)},
                                                               MonthlyReportRepository::Group::kGrid, at, out));
                SG_TRY(MonthlyReportRepository(c).AddOverdueAt({PathFilter::Subtree(RegionKind::kTown, town_)},
                                                               MonthlyReportRepository::Group::kVillage, at, out));
                return out;
            });
            ASSERT_TRUE(got) << got.error().internal;
            int64_t town_total = 0;
            for (const auto& [place, n] : want) town_total += n;
            for (int64_t grid : grids_) EXPECT_EQ((*got)[grid].overdue, want[grid]) << "grid at " << at;
            // The village row (town report) counts the village's grids and what sits at the town (0).
            EXPECT_EQ((*got)[village_].overdue, town_total - want[0]) << "village at " << at;
            EXPECT_EQ((*got)[0].overdue, want[0]) << "town level at " << at;
        }
    }
}

TEST_P(MonthlyReportRepositoryTest, AReportIsStoredOncePerTownAndMonth) {
    auto insert = [&](int64_t town, const std::string& period, const std::string& pdf) {
        return store_->shared()->Transact(
            true, [&](Connection& c) { return MonthlyReportRepository(c).InsertOnce(town, period, 100, pdf); });
    };
    const std::string pdf("%PDF-\0binary\xff", 13);
    auto first = insert(town_, "2026-11", pdf);
    ASSERT_TRUE(first && *first);
    auto again = insert(town_, "2026-11", "other");
    ASSERT_TRUE(again);
    EXPECT_FALSE(*again);
    auto next = insert(town_, "2026-10", pdf);
    ASSERT_TRUE(next && *next);
    auto found =
        store_->shared()->Transact(false, [&](Connection& c) { return MonthlyReportRepository(c).Find(**first); });
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->pdf, pdf);  // the bytes as stored, NUL and 0xff included
    EXPECT_EQ((*found)->size, 13);
    auto list = store_->shared()->Transact(false, [&](Connection& c) {
        return MonthlyReportRepository(c).List({PathFilter::Subtree(RegionKind::kTown, town_)}, 10);
    });
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].period, "2026-11");
    EXPECT_TRUE((*list)[0].pdf.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, MonthlyReportRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
