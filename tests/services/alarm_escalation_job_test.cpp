#include "services/alarm_escalation_job.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "services/alarm_duty_world.hpp"

namespace safegrid::services {
namespace {

constexpr int64_t kDay = 86400;

class AlarmEscalationJobTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override { Make({}); }
    void Make(AlarmEscalationOptions options) {
        w_ = test::AlarmDutyWorld::Make(GetParam(), options);
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        t0_ = w_->clock().Now();
        device_ = w_->Device(r().ent1a, "SD-0001");
    }
    AlarmEscalationReport Run() {
        auto report = w_->job->Run();
        EXPECT_TRUE(report) << (report ? "" : report.error().id + " " + report.error().internal);
        return report ? *report : AlarmEscalationReport{};
    }
    void At(int64_t seconds_after_t0) { w_->clock().Set(t0_ + seconds_after_t0); }
    int64_t Column(int64_t alarm, const std::string& column) {
        return w_->store().QueryInt("SELECT " + column + " FROM alarms WHERE id = ?", {alarm});
    }
    int64_t Audits(int64_t alarm) {
        return w_->store().QueryInt(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'alarm' AND entity_id = ? AND action = 'escalate'", {alarm});
    }
    int64_t LiveEvents() { return w_->store().QueryInt("SELECT COUNT(*) FROM live_events"); }
    boost::json::object LastEvent() {
        auto rows = w_->Query("SELECT type, data FROM live_events ORDER BY id DESC");
        EXPECT_FALSE(rows.rows.empty());
        if (rows.rows.empty()) return {};
        EXPECT_EQ(rows.rows[0].Text(0), "alarm.updated");
        return boost::json::parse(rows.rows[0].Text(1)).as_object();
    }
    test::RegistryWorld& r() { return w_->r(); }

    std::unique_ptr<test::AlarmDutyWorld> w_;
    UnixSeconds t0_ = 0;
    int64_t device_ = 0;
};

TEST_P(AlarmEscalationJobTest, AnUnacknowledgedFireGoesToTheVillageThenTheTown) {
    const int64_t alarm = w_->Alarm(device_, "fire", t0_);
    At(299);
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(Column(alarm, "escalation_level"), 0);
    At(300);
    AlarmEscalationReport first = Run();
    EXPECT_EQ(first.escalations, 1);
    EXPECT_EQ(first.notifications, 2);  // 高家村's officer 3 and its responsible person 11 (12 is disabled)
    EXPECT_EQ(Column(alarm, "escalation_level"), 1);
    EXPECT_EQ(Column(alarm, "escalated_at"), t0_ + 300);
    EXPECT_EQ(Column(alarm, "updated_at"), t0_ + 300);
    EXPECT_EQ(Column(alarm, "version"), 2);
    EXPECT_EQ(w_->Told(3, alarm, "alarm_escalated_village"), 1);
    EXPECT_EQ(w_->Told(11, alarm, "alarm_escalated_village"), 1);
    EXPECT_EQ(w_->Told(12, alarm), 0);
    EXPECT_EQ(w_->Told(2, alarm), 0);  // not the town yet
    EXPECT_EQ(Audits(alarm), 1);
    EXPECT_EQ(LiveEvents(), 1);
    boost::json::object event = LastEvent();
    EXPECT_EQ(event.at("id").as_int64(), alarm);
    EXPECT_EQ(event.at("escalation_level").as_int64(), 1);
    EXPECT_EQ(event.at("version").as_int64(), 2);
    EXPECT_EQ(event.at("status").as_string(), "active");
    EXPECT_EQ(event.at("enterprise_name").as_string(), "慈溪市宏达服饰有限公司");
    EXPECT_EQ(event.at("device_serial").as_string(), "SD-0001");
    EXPECT_EQ(event.at("source").at("protocol").as_string(), "mqtt");
    EXPECT_TRUE(event.at("cleared_at").is_null());
    EXPECT_TRUE(event.at("hazard_id").is_null());
    EXPECT_FALSE(event.contains("allowed_actions"));
    // The next minute: nothing new.
    At(360);
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(Audits(alarm), 1);
    EXPECT_EQ(LiveEvents(), 1);
    At(900);
    AlarmEscalationReport second = Run();
    EXPECT_EQ(second.escalations, 1);
    EXPECT_EQ(second.notifications, 1);  // the town's office user 2
    EXPECT_EQ(Column(alarm, "escalation_level"), 2);
    EXPECT_EQ(Column(alarm, "version"), 3);
    EXPECT_EQ(w_->Told(2, alarm, "alarm_escalated_town"), 1);
    EXPECT_EQ(w_->Told(6, alarm), 0);  // another town
    EXPECT_EQ(Audits(alarm), 2);
    EXPECT_EQ(LastEvent().at("escalation_level").as_int64(), 2);
    // Level 2 is the top: an hour later nothing climbs.
    At(4500);
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(LiveEvents(), 2);
}

TEST_P(AlarmEscalationJobTest, APersonsAnswerStopsTheLadder) {
    const int64_t acknowledged = w_->Alarm(device_, "fire", t0_, "acknowledged");
    const int64_t false_alarm = w_->Alarm(w_->Device(r().ent1a, "SD-0002"), "fire", t0_, "false_alarm", t0_ + 10);
    const int64_t resolved = w_->Alarm(w_->Device(r().ent1a, "SD-0003"), "fire", t0_, "resolved", t0_ + 10);
    At(3600);
    EXPECT_EQ(Run().escalations, 0);
    for (int64_t id : {acknowledged, false_alarm, resolved}) {
        EXPECT_EQ(Column(id, "escalation_level"), 0);
        EXPECT_EQ(w_->ToldAbout(id), 0);
    }
    EXPECT_EQ(LiveEvents(), 0);
}

TEST_P(AlarmEscalationJobTest, ALateRunClimbsBothRungsInOrderAndPublishesOnce) {
    const int64_t alarm = w_->Alarm(device_, "fire", t0_, "active", t0_ + 30);  // the panel was reset: still climbs
    At(1000);
    AlarmEscalationReport report = Run();
    EXPECT_EQ(report.escalations, 2);
    EXPECT_EQ(report.notifications, 3);
    EXPECT_EQ(Column(alarm, "escalation_level"), 2);
    EXPECT_EQ(Column(alarm, "version"), 3);
    EXPECT_EQ(Audits(alarm), 2);
    EXPECT_EQ(LiveEvents(), 1);
    // The village was told before the town.
    const int64_t village =
        w_->store().QueryInt("SELECT MIN(id) FROM notifications WHERE kind = 'alarm_escalated_village' AND link = ?",
                             {AlarmNotifier::Link(alarm)});
    const int64_t town =
        w_->store().QueryInt("SELECT MIN(id) FROM notifications WHERE kind = 'alarm_escalated_town' AND link = ?",
                             {AlarmNotifier::Link(alarm)});
    EXPECT_LT(village, town);
}

TEST_P(AlarmEscalationJobTest, FaultsGoOnlyToTheVillageAfterADayUnlessCleared) {
    const int64_t fault = w_->Alarm(device_, "fault", t0_);
    const int64_t offline = w_->Alarm(w_->Device(r().ent1a, "SD-0002"), "offline", t0_);
    const int64_t cleared = w_->Alarm(w_->Device(r().ent1a, "SD-0003"), "fault", t0_, "active", t0_ + 60);
    const int64_t other = w_->Alarm(w_->Device(r().ent1a, "SD-0004"), "other", t0_);
    At(kDay - 1);
    EXPECT_EQ(Run().escalations, 0);
    At(kDay);
    EXPECT_EQ(Run().escalations, 2);
    EXPECT_EQ(Column(fault, "escalation_level"), 1);
    EXPECT_EQ(Column(offline, "escalation_level"), 1);
    EXPECT_EQ(Column(cleared, "escalation_level"), 0);
    EXPECT_EQ(Column(other, "escalation_level"), 0);
    EXPECT_EQ(w_->Told(3, fault, "alarm_escalated_village"), 1);
    At(30 * kDay);
    EXPECT_EQ(Run().escalations, 0);  // never the town
    EXPECT_EQ(Column(fault, "escalation_level"), 1);
    EXPECT_EQ(w_->Told(2, fault), 0);
}

TEST_P(AlarmEscalationJobTest, ARestartEscalatesOnce) {
    const int64_t alarm = w_->Alarm(device_, "fire", t0_);
    At(301);
    EXPECT_EQ(Run().escalations, 1);
    const int64_t told = w_->ToldAbout(alarm);
    w_->Restart();
    EXPECT_EQ(Run().escalations, 0);
    EXPECT_EQ(w_->ToldAbout(alarm), told);
    EXPECT_EQ(Audits(alarm), 1);
    EXPECT_EQ(Column(alarm, "version"), 2);
}

TEST_P(AlarmEscalationJobTest, ThresholdsComeFromTheOptions) {
    if (!w_) return;
    Make({.ladder = {.village_after_s = 60, .town_after_s = 120, .fault_after_s = 600}});
    const int64_t fire = w_->Alarm(device_, "fire", t0_);
    const int64_t fault = w_->Alarm(w_->Device(r().ent1a, "SD-0002"), "fault", t0_);
    At(60);
    EXPECT_EQ(Run().escalations, 1);
    At(120);
    EXPECT_EQ(Run().escalations, 1);
    EXPECT_EQ(Column(fire, "escalation_level"), 2);
    At(600);
    EXPECT_EQ(Run().escalations, 1);
    EXPECT_EQ(Column(fault, "escalation_level"), 1);
}

TEST_P(AlarmEscalationJobTest, PagesThroughManyAlarmsAtOnce) {
    if (!w_) return;
    Make({.page_size = 2});
    std::vector<int64_t> alarms;
    for (int i = 0; i < 5; ++i) {
        alarms.push_back(w_->Alarm(w_->Device(r().ent1a, "SD-1" + std::to_string(i)), "fire", t0_));
    }
    At(300);
    AlarmEscalationReport report = Run();
    EXPECT_EQ(report.escalations, 5);
    EXPECT_EQ(report.alarms_seen, 5);
    for (int64_t id : alarms) EXPECT_EQ(Column(id, "escalation_level"), 1);
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmEscalationJobTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
