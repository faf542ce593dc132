#include "core/enterprise/building_rules.hpp"

#include <gtest/gtest.h>

#include <algorithm>

namespace safegrid {
namespace {

std::vector<std::string> Codes(const Building& b, BuildingTenants t) {
    std::vector<std::string> codes;
    for (const BuildingWarning& w : BuildingWarnings(b, t)) codes.push_back(w.code);
    return codes;
}

bool Has(const std::vector<std::string>& codes, const std::string& code) {
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

Building Small(int64_t sleeping) {
    Building b;
    b.floors = 2;
    b.area_m2 = 800;
    b.height_m = 8;
    b.people_sleeping = sleeping;
    return b;
}

TEST(BuildingRules, NoFactsNoWarnings) { EXPECT_TRUE(Codes(Building{}, {}).empty()); }

TEST(BuildingRules, OneTenantIsNotGroupRented) { EXPECT_FALSE(Has(Codes(Small(0), {1, 0}), "group_rented")); }

TEST(BuildingRules, TwoTenantsAreGroupRentedWithTheLandlordsDuty) {
    const auto warnings = BuildingWarnings(Small(0), {2, 0});
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].code, "group_rented");
    EXPECT_NE(warnings[0].rule.find("第四十九条"), std::string::npos);
    EXPECT_NE(warnings[0].message.zh.find("管理协议"), std::string::npos);
    EXPECT_FALSE(warnings[0].message.en.empty());
}

TEST(BuildingRules, SleepingWithoutTenantsIsADormitoryNotThreeInOne) { EXPECT_TRUE(Codes(Small(30), {0, 0}).empty()); }

TEST(BuildingRules, SleepingWithATenantIsThreeInOneWithAlarmDutiesBelowTheThresholds) {
    const auto codes = Codes(Small(3), {1, 0});
    EXPECT_EQ(codes, (std::vector<std::string>{"three_in_one", "ga703_alarms_escape"}));
}

TEST(BuildingRules, MoreThanTwentySleepersNeedFullSeparation) {
    EXPECT_FALSE(Has(Codes(Small(20), {1, 0}), "ga703_full_separation"));
    const auto codes = Codes(Small(21), {1, 0});
    EXPECT_TRUE(Has(codes, "ga703_full_separation"));
    EXPECT_FALSE(Has(codes, "ga703_alarms_escape"));
}

TEST(BuildingRules, OverFifteenMetresNeedsFullSeparation) {
    Building b = Small(2);
    b.height_m = 15;
    EXPECT_FALSE(Has(Codes(b, {1, 0}), "ga703_full_separation"));
    b.height_m = 15.5;
    EXPECT_TRUE(Has(Codes(b, {1, 0}), "ga703_full_separation"));
}

TEST(BuildingRules, OverTwoThousandSquareMetresNeedsFullSeparation) {
    Building b = Small(2);
    b.area_m2 = 2000;
    EXPECT_FALSE(Has(Codes(b, {1, 0}), "ga703_full_separation"));
    b.area_m2 = 2400;
    EXPECT_TRUE(Has(Codes(b, {1, 0}), "ga703_full_separation"));
}

TEST(BuildingRules, UnknownHeightAndAreaDoNotReachTheThreshold) {
    Building b;
    b.people_sleeping = 5;
    EXPECT_EQ(Codes(b, {1, 0}), (std::vector<std::string>{"three_in_one", "ga703_alarms_escape"}));
}

TEST(BuildingRules, ASeparatedDormitoryDropsTheSeparationDutiesButStaysThreeInOne) {
    Building b = Small(40);
    b.sleeping_separated = true;
    EXPECT_EQ(Codes(b, {1, 0}), (std::vector<std::string>{"three_in_one"}));
}

TEST(BuildingRules, HazardousChemicalsTenantWithSleepersIsADirectElement) {
    EXPECT_FALSE(Has(Codes(Small(0), {2, 1}), "dangerous_goods_with_dormitory"));
    const auto warnings = BuildingWarnings(Small(1), {2, 1});
    const auto it = std::find_if(warnings.begin(), warnings.end(),
                                 [](const BuildingWarning& w) { return w.code == "dangerous_goods_with_dormitory"; });
    ASSERT_NE(it, warnings.end());
    EXPECT_NE(it->rule.find("第四十二条"), std::string::npos);
}

TEST(BuildingRules, SandwichPanelsMatterOnlyWhenPeopleSleep) {
    Building b = Small(0);
    b.sandwich_panels = true;
    EXPECT_FALSE(Has(Codes(b, {1, 0}), "sandwich_panel_dormitory"));
    b.people_sleeping = 1;
    EXPECT_TRUE(Has(Codes(b, {1, 0}), "sandwich_panel_dormitory"));
}

TEST(BuildingRules, EveryWarningHasBothLanguagesAndARule) {
    Building b = Small(25);
    b.sandwich_panels = true;
    const auto warnings = BuildingWarnings(b, {3, 1});
    EXPECT_EQ(warnings.size(), 5u);
    for (const BuildingWarning& w : warnings) {
        EXPECT_FALSE(w.message.zh.empty()) << w.code;
        EXPECT_FALSE(w.message.en.empty()) << w.code;
        EXPECT_FALSE(w.rule.empty()) << w.code;
    }
}

}  // namespace
}  // namespace safegrid
