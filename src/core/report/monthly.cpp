#include "core/report/monthly.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/hazard/deadline.hpp"

namespace safegrid::report {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && IsLeap(year) ? 29 : kDays[month - 1];
}

}  // namespace

std::optional<scorecard::Period> ParseMonth(std::string_view text) {
    auto p = scorecard::ParsePeriod(text);
    if (!p || p->month == 0) return std::nullopt;
    return p;
}

bool IsFutureMonth(const scorecard::Period& month, std::string_view today) { return scorecard::IsFuture(month, today); }

UnixSeconds AsOf(const scorecard::Period& month, int utc_offset_seconds, UnixSeconds now) {
    return std::min(month.End(utc_offset_seconds), now);
}

std::string AsOfDay(const scorecard::Period& month, std::string_view today) {
    std::string last = fmt::format("{:04d}-{:02d}-{:02d}", month.year, month.month, DaysIn(month.year, month.month));
    return std::min(last, std::string(today));
}

std::vector<int> TrendMonths(const scorecard::Period& month) {
    std::vector<int> out;
    int y = month.year;
    int m = month.month;
    for (int i = 0; i < 11; ++i) {
        if (--m == 0) {
            m = 12;
            --y;
        }
    }
    for (int i = 0; i < 12; ++i) {
        out.push_back(y * 100 + m);
        if (++m == 13) {
            m = 1;
            ++y;
        }
    }
    return out;
}

std::optional<scorecard::Period> PreviousMonth(std::string_view today) {
    if (today.size() < 7) return std::nullopt;
    auto p = ParseMonth(today.substr(0, 7));
    if (!p) return std::nullopt;
    if (--p->month == 0) {
        p->month = 12;
        --p->year;
    }
    if (p->year < 1970) return std::nullopt;
    return p;
}

std::string MonthLabelZh(const scorecard::Period& month) { return fmt::format("{}年{}月", month.year, month.month); }

bool WasOverdueAt(HazardStatus status, std::optional<UnixSeconds> due_at, UnixSeconds found_at,
                  std::optional<UnixSeconds> closed_at, UnixSeconds t) {
    if (found_at >= t || !due_at) return false;
    if (status == kOverdueRule.status) return kOverdueRule.DeadlinePassed(*due_at, t);
    if (status == HazardStatus::kClosed && closed_at && *closed_at >= t) return kOverdueRule.DeadlinePassed(*due_at, t);
    return false;
}

}  // namespace safegrid::report
