#include "core/mqtt/device_event.hpp"

#include <gtest/gtest.h>

#include <string>

namespace safegrid::mqtt {
namespace {

Refusal RefusalOf(std::string_view payload) {
    auto r = ParseDeviceEvent(payload);
    EXPECT_FALSE(r) << payload;
    return r ? Refusal::kStoreFailed : r.error();
}

TEST(MqttTopic, TheSerialIsTheThirdLevelOfAnEventsTopic) {
    EXPECT_EQ(SerialFromTopic("safegrid/devices/SD-0001/events"), "SD-0001");
    EXPECT_EQ(SerialFromTopic("safegrid/devices/烟感-7/events"), "烟感-7");
    EXPECT_EQ(SerialFromTopic("safegrid/devices//events"), std::nullopt);
    EXPECT_EQ(SerialFromTopic("safegrid/devices/a/b/events"), std::nullopt);  // '/' is no serial
    EXPECT_EQ(SerialFromTopic("safegrid/devices/SD-1/status"), std::nullopt);
    EXPECT_EQ(SerialFromTopic("other/devices/SD-1/events"), std::nullopt);
    EXPECT_EQ(SerialFromTopic("safegrid/devices/ SD-1/events"), std::nullopt);
    EXPECT_EQ(SerialFromTopic("safegrid/devices/" + std::string(65, 'x') + "/events"), std::nullopt);
    EXPECT_EQ(SerialFromTopic("safegrid/devices/" + std::string(64, 'x') + "/events"), std::string(64, 'x'));
}

TEST(MqttPayload, ReadsRfc3339AndUnixSecondsAlike) {
    auto a = ParseDeviceEvent(R"({"ts":"2026-12-06T02:00:00Z","event":"fire"})");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->ts, 1796522400);
    EXPECT_EQ(a->event, "fire");
    EXPECT_FALSE(a->detail);
    auto b = ParseDeviceEvent(" {\n\"event\" : \"fire\", \"ts\": 1796522400 } ");
    ASSERT_TRUE(b);
    EXPECT_EQ(b->ts, 1796522400);
    auto c = ParseDeviceEvent(R"({"ts":"2026-12-06T10:00:00.250+08:00","event":"clear"})");
    ASSERT_TRUE(c);
    EXPECT_EQ(c->ts, 1796522400);
}

TEST(MqttPayload, KeepsDetailDecodedAndIgnoresUnknownKeys) {
    auto e = ParseDeviceEvent(
        R"({"ts":1,"event":"fault","detail":"\u4e3b\u7535\u6545\u969c \"A\"\n\ud83d\udd25","fw":{"v":[1,2.5,true,null]}})");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->detail, "主电故障 \"A\"\n🔥");
    EXPECT_EQ(SignalsJson(*e), R"([{"event":"fault","at":1,"detail":"主电故障 \"A\"\u000a🔥"}])");
    auto null_detail = ParseDeviceEvent(R"({"ts":1,"event":"heartbeat","detail":null})");
    ASSERT_TRUE(null_detail);
    EXPECT_FALSE(null_detail->detail);
    EXPECT_EQ(SignalsJson(*null_detail), R"([{"event":"heartbeat","at":1}])");
}

TEST(MqttPayload, EachRefusalHasItsReason) {
    EXPECT_EQ(RefusalOf(""), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf("fire"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf("[1]"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"fire"} x)"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"fire",})"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"ts":2,"event":"fire"})"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf("{\"ts\":1,\"event\":\"fire\",\"detail\":\"\xff\"}"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"fire","detail":"\udc00"})"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"fire","x":[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]})"), Refusal::kBadJson);
    EXPECT_EQ(RefusalOf(R"({"event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":1.5,"event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":-1,"event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":"2026-12-06","event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":"yesterday","event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":99999999999999999999,"event":"fire"})"), Refusal::kBadTs);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"smoke"})"), Refusal::kBadEvent);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":1})"), Refusal::kBadEvent);
    EXPECT_EQ(RefusalOf(R"({"ts":1})"), Refusal::kBadEvent);
    EXPECT_EQ(RefusalOf(R"({"ts":1,"event":"fire","detail":7})"), Refusal::kBadDetail);
    const std::string long_detail = R"({"ts":1,"event":"fire","detail":")" + std::string(501, 'a') + "\"}";
    EXPECT_EQ(RefusalOf(long_detail), Refusal::kBadDetail);
    std::string ok_detail = R"({"ts":1,"event":"fire","detail":")";
    for (int i = 0; i < 500; ++i) ok_detail += "火";  // 500 code points, 1500 bytes
    EXPECT_TRUE(ParseDeviceEvent(ok_detail + "\"}"));
    const std::string big = R"({"ts":1,"event":"fire","pad":")" + std::string(kMaxPayloadBytes, 'a') + "\"}";
    EXPECT_EQ(RefusalOf(big), Refusal::kTooLarge);
    EXPECT_EQ(RefusalName(Refusal::kUnknownDevice), "unknown_device");
}

TEST(MqttPayload, TheDedupeKeyIsTheTimeAndTheHashPrefix) {
    DeviceEvent e{1796522400, "fire", std::nullopt};
    EXPECT_EQ(DedupeKey(e, "0123456789abcdef0123456789abcdef"), "1796522400:0123456789abcdef");
}

}  // namespace
}  // namespace safegrid::mqtt
