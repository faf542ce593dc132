// The alarm escalation job (docs/alarms-duty.md), every 60 s on the scheduler: an alarm nobody
// acknowledged climbs the ladder of core/duty (DueAlarmLevel): a fire alarm to level 1 (the village
// officers) after alarm.escalate_village_after_s and level 2 (the town) after
// alarm.escalate_town_after_s; a fault or offline alarm the device has not cleared to level 1 only,
// after alarm.escalate_fault_after_s.
//
// Each step, in one write transaction per alarm (re-read inside it): escalation_level, escalated_at,
// version + 1, updated_at; an audit entry (entity "alarm", action "escalate", the system as actor);
// the level's notifications (AlarmNotifier::NotifyLevel); and one LiveEvents "alarm.updated" event
// with the alarm JSON (issue9-shared.md, without allowed_actions) after the last step, woken after
// the commit. A late run that crossed both rungs climbs them in order (the village is told first).
//
// ONCE ONLY: the state is the alarm row itself: the step's UPDATE moves only an active alarm below
// the level, so a second run, or a run after a restart, finds nothing to do, and the notifications'
// dedupe keys ("alarm:<id>:level<N>:<user>") would refuse a repeat anyway. No cursor is kept.
//
// COST: each (kind, level) is one range of the alarms_status (status, kind, raised_at) index over
// the active alarms old enough for that rung, paged by id; the alarms already at the rung are in the
// range and filtered by the row's level, so a run reads the town's unacknowledged alarms, not all.
//
// Thread-safety: Run from one thread at a time (the scheduler's).
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>

#include "core/duty/duty.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/alarm_notifier.hpp"
#include "services/audit_service.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_duty_repository.hpp"

namespace safegrid::services {

struct AlarmEscalationOptions {
    AlarmLadder ladder;
    int64_t page_size = 200;
};

struct AlarmEscalationReport {
    int64_t escalations = 0;    // levels climbed (an alarm that climbed two counts two)
    int64_t notifications = 0;  // new notifications written
    int64_t alarms_seen = 0;    // rows the scans returned
};

class AlarmEscalationJob {
  public:
    static constexpr const char* kName = "alarm_escalation";
    static constexpr int64_t kPeriodSeconds = 60;

    AlarmEscalationJob(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                       AlarmNotifier& notifier, LiveEvents& live, AlarmEscalationOptions options = {});

    Result<AlarmEscalationReport> Run();

  private:
    // One alarm, one transaction: re-read, climb to the level due now, tell, publish.
    Status Handle(int64_t alarm_id, UnixSeconds now, AlarmEscalationReport& report);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    AlarmNotifier& notifier_;
    LiveEvents& live_;
    AlarmEscalationOptions options_;
};

}  // namespace safegrid::services
