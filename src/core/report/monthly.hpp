// The monthly report (月报, issue 8 point 5; docs/reports.md): the rules that are the report's own.
// Every other figure reuses an existing rule (overdue: core/hazard/deadline.hpp; training coverage:
// core/training; station readiness: core/station; ranking: core/scorecard).
//
// PERIOD: exactly "YYYY-MM" of the town's calendar (a year alone is not a report); a month that
//   begins after the town's today is in the future (422 "period"); the current month is allowed and
//   reports up to now.
// AS-OF: the instant the report describes, min(the month's end, now): a past month is reported as
//   it stood at its end, the current one as it stands now. Its calendar day (AsOfDay) is the month's
//   last day or today: training coverage (the 12-month window ending there) and station readiness
//   (expired / expiring within 30 days of it) are read on that day.
// OVERDUE AT T (a hazard "open past its deadline" at the instant T): kOverdueRule's status
//   (rectifying) with due_at before T, or a hazard closed at or after T whose deadline was before
//   T (it was still open then). Found at or after T never counts. At T = now the second part is
//   empty, so the figure is exactly the dashboard's overdue count.
// MAJORS LISTED: major hazards found in the month, or open at the as-of instant (found before it,
//   not closed by it; rejected and unconfirmed reports excluded).
// TREND: the 12 calendar months ending with the period, oldest first (yyyymm keys).
// PREVIOUS MONTH (the scheduler): the month before the one `today` falls in.
//
// Pure: no I/O, no clock. Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/hazard/hazard.hpp"
#include "core/scorecard/scorecard.hpp"
#include "core/time.hpp"

namespace safegrid::report {

// "2026-11" → {2026, 11}; anything else (a year alone included) → nullopt.
std::optional<scorecard::Period> ParseMonth(std::string_view text);
// Whether the month begins after `today` (YYYY-MM-DD, the town's calendar).
bool IsFutureMonth(const scorecard::Period& month, std::string_view today);
// min(month's end, now) as an instant, for a zone `utc_offset_seconds` east of UTC.
UnixSeconds AsOf(const scorecard::Period& month, int utc_offset_seconds, UnixSeconds now);
// The month's last day, or `today` when that comes first (both YYYY-MM-DD).
std::string AsOfDay(const scorecard::Period& month, std::string_view today);
// The 12 months ending with `month`, oldest first, as yyyymm (202512 … 202611).
std::vector<int> TrendMonths(const scorecard::Period& month);
// The month before the one `today` (YYYY-MM-DD) falls in; nullopt when today is not a date.
std::optional<scorecard::Period> PreviousMonth(std::string_view today);
// "2026年11月".
std::string MonthLabelZh(const scorecard::Period& month);

// OVERDUE AT T for one hazard (the SQL in storage/repositories/monthly_report_repository.cpp states
// the same; tests compare the two).
bool WasOverdueAt(HazardStatus status, std::optional<UnixSeconds> due_at, UnixSeconds found_at,
                  std::optional<UnixSeconds> closed_at, UnixSeconds t);

}  // namespace safegrid::report
