// GET /api/v1/audit?entity=&entity_id=&page=&page_size=: the audit log, newest first.
// Admins read every chain, town officers their town's; everyone else gets 403.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "services/audit_service.hpp"

namespace safegrid::http {

// {id, at, actor_id, actor_name, entity, entity_id, action, before, after, hash}; before/after as JSON.
boost::json::object AuditJson(const services::AuditRecord& record);

void RegisterAuditRoutes(Router& router, services::AuditService& audit);

}  // namespace safegrid::http
