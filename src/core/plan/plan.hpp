// The rules of the inspector's day (CONTRACT "Risk grading and plans", GET /api/v1/plan) that are
// not the route itself (route.hpp): which calendar day a plan covers, why a stop is on it, the
// most urgent stop, and the `start` parameter.
//
// THE DAY: a plan's date is a calendar day in the town's time zone, [start, end) in UTC seconds.
// Every time rule of the plan is evaluated at `end` (00:00 local of the next day), so "on or before
// that date" needs no rule of its own: a `rectifying` hazard is a deadline stop when it is overdue
// (core's IsOverdue / kOverdueRule) at the end of the day, and an enterprise is a due stop when its
// stored inspection due date (InspectionDueAt, core/enterprise/risk.hpp) is due (IsInspectionDue)
// at the end of the day. For today that is "by tonight", the day an inspector plans.
//
// Pure functions; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enterprise/risk.hpp"
#include "core/plan/route.hpp"
#include "core/time.hpp"
#include "core/time_zone.hpp"

namespace safegrid {

// In the order a stop lists them (and the contract names them).
enum class PlanReason { kRecheck, kDeadline, kDue, kCampaign };
std::string_view PlanReasonName(PlanReason reason);

struct PlanDay {
    std::string date;       // "YYYY-MM-DD"
    UnixSeconds start = 0;  // 00:00 local
    UnixSeconds end = 0;    // 00:00 local of the next day
};

// A strict "YYYY-MM-DD" (a real calendar date, nothing around it); nullopt otherwise.
std::optional<PlanDay> ParsePlanDay(std::string_view text, const TimeZone& zone);
// The local day that contains `t`.
PlanDay PlanDayOf(UnixSeconds t, const TimeZone& zone);

// "lat,lng" in decimal degrees (lat −90..90, lng −180..180, white space around the numbers
// allowed); nullopt for anything else.
std::optional<GeoPoint> ParseGeoPoint(std::string_view text);

// How urgent a stop is when no start point is given: red first, then the higher score, then the
// lower id (a stable answer). True when a comes before b.
struct StopRank {
    RiskLevel level = RiskLevel::kBlue;
    int64_t score = 0;
    int64_t id = 0;
};
bool MoreUrgent(const StopRank& a, const StopRank& b);

}  // namespace safegrid
