// The town's time zone: the one place that turns an instant into the day a person reads
// (CONTRACT.md: "Dates a person reads (the day of a deadline, "today", file names, reminders) are
// in the town's time zone, Asia/Shanghai unless configured").
//
// A zone is a fixed UTC offset. Why not the tz database: the toolchain is GCC 12, whose libstdc++
// has no std::chrono::locate_zone (it arrived in GCC 14), and reading /usr/share/zoneinfo here would
// be I/O in core. China has had one offset without daylight saving since 1991, so for the zones a
// Chinese town uses a fixed offset is exact; ParseTimeZone knows those names and otherwise takes an
// explicit offset ("UTC+08:00"), so a deployment elsewhere can still set its own.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace safegrid {

struct TimeZone {
    std::string name = "Asia/Shanghai";  // as configured, for logs and docs
    int utc_offset_seconds = 8 * 3600;
};

// "Asia/Shanghai" and the other IANA names of UTC+8 without daylight saving (Asia/Chongqing,
// Asia/Harbin, PRC, Asia/Hong_Kong, Asia/Macau, Asia/Taipei), "UTC"/"Etc/UTC", or an explicit offset
// "UTC+08:00", "UTC-05", "+08:00" (at most ±14:00). Anything else → kValidation "bad_time_zone"
// (a typo must not silently print dates a day off).
Result<TimeZone> ParseTimeZone(std::string_view text);

// "2026年12月06日": the town's calendar day of `t`, as printed on notices.
std::string FormatLocalDate(UnixSeconds t, const TimeZone& zone);
// "2026-12-06": the same day as ISO text (file names, workbook cells).
std::string FormatLocalIsoDate(UnixSeconds t, const TimeZone& zone);

}  // namespace safegrid
