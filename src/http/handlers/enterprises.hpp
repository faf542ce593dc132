// /api/v1/enterprises: list (?region_id=&q=&tag=&risk_level=&building_id=&due=true&page=&page_size=),
// create, read, edit; /api/v1/enterprises/{id}/risk: the grade explained (json::RiskJson). See
// services/enterprise_service.hpp for who may do what.
//
// Thread-safety: handlers are reentrant; the services are shared.
#pragma once

#include "http/router.hpp"
#include "services/enterprise_service.hpp"

namespace safegrid::http {

void RegisterEnterpriseRoutes(Router& router, services::EnterpriseService& enterprises);

}  // namespace safegrid::http
