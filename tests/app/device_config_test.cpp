// device.offline_after_s is a deployment key (docs/deploy.md, CONTRACT "Devices and alarms"):
// 600 by default, read from the config file, and a value that would flap devices stops the start-up.
#include <gtest/gtest.h>

#include <fstream>

#include "app/config.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

TEST(DeviceConfig, OfflineAfterDefaultsTo600AndIsReadFromTheFile) {
    EXPECT_EQ(Config{}.device_offline_after_s, 600);
    test::TempDir dir;
    const std::string path = dir.File("safegrid.json");
    std::ofstream(path) << R"({"device.offline_after_s": 900})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    EXPECT_EQ(config.device_offline_after_s, 900);

    const std::string low = dir.File("low.json");
    std::ofstream(low) << R"({"device.offline_after_s": 5})";
    Config refused;
    auto loaded = LoadConfigFile(low, refused);
    ASSERT_FALSE(loaded);
    EXPECT_TRUE(loaded.error().fields.contains("device.offline_after_s"));
}

}  // namespace
}  // namespace safegrid::app
