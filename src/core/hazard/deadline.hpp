// Deadlines (整改期限) and overdue.
//
// A deadline is an instant (UnixSeconds). Default deadlines fall at the END of a day in China
// time (23:59:59 UTC+8): an officer who says "seven days" means "by the end of the seventh day",
// and a notice prints a date, not an instant. China Standard Time has no daylight saving, so the
// offset is a constant; it is still a policy field so a deployment elsewhere can change it.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <optional>
#include <string>

#include "core/hazard/hazard.hpp"
#include "core/time.hpp"

namespace safegrid {

inline constexpr int kChinaUtcOffsetSeconds = 8 * 3600;

// Configurable timers (DOMAIN.md §2.4: "encode as configurable timers").
struct DeadlinePolicy {
    int general_days = 7;  // 一般隐患: rectify immediately, else within a week by default
    int major_days = 30;   // 重大隐患: a 6-element plan needs time; local practice is ≤30 days
    int utc_offset_seconds = kChinaUtcOffsetSeconds;
};

// The end (23:59:59 local) of the day that is `days` days after the local date of `now`.
// Negative day counts are treated as 0 (end of today) so a bad configuration never yields a
// deadline already in the past.
UnixSeconds DefaultDeadline(Severity severity, UnixSeconds now, const DeadlinePolicy& policy = {});

// The one definition of "overdue" (CONTRACT.md: "overdue when it is rectifying and due_at is
// past"). Storage does not restate it: its SQL predicates are built from these fields
// (storage/repositories/hazard_rules_sql.hpp), and tests compare the stores' answers with
// IsOverdue over random hazards, so a change here changes every query with it.
struct OverdueRule {
    // The only status whose deadline runs: a hazard waiting for acceptance (submitted) is out of
    // the company's hands, so it is not overdue however late the inspector is.
    HazardStatus status = HazardStatus::kRectifying;
    // false: due_at < now (a deadline equal to `now` is not yet past); true would make it <=.
    bool due_equal_to_now_is_overdue = false;
    // Without a deadline nothing is overdue (SQL: NULL never compares true, which agrees).

    [[nodiscard]] constexpr bool DeadlinePassed(UnixSeconds due_at, UnixSeconds now) const {
        return due_equal_to_now_is_overdue ? due_at <= now : due_at < now;
    }
    // The SQL comparison operator for "due_at <op> now", derived from the flag above.
    [[nodiscard]] constexpr const char* DueBeforeNowOperator() const {
        return due_equal_to_now_is_overdue ? "<=" : "<";
    }
};
inline constexpr OverdueRule kOverdueRule{};

bool IsOverdue(HazardStatus status, std::optional<UnixSeconds> due_at, UnixSeconds now);

struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;
    friend bool operator==(const CivilDate&, const CivilDate&) = default;
};

// The calendar date of `t` at the given UTC offset (China by default).
CivilDate LocalDate(UnixSeconds t, int utc_offset_seconds = kChinaUtcOffsetSeconds);
// "2026年12月06日", the form printed on notices.
std::string FormatChinaDate(UnixSeconds t);
// "2026-12-06", the China-time date as ISO text.
std::string FormatChinaIsoDate(UnixSeconds t);

}  // namespace safegrid
