// Alarms as risk factors (docs/alarms-duty.md): fire_alarms_90d and device_faults_open
// (RiskFactors::AddAlarm, core/enterprise/risk.hpp) are read by EnterpriseService::Grade for one
// enterprise and by the daily pass (RefreshAllRisk) for all, which ages the 90-day window and the
// 7-day fault threshold without any write of an alarm.
//
// RegradeForAlarm is what every write that moves an alarm factor calls, in its own transaction: the
// alarm processor when it raises or clears a fire, fault or offline alarm, and the alarm actions
// (false_alarm takes a fire out of the count; resolve closes a fault). The colour history's reason
// is "alarm" (the signature the alarm module calls carries no alarm id; the audit log has it).
//
// Thread-safety: as EnterpriseService (safe to share).
#pragma once

#include <cstdint>

#include "core/error.hpp"
#include "services/enterprise_service.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

Status RegradeForAlarm(EnterpriseService& enterprises, storage::Connection& conn, int64_t enterprise_id);

}  // namespace safegrid::services
