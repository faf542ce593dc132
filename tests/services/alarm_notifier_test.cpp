#include "services/alarm_notifier.hpp"

#include <gtest/gtest.h>

#include "services/alarm_duty_world.hpp"

namespace safegrid::services {
namespace {

// 匡堰镇's workshop ent1a and two stations: one 300 m away, one about 5.5 km away.
constexpr double kLat = 30.2000, kLng = 121.3000;
constexpr double kNearLat = 30.2027, kNearLng = 121.3000;
constexpr double kFarLat = 30.2500, kFarLng = 121.3000;

class AlarmNotifierTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = test::AlarmDutyWorld::Make(GetParam());
        if (!w_) {
            if (!HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
            return;
        }
        w_->Locate(r().ent1a, kLat, kLng);
        device_ = w_->Device(r().ent1a, "SD-0001");
    }
    int64_t Notify(int64_t alarm) {
        auto n = w_->NotifyRaised(alarm);
        EXPECT_TRUE(n) << (n ? "" : n.error().id + " " + n.error().internal);
        return n ? *n : -1;
    }
    test::RegistryWorld& r() { return w_->r(); }

    std::unique_ptr<test::AlarmDutyWorld> w_;
    int64_t device_ = 0;
};

TEST_P(AlarmNotifierTest, AFireTellsTheGridTheEnterpriseAndTheNearestStationOnce) {
    w_->Station("高家村微型消防站", r().village1, r().village1, kNearLat, kNearLng, 7);  // user 7 is its person
    w_->Station("倡隆村微型消防站", r().village2, r().village2, kFarLat, kFarLng, 8);
    const int64_t alarm = w_->Alarm(device_, "fire", w_->clock().Now());
    EXPECT_EQ(Notify(alarm), 4);  // inspector 4, enterprise users 5 and 10, station user 7
    EXPECT_EQ(w_->Told(4, alarm, "alarm_fire"), 1);
    EXPECT_EQ(w_->Told(5, alarm, "alarm_fire"), 1);
    EXPECT_EQ(w_->Told(10, alarm, "alarm_fire"), 1);
    EXPECT_EQ(w_->Told(7, alarm, "alarm_fire_station"), 1);
    EXPECT_EQ(w_->Told(8, alarm), 0);  // the far station, and another grid's inspector
    EXPECT_EQ(w_->Told(3, alarm), 0);  // the village hears only when it escalates
    EXPECT_EQ(w_->Told(2, alarm), 0);
    EXPECT_EQ(w_->Told(9, alarm), 0);  // another enterprise's user
    // The processor replays the row (a restart mid-batch): nothing new.
    EXPECT_EQ(Notify(alarm), 0);
    EXPECT_EQ(w_->ToldAbout(alarm), 4);
    // The station's message names the station and its distance; no hazard is linked.
    auto rows = w_->Query(
        "SELECT title, title_en, body, hazard_id, dedupe_key FROM notifications WHERE "
        "user_id = 7");
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_NE(rows.rows[0].Text(0).find("【慈溪市宏达服饰有限公司】火警：烟感探测器 SD-0001"), std::string::npos)
        << rows.rows[0].Text(0);
    EXPECT_NE(rows.rows[0].Text(1).find("[慈溪市宏达服饰有限公司] Fire alarm: smoke detector SD-0001, 2026-"),
              std::string::npos)
        << rows.rows[0].Text(1);
    EXPECT_NE(rows.rows[0].Text(2).find("高家村微型消防站（约300米）"), std::string::npos) << rows.rows[0].Text(2);
    EXPECT_TRUE(rows.rows[0].IsNull(3));
    EXPECT_EQ(rows.rows[0].Text(4), "alarm:" + std::to_string(alarm) + ":raised:7");
}

TEST_P(AlarmNotifierTest, TheTitleGivesTheTownsClock) {
    // 2026-12-05 18:13:00 UTC is 02:13 on 12月6日 in 匡堰镇 (UTC+8).
    w_->clock().Set(1796494380);
    const int64_t alarm = w_->Alarm(device_, "fire", 1796494380);
    Notify(alarm);
    auto rows = w_->Query("SELECT title, title_en FROM notifications WHERE user_id = 4");
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.rows[0].Text(0), "【慈溪市宏达服饰有限公司】火警：烟感探测器 SD-0001，12月6日 02:13");
    EXPECT_EQ(rows.rows[0].Text(1), "[慈溪市宏达服饰有限公司] Fire alarm: smoke detector SD-0001, 2026-12-06 02:13");
}

