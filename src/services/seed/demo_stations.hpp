// `safegrid seed-demo` part four: one micro fire station (微型消防站) per village of the demo town,
// written through StationService as the system, relative to the clock's day so the demo always has
// something to show:
//   - at the middle of the village's enterprises, radius 700 m (the enterprises spread ±600 m, so
//     the coverage-gap list and the map show a few outside every circle); every fourth a key_unit
//     station, the others community ones; staff 6–8; the village officer is the responsible user;
//   - equipment: every item the standard asks of its kind at the minimum count, except that every
//     third station lacks one item, and the extinguishers (MFS-EQ-01) of the first station expire in
//     10 days, of every fifth station expired last month (the rest next year);
//   - three drills over the past quarter with response times of 1½–4 minutes.
// Then the reminder job runs once, so the responsible users' inboxes hold the expiry reminders.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "services/seed/seed_demo.hpp"
#include "services/station_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

struct StationSeedSummary {
    int64_t stations = 0;
    int64_t first_station_id = 0;
};

Result<StationSeedSummary> SeedDemoStations(storage::Database& db, StationService& stations, const SeedSummary& town);

}  // namespace safegrid::services::seed
