// hazard.updated on the live stream (GET /api/v1/events): every hazard creation and transition
// (HazardService::on_event, the hook notifications use) records {"id","status","enterprise_id",
// "version"} in live_events inside the same transaction, scoped like the hazard, so the event
// exists exactly when the change does (a rollback records nothing). The hook runs before the
// commit and cannot see it, so it wakes the streams at once: the poller (live_feed.hpp) that
// finds nothing new after a wake looks again within milliseconds, and the row is there as soon
// as the transaction commits.
//
// Thread-safety: stateless; `live` is shared.
#pragma once

#include "core/error.hpp"
#include "services/hazard_service.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

inline constexpr const char* kHazardUpdated = "hazard.updated";

// The event's data object, one line of JSON.
std::string HazardUpdatedData(const HazardRecord& hazard);

Status RecordHazardUpdated(LiveEvents& live, storage::Connection& conn, const HazardEventInfo& info);

}  // namespace safegrid::services
