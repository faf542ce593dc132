#include "services/mqtt_ingest.hpp"

#include <gtest/gtest.h>

#include "platform/metrics.hpp"
#include "services/device_service.hpp"
#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

using test::RegistryWorld;

class MqttIngestTest : public ::testing::TestWithParam<test::Backend> {
  protected:
    void SetUp() override {
        w_ = RegistryWorld::Make(GetParam());
        if (!w_ && !HasFailure()) GTEST_SKIP() << "SAFEGRID_PG_URL is not set";
        if (!w_) return;
        DeviceService devices(w_->store->shared(), w_->clock, *w_->audit);
        DeviceInput in;
        in.enterprise_id = w_->ent1a;
        in.kind = "smoke_detector";
        in.serial = "SD-0001";
        in.protocol = "mqtt";
        auto d = devices.Create(nullptr, in);
        ASSERT_TRUE(d) << d.error().id;
        device_ = d->device.id;
        inbox_ = std::make_unique<DeviceInbox>(w_->store->shared(), w_->clock);
        ingest_ = std::make_unique<MqttIngest>(w_->store->shared(), *inbox_, w_->clock);
        platform::Metrics::Global().ResetForTest();
    }

    int64_t InboxRows() const { return w_->store->QueryInt("SELECT COUNT(*) FROM device_inbox"); }

    std::unique_ptr<RegistryWorld> w_;
    int64_t device_ = 0;
    std::unique_ptr<DeviceInbox> inbox_;
    std::unique_ptr<MqttIngest> ingest_;
};

TEST_P(MqttIngestTest, AFireIsStoredOnceWithItsSignalsAndARedeliveryIsADuplicate) {
    const MqttMessage fire{"safegrid/devices/SD-0001/events",
                           R"({"ts":"2026-12-06T02:00:00Z","event":"fire","detail":"3F 厨房"})"};
    const std::vector<MqttMessage> twice = {fire, fire};
    const MqttIngestCounts first = ingest_->Ingest(twice);
    EXPECT_EQ(first.stored, 1);
    EXPECT_EQ(first.duplicates, 1);
    const MqttIngestCounts again = ingest_->Ingest(std::vector<MqttMessage>{fire});
    EXPECT_EQ(again.duplicates, 1);
    EXPECT_EQ(InboxRows(), 1);

    auto read = w_->store->shared()->Read([](storage::Connection& c) {
        return c.Query("SELECT device_id, protocol, dedupe_key, occurred_at, signals FROM device_inbox");
    });
    ASSERT_TRUE(read);
    const storage::Rows& rows = *read;
    ASSERT_EQ(rows.rows.size(), 1U);
    EXPECT_EQ(rows.rows[0].Int(0), device_);
    EXPECT_EQ(rows.rows[0].Text(1), "mqtt");
    EXPECT_EQ(rows.rows[0].Text(2).substr(0, 11), "1796522400:");
    EXPECT_EQ(rows.rows[0].Text(2).size(), 11U + 16U);
    EXPECT_EQ(rows.rows[0].Int(3), 1796522400);
    EXPECT_EQ(rows.rows[0].Text(4), R"([{"event":"fire","at":1796522400,"detail":"3F 厨房"}])");

    // Another message in the same second is another row.
    const MqttIngestCounts other =
        ingest_->Ingest(std::vector<MqttMessage>{{fire.topic, R"({"ts":1796522400,"event":"clear"})"}});
    EXPECT_EQ(other.stored, 1);
    EXPECT_EQ(InboxRows(), 2);
    const std::string metrics = platform::Metrics::Global().RenderPrometheus();
    EXPECT_NE(metrics.find(R"(safegrid_mqtt_messages_total{outcome="duplicate"} 2)"), std::string::npos) << metrics;
}

TEST_P(MqttIngestTest, UnknownSerialsAndBadMessagesAreCountedByReasonAndStoreNothing) {
    const std::vector<MqttMessage> bad = {
        {"safegrid/devices/NOPE-1/events", R"({"ts":1,"event":"fire"})"},
        {"safegrid/devices/SD-0001/events", "not json"},
        {"safegrid/devices/SD-0001/events", R"({"ts":1,"event":"smoke"})"},
        {"safegrid/devices/SD-0001/status", R"({"ts":1,"event":"fire"})"},
        {"safegrid/devices/SD-0001/events", R"({"ts":1,"event":"heartbeat"})"},
    };
    const MqttIngestCounts counts = ingest_->Ingest(bad);
    EXPECT_EQ(counts.refused, 4);
    EXPECT_EQ(counts.stored, 1);
    EXPECT_EQ(InboxRows(), 1);
    const std::string metrics = platform::Metrics::Global().RenderPrometheus();
    for (const char* reason : {"unknown_device", "bad_json", "bad_event", "bad_topic"}) {
        EXPECT_NE(metrics.find(std::string("safegrid_mqtt_refused_total{reason=\"") + reason + "\"} 1"),
                  std::string::npos)
            << reason << "\n"
            << metrics;
    }
}

TEST_P(MqttIngestTest, AGbDeviceWithTheSameSerialIsNotAnMqttDevice) {
    DeviceService devices(w_->store->shared(), w_->clock, *w_->audit);
    DeviceInput in;
    in.enterprise_id = w_->ent1a;
    in.kind = "fire_panel";
    in.serial = "UITD-9";
    in.protocol = "gb26875";
    in.unit_address = std::optional<int64_t>(9);
    ASSERT_TRUE(devices.Create(nullptr, in));
    const MqttIngestCounts counts =
        ingest_->Ingest(std::vector<MqttMessage>{{"safegrid/devices/UITD-9/events", R"({"ts":1,"event":"fire"})"}});
    EXPECT_EQ(counts.refused, 1);
    EXPECT_EQ(InboxRows(), 0);
}

INSTANTIATE_TEST_SUITE_P(Stores, MqttIngestTest, test::AllBackends(), test::BackendName);

}  // namespace
}  // namespace safegrid::services
