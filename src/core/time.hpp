// Time in SafeGrid: int64 seconds since the Unix epoch, UTC, everywhere inside;
// RFC 3339 UTC strings ("2026-11-29T11:31:14Z") at the edges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace safegrid {

using UnixSeconds = int64_t;

std::string FormatRfc3339(UnixSeconds t);
// Accepts "YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)" and, for convenience, a bare date "YYYY-MM-DD"
// (meaning 23:59:59 China time of that day when `date_end_of_day_cn` is set, else 00:00:00Z).
std::optional<UnixSeconds> ParseRfc3339(std::string_view s, bool date_end_of_day_cn = false);

}  // namespace safegrid
