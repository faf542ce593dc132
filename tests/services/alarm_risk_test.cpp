#include "services/alarm_risk.hpp"

#include <gtest/gtest.h>

#include "services/alarm_duty_world.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kDay = 86400;

class AlarmRiskTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::AlarmDutyWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        ent_ = r().ent1b;  // no tags, unknown industry and head count, untrained: 42 + 21 + 18 = 81 (yellow)
        device_ = w_->Device(ent_, "SD-0001");
        base_ = Score();
    }
    int64_t Score() { return w_->store().QueryInt("SELECT risk_score FROM enterprises WHERE id = ?", {ent_}); }
    std::string Level() {
        auto rows = w_->Query("SELECT risk_level FROM enterprises WHERE id = ?", {ent_});
        return rows.rows.empty() ? "" : rows.rows[0].Text(0);
    }
    void Regrade() {
        auto done = w_->store().shared()->Transact(
            true, [&](storage::Connection& conn) { return RegradeForAlarm(*r().enterprises, conn, ent_); });
        EXPECT_TRUE(done) << (done ? "" : done.error().id + " " + done.error().internal);
    }
    int64_t DailyPass() {
        auto changed = r().enterprises->RefreshAllRisk();
        EXPECT_TRUE(changed) << (changed ? "" : changed.error().internal);
        return changed ? *changed : -1;
    }
    const RiskFactor* Factor(const RiskAssessment& a, const std::string& code) {
        for (const auto& f : a.factors) {
            if (f.code == code) return &f;
        }
        return nullptr;
    }
    test::RegistryWorld& r() { return w_->r(); }

    std::unique_ptr<test::AlarmDutyWorld> w_;
    int64_t ent_ = 0, device_ = 0, base_ = 0;
};

TEST_P(AlarmRiskTest, RealFireAlarmsRegradeInTheAlarmsTransaction) {
    EXPECT_EQ(base_, 81);
    EXPECT_EQ(Level(), "yellow");
    const UnixSeconds now = w_->clock().Now();
    const int64_t first = w_->Alarm(device_, "fire", now - 600);
    w_->Alarm(w_->Device(ent_, "SD-0002"), "fire", now - 60);
    EXPECT_EQ(Score(), base_);  // a row alone moves nothing: the writer regrades
    Regrade();
    EXPECT_EQ(Score(), base_ + 108);  // two real fires, 54 each
    EXPECT_EQ(Level(), "orange");
    EXPECT_EQ(w_->store().QueryInt("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ? AND reason "
                                   "= ?",
                                   {ent_, "alarm"}),
              1);
    // Judged a false alarm: it no longer counts.
    w_->store().Exec("UPDATE alarms SET status = 'false_alarm' WHERE id = ?", {first});
    Regrade();
    EXPECT_EQ(Score(), base_ + 54);
    EXPECT_EQ(Level(), "yellow");
    // The risk view explains it.
    auto view = r().enterprises->Risk(r().town_officer, ent_);
    ASSERT_TRUE(view);
    const RiskFactor* fire = Factor(view->assessment, "fire_alarms_90d");
    ASSERT_NE(fire, nullptr);
    EXPECT_EQ(fire->points, 54);
    EXPECT_EQ(std::get<int64_t>(fire->value), 1);
    EXPECT_EQ(Factor(view->assessment, "device_faults_open"), nullptr);
}

TEST_P(AlarmRiskTest, TheDailyPassAgesTheNinetyDayWindowAndTheWeekOldFault) {
    const UnixSeconds now = w_->clock().Now();
    w_->Alarm(device_, "fire", now - 90 * kDay + 3600);                 // leaves the window in an hour
    w_->Alarm(w_->Device(ent_, "SD-0002"), "offline", now - 6 * kDay);  // a week old in a day
    w_->Alarm(w_->Device(ent_, "SD-0003"), "fault", now - 30 * kDay, "active", now - kDay);  // cleared: never
    Regrade();
    EXPECT_EQ(Score(), base_ + 54);
    DailyPass();
    EXPECT_EQ(Score(), base_ + 54);  // nothing moved since
    w_->clock().Advance(2 * kDay);
    // The fire aged out, the offline device turned a week old: the score moves within yellow (the
    // pass counts colour changes only).
    EXPECT_EQ(DailyPass(), 0);
    EXPECT_EQ(Score(), base_ + 18);
    EXPECT_EQ(Level(), "yellow");
    auto view = r().enterprises->Risk(r().town_officer, ent_);
    ASSERT_TRUE(view);
    EXPECT_EQ(Factor(view->assessment, "fire_alarms_90d"), nullptr);
    ASSERT_NE(Factor(view->assessment, "device_faults_open"), nullptr);
    EXPECT_EQ(view->assessment.score, Score());  // the stored grade and the explanation agree
}

TEST_P(AlarmRiskTest, EnterprisesWithoutAlarmsKeepTheirGrades) {
    const int64_t before = w_->store().QueryInt("SELECT SUM(risk_score) FROM enterprises");
    EXPECT_EQ(DailyPass(), 0);
    EXPECT_EQ(w_->store().QueryInt("SELECT SUM(risk_score) FROM enterprises"), before);
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmRiskTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
