#include "core/training/training.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

TEST(TrainingKind, ParsesTheThreeWireNamesOnly) {
    for (auto kind : {TrainingKind::kFire, TrainingKind::kProduction, TrainingKind::kDrill})
        EXPECT_EQ(ParseTrainingKind(TrainingKindName(kind)), kind);
    EXPECT_FALSE(ParseTrainingKind("Fire"));
    EXPECT_FALSE(ParseTrainingKind(""));
    EXPECT_FALSE(ParseTrainingKind("lecture"));
}

TEST(TrainingLimits, HoursArePositiveAndAtMostADay) {
    EXPECT_TRUE(IsValidTrainingHours(0.5));
    EXPECT_TRUE(IsValidTrainingHours(24));
    EXPECT_FALSE(IsValidTrainingHours(0));
    EXPECT_FALSE(IsValidTrainingHours(-1));
    EXPECT_FALSE(IsValidTrainingHours(24.5));
}

TEST(TrainingLimits, PeopleStartAtOne) {
    EXPECT_TRUE(IsValidAttendancePeople(1));
    EXPECT_TRUE(IsValidAttendancePeople(kMaxAttendancePeople));
    EXPECT_FALSE(IsValidAttendancePeople(0));
    EXPECT_FALSE(IsValidAttendancePeople(-3));
    EXPECT_FALSE(IsValidAttendancePeople(kMaxAttendancePeople + 1));
}

TEST(TrainingWindow, IsTheYearUpToTodayWithTheDayAYearAgoOut) {
    EXPECT_EQ(WindowStartExclusive("2026-12-06"), "2025-12-06");
    EXPECT_EQ(LatestHeldOn("2026-12-06"), "2027-12-06");
    EXPECT_TRUE(CountsForCoverage("2026-12-06", "2026-12-06"));
    EXPECT_TRUE(CountsForCoverage("2025-12-07", "2026-12-06"));
    EXPECT_FALSE(CountsForCoverage("2025-12-06", "2026-12-06"));
    EXPECT_FALSE(CountsForCoverage("2026-12-07", "2026-12-06"));  // planned, not held yet
    EXPECT_EQ(WindowStartExclusive("2000-01-01"), "1999-01-01");
}

TEST(TrainingWindow, LeapDayNeedsNoCalendar) {
    // 2028-02-29 a year back is "2027-02-29", no day; 2027-02-28 is out, 2027-03-01 in.
    EXPECT_FALSE(CountsForCoverage("2027-02-28", "2028-02-29"));
    EXPECT_TRUE(CountsForCoverage("2027-03-01", "2028-02-29"));
}

TEST(TrainingCoverage, IsAFractionAndZeroWithoutEnterprises) {
    EXPECT_EQ((TrainingCoverage{0, 0, 0}.Coverage()), 0.0);
    EXPECT_DOUBLE_EQ((TrainingCoverage{4, 3, 40}.Coverage()), 0.75);
    EXPECT_DOUBLE_EQ((TrainingCoverage{4, 4, 1}.Coverage()), 1.0);
}

}  // namespace
}  // namespace safegrid
