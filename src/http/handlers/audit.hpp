// GET /api/v1/audit?entity=&entity_id=&page=&page_size=: the audit log, newest first.
// Admins read every chain, town officers their town's; everyone else gets 403.
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/object.hpp>

#include "http/router.hpp"
#include "services/audit_service.hpp"

namespace safegrid::http {

// {id, at, actor_id, actor_name, actor_login, actor_role, entity, entity_id, entity_label, action,
// before, after, hash}; before/after as JSON. actor_name: the display name (null for system writes);
// actor_login: the recorded (hashed) name; entity_label: the entity's name where known, else null.
boost::json::object AuditJson(const services::AuditRecord& record);

void RegisterAuditRoutes(Router& router, services::AuditService& audit);

}  // namespace safegrid::http
