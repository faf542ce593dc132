// /api/v1/enterprises: list (?region_id=&q=&tag=&risk_level=&building_id=&due=true&page=&page_size=),
// create, check without writing (POST /validate), read, edit (a stale edit answers 409 with the
// current record and its last change: http/stale_edit_response.hpp); /api/v1/enterprises/{id}/risk:
// the grade explained (json::RiskJson). See services/enterprise_service.hpp for who may do what.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/enterprise_service.hpp"

namespace safegrid::http {

void RegisterEnterpriseRoutes(Router& router, services::EnterpriseService& enterprises);

}  // namespace safegrid::http
