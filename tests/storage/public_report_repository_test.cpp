#include "storage/repositories/public_report_repository.hpp"

#include <gtest/gtest.h>

#include "support/test_store.hpp"

namespace safegrid::storage {
namespace {

class PublicReportRepositoryTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        store_ = test::TestStore::Open(GetParam());
        if (!store_) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    template <class F>
    auto InTx(F&& f) {
        return store_->db().Transact(true, [&](Connection& c) { return f(PublicReportRepository(c)); });
    }

    int64_t AddHazard(int64_t town, const std::string& status, int64_t updated_at) {
        store_->Exec(
            "INSERT INTO hazards (town_id, source, title, severity, status, found_at, created_at, updated_at) "
            "VALUES (?, 'public', 't', 'general', ?, 1, 1, ?)",
            {town, status, updated_at});
        return store_->QueryInt("SELECT MAX(id) FROM hazards");
    }

    std::unique_ptr<test::TestStore> store_;
};

TEST_P(PublicReportRepositoryTest, InsertRefusesATakenCodeAndStatusFollowsTheHazard) {
    const int64_t town = store_->AddTown();
    const int64_t hazard = AddHazard(town, "reported", 500);
    PublicReportRecord r{0, town, "ABCDEFGHJK", hazard, "13800000000", "198.51.100.7", 400};
    auto id = InTx([&](PublicReportRepository repo) { return repo.Insert(r); });
    ASSERT_TRUE(id && *id);
    // Same code again: nothing written, and the transaction is still usable afterwards.
    auto again = InTx([&](PublicReportRepository repo) -> Result<bool> {
        SG_ASSIGN_OR_RETURN(auto second, repo.Insert(r));
        SG_ASSIGN_OR_RETURN(auto status, repo.StatusOf("ABCDEFGHJK"));
        return !second && status.has_value();
    });
    ASSERT_TRUE(again) << again.error().internal;
    EXPECT_TRUE(*again);
    auto status = InTx([](PublicReportRepository repo) { return repo.StatusOf("ABCDEFGHJK"); });
    ASSERT_TRUE(status && *status);
    EXPECT_EQ((*status)->status, HazardStatus::kReported);
    EXPECT_EQ((*status)->updated_at, 500);
    store_->Exec("UPDATE hazards SET status = 'rectifying', updated_at = 900 WHERE id = ?", {hazard});
    status = InTx([](PublicReportRepository repo) { return repo.StatusOf("ABCDEFGHJK"); });
    EXPECT_EQ((*status)->status, HazardStatus::kRectifying);
    EXPECT_EQ((*status)->updated_at, 900);
    EXPECT_FALSE(*InTx([](PublicReportRepository repo) { return repo.StatusOf("ZZZZZZZZZZ"); }));
}

TEST_P(PublicReportRepositoryTest, FirstTownAndIsTown) {
    EXPECT_FALSE(*InTx([](PublicReportRepository repo) { return repo.FirstTown(); }));
    const int64_t first = store_->AddTown("匡堰镇");
    const int64_t village = store_->AddVillage(first);
    const int64_t second = store_->AddTown("观海卫镇");
    EXPECT_EQ(*InTx([](PublicReportRepository repo) { return repo.FirstTown(); }), first);
    EXPECT_TRUE(*InTx([&](PublicReportRepository repo) { return repo.IsTown(second); }));
    EXPECT_FALSE(*InTx([&](PublicReportRepository repo) { return repo.IsTown(village); }));
    EXPECT_FALSE(*InTx([&](PublicReportRepository repo) { return repo.IsTown(999999); }));
}

INSTANTIATE_TEST_SUITE_P(Stores, PublicReportRepositoryTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::storage
