#include "services/alarm_processor.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "platform/metrics.hpp"
#include "services/alarm_world.hpp"
#include "services/device_offline_job.hpp"

namespace safegrid::services {
namespace {

using test::AlarmWorld;

class AlarmProcessorTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = AlarmWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
    }

    storage::DeviceRecord Device(int64_t id) {
        auto d = w_->r->store->shared()->Read(
            [&](storage::Connection& conn) { return storage::DeviceRepository(conn).FindById(id); });
        EXPECT_TRUE(d && *d);
        return d && *d ? **d : storage::DeviceRecord{};
    }

    static double BadRows() {
        const std::string text = platform::Metrics::Global().RenderPrometheus();
        std::smatch m;
        static const std::regex line("\nsafegrid_alarm_bad_inbox_rows_total ([0-9.e+]+)\n");
        return std::regex_search(text, m, line) ? std::stod(m[1]) : 0.0;
    }

    std::unique_ptr<AlarmWorld> w_;
};

TEST_P(AlarmProcessorTest, FireRaisesOneAlarmEvenWhenTheMessageArrivesTwice) {
    ASSERT_TRUE(w_->Send(w_->detector, "100:aa", w_->Fire()));
    EXPECT_FALSE(w_->Send(w_->detector, "100:aa", w_->Fire()));  // the inbox's dedupe
    EXPECT_EQ(w_->Drain(), 1);
    EXPECT_EQ(w_->Count("device_id = ? AND kind = 'fire' AND status = 'active'", {w_->detector}), 1);
    EXPECT_EQ(w_->Events("alarm.raised"), 1);
    const auto d = Device(w_->detector);
    EXPECT_EQ(d.state, "fire");
    EXPECT_TRUE(d.online);
    EXPECT_EQ(d.last_seen_at, w_->r->clock.Now());
    // A later message that still reports fire raises nothing new: the device has not cleared it.
    w_->r->clock.Advance(30);
    ASSERT_TRUE(w_->Send(w_->detector, "130:bb", w_->Fire()));
    EXPECT_EQ(w_->Drain(), 1);
    EXPECT_EQ(w_->Count("device_id = ?", {w_->detector}), 1);
    EXPECT_EQ(w_->Drain(), 0);  // processed rows are not applied again

    auto alarm = w_->alarms->Get(w_->r->inspector, w_->LastAlarm());
    ASSERT_TRUE(alarm);
    EXPECT_EQ(alarm->alarm.enterprise_name, "慈溪市宏达服饰有限公司");
    EXPECT_EQ(alarm->alarm.device_serial, "SMK-1");
    EXPECT_EQ(alarm->alarm.path.grid_id, w_->r->grid1a);
}

TEST_P(AlarmProcessorTest, ClearSetsClearedAtAndALaterFireRaisesANewAlarm) {
    ASSERT_TRUE(w_->Send(w_->detector, "1", w_->Fire()));
    w_->Drain();
    const int64_t first = w_->LastAlarm();
    w_->r->clock.Advance(60);
    const UnixSeconds cleared_at = w_->r->clock.Now();
    ASSERT_TRUE(w_->Send(w_->detector, "2", w_->Clear()));
    w_->Drain();
    EXPECT_EQ(w_->Count("id = ? AND cleared_at = ? AND status = 'active'", {first, cleared_at}), 1);
    EXPECT_EQ(w_->Events("alarm.updated"), 1);
    EXPECT_EQ(Device(w_->detector).state, "normal");
    w_->r->clock.Advance(60);
    ASSERT_TRUE(w_->Send(w_->detector, "3", w_->Fire()));
    w_->Drain();
    EXPECT_GT(w_->LastAlarm(), first);
    EXPECT_EQ(w_->Count("device_id = ? AND cleared_at IS NULL", {w_->detector}), 1);
    EXPECT_EQ(w_->Events("alarm.raised"), 2);
}

