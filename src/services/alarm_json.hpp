// The alarm JSON of issue9-shared.md, built once for the API (GET/POST /api/v1/alarms, with
// "allowed_actions") and for the live events alarm.raised / alarm.updated (without): the web, the
// SSE stream and the duty helper read the same object.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/alarm/alarm.hpp"
#include "storage/repositories/alarm_repository.hpp"

namespace safegrid::services {

// {"id","device_id","enterprise_id","enterprise_name","device_serial","device_kind","kind","status",
//  "raised_at","cleared_at","source":{"protocol","component"?,"detail"?,...},"escalation_level",
//  "acknowledged_at","acknowledged_by","closed_at","hazard_id","version"} plus "allowed_actions" when given.
boost::json::object AlarmJson(const storage::AlarmRecord& alarm,
                              const std::optional<std::vector<alarm::AlarmAction>>& allowed_actions);

// The live event data line (alarm.raised / alarm.updated): AlarmJson without allowed_actions, serialized.
std::string AlarmEventData(const storage::AlarmRecord& alarm);

}  // namespace safegrid::services
