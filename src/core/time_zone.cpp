#include "core/time_zone.hpp"

#include <array>
#include <cstdio>

#include "core/hazard/deadline.hpp"

namespace safegrid {
namespace {

constexpr std::array<std::string_view, 7> kChinaStandardTime = {
    "Asia/Shanghai", "Asia/Chongqing", "Asia/Harbin", "PRC", "Asia/Hong_Kong", "Asia/Macau", "Asia/Taipei"};

Result<TimeZone> BadZone(std::string_view text) {
    return Fail(
        Error{Code::kValidation,
              "bad_time_zone",
              {"无法识别的时区“" + std::string(text) + "”：请填写 Asia/Shanghai 或 UTC+08:00 这样的偏移",
               "Unknown time zone \"" + std::string(text) + "\": use Asia/Shanghai or an offset like UTC+08:00"},
              {},
              ""});
}

bool TwoDigits(std::string_view s, int& out) {
    if (s.size() != 2 || s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9') return false;
    out = (s[0] - '0') * 10 + (s[1] - '0');
    return true;
}

}  // namespace

Result<TimeZone> ParseTimeZone(std::string_view text) {
    for (std::string_view name : kChinaStandardTime)
        if (text == name) return TimeZone{std::string(text), 8 * 3600};
    if (text == "UTC" || text == "Etc/UTC" || text == "Z") return TimeZone{std::string(text), 0};
    std::string_view rest = text;
    if (rest.starts_with("UTC")) rest.remove_prefix(3);
    if (rest.empty() || (rest[0] != '+' && rest[0] != '-')) return BadZone(text);
    const int sign = rest[0] == '-' ? -1 : 1;
    rest.remove_prefix(1);
    int hours = 0;
    int minutes = 0;
    if (!TwoDigits(rest.substr(0, 2), hours)) return BadZone(text);
    rest.remove_prefix(2);
    if (!rest.empty()) {
        if (rest[0] == ':') rest.remove_prefix(1);
        if (!TwoDigits(rest, minutes) || minutes >= 60) return BadZone(text);
    }
    if (hours * 60 + minutes > 14 * 60) return BadZone(text);
    return TimeZone{std::string(text), sign * (hours * 3600 + minutes * 60)};
}

std::string FormatLocalDate(UnixSeconds t, const TimeZone& zone) {
    const CivilDate d = LocalDate(t, zone.utc_offset_seconds);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%04d年%02d月%02d日", d.year, d.month, d.day);
    return buf;
}

std::string FormatLocalIsoDate(UnixSeconds t, const TimeZone& zone) {
    const CivilDate d = LocalDate(t, zone.utc_offset_seconds);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

}  // namespace safegrid
