// `safegrid seed-demo` part four: a year of training (百万员工消防安全大培训) over the demo town's
// villages, written through TrainingService as the system, relative to the clock's day:
//   - per village a fire session, a production-safety session and an evacuation drill, spread over
//     the last eleven months, plus one town-wide session;
//   - attendance (3–40 people) for a share of each village's enterprises that differs by village
//     (about 55–85 %), so the dashboard's coverage by village varies and the town's is ~60–80 %;
//   - enterprise1 (the demo enterprise login) is left untrained, so the e2e walk and a visitor can
//     see its 培训 tab and the coverage figure move when they record it.
// Deterministic (no random source): the same town gives the same sessions.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/seed/seed_demo.hpp"
#include "services/training_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

struct TrainingSummary {
    int64_t sessions = 0;
    int64_t attendances = 0;
};

Result<TrainingSummary> SeedDemoTraining(storage::Database& db, TrainingService& trainings, const Clock& clock,
                                         const SeedSummary& town, const TimeZone& zone = {});

}  // namespace safegrid::services::seed
