#include "core/enterprise/risk.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

RiskLevel LevelOf(std::vector<std::string> tags) {
    auto set = TagSet::FromNames(tags);
    EXPECT_TRUE(set);
    return ComputeRiskLevel(RiskFactors{*set});
}

TEST(Risk, NoFactorsIsBlue) { EXPECT_EQ(LevelOf({}), RiskLevel::kBlue); }

TEST(Risk, AnySingleTagIsAtLeastYellow) {
    for (Tag tag : kAllTags) EXPECT_EQ(LevelOf({std::string(TagName(tag))}), RiskLevel::kYellow) << TagName(tag);
}

TEST(Risk, ThreeInOneInAGroupRentedBuildingIsOrange) {
    EXPECT_EQ(LevelOf({"three_in_one", "group_rented"}), RiskLevel::kOrange);
    EXPECT_EQ(LevelOf({"hazardous_chemicals", "group_rented"}), RiskLevel::kOrange);
    EXPECT_EQ(LevelOf({"dust", "group_rented", "key_unit"}), RiskLevel::kOrange);
}

TEST(Risk, ChemicalsWherePeopleSleepIsRed) {
    EXPECT_EQ(LevelOf({"hazardous_chemicals", "three_in_one"}), RiskLevel::kRed);
    EXPECT_EQ(LevelOf({"hazardous_chemicals", "three_in_one", "group_rented"}), RiskLevel::kRed);
}

TEST(Risk, HazardFactorsRaiseTheGrade) {
    RiskFactors f;
    f.open_general_hazards = 3;
    EXPECT_EQ(ComputeRiskLevel(f), RiskLevel::kYellow);
    f.overdue_hazards = 1;
    EXPECT_EQ(ComputeRiskLevel(f), RiskLevel::kOrange);
    f.open_major_hazards = 1;
    EXPECT_EQ(ComputeRiskLevel(f), RiskLevel::kRed);
}

TEST(Risk, ExplainsWhichRulesFired) {
    auto set = TagSet::FromNames({"three_in_one", "group_rented"});
    auto assessment = AssessRisk(RiskFactors{*set});
    EXPECT_EQ(assessment.reasons,
              (std::vector<std::string>{"three_in_one_group_rented", "three_in_one", "group_rented"}));
}

TEST(Risk, AddHazardCountsOpenHazardsBySeverityAndOverdueOnes) {
    constexpr UnixSeconds kNow = 1795951874;
    RiskFactors f;
    for (HazardStatus s : kAllHazardStatuses) {
        f.AddHazard(s, Severity::kMajor, kNow - 1, kNow);  // past due
        f.AddHazard(s, Severity::kGeneral, kNow, kNow);    // due exactly now: not past
        f.AddHazard(s, Severity::kGeneral, std::nullopt, kNow);
    }
    EXPECT_EQ(f.open_major_hazards, 2);  // rectifying, submitted
    EXPECT_EQ(f.open_general_hazards, 4);
    EXPECT_EQ(f.overdue_hazards, 1);  // only the rectifying one past its deadline
    EXPECT_EQ(ComputeRiskLevel(f), RiskLevel::kRed);
}

TEST(Risk, OpenHazardsAreRectifyingAndSubmitted) {
    for (HazardStatus s : kAllHazardStatuses) {
        EXPECT_EQ(IsOpenHazard(s), s == HazardStatus::kRectifying || s == HazardStatus::kSubmitted)
            << HazardStatusName(s);
    }
}

TEST(Risk, LevelNamesRoundTrip) {
    for (auto level : {RiskLevel::kBlue, RiskLevel::kYellow, RiskLevel::kOrange, RiskLevel::kRed}) {
        EXPECT_EQ(ParseRiskLevel(RiskLevelName(level)), level);
    }
    EXPECT_FALSE(ParseRiskLevel("Red"));
    EXPECT_FALSE(ParseRiskLevel("green"));
}

}  // namespace
}  // namespace safegrid