TEST_P(AlarmNotifierTest, AStationWithoutItsOwnUserFallsBackToItsVillageOfficers) {
    w_->Station("倡隆村微型消防站", r().village2, r().village2, kNearLat, kNearLng, std::nullopt);
    const int64_t alarm = w_->Alarm(device_, "fire", w_->clock().Now());
    EXPECT_EQ(Notify(alarm), 4);
    EXPECT_EQ(w_->Told(7, alarm, "alarm_fire_station"), 1);  // 倡隆村's officer
    EXPECT_EQ(w_->Told(3, alarm), 0);                        // the enterprise's village is not the station's
}

TEST_P(AlarmNotifierTest, ADisabledStationUserCountsAsNone) {
    // User 12 is 高家村's disabled officer: the village's enabled officer 3 and its responsible 11 answer.
    w_->Station("高家村微型消防站", r().village1, r().village1, kNearLat, kNearLng, 12);
    const int64_t alarm = w_->Alarm(device_, "fire", w_->clock().Now());
    EXPECT_EQ(Notify(alarm), 5);
    EXPECT_EQ(w_->Told(3, alarm, "alarm_fire_station"), 1);
    EXPECT_EQ(w_->Told(11, alarm, "alarm_fire_station"), 1);
    EXPECT_EQ(w_->Told(12, alarm), 0);
}

TEST_P(AlarmNotifierTest, ATownLevelStationWithoutAUserFallsBackToTheTownOffice) {
    w_->Station("匡堰镇专职消防队", r().town, std::nullopt, kNearLat, kNearLng, std::nullopt);
    const int64_t alarm = w_->Alarm(device_, "fire", w_->clock().Now());
    EXPECT_EQ(Notify(alarm), 4);
    EXPECT_EQ(w_->Told(2, alarm, "alarm_fire_station"), 1);
    EXPECT_EQ(w_->Told(6, alarm), 0);  // another town's officer
}

TEST_P(AlarmNotifierTest, NoLocationNoStation) {
    w_->Station("高家村微型消防站", r().village1, r().village1, kNearLat, kNearLng, 7);
    w_->Station("未定位的站", r().village1, r().village1, 0, 0, 8);
    w_->Locate(r().ent1a, std::nullopt, std::nullopt);
    const int64_t unplaced = w_->Alarm(device_, "fire", w_->clock().Now());
    EXPECT_EQ(Notify(unplaced), 3);  // the grid and the enterprise only
    EXPECT_EQ(w_->Told(7, unplaced), 0);
    // A station at (0, 0) is never the nearest, even to a workshop at (0.001, 0.001).
    w_->Locate(r().ent1a, 0.001, 0.001);
    const int64_t second = w_->Alarm(w_->Device(r().ent1a, "SD-0002"), "fire", w_->clock().Now());
    EXPECT_EQ(Notify(second), 4);
    EXPECT_EQ(w_->Told(7, second), 1);
    EXPECT_EQ(w_->Told(8, second), 0);
}

TEST_P(AlarmNotifierTest, FaultsAndOfflineTellTheGridAndTheEnterpriseButNoStation) {
    w_->Station("高家村微型消防站", r().village1, r().village1, kNearLat, kNearLng, 7);
    const int64_t fault = w_->Alarm(device_, "fault", w_->clock().Now());
    EXPECT_EQ(Notify(fault), 3);
    EXPECT_EQ(w_->Told(4, fault, "alarm_fault"), 1);
    EXPECT_EQ(w_->Told(7, fault), 0);
    const int64_t offline = w_->Alarm(device_, "offline", w_->clock().Now());
    EXPECT_EQ(Notify(offline), 3);
    EXPECT_EQ(w_->Told(5, offline, "alarm_offline"), 1);
}

TEST_P(AlarmNotifierTest, AMissingAlarmIsNotFoundAndWritesNothing) {
    auto n = w_->NotifyRaised(999999);
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, Code::kNotFound);
    EXPECT_EQ(w_->nw->Total(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmNotifierTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
