// Alarms as people see and handle them (CONTRACT "Devices and alarms", issue9-shared.md, docs/alarms.md):
// the scoped list and read, and the actions of core/alarm (acknowledge, false_alarm, resolve,
// convert). Scope as everywhere: outside it → 404. The order of answers of an action: 404 (scope),
// 409 stale version (when one is given: If-Match / "version" are optional, as for hazard actions),
// then core's 422 action / 409 invalid_transition / 403.
// Every action is audited (entity "alarm", action = the action's name) and recorded as an
// alarm.updated live event in its transaction. convert opens a hazard (source "device", status
// reported: staff confirm it with a deadline as any report) on the alarm's enterprise through
// HazardService::Insert, and links it (hazard_id).
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/alarm/alarm.hpp"
#include "core/auth/principal.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/hazard_service.hpp"
#include "services/live_events.hpp"
#include "storage/db.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services {

using storage::AlarmRecord;

struct AlarmView {
    AlarmRecord alarm;
    std::vector<alarm::AlarmAction> allowed_actions;  // for the caller
};

struct AlarmListQuery {
    std::optional<std::string> status;     // 422 "status" when not a status
    std::optional<std::string> kind;       // 422 "kind" when not a kind
    std::optional<int64_t> enterprise_id;  // not visible → 404
    std::optional<int64_t> device_id;      // not visible → 404
    int64_t offset = 0;
    int64_t limit = 20;
};

class AlarmService {
  public:
    AlarmService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit, LiveEvents& events,
                 HazardService& hazards);

    Result<std::pair<std::vector<AlarmView>, int64_t>> List(const Principal& caller, const AlarmListQuery& query);
    Result<AlarmView> Get(const Principal& caller, int64_t id);
    Result<AlarmView> Act(const Principal& caller, int64_t id, const std::string& action,
                          const std::optional<std::string>& note, std::optional<int64_t> expected_version);

    // Called inside the action's transaction with the alarm's enterprise: the risk regrade (a false
    // alarm leaves the fire count, a resolved fault stops counting). Null does nothing.
    std::function<Status(storage::Connection&, int64_t enterprise_id)> on_changed;

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    LiveEvents& events_;
    HazardService& hazards_;
};

}  // namespace safegrid::services
