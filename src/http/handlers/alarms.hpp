// /api/v1/alarms (device alarms, CONTRACT "Devices and alarms", issue9-shared.md): list
// (?status=&enterprise_id=&kind=&device_id=&page=&page_size=), read, and POST /{id}/actions
// {"action","note"?} → 200 with the whole alarm (convert: with its "hazard_id"). If-Match or a body
// "version" is optional, as for hazard actions; a stale one → 409. See services/alarm_service.hpp.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/alarm_service.hpp"

namespace safegrid::http {

void RegisterAlarmRoutes(Router& router, services::AlarmService& alarms);

}  // namespace safegrid::http
