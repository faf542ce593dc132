// GET /api/v1/config (public): what the web app needs to know of the server's configuration to show
// things as the town reads them: {"time_zone": "Asia/Shanghai", "utc_offset_seconds": 28800}. The
// web formats every date a person reads in that zone (CONTRACT.md: dates a person reads are in the
// town's time zone), not in the phone's own. Nothing secret: the citizen pages read it too.
//
// Thread-safety: the handler holds a copy of the values; safe from any worker thread.
#pragma once

#include "core/time_zone.hpp"
#include "http/router.hpp"

namespace safegrid::http {

void RegisterAppConfigRoutes(Router& router, const TimeZone& zone);

}  // namespace safegrid::http
