#include "storage/maintenance.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class MaintenanceTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }
    std::unique_ptr<test::TestStore> store_;
};

TEST_P(MaintenanceTest, AnalyzeAllLeavesStatisticsTheQueryPlannerReads) {
    const int64_t town = store_->AddTown();
    const int64_t village = store_->AddVillage(town);
    const int64_t grid = store_->AddGrid(town, village);
    for (int i = 0; i < 5; ++i) store_->AddEnterprise(town, village, grid);
    ASSERT_TRUE(AnalyzeAll(store_->db()));
    if (GetParam() == test::Backend::kSqlite) {
        EXPECT_GT(store_->QueryInt("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'enterprises'"), 0);
    } else {
        // VACUUM (ANALYZE), run outside any transaction, shows in the table's statistics.
        EXPECT_EQ(store_->QueryInt("SELECT COUNT(*) FROM pg_stat_user_tables WHERE relname = 'enterprises' AND "
                                   "schemaname = current_schema() AND "
                                   "last_vacuum IS NOT NULL AND last_analyze IS NOT NULL"),
                  1);
    }
    ASSERT_TRUE(RefreshPlannerStatistics(store_->db()));
}

INSTANTIATE_TEST_SUITE_P(Stores, MaintenanceTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
