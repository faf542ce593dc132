// /api/v1/stats: overview (?region_id=), regions (?parent_id=), trend (?region_id=&months=) and
// ranking (?parent_id=). See services/stats_service.hpp for the definitions and who sees what.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/stats_service.hpp"

namespace safegrid::http {

void RegisterStatsRoutes(Router& router, services::StatsService& stats);

}  // namespace safegrid::http
