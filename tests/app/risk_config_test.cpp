// Risk bands and inspection intervals are deployment keys (docs/deploy.md "Risk grading"): the
// bands default to the D bands of the standards file, each may be overridden, and a policy that
// cannot grade (bands out of order, an interval out of range) stops the start-up.
#include <gtest/gtest.h>

#include <fstream>

#include "app/application.hpp"
#include "app/config.hpp"
#include "support/temp_dir.hpp"

namespace safegrid::app {
namespace {

TEST(RiskConfig, DefaultsAreTheFilesBandsAndTheContractsIntervals) {
    const Config config;
    auto policy = RiskPolicyFor(config);
    ASSERT_TRUE(policy) << policy.error().id << " " << policy.error().internal;
    EXPECT_EQ(policy->method.name, "LEC");
    EXPECT_EQ(policy->method.bands.red, 320);
    EXPECT_EQ(policy->method.bands.orange, 160);
    EXPECT_EQ(policy->method.bands.yellow, 70);
    EXPECT_EQ(policy->intervals.red_days, 30);
    EXPECT_EQ(policy->intervals.orange_days, 90);
    EXPECT_EQ(policy->intervals.yellow_days, 180);
    EXPECT_EQ(policy->intervals.blue_days, 365);
}

TEST(RiskConfig, KeysAreReadFromTheFileAndOverrideTheDefaults) {
    test::TempDir dir;
    const std::string path = dir.File("safegrid.json");
    std::ofstream(path) << R"({"risk_band_red": 400, "risk_band_yellow": 50, "inspection_interval_red_days": 14,
                               "inspection_interval_orange_days": 60, "inspection_interval_yellow_days": 120,
                               "inspection_interval_blue_days": 300})";
    Config config;
    ASSERT_TRUE(LoadConfigFile(path, config));
    auto policy = RiskPolicyFor(config);
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->method.bands.red, 400);
    EXPECT_EQ(policy->method.bands.orange, 160);  // not set: the file's
    EXPECT_EQ(policy->method.bands.yellow, 50);
    EXPECT_EQ(policy->intervals.red_days, 14);
    EXPECT_EQ(policy->intervals.orange_days, 60);
    EXPECT_EQ(policy->intervals.yellow_days, 120);
    EXPECT_EQ(policy->intervals.blue_days, 300);
}

TEST(RiskConfig, BandsOutOfOrderOrBadIntervalsStopTheStartUp) {
    Config misordered;
    misordered.risk_band_orange = 500;  // above red's 320
    auto policy = RiskPolicyFor(misordered);
    ASSERT_FALSE(policy);
    EXPECT_TRUE(policy.error().fields.count("risk_band_red"));
    test::TempDir dir;
    const std::string path = dir.File("safegrid.json");
    std::ofstream(path) << R"({"inspection_interval_blue_days": 0})";
    Config zero;
    EXPECT_FALSE(LoadConfigFile(path, zero));
    Config missing;
    missing.standards_dir = dir.path().string();  // no risk_grading_methods.json there
    auto refused = RiskPolicyFor(missing);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().id, "risk_method_missing");
}

}  // namespace
}  // namespace safegrid::app
