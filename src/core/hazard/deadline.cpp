#include "core/hazard/deadline.hpp"

#include <algorithm>
#include <cstdio>

namespace safegrid {
namespace {

// Floor division: day numbers must round towards minus infinity for instants before 1970.
int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

UnixSeconds DefaultDeadline(Severity severity, UnixSeconds now, const DeadlinePolicy& policy) {
    const int days = std::max(0, severity == Severity::kMajor ? policy.major_days : policy.general_days);
    const int64_t offset = policy.utc_offset_seconds;
    const int64_t local_day = FloorDiv(now + offset, 86400);
    // Last second of local day (local_day + days), converted back to UTC.
    return (local_day + days + 1) * 86400 - 1 - offset;
}

bool IsOverdue(HazardStatus status, std::optional<UnixSeconds> due_at, UnixSeconds now) {
    return status == kOverdueRule.status && due_at.has_value() && kOverdueRule.DeadlinePassed(*due_at, now);
}

CivilDate LocalDate(UnixSeconds t, int utc_offset_seconds) {
    // Reuse the tested civil-date code behind FormatRfc3339 instead of a second copy.
    const std::string iso = FormatRfc3339(t + utc_offset_seconds);
    CivilDate d;
    if (std::sscanf(iso.c_str(), "%d-%d-%d", &d.year, &d.month, &d.day) != 3) return CivilDate{};
    return d;
}

std::string FormatChinaDate(UnixSeconds t) {
    const CivilDate d = LocalDate(t);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", d.year, d.month, d.day);
    return buf;
}

std::string FormatChinaIsoDate(UnixSeconds t) {
    const CivilDate d = LocalDate(t);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

}  // namespace safegrid
