// PATCH /api/v1/hazards/{id} {"title"?,"description"?,"category"?,"version"?} (or If-Match): staff
// edit a hazard's words; 200 with the whole hazard. See services/hazard_edit_service.hpp for who,
// when and the order of answers.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/hazard_edit_service.hpp"

namespace safegrid::http {

void RegisterHazardEditRoutes(Router& router, services::HazardEditService& edits);

}  // namespace safegrid::http
