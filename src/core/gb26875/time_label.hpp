// The 6-byte time label of GB/T 26875.3 (§7.1 of the protocol summary): second, minute, hour,
// day, month, year-2000, one binary byte each, in that order. No time zone is sent; UITDs use
// local (Beijing) time, so the label is a civil time and turning it into an instant is the
// caller's decision. Devices with a dead clock send zeros or garbage: a label that is not a real
// date is kept (the event still counts) and Valid() says so.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace safegrid::gb26875 {

struct TimeLabel {
    uint8_t second = 0;
    uint8_t minute = 0;
    uint8_t hour = 0;
    uint8_t day = 1;
    uint8_t month = 1;
    uint8_t year = 0;  // years since 2000

    [[nodiscard]] int FullYear() const { return 2000 + year; }
    // A real calendar time: year ≤ 99, month 1..12, day within the month (leap years counted),
    // hour ≤ 23, minute and second ≤ 59.
    [[nodiscard]] bool Valid() const;
    // "2024-05-06 07:08:09", printed as sent even when not Valid() ("2024-13-01 00:00:00").
    [[nodiscard]] std::string Text() const;

    friend bool operator==(const TimeLabel&, const TimeLabel&) = default;
};

inline constexpr std::size_t kTimeLabelSize = 6;

// `bytes` must hold at least 6 bytes.
TimeLabel ReadTimeLabel(std::string_view bytes);
void AppendTimeLabel(std::string& out, const TimeLabel& t);

}  // namespace safegrid::gb26875
