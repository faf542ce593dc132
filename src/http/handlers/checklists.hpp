// GET /api/v1/checklists: the current version of every checklist template with its items, for every
// logged-in role (see services/checklist_service.hpp).
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include "http/router.hpp"
#include "services/checklist_service.hpp"

namespace safegrid::http {

void RegisterChecklistRoutes(Router& router, services::ChecklistService& checklists);

}  // namespace safegrid::http
