// /api/v1/hazards: list (?region_id=&enterprise_id=&status=&severity=&overdue=&category=&supervised=
// &q=&page=&page_size=), create, read, act (POST /{id}/actions) and link a duplicate (POST /{id}/link).
// See services/hazard_service.hpp for who may do what. /hazards/export.xlsx and /hazards/{id}/notice.pdf
// are registered by the documents module, not here.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/hazard_service.hpp"

namespace safegrid::http {

void RegisterHazardRoutes(Router& router, services::HazardService& hazards);

// The list's filters from the query string (all but page/page_size), shared with
// /hazards/export.xlsx so both read them alike: malformed numbers and booleans → one error naming
// every bad parameter; a region id < 1 → 404; empty parameters mean "no filter".
Result<services::HazardFilter> HazardFilterFromQuery(const Request& r);

}  // namespace safegrid::http
