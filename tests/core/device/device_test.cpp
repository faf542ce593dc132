#include "core/device/device.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace safegrid::device {
namespace {

std::set<std::string> Fields(const DeviceFields& d) {
    Validation v;
    CheckDevice(v, d);
    std::set<std::string> out;
    if (!v.Ok()) {
        const Error e = v.Fail().value();  // a copy: the range-for must not walk a temporary's map
        for (const auto& [field, why] : e.fields) out.insert(field);
    }
    return out;
}

TEST(DeviceRules, AWellFormedDeviceOfEachProtocolPasses) {
    EXPECT_TRUE(Fields({"fire_panel", "UITD-1", "gb26875", 0}).empty());
    EXPECT_TRUE(Fields({"fire_panel", "UITD-1", "gb26875", kMaxUnitAddress}).empty());
    EXPECT_TRUE(Fields({"smoke_detector", std::string(64, 'x'), "mqtt", std::nullopt}).empty());
    EXPECT_TRUE(Fields({"other", "烟感-01", "mqtt", std::nullopt}).empty());  // 64 counts code points
}

TEST(DeviceRules, EachBrokenFieldIsNamed) {
    EXPECT_EQ(Fields({"sprinkler", "A", "mqtt", std::nullopt}), std::set<std::string>{"kind"});
    EXPECT_EQ(Fields({"other", "", "mqtt", std::nullopt}), std::set<std::string>{"serial"});
    EXPECT_EQ(Fields({"other", std::string(65, 'x'), "mqtt", std::nullopt}), std::set<std::string>{"serial"});
    EXPECT_EQ(Fields({"other", "a+b", "mqtt", std::nullopt}), std::set<std::string>{"serial"});
    EXPECT_EQ(Fields({"other", "a\nb", "mqtt", std::nullopt}), std::set<std::string>{"serial"});
    EXPECT_EQ(Fields({"other", "A", "zigbee", 5}), std::set<std::string>{"protocol"});
    EXPECT_EQ(Fields({"other", "A", "gb26875", std::nullopt}), std::set<std::string>{"unit_address"});
    EXPECT_EQ(Fields({"other", "A", "gb26875", kMaxUnitAddress + 1}), std::set<std::string>{"unit_address"});
    EXPECT_EQ(Fields({"other", "A", "gb26875", -1}), std::set<std::string>{"unit_address"});
    EXPECT_EQ(Fields({"other", "A", "mqtt", 0}), std::set<std::string>{"unit_address"});
}

TEST(DeviceRules, TheListsAreClosed) {
    EXPECT_TRUE(IsDeviceKind("electrical_fire"));
    EXPECT_FALSE(IsDeviceKind("Electrical_fire"));
    EXPECT_TRUE(IsDeviceProtocol("gb26875"));
    EXPECT_FALSE(IsDeviceProtocol(""));
    EXPECT_TRUE(IsDeviceState("offline"));
    EXPECT_FALSE(IsDeviceState("burning"));
    EXPECT_EQ(kMaxUnitAddress, 281474976710655);
}

}  // namespace
}  // namespace safegrid::device
