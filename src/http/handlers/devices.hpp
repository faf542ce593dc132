// /api/v1/devices (monitoring devices, CONTRACT "Devices and alarms"): list
// (?enterprise_id=&online=&page=&page_size=), register (201), read (with its components), edit
// (If-Match or body "version"; a stale one → 409 with the current device and who changed it).
// See services/device_service.hpp.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/device_service.hpp"

namespace safegrid::http {

void RegisterDeviceRoutes(Router& router, services::DeviceService& devices);

}  // namespace safegrid::http
