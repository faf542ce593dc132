// Who must hear of a device alarm, and when (issue 9 point 5, docs/alarms-duty.md): the escalation
// ladder of unacknowledged alarms and the choice of the nearest micro fire station. The alarm's
// kinds and statuses are the wire names of the alarms table (0027: fire | fault | offline | other;
// active | acknowledged | false_alarm | resolved).
//
// THE LADDER (the hazards' one: 0 the grid's inspectors, 1 the village, 2 the town):
//   fire           still `active` (nobody acknowledged it) village_after_s after raised_at → 1,
//                  town_after_s after → 2. A fire alarm the device has since cleared still climbs:
//                  a panel that was reset is not a person who looked.
//   fault, offline still `active` and not cleared by the device fault_after_s after raised_at → 1,
//                  never 2 (a blind detector is a matter for the village, not a call to the town).
//   other          never escalates.
// An acknowledged, false_alarm or resolved alarm never climbs further.
//
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/plan/route.hpp"
#include "core/time.hpp"

namespace safegrid {

// Config alarm.escalate_village_after_s, alarm.escalate_town_after_s, alarm.escalate_fault_after_s.
struct AlarmLadder {
    int64_t village_after_s = 300;
    int64_t town_after_s = 900;
    int64_t fault_after_s = 86400;
};

// The level the alarm should have reached at `now` (0, 1 or 2), by the rules above. A threshold
// is reached when now - raised_at >= the threshold.
int64_t DueAlarmLevel(const AlarmLadder& ladder, std::string_view kind, std::string_view status, bool cleared,
                      UnixSeconds raised_at, UnixSeconds now);

// The earliest raised_at that has reached `level` at `now` for `kind`, or nullopt when that kind
// never reaches that level: the bound the escalation job's scan uses, derived from the same ladder.
std::optional<UnixSeconds> RaisedAtOrBeforeForLevel(const AlarmLadder& ladder, std::string_view kind, int64_t level,
                                                    UnixSeconds now);

// The index of the candidate nearest to `from` by great-circle distance (the first of equals), or
// nullopt when there is none.
std::optional<size_t> NearestPoint(GeoPoint from, const std::vector<GeoPoint>& candidates);

}  // namespace safegrid
