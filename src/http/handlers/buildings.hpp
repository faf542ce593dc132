// /api/v1/buildings: list (?region_id=&q=&page=&page_size=), create, read (with its tenants), edit.
// See services/building_service.hpp for who may do what.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/building_service.hpp"

namespace safegrid::http {

void RegisterBuildingRoutes(Router& router, services::BuildingService& buildings);

}  // namespace safegrid::http