TEST_P(AlarmProcessorTest, ComponentsRaiseTheirOwnAlarmsAndADeviceClearClearsThemAll) {
    const std::string c1 = R"({"system_type":1,"system_address":1,"component_type":21,"component_address":7})";
    const std::string c2 = R"({"system_type":1,"system_address":1,"component_type":21,"component_address":8})";
    ASSERT_TRUE(w_->Send(w_->panel, "1@a", w_->Fire(c1), "gb26875"));
    ASSERT_TRUE(w_->Send(w_->panel, "2@a", w_->Event("fault", c2), "gb26875"));
    w_->Drain();
    EXPECT_EQ(w_->Count("device_id = ? AND kind = 'fire' AND component_key = '1.1.21.7'", {w_->panel}), 1);
    EXPECT_EQ(w_->Count("device_id = ? AND kind = 'fault' AND component_key = '1.1.21.8'", {w_->panel}), 1);
    EXPECT_EQ(
        w_->r->store->QueryInt(
            "SELECT COUNT(*) FROM device_components WHERE device_id = ? AND state IN ('fire', 'fault')", {w_->panel}),
        2);
    EXPECT_EQ(Device(w_->panel).state, "fire");
    // Clearing one component leaves the other's alarm.
    ASSERT_TRUE(w_->Send(w_->panel, "3@a", w_->Clear(c1), "gb26875"));
    w_->Drain();
    EXPECT_EQ(w_->Count("device_id = ? AND cleared_at IS NULL", {w_->panel}), 1);
    EXPECT_EQ(Device(w_->panel).state, "fault");
    ASSERT_TRUE(w_->Send(w_->panel, "4@a", w_->Clear(), "gb26875"));
    w_->Drain();
    EXPECT_EQ(w_->Count("device_id = ? AND cleared_at IS NULL", {w_->panel}), 0);
    EXPECT_EQ(Device(w_->panel).state, "normal");
}

TEST_P(AlarmProcessorTest, HeartbeatOnlyMarksTheDeviceOnline) {
    EXPECT_FALSE(Device(w_->detector).online);
    ASSERT_TRUE(w_->Send(w_->detector, "hb", w_->Event("heartbeat")));
    ASSERT_TRUE(w_->Send(w_->detector, "op", w_->Event("other")));
    w_->Drain();
    const auto d = Device(w_->detector);
    EXPECT_TRUE(d.online);
    EXPECT_EQ(d.state, "normal");
    EXPECT_EQ(d.version, 1);  // contact is not an edit
    EXPECT_EQ(w_->Count("1 = 1"), 0);
}

TEST_P(AlarmProcessorTest, ABadRowIsSkippedCountedAndDoesNotStopTheQueue) {
    const double before = BadRows();
    ASSERT_TRUE(w_->Send(w_->detector, "bad1", "not json"));
    ASSERT_TRUE(w_->Send(w_->detector, "bad2", R"([{"event":"smoke","at":1}])"));
    ASSERT_TRUE(w_->Send(w_->detector, "bad3", R"([{"event":"fire","at":-5}])"));
    ASSERT_TRUE(w_->Send(9999, "no-device", w_->Fire()));
    ASSERT_TRUE(w_->Send(w_->detector, "good", w_->Fire()));
    EXPECT_EQ(w_->Drain(), 5);
    EXPECT_EQ(w_->Count("device_id = ?", {w_->detector}), 1);
    EXPECT_EQ(BadRows() - before, 4.0);
    EXPECT_EQ(w_->r->store->QueryInt("SELECT COUNT(*) FROM device_inbox WHERE processed_at IS NULL"), 0);
}

TEST_P(AlarmProcessorTest, DrainsMoreThanOneBatch) {
    std::vector<InboxMessage> batch;
    for (int i = 0; i < AlarmProcessor::kBatch + 20; ++i)
        batch.push_back({w_->detector, "mqtt", "hb" + std::to_string(i), 1, w_->Event("heartbeat"), ""});
    ASSERT_TRUE(w_->inbox->Append(batch));
    EXPECT_EQ(w_->Drain(), AlarmProcessor::kBatch + 20);
}

