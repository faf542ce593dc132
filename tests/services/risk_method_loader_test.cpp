#include "services/risk_method_loader.hpp"

#include <gtest/gtest.h>

#include "services/registry_world.hpp"

namespace safegrid::services {
namespace {

TEST(RiskMethodLoader, TheShippedFileGivesTheLecMethodWithItsDBands) {
    auto method = LoadRiskMethod(test::StandardsDir());
    ASSERT_TRUE(method) << method.error().id << " " << method.error().internal;
    EXPECT_EQ(method->name, "LEC");
    EXPECT_EQ(method->tables.likelihood.size(), 7u);
    EXPECT_EQ(method->tables.exposure.size(), 6u);
    EXPECT_EQ(method->tables.consequence.size(), 6u);
    EXPECT_EQ(method->tables.consequence.front().value, 100);
    EXPECT_EQ(method->tables.consequence.front().label, "大灾难，许多人死亡");
    // "D > 320" red, "160 < D ≤ 320" orange, "70 < D ≤ 160" yellow.
    EXPECT_EQ(method->bands.red, 320);
    EXPECT_EQ(method->bands.orange, 160);
    EXPECT_EQ(method->bands.yellow, 70);
}

constexpr const char* kTables = R"("L_likelihood": [[10, "a"], [6, "b"], [3, "c"], [1, "d"], [0.5, "e"]],
    "E_exposure": [[10, "a"], [6, "b"], [3, "c"]],
    "C_consequence": [[15, "a"], [7, "b"], [3, "c"], [1, "d"]])";

TEST(RiskMethodLoader, BandsComeFromRangeAndColourText) {
    auto method = ParseRiskMethod(std::string(R"({"LEC": {)") + kTables + R"(, "D_bands": [
        {"range": "D > 500", "four_colour": "重大风险/红"},
        {"range": "200 < D ≤ 500", "four_colour": "较大风险/橙"},
        {"range": "90 < D ≤ 200", "four_colour": "一般风险/黄"},
        {"range": "D ≤ 90", "four_colour": "低风险/蓝"}]}})");
    ASSERT_TRUE(method) << method.error().internal;
    EXPECT_EQ(method->bands.red, 500);
    EXPECT_EQ(method->bands.orange, 200);
    EXPECT_EQ(method->bands.yellow, 90);
}

TEST(RiskMethodLoader, BadFilesAreRefusedWithTheirReason) {
    EXPECT_EQ(ParseRiskMethod("not json").error().id, "risk_method_malformed");
    EXPECT_EQ(ParseRiskMethod(R"({"LS": {}})").error().id, "risk_method_malformed");
    EXPECT_EQ(ParseRiskMethod(R"({"LEC": {"L_likelihood": [[10]]}})").error().id, "risk_method_malformed");
    // A table without a value the factor policy uses (no C = 15 here).
    auto invalid = ParseRiskMethod(R"({"LEC": {"L_likelihood": [[10, "a"], [6, "b"], [3, "c"], [1, "d"], [0.5, "e"]],
        "E_exposure": [[10, "a"], [6, "b"], [3, "c"]], "C_consequence": [[7, "b"], [3, "c"], [1, "d"]],
        "D_bands": [{"range": "D > 320", "four_colour": "红"}, {"range": "160 < D ≤ 320", "four_colour": "橙"},
                    {"range": "70 < D ≤ 160", "four_colour": "黄"}]}})");
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().id, "risk_method_invalid");
    // Bands without a yellow threshold.
    auto no_yellow = ParseRiskMethod(std::string(R"({"LEC": {)") + kTables +
                                     R"(, "D_bands": [{"range": "D > 320", "four_colour": "红"}]}})");
    ASSERT_FALSE(no_yellow);
    EXPECT_EQ(no_yellow.error().id, "risk_method_invalid");
    EXPECT_EQ(LoadRiskMethod(test::StandardsDir() / "no-such-dir").error().id, "risk_method_missing");
}

}  // namespace
}  // namespace safegrid::services
