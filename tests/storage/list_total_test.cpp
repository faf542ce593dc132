// Issue 11 point 1: a list page and its total come back in one statement. These pin that the
// total stays exact on every path (counters, COUNT(*), the overdue weeks, search) and every page
// (first, page_size 200, the last partial one, past the end, where no row carries the total).
#include <gtest/gtest.h>

#include <random>

#include "core/enterprise/credit_code.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/hazard_repository.hpp"
#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

constexpr UnixSeconds kNow = 1795951874;  // 2026-11-29T11:31:14Z

class ListTotalTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        town_ = store_->AddTown();
        village_ = store_->AddVillage(town_);
        grids_ = {store_->AddGrid(town_, village_), store_->AddGrid(town_, village_, "网格二")};
        enterprises_ = {store_->AddEnterprise(town_, village_, grids_[0], "宏达五金厂"),
                        store_->AddEnterprise(town_, village_, grids_[1], "鑫源服装厂")};
    }

    template <class R, class F>
    auto Tx(F&& fn) {
        return store_->db().Transact(true, [&](Connection& conn) { return fn(R(conn)); });
    }

    // Pages worth checking for a result of `n` rows: the first, page_size 200, the last partial
    // one, exactly at the end and far past it.
    static std::vector<std::pair<int64_t, int64_t>> Pages(int64_t n) {
        return {{20, 0}, {200, 0}, {200, 200}, {7, std::max<int64_t>(0, n - 3)}, {20, n}, {20, n + 1000}};
    }

    std::unique_ptr<test::TestStore> store_;
    int64_t town_ = 0, village_ = 0;
    std::vector<int64_t> grids_, enterprises_;
};

TEST_P(ListTotalTest, HazardPagesCarryTheExactTotalAndTheEnterpriseNames) {
    std::mt19937 rng(7);
    const auto hazards = Tx<HazardRepository>([&](HazardRepository repo) -> Result<int> {
        for (int i = 0; i < 230; ++i) {
            HazardRecord h;
            const size_t g = rng() % 2;
            h.path = {town_, village_, grids_[g]};
            if (rng() % 4) h.enterprise_id = enterprises_[g];
            h.title = rng() % 5 ? "灭火器过期" : "电线私拉乱接";
            h.category = "extinguisher";
            h.severity = rng() % 3 ? Severity::kGeneral : Severity::kMajor;
            h.status = kAllHazardStatuses[rng() % kAllHazardStatuses.size()];
            if (h.status != HazardStatus::kReported)
                h.due_at = kNow + static_cast<int64_t>(rng() % 40 * 86400) - 20 * 86400;
            h.found_at = h.created_at = h.updated_at = kNow - 100;
            SG_ASSIGN_OR_RETURN(int64_t id, repo.Insert(h));
            (void)id;
        }
        return 230;
    });
    ASSERT_TRUE(hazards);
    const std::map<int64_t, std::string> names = {{enterprises_[0], "宏达五金厂"}, {enterprises_[1], "鑫源服装厂"}};

    HazardQuery town;
    town.filters = {PathFilter::Subtree(RegionKind::kTown, town_)};
    std::vector<HazardQuery> queries(9, town);
    queries[1].filters = {PathFilter::Subtree(RegionKind::kGrid, grids_[1])};
    queries[2].severity = Severity::kMajor;
    queries[3].statuses = {HazardStatus::kRectifying, HazardStatus::kSubmitted};
    queries[4].overdue_at = kNow;  // the weekly counters plus this week's index count
    queries[5].overdue_at = kNow;
    queries[5].statuses = {HazardStatus::kClosed};  // nothing closed is overdue: a constant 0
    queries[6].q = "电线";                          // COUNT(*) under the search
    queries[7].enterprise_id = enterprises_[0];
    queries[8].sort = HazardSort::kDueAsc;
    for (size_t i = 0; i < queries.size(); ++i) {
        HazardQuery q = queries[i];
        q.limit = 10000;
        const auto expected = *Tx<HazardRepository>([&](HazardRepository repo) { return repo.List(q); });
        const auto counted = *Tx<HazardRepository>([&](HazardRepository repo) { return repo.Count(q); });
        ASSERT_EQ(counted, static_cast<int64_t>(expected.size())) << i;
        if (i != 5) ASSERT_GT(counted, 0) << "query " << i << " should match something";
        for (auto [limit, offset] : Pages(counted)) {
            q.limit = limit;
            q.offset = offset;
            const std::string what =
                "query " + std::to_string(i) + " limit " + std::to_string(limit) + " offset " + std::to_string(offset);
            auto page = Tx<HazardRepository>([&](HazardRepository repo) { return repo.ListWithTotal(q); });
            ASSERT_TRUE(page) << what << " " << page.error().id;
            EXPECT_EQ(page->total, counted) << what;
            ASSERT_EQ(page->items.size(), page->enterprise_names.size()) << what;
            const size_t from = std::min<size_t>(expected.size(), static_cast<size_t>(offset));
            const size_t to = std::min<size_t>(expected.size(), from + static_cast<size_t>(limit));
            ASSERT_EQ(page->items.size(), to - from) << what;
            for (size_t k = 0; k < page->items.size(); ++k) {
                const HazardRecord& h = page->items[k];
                EXPECT_EQ(h.id, expected[from + k].id) << what;
                EXPECT_EQ(h.title, expected[from + k].title) << what;
                EXPECT_EQ(page->enterprise_names[k], h.enterprise_id ? names.at(*h.enterprise_id) : "") << what;
            }
        }
    }
}

