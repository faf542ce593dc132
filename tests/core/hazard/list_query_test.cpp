#include "core/hazard/list_query.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

using S = HazardStatus;

TEST(HazardStatusList, OneStatusIsAListOfOne) {
    for (S s : kAllHazardStatuses)
        EXPECT_EQ(ParseHazardStatusList(HazardStatusName(s)), std::vector<S>{s}) << HazardStatusName(s);
}

TEST(HazardStatusList, CommaSeparatedInTheOrderGivenWithoutRepeats) {
    EXPECT_EQ(ParseHazardStatusList("submitted,reported"), (std::vector<S>{S::kSubmitted, S::kReported}));
    EXPECT_EQ(ParseHazardStatusList("rectifying, submitted ,rectifying"),
              (std::vector<S>{S::kRectifying, S::kSubmitted}));
}

TEST(HazardStatusList, OpenIsEveryStatusButClosedAndRejected) {
    EXPECT_EQ(ParseHazardStatusList("open"), (std::vector<S>{S::kReported, S::kRectifying, S::kSubmitted}));
}

TEST(HazardStatusList, UnknownOrEmptyNamesAreRefused) {
    EXPECT_FALSE(ParseHazardStatusList(""));
    EXPECT_FALSE(ParseHazardStatusList("overdue"));
    EXPECT_FALSE(ParseHazardStatusList("reported,"));
    EXPECT_FALSE(ParseHazardStatusList(",reported"));
    EXPECT_FALSE(ParseHazardStatusList("reported,,closed"));
    EXPECT_FALSE(ParseHazardStatusList("open,closed"));  // the shorthand stands alone
    EXPECT_FALSE(ParseHazardStatusList("Reported"));
}

TEST(HazardSortNames, RoundTripAndRefuseOthers) {
    for (HazardSort s : {HazardSort::kCreatedDesc, HazardSort::kCreatedAsc, HazardSort::kDueAsc, HazardSort::kDueDesc})
        EXPECT_EQ(ParseHazardSort(HazardSortName(s)), s);
    EXPECT_EQ(ParseHazardSort("due_at"), HazardSort::kDueAsc);
    EXPECT_EQ(ParseHazardSort("-created_at"), HazardSort::kCreatedDesc);
    EXPECT_FALSE(ParseHazardSort("title"));
    EXPECT_FALSE(ParseHazardSort("+due_at"));
    EXPECT_FALSE(ParseHazardSort(""));
}

}  // namespace
}  // namespace safegrid
