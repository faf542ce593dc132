// `safegrid seed-demo` part four: a few manual scorecard items (the ones the platform cannot decide,
// docs/scorecards.md) entered for the current month through ScorecardService as the system, so the
// /scorecards page shows decided and manual items side by side: the first village gets its
// leadership body (VIL-01) and responsibility letters (VIL-02), the second its leadership body,
// and enterprise1 its smart-fire devices (ENT-20). The decided items come from the seeded data.
//
// Thread-safety: single-threaded; run it once on a freshly seeded town.
#pragma once

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/scorecard_service.hpp"
#include "services/seed/seed_demo.hpp"
#include "storage/db.hpp"

namespace safegrid::services::seed {

// The number of manual entries written.
Result<int> SeedDemoScorecards(storage::Database& db, ScorecardService& scorecards, const Clock& clock,
                               const SeedSummary& town, const TimeZone& zone = {});

}  // namespace safegrid::services::seed