// Two processors on one store stand for two serve processes (docs/multi-process.md): draining at
// the same time, they process every row once between them and raise each alarm once.
TEST_P(AlarmProcessorTest, TwoProcessorsDrainingAtOnceApplyEachRowOnce) {
    constexpr int kPairs = 300;  // 600 rows: more than one batch each
    std::vector<InboxMessage> batch;
    for (int i = 0; i < kPairs; ++i) {
        batch.push_back({w_->detector, "mqtt", "f" + std::to_string(i), 2 * i, w_->Fire(), ""});
        batch.push_back({w_->detector, "mqtt", "c" + std::to_string(i), 2 * i + 1, w_->Clear(), ""});
    }
    ASSERT_TRUE(w_->inbox->Append(batch));
    AlarmProcessor other(w_->r->store->shared(), w_->r->clock, *w_->inbox, *w_->events);
    Result<int64_t> mine = 0, theirs = 0;
    std::thread t([&] { theirs = other.Drain(); });
    mine = w_->processor->Drain();
    t.join();
    ASSERT_TRUE(mine) << mine.error().internal;
    ASSERT_TRUE(theirs) << theirs.error().internal;
    EXPECT_EQ(*mine + *theirs, 2 * kPairs);
    EXPECT_EQ(w_->Count("device_id = ? AND kind = 'fire'", {w_->detector}), kPairs);
    EXPECT_EQ(w_->Events("alarm.raised"), kPairs);
}

TEST_P(AlarmProcessorTest, TheThreadIsWokenByTheInbox) {
    // A long poll: only the inbox's wake can make this quick.
    w_->processor->Start(std::chrono::seconds(60));
    ASSERT_TRUE(w_->Send(w_->detector, "live", w_->Fire()));
    for (int i = 0; i < 200 && w_->Count("device_id = ?", {w_->detector}) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    w_->processor->Stop();
    EXPECT_EQ(w_->Count("device_id = ?", {w_->detector}), 1);
}

TEST_P(AlarmProcessorTest, OfflineJobRaisesOneOfflineAlarmAndTheNextMessageClearsIt) {
    DeviceOfflineJob job(w_->r->store->shared(), w_->r->clock, *w_->events, 600);
    ASSERT_TRUE(w_->Send(w_->detector, "hb1", w_->Event("heartbeat")));
    w_->Drain();
    w_->r->clock.Advance(600);
    auto none = job.Run();
    ASSERT_TRUE(none) << none.error().internal;
    EXPECT_EQ(*none, 0);  // exactly the limit is not past it
    w_->r->clock.Advance(1);
    auto one = job.Run();
    ASSERT_TRUE(one);
    EXPECT_EQ(*one, 1);
    EXPECT_EQ(w_->Count("device_id = ? AND kind = 'offline' AND status = 'active'", {w_->detector}), 1);
    auto d = Device(w_->detector);
    EXPECT_FALSE(d.online);
    EXPECT_EQ(d.state, "offline");
    EXPECT_EQ(w_->Events("alarm.raised"), 1);
    w_->r->clock.Advance(3600);
    auto again = job.Run();
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0);
    EXPECT_EQ(w_->Count("kind = 'offline'"), 1);
    // Never heard from devices are not offline alarms: they were never online.
    EXPECT_EQ(w_->Count("device_id = ?", {w_->panel}), 0);

    ASSERT_TRUE(w_->Send(w_->detector, "hb2", w_->Event("heartbeat")));
    w_->Drain();
    EXPECT_EQ(w_->Count("kind = 'offline' AND cleared_at IS NOT NULL"), 1);
    d = Device(w_->detector);
    EXPECT_TRUE(d.online);
    EXPECT_EQ(d.state, "normal");
}

INSTANTIATE_TEST_SUITE_P(Stores, AlarmProcessorTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
