// The station equipment reminder (in the in-process scheduler, hourly): equipment of a micro fire
// station that expires within kExpiryWarningDays of the town's today, or has expired, is told to
// the station's responsible user (stations.responsible_user_id, when enabled), else to the enabled
// village officers of the station's village, else (a town-level station) to the town's users.
//
// ONCE ONLY: the dedupe key is "station_expiry:<station>:<item>:<expires_on>:<user>" (UNIQUE in
// notifications), so a job that runs every hour, or again after a restart, writes nothing new;
// a new expiry date for the same item (the extinguisher was refilled) reminds again.
// The notification is in-app (the inbox), linked to /stations/<id>; no hazard.
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/station/station.hpp"
#include "core/time_zone.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct StationReminderReport {
    int64_t items = 0;      // dated rows found within the window
    int64_t reminders = 0;  // notifications written (new ones only)
};

class StationReminderJob {
  public:
    static constexpr const char* kName = "station_reminders";
    static constexpr int64_t kPeriodSeconds = 3600;

    StationReminderJob(std::shared_ptr<storage::Database> db, const Clock& clock,
                       std::shared_ptr<const station::StationStandard> standard, TimeZone zone = {})
        : db_(std::move(db)), clock_(clock), standard_(std::move(standard)), zone_(std::move(zone)) {}

    Result<StationReminderReport> Run();

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    std::shared_ptr<const station::StationStandard> standard_;
    TimeZone zone_;
};

}  // namespace safegrid::services
