// "No training in the last 12 months" (无近12个月培训记录) as a factor of the enterprise's risk grade:
// an attendance regrades the enterprise in its own transaction, a deletion too, and the daily pass
// ages an attendance out after 12 months (docs/training.md, docs/deploy.md "Risk grading").
#include <gtest/gtest.h>

#include "services/registry_world.hpp"
#include "services/training_service.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

// The fake clock reads 2026-11-29 in China: the window is 2025-11-30 … 2026-11-29.
class TrainingRiskTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        trainings_ = std::make_unique<TrainingService>(w_->store->shared(), w_->clock, *w_->audit);
        trainings_->SetRiskRefresh([this](storage::Connection& conn, int64_t id, const std::string& reason) {
            return w_->enterprises->RefreshRisk(conn, id, reason);
        });
        // Unknown industry (42) and head count (21): 63, blue when trained; + 18 untrained = 81, yellow.
        plain_ = w_->AddEnterprise(w_->grid1a, "慈溪市匡堰镇未培训五金厂", 41);
    }

    int64_t Session(const std::string& held_on) {
        TrainingInput in{"消防安全培训", "fire", held_on, w_->village1, 2};
        auto t = trainings_->Create(&w_->town_officer, in);
        EXPECT_TRUE(t) << (t ? "" : t.error().id);
        return t ? t->training.id : 0;
    }

    RiskView Risk() {
        auto view = w_->enterprises->Risk(w_->town_officer, plain_);
        EXPECT_TRUE(view) << (view ? "" : view.error().id);
        return view ? *view : RiskView{};
    }
    int64_t StoredScore() { return w_->store->QueryInt("SELECT risk_score FROM enterprises WHERE id = ?", {plain_}); }
    int64_t StoredYellow() {
        return w_->store->QueryInt("SELECT COUNT(*) FROM enterprises WHERE id = ? AND risk_level = 'yellow'", {plain_});
    }
    static bool HasFactor(const RiskView& v, const std::string& code) {
        for (const auto& f : v.assessment.factors)
            if (f.code == code) return true;
        return false;
    }

    std::unique_ptr<RegistryWorld> w_;
    std::unique_ptr<TrainingService> trainings_;
    int64_t plain_ = 0;
};

TEST_P(TrainingRiskTest, AnUntrainedEnterpriseCarriesTheFactorAndAnAttendanceRemovesItAtOnce) {
    RiskView before = Risk();
    EXPECT_TRUE(HasFactor(before, "no_recent_training"));
    EXPECT_EQ(before.assessment.score, 81);
    EXPECT_EQ(StoredScore(), 81);
    EXPECT_EQ(StoredYellow(), 1);

    const int64_t t = Session("2026-11-20");
    ASSERT_TRUE(trainings_->RecordAttendance(&w_->town_officer, t, plain_, 5));
    // Stored by the attendance's own transaction: no daily pass ran.
    EXPECT_EQ(StoredScore(), 63);
    EXPECT_EQ(StoredYellow(), 0);
    RiskView after = Risk();
    EXPECT_FALSE(HasFactor(after, "no_recent_training"));
    EXPECT_EQ(after.enterprise.risk_level, RiskLevel::kBlue);
    ASSERT_FALSE(after.history.empty());
    EXPECT_EQ(after.history.front().reason, "training:" + std::to_string(t));

    // Deleting it puts the factor back, in the deletion's transaction.
    ASSERT_TRUE(trainings_->DeleteAttendance(w_->town_officer, t, plain_));
    EXPECT_EQ(StoredScore(), 81);
    EXPECT_EQ(StoredYellow(), 1);
}

TEST_P(TrainingRiskTest, APlannedSessionDoesNotCountUntilItsDay) {
    const int64_t planned = Session("2026-12-10");
    ASSERT_TRUE(trainings_->RecordAttendance(&w_->town_officer, planned, plain_, 5));  // pre-registration
    EXPECT_EQ(StoredScore(), 81);
}

TEST_P(TrainingRiskTest, AFailedRegradeLeavesNoAttendanceBehind) {
    trainings_->SetRiskRefresh(
        [](storage::Connection&, int64_t, const std::string&) -> Result<bool> { return Internal("regrade failed"); });
    const int64_t t = Session("2026-11-20");
    EXPECT_FALSE(trainings_->RecordAttendance(&w_->town_officer, t, plain_, 5));
    EXPECT_EQ(w_->store->QueryInt("SELECT COUNT(*) FROM training_attendance", {}), 0);
    EXPECT_EQ(w_->AuditCount("training_attendance"), 0);
}

TEST_P(TrainingRiskTest, TheDailyPassAgesAnAttendanceOutAfterTwelveMonths) {
    const int64_t t = Session("2025-12-01");  // in the window until 2026-12-01
    ASSERT_TRUE(trainings_->RecordAttendance(&w_->town_officer, t, plain_, 5));
    EXPECT_EQ(StoredScore(), 63);
    ASSERT_TRUE(w_->enterprises->RefreshAllRisk());
    EXPECT_EQ(StoredScore(), 63);  // 2026-11-29: still counts
    w_->clock.Advance(3 * 86400);  // 2026-12-02: a year and a day after it
    auto moved = w_->enterprises->RefreshAllRisk();
    ASSERT_TRUE(moved) << moved.error().id;
    EXPECT_GE(*moved, 1);
    EXPECT_EQ(StoredScore(), 81);
    EXPECT_EQ(StoredYellow(), 1);
    const RiskView aged = Risk();
    EXPECT_TRUE(HasFactor(aged, "no_recent_training"));
    EXPECT_EQ(aged.history.front().reason, "daily");
}

INSTANTIATE_TEST_SUITE_P(Stores, TrainingRiskTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
