#include "core/training/training.hpp"

#include <array>
#include <utility>

namespace safegrid {
namespace {

constexpr std::array<std::pair<TrainingKind, std::string_view>, 3> kKinds = {{
    {TrainingKind::kFire, "fire"},
    {TrainingKind::kProduction, "production"},
    {TrainingKind::kDrill, "drill"},
}};

// "YYYY-MM-DD" with the year moved by `delta` (years 1..9998 stay four digits).
std::string ShiftYear(std::string_view day, int delta) {
    int year = 0;
    for (size_t i = 0; i < 4 && i < day.size(); ++i) year = year * 10 + (day[i] - '0');
    year += delta;
    std::string out(day);
    for (int i = 3; i >= 0; --i) {
        out[static_cast<size_t>(i)] = static_cast<char>('0' + year % 10);
        year /= 10;
    }
    return out;
}

}  // namespace

std::string_view TrainingKindName(TrainingKind kind) {
    for (const auto& [k, name] : kKinds)
        if (k == kind) return name;
    return "fire";
}

std::optional<TrainingKind> ParseTrainingKind(std::string_view name) {
    for (const auto& [k, n] : kKinds)
        if (n == name) return k;
    return std::nullopt;
}

bool IsValidTrainingHours(double hours) { return hours > 0.0 && hours <= kMaxTrainingHours; }

bool IsValidAttendancePeople(int64_t people) {
    return people >= kMinAttendancePeople && people <= kMaxAttendancePeople;
}

std::string WindowStartExclusive(std::string_view today) {
    if (today.size() != 10) return std::string(today);
    return ShiftYear(today, -1);
}

std::string LatestHeldOn(std::string_view today) {
    if (today.size() != 10) return std::string(today);
    return ShiftYear(today, 1);
}

bool CountsForCoverage(std::string_view held_on, std::string_view today) {
    return held_on > WindowStartExclusive(today) && held_on <= today;
}

bool InSessionRegion(const RegionPath& session, const RegionPath& enterprise) {
    if (session.grid_id) return enterprise.grid_id == session.grid_id;
    if (session.village_id) return enterprise.village_id == session.village_id;
    return enterprise.town_id == session.town_id;
}

double TrainingCoverage::Coverage() const {
    return enterprises <= 0 ? 0.0 : static_cast<double>(covered) / static_cast<double>(enterprises);
}

}  // namespace safegrid