TEST_P(ListTotalTest, EnterprisePagesCarryTheExactTotal) {
    // 2 from SetUp, 208 here: more than one page of 200.
    std::mt19937 rng(9);
    for (int i = 0; i < 208; ++i) {
        Enterprise e;
        e.path = {town_, village_, grids_[rng() % 2]};
        e.name = (i % 4 ? "宏达机械厂" : "鑫源纺织厂") + std::to_string(i);
        char body[16];
        std::snprintf(body, sizeof body, "MB%06d", i);
        e.credit_code = *MakeCreditCodeFrom("91", "330282", body);
        e.risk_level = static_cast<RiskLevel>(rng() % 4);
        if (rng() % 3 == 0) e.inspection_due_at = kNow - 10;
        e.created_at = e.updated_at = 5;
        ASSERT_TRUE(Tx<EnterpriseRepository>([&](EnterpriseRepository repo) { return repo.Insert(e); }));
    }
    EnterpriseQuery town;
    town.filters = {PathFilter::Subtree(RegionKind::kTown, town_)};
    std::vector<EnterpriseQuery> queries(6, town);
    queries[1].filters = {PathFilter::Subtree(RegionKind::kGrid, grids_[0])};
    queries[2].risk_level = RiskLevel::kRed;  // enterprise_counts
    queries[3].q = "纺织";                    // COUNT(*) under the search
    queries[4].due_at = kNow;
    queries[5].filters.push_back(PathFilter::Nothing());
    for (size_t i = 0; i < queries.size(); ++i) {
        EnterpriseQuery q = queries[i];
        q.limit = 10000;
        const auto all = *Tx<EnterpriseRepository>([&](EnterpriseRepository repo) { return repo.List(q); });
        const auto n = static_cast<int64_t>(all.first.size());
        EXPECT_EQ(all.second, n) << "query " << i;
        if (i != 5) ASSERT_GT(n, 0) << "query " << i << " should match something";
        for (auto [limit, offset] : Pages(n)) {
            q.limit = limit;
            q.offset = offset;
            const std::string what =
                "query " + std::to_string(i) + " limit " + std::to_string(limit) + " offset " + std::to_string(offset);
            auto page = Tx<EnterpriseRepository>([&](EnterpriseRepository repo) { return repo.List(q); });
            ASSERT_TRUE(page) << what;
            EXPECT_EQ(page->second, n) << what;
            const size_t from = std::min<size_t>(all.first.size(), static_cast<size_t>(offset));
            const size_t to = std::min<size_t>(all.first.size(), from + static_cast<size_t>(limit));
            ASSERT_EQ(page->first.size(), to - from) << what;
            for (size_t k = 0; k < page->first.size(); ++k)
                EXPECT_EQ(page->first[k].id, all.first[from + k].id) << what;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Stores, ListTotalTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
