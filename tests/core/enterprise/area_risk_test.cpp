// An area's colour is the highest colour of its enterprises; no enterprises, no colour.
#include "core/enterprise/area_risk.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

std::array<int64_t, 4> Counts(int64_t blue, int64_t yellow, int64_t orange, int64_t red) {
    return {blue, yellow, orange, red};
}

TEST(AreaRisk, TheHighestColourOfItsEnterprisesWinsHoweverFewHoldIt) {
    EXPECT_EQ(AreaRiskLevel(Counts(90, 5, 3, 1)), RiskLevel::kRed);
    EXPECT_EQ(AreaRiskLevel(Counts(90, 5, 3, 0)), RiskLevel::kOrange);
    EXPECT_EQ(AreaRiskLevel(Counts(1, 7, 0, 0)), RiskLevel::kYellow);
    EXPECT_EQ(AreaRiskLevel(Counts(12, 0, 0, 0)), RiskLevel::kBlue);
    EXPECT_EQ(AreaRiskLevel(Counts(0, 0, 0, 2)), RiskLevel::kRed);
}

TEST(AreaRisk, AnAreaWithoutEnterprisesHasNoColour) { EXPECT_EQ(AreaRiskLevel(Counts(0, 0, 0, 0)), std::nullopt); }

}  // namespace
}  // namespace safegrid
