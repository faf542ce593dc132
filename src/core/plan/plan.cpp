#include "core/plan/plan.hpp"

#include <charconv>
#include <cmath>

namespace safegrid {
namespace {

std::string_view Trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

std::optional<double> Degrees(std::string_view s) {
    s = Trimmed(s);
    if (s.empty() || s.size() > 32) return std::nullopt;
    if (s.front() == '+') {  // from_chars takes no '+', people write one; one sign only
        s.remove_prefix(1);
        if (s.empty() || s.front() == '-' || s.front() == '+') return std::nullopt;
    }
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value, std::chars_format::fixed);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
    return value;
}

}  // namespace

std::string_view PlanReasonName(PlanReason reason) {
    switch (reason) {
        case PlanReason::kRecheck:
            return "recheck";
        case PlanReason::kDeadline:
            return "deadline";
        case PlanReason::kDue:
            return "due";
        case PlanReason::kCampaign:
            return "campaign";
    }
    return "due";
}

std::optional<PlanDay> ParsePlanDay(std::string_view text, const TimeZone& zone) {
    // ParseRfc3339 checks the calendar (month lengths, leap years) and reads a bare date as 00:00Z.
    if (text.size() != 10) return std::nullopt;
    auto midnight_utc = ParseRfc3339(text);
    if (!midnight_utc) return std::nullopt;
    const UnixSeconds start = *midnight_utc - zone.utc_offset_seconds;
    return PlanDay{std::string(text), start, start + 86400};
}

PlanDay PlanDayOf(UnixSeconds t, const TimeZone& zone) {
    const std::string date = FormatLocalIsoDate(t, zone);
    return *ParsePlanDay(date, zone);
}

std::optional<GeoPoint> ParseGeoPoint(std::string_view text) {
    const size_t comma = text.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    auto lat = Degrees(text.substr(0, comma));
    auto lng = Degrees(text.substr(comma + 1));
    if (!lat || !lng || *lat < -90 || *lat > 90 || *lng < -180 || *lng > 180) return std::nullopt;
    return GeoPoint{*lat, *lng};
}

bool MoreUrgent(const StopRank& a, const StopRank& b) {
    if (a.level != b.level) return a.level > b.level;
    if (a.score != b.score) return a.score > b.score;
    return a.id < b.id;
}

}  // namespace safegrid
