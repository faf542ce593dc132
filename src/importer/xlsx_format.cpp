#include "importer/xlsx_format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <iterator>

#include "importer/table_builder.hpp"

namespace safegrid::importer {
namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (Lower(s[i]) != prefix[i]) return false;
    }
    return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::string CivilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
    return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

NumKind Combine(bool date, bool time) {
    if (date && time) return NumKind::kDateTime;
    if (date) return NumKind::kDate;
    if (time) return NumKind::kTime;
    return NumKind::kNumber;
}

}  // namespace

NumKind BuiltinNumKind(int id) {
    // 14–17: m/d/yyyy, d-mmm-yy, d-mmm, mmm-yy; 27–31, 36, 50–54, 57, 58: zh-CN dates such as
    // yyyy"年"m"月"d"日". 18–21: h:mm AM/PM ... h:mm:ss; 32–35, 55, 56: zh-CN h"时"mm"分" ...;
    // 45–47: mm:ss, [h]:mm:ss, mmss.0. 22: m/d/yyyy h:mm.
    static constexpr int kDates[] = {14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58};
    static constexpr int kTimes[] = {18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56};
    if (std::ranges::find(kDates, id) != std::end(kDates)) return NumKind::kDate;
    if (std::ranges::find(kTimes, id) != std::end(kTimes)) return NumKind::kTime;
    return id == 22 ? NumKind::kDateTime : NumKind::kNumber;
}

NumKind FormatCodeKind(std::string_view code) {
    bool date = false;
    bool time = false;
    bool month_or_minute = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = Lower(code[i]);
        if (c == '"') {  // literal text
            const std::size_t end = code.find('"', i + 1);
            if (end == std::string_view::npos) break;
            i = end;
        } else if (c == '\\' || c == '_' || c == '*') {  // escaped char, padding, fill: skip the next char
            ++i;
        } else if (c == '[') {  // colour, condition, locale, or elapsed time [h] [mm] [ss]
            const std::size_t end = code.find(']', i + 1);
            if (end == std::string_view::npos) break;
            const std::string_view inner = code.substr(i + 1, end - i - 1);
            // Elapsed time is [h], [mm], [ss]...; "[Magenta]" is a colour, hence the all-same-letter test.
            const char first = inner.empty() ? '\0' : Lower(inner[0]);
            if ((first == 'h' || first == 'm' || first == 's') &&
                inner.find_first_not_of(std::string{first, static_cast<char>(first - 'a' + 'A')}) ==
                    std::string_view::npos) {
                time = true;
            }
            if (StartsWithNoCase(inner, "$-f800")) date = true;  // the system's long date format
            if (StartsWithNoCase(inner, "$-f400")) time = true;  // the system's time format
            i = end;
        } else if (StartsWithNoCase(code.substr(i), "am/pm")) {
            time = true;
            i += 4;
        } else if (StartsWithNoCase(code.substr(i), "a/p")) {
            time = true;
            i += 2;
        } else if (c == 'y' || c == 'd') {
            date = true;
        } else if (c == 'h' || c == 's') {
            time = true;
        } else if (c == 'm') {
            month_or_minute = true;
        }
    }
    // A lone "m" is a month ("mmm-yy" has its y anyway); next to h or s it means minutes.
    if (month_or_minute && !time) date = true;
    return Combine(date, time);
}

std::string FormatNumber(std::string_view raw) {
    const std::string_view t = TrimWhitespace(raw);
    if (t.empty()) return {};
    // Digits only: keep them exactly (no double can hold an 18-digit code).
    const bool negative = t[0] == '-';
    std::string_view digits = t.substr(negative ? 1 : 0);
    if (!digits.empty() && digits.find_first_not_of("0123456789") == std::string_view::npos) {
        const std::size_t nz = digits.find_first_not_of('0');
        if (nz == std::string_view::npos) return "0";
        return (negative ? "-" : "") + std::string(digits.substr(nz));
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) return std::string(t);
    if (v == 0) return "0";  // also turns -0 into 0
    return fmt::format("{:.15g}", v);
}

std::optional<std::string> FormatSerial(double serial, NumKind kind, bool date1904) {
    // 2958466 is 10000-01-01 in the 1900 system: Excel's dates end on 9999-12-31.
    if (!std::isfinite(serial) || serial < 0 || serial >= 2958466.0) return std::nullopt;
    const auto total = static_cast<std::int64_t>(std::llround(serial * 86400.0));
    const std::int64_t days = total / 86400;
    const std::int64_t secs = total % 86400;
    const std::string hms = fmt::format("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if (kind == NumKind::kTime) return hms;
    std::string date;
    if (date1904) {
        date = CivilFromDays(DaysFromCivil(1904, 1, 1) + days);
    } else if (days == 0) {
        return std::nullopt;  // Excel shows "1900-01-00", which is no date
    } else if (days == 60) {
        date = "1900-02-29";  // Lotus 1-2-3's leap-year bug, which Excel keeps: show what Excel shows
    } else {
        // Serial 1 is 1900-01-01; past the phantom 29 February everything is one day later.
        date = CivilFromDays(DaysFromCivil(1899, 12, days < 60 ? 31 : 30) + days);
    }
    if (kind == NumKind::kDateTime) return date + " " + hms;
    return date;
}

}  // namespace safegrid::importer
