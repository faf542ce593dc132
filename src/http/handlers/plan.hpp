// /api/v1/plan?date=YYYY-MM-DD&inspector_id=&start=lat,lng: the inspector's day, a walking route
// over its stops. See services/plan_service.hpp for the stops, the route and who sees which plan.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/plan_service.hpp"

namespace safegrid::http {

void RegisterPlanRoutes(Router& router, services::PlanService& plans);

}  // namespace safegrid::http
