// /api/v1/inspections: list (?region_id=&enterprise_id=&page=&page_size=), record (POST; each fail opens
// a hazard) and read one with its answers. See services/inspection_service.hpp for who may do what.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/inspection_service.hpp"

namespace safegrid::http {

void RegisterInspectionRoutes(Router& router, services::InspectionService& inspections);

}  // namespace safegrid::http
