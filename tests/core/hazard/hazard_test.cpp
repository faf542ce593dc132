#include "core/hazard/hazard.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(HazardNames, RoundTrip) {
    for (HazardStatus s : kAllHazardStatuses) EXPECT_EQ(ParseHazardStatus(HazardStatusName(s)), s);
    for (HazardAction a : kAllHazardActions) EXPECT_EQ(ParseHazardAction(HazardActionName(a)), a);
    for (Severity s : kAllSeverities) EXPECT_EQ(ParseSeverity(SeverityName(s)), s);
    EXPECT_FALSE(ParseSeverity("high"));
    EXPECT_FALSE(ParseHazardStatus("overdue"));
    EXPECT_EQ(SeverityLabelZh(Severity::kMajor), "重大隐患");
    EXPECT_EQ(HazardStatusLabelZh(HazardStatus::kClosed), "已销号");
}

}  // namespace
}  // namespace safegrid
