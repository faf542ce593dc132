#include "core/time.hpp"

#include <charconv>
#include <cstdio>

namespace safegrid {
namespace {

// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian calendar.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
}

bool ReadInt(std::string_view s, size_t pos, size_t len, int& out) {
    if (pos + len > s.size()) return false;
    for (size_t i = pos; i < pos + len; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
}

unsigned DaysInMonth(int64_t y, unsigned m) {
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return kDays[m - 1];
}

}  // namespace

std::string FormatRfc3339(UnixSeconds t) {
    int64_t days = t / 86400;
    int64_t secs = t % 86400;
    if (secs < 0) {
        secs += 86400;
        days -= 1;
    }
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, y, m, d);
    const auto hour = static_cast<unsigned>(secs / 3600);
    const auto minute = static_cast<unsigned>(secs / 60 % 60);
    const auto second = static_cast<unsigned>(secs % 60);
    if (y < 0 || y > 9999) {
        char buf[48];  // room for any year the type can hold, so the format never truncates
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02uZ", static_cast<long long>(y), m, d, hour,
                      minute, second);
        return buf;
    }
    // Every timestamp of every list row passes here: digits by hand, not printf's parser.
    std::string out = "0000-00-00T00:00:00Z";
    auto put = [&out](size_t at, unsigned value, size_t width) {
        for (size_t i = width; i-- > 0; value /= 10) out[at + i] = static_cast<char>('0' + value % 10);
    };
    put(0, static_cast<unsigned>(y), 4);
    put(5, m, 2);
    put(8, d, 2);
    put(11, hour, 2);
    put(14, minute, 2);
    put(17, second, 2);
    return out;
}

std::optional<UnixSeconds> ParseRfc3339(std::string_view s, bool date_end_of_day_cn) {
    int y, mo, d;
    if (s.size() < 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
    if (!ReadInt(s, 0, 4, y) || !ReadInt(s, 5, 2, mo) || !ReadInt(s, 8, 2, d)) return std::nullopt;
    if (mo < 1 || mo > 12 || d < 1 || static_cast<unsigned>(d) > DaysInMonth(y, static_cast<unsigned>(mo)))
        return std::nullopt;
    const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    if (s.size() == 10) {
        // China Standard Time is UTC+8 all year.
        return date_end_of_day_cn ? days * 86400 + 86399 - 8 * 3600 : days * 86400;
    }
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
    int hh, mm, ss;
    if (s.size() < 19 || s[13] != ':' || s[16] != ':') return std::nullopt;
    if (!ReadInt(s, 11, 2, hh) || !ReadInt(s, 14, 2, mm) || !ReadInt(s, 17, 2, ss)) return std::nullopt;
    if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
    size_t pos = 19;
    if (pos < s.size() && s[pos] == '.') {
        ++pos;
        const size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    int64_t offset = 0;
    if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
        int oh, om;
        if (pos + 6 > s.size() || s[pos + 3] != ':' || !ReadInt(s, pos + 1, 2, oh) || !ReadInt(s, pos + 4, 2, om) ||
            oh > 23 || om > 59)
            return std::nullopt;
        offset = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != s.size()) return std::nullopt;
    return days * 86400 + hh * 3600 + mm * 60 + std::min(ss, 59) - offset;
}

}  // namespace safegrid
