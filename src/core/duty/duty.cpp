#include "core/duty/duty.hpp"

namespace safegrid {
namespace {

// The seconds after raised_at at which `kind` reaches `level`; nullopt when it never does.
std::optional<int64_t> ThresholdFor(const AlarmLadder& ladder, std::string_view kind, int64_t level) {
    if (kind == "fire") {
        if (level == 1) return ladder.village_after_s;
        if (level == 2) return ladder.town_after_s;
        return std::nullopt;
    }
    if ((kind == "fault" || kind == "offline") && level == 1) return ladder.fault_after_s;
    return std::nullopt;
}

}  // namespace

int64_t DueAlarmLevel(const AlarmLadder& ladder, std::string_view kind, std::string_view status, bool cleared,
                      UnixSeconds raised_at, UnixSeconds now) {
    if (status != "active") return 0;
    // A fault the device reports gone needs nobody; a fire needs a person whatever the panel says.
    if (cleared && kind != "fire") return 0;
    int64_t level = 0;
    for (int64_t candidate : {1, 2}) {
        const auto after = ThresholdFor(ladder, kind, candidate);
        if (after && now - raised_at >= *after) level = candidate;
    }
    return level;
}

std::optional<UnixSeconds> RaisedAtOrBeforeForLevel(const AlarmLadder& ladder, std::string_view kind, int64_t level,
                                                    UnixSeconds now) {
    const auto after = ThresholdFor(ladder, kind, level);
    if (!after) return std::nullopt;
    return now - *after;
}

std::optional<size_t> NearestPoint(GeoPoint from, const std::vector<GeoPoint>& candidates) {
    std::optional<size_t> best;
    double best_m = 0;
    for (size_t i = 0; i < candidates.size(); ++i) {
        const double m = HaversineMeters(from, candidates[i]);
        if (!best || m < best_m) best = i, best_m = m;
    }
    return best;
}

}  // namespace safegrid
