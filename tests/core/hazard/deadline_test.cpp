#include "core/hazard/deadline.hpp"

#include <gtest/gtest.h>

namespace safegrid {
namespace {

constexpr UnixSeconds kT = 1795951874;  // 2026-11-29T11:31:14Z

TEST(HazardOverdue, OnlyRectifyingAndPastDue) {
    for (HazardStatus s : kAllHazardStatuses) {
        EXPECT_EQ(IsOverdue(s, kT - 1, kT), s == HazardStatus::kRectifying) << HazardStatusName(s);
        EXPECT_FALSE(IsOverdue(s, kT, kT));
        EXPECT_FALSE(IsOverdue(s, kT + 1, kT));
        EXPECT_FALSE(IsOverdue(s, std::nullopt, kT));
    }
}

TEST(HazardOverdue, IsOverdueIsTheOverdueRule) {
    // The storage layer builds its SQL from kOverdueRule; IsOverdue must say the same thing.
    for (HazardStatus s : kAllHazardStatuses) {
        for (UnixSeconds due : {kT - 1, kT, kT + 1}) {
            EXPECT_EQ(IsOverdue(s, due, kT), s == kOverdueRule.status && kOverdueRule.DeadlinePassed(due, kT));
        }
    }
    EXPECT_STREQ(kOverdueRule.DueBeforeNowOperator(), "<");  // CONTRACT.md: a deadline equal to now is not past
    constexpr OverdueRule inclusive{.status = HazardStatus::kRectifying, .due_equal_to_now_is_overdue = true};
    EXPECT_STREQ(inclusive.DueBeforeNowOperator(), "<=");
    EXPECT_TRUE(inclusive.DeadlinePassed(kT, kT));
}

TEST(HazardDeadline, DefaultsToEndOfDayChinaTime) {
    // 2026-11-29T11:31:14Z is 19:31 in China.
    EXPECT_EQ(DefaultDeadline(Severity::kGeneral, kT), *ParseRfc3339("2026-12-06T23:59:59+08:00"));
    EXPECT_EQ(DefaultDeadline(Severity::kMajor, kT), *ParseRfc3339("2026-12-29T23:59:59+08:00"));
    // 16:30Z is already the next day (00:30) in China.
    const UnixSeconds late = *ParseRfc3339("2026-11-29T16:30:00Z");
    EXPECT_EQ(DefaultDeadline(Severity::kGeneral, late), *ParseRfc3339("2026-12-07T23:59:59+08:00"));
    DeadlinePolicy p{.general_days = 3, .major_days = 0};
    EXPECT_EQ(DefaultDeadline(Severity::kGeneral, kT, p), *ParseRfc3339("2026-12-02T23:59:59+08:00"));
    EXPECT_EQ(DefaultDeadline(Severity::kMajor, kT, p), *ParseRfc3339("2026-11-29T23:59:59+08:00"));
    p.general_days = -5;  // a bad configuration never yields a past deadline
    EXPECT_GE(DefaultDeadline(Severity::kGeneral, kT, p), kT);
    // Before 1970 the day still rounds down.
    EXPECT_EQ(DefaultDeadline(Severity::kGeneral, -100000, DeadlinePolicy{.general_days = 0}),
              *ParseRfc3339("1969-12-31T23:59:59+08:00"));
}

TEST(HazardDeadline, FormatsChinaDates) {
    EXPECT_EQ(FormatChinaDate(*ParseRfc3339("2026-12-06T23:59:59+08:00")), "2026年12月06日");
    EXPECT_EQ(FormatChinaIsoDate(*ParseRfc3339("2026-12-06T16:00:00Z")), "2026-12-07");
    EXPECT_EQ(LocalDate(*ParseRfc3339("2026-12-06T15:59:59Z")), (CivilDate{2026, 12, 6}));
}

}  // namespace
}  // namespace safegrid
