#include "core/plan/plan.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/hazard/deadline.hpp"

namespace safegrid {
namespace {

const TimeZone kShanghai{};

TEST(PlanDay, IsTheLocalCalendarDay) {
    auto day = ParsePlanDay("2026-12-06", kShanghai);
    ASSERT_TRUE(day);
    EXPECT_EQ(day->date, "2026-12-06");
    EXPECT_EQ(day->start, *ParseRfc3339("2026-12-05T16:00:00Z"));
    EXPECT_EQ(day->end, *ParseRfc3339("2026-12-06T16:00:00Z"));
    // 23:30 UTC on the 5th is already the 6th in Shanghai; 15:59:59 UTC on the 6th still is.
    EXPECT_EQ(PlanDayOf(*ParseRfc3339("2026-12-05T23:30:00Z"), kShanghai).date, "2026-12-06");
    EXPECT_EQ(PlanDayOf(*ParseRfc3339("2026-12-06T15:59:59Z"), kShanghai).date, "2026-12-06");
    EXPECT_EQ(PlanDayOf(*ParseRfc3339("2026-12-06T16:00:00Z"), kShanghai).date, "2026-12-07");
    const TimeZone utc{"UTC", 0};
    EXPECT_EQ(ParsePlanDay("2026-12-06", utc)->start, *ParseRfc3339("2026-12-06T00:00:00Z"));
}

TEST(PlanDay, RejectsWhatIsNotADate) {
    for (const char* bad : {"", "today", "2026-13-01", "2026-02-29", "2026-12-6", "2026-12-06T00:00:00Z", " 2026-12-06",
                            "2026/12/06", "20261206", "2026-12-0x", "+026-12-06"}) {
        EXPECT_FALSE(ParsePlanDay(bad, kShanghai)) << bad;
    }
    EXPECT_TRUE(ParsePlanDay("2028-02-29", kShanghai)) << "a leap day";
}

TEST(PlanDay, ADeadlineOnThatDateIsOverdueAtItsEnd) {
    // The plan's rule is core's overdue rule at the end of the day: a default deadline (23:59:59
    // local) falling on the date counts, one on the next day does not.
    const PlanDay day = *ParsePlanDay("2026-12-06", kShanghai);
    const UnixSeconds on_the_day = DefaultDeadline(Severity::kGeneral, day.start, {.general_days = 0});
    EXPECT_TRUE(IsOverdue(HazardStatus::kRectifying, on_the_day, day.end));
    EXPECT_FALSE(IsOverdue(HazardStatus::kRectifying, on_the_day + 1, day.end));
    EXPECT_TRUE(IsInspectionDue(day.end - 1, day.end));
    EXPECT_FALSE(IsInspectionDue(day.end, day.end));
}

TEST(ParseGeoPoint, ReadsLatCommaLng) {
    auto p = ParseGeoPoint("30.18,121.32");
    ASSERT_TRUE(p);
    EXPECT_DOUBLE_EQ(p->lat, 30.18);
    EXPECT_DOUBLE_EQ(p->lng, 121.32);
    p = ParseGeoPoint(" -33.5 , +151 ");
    ASSERT_TRUE(p);
    EXPECT_DOUBLE_EQ(p->lat, -33.5);
    EXPECT_DOUBLE_EQ(p->lng, 151.0);
    for (const char* bad : {"", ",", "30.18", "30.18,", ",121", "91,0", "0,181", "-90.1,0", "a,b", "30.18;121.32",
                            "30.18,121.32,5", "nan,0", "inf,0", "1e2,0", "+-1,0", "0x1,0"}) {
        EXPECT_FALSE(ParseGeoPoint(bad)) << bad;
    }
    EXPECT_TRUE(ParseGeoPoint("90,-180"));
}

TEST(StopRank, RedFirstThenScoreThenId) {
    std::vector<StopRank> stops = {{RiskLevel::kYellow, 500, 1},
                                   {RiskLevel::kRed, 400, 2},
                                   {RiskLevel::kRed, 900, 3},
                                   {RiskLevel::kBlue, 999, 4},
                                   {RiskLevel::kRed, 900, 0}};
    std::sort(stops.begin(), stops.end(), MoreUrgent);
    std::vector<int64_t> ids;
    for (const auto& s : stops) ids.push_back(s.id);
    EXPECT_EQ(ids, (std::vector<int64_t>{0, 3, 2, 1, 4}));
}

TEST(PlanReason, WireNames) {
    EXPECT_EQ(PlanReasonName(PlanReason::kRecheck), "recheck");
    EXPECT_EQ(PlanReasonName(PlanReason::kDeadline), "deadline");
    EXPECT_EQ(PlanReasonName(PlanReason::kDue), "due");
    EXPECT_EQ(PlanReasonName(PlanReason::kCampaign), "campaign");
}

}  // namespace
}  // namespace safegrid
