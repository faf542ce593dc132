// Who hears of a device alarm (issue 9 point 5, docs/alarms-duty.md): the notifications written when
// an alarm is raised and at each rung of its escalation ladder. The alarm processor calls
// NotifyRaised from its `on_raised` hook; AlarmEscalationJob calls NotifyLevel.
//
// ONE TRANSACTION, ONCE ONLY: both run inside the caller's write transaction and write through
// NotificationService::NotifyUsers (the in-app row and, with a webhook, its outbox row), with the
// dedupe keys "alarm:<id>:raised:<user>" and "alarm:<id>:level<1|2>:<user>": a processor that
// replays an inbox row, or a job that runs twice, writes nothing new, and a user found in two
// groups (an inspector who is also the station's responsible person) is told once.
//
// Who is told when an alarm is raised (enabled users of the alarm's town):
//   every kind  the inspectors of the enterprise's grid and the enterprise's own users (role enterprise);
//   fire        also the nearest micro fire station of the town: nearest by great-circle distance
//               from the enterprise's location (enterprises.lat/lng) to the station's (core/duty
//               NearestPoint). An enterprise without a location has no nearest station, and a
//               station at (0, 0) (the only way the NOT NULL columns can say "not placed") is skipped.
//               The station's users: stations have no user list of their own; the one user tied to a
//               station is its responsible person (stations.responsible_user_id, enabled). A station
//               without one falls back to the officers of the station's village (role village with
//               region_id = the village, plus the village's responsible user), a town-level station
//               without a village to the town's office users (role town).
// Escalation: level 1 the village's officers and responsible user, level 2 the town's office users.
//
// Thread-safety: safe to share (state lives in the Database).
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "services/notification_service.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_duty_repository.hpp"

namespace safegrid::services {

class AlarmNotifier {
  public:
    AlarmNotifier(const Clock& clock, NotificationService& notifications, TimeZone zone = {});

    // Inside the raising transaction. A missing alarm → NotFound. Returns nothing to the caller:
    // how many were told is in the store (the count matters only to tests and the job's report).
    Status NotifyRaised(storage::Connection& conn, int64_t alarm_id);
    // Same, returning how many notifications were new.
    Result<int64_t> NotifyRaisedCount(storage::Connection& conn, int64_t alarm_id);

    // The rung `level` (1 village, 2 town) of `alarm`'s ladder; how many were new.
    Result<int64_t> NotifyLevel(storage::Connection& conn, const storage::DutyAlarm& alarm, int64_t level);

    // The page a notification opens.
    static std::string Link(int64_t alarm_id);

  private:
    // The users of the station nearest to the alarm's enterprise (rules above), and its name and
    // distance for the body; nobody when there is no such station.
    struct StationAudience {
        std::vector<storage::Recipient> users;
        std::string station;
        int64_t metres = 0;
    };
    Result<StationAudience> NearestStationUsers(storage::Connection& conn, const storage::DutyAlarm& alarm);

    const Clock& clock_;
    NotificationService& notifications_;
    TimeZone zone_;
};

}  // namespace safegrid::services
