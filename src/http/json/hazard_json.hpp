// JSON of hazards for /api/v1/hazards, and request bodies → service inputs. Types and sizes are
// checked here (400/422 from FieldReader); the rules live in the service and core/hazard.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>
#include <cstdint>
#include <optional>
#include <vector>

#include "core/error.hpp"
#include "services/hazard_service.hpp"

namespace safegrid::http::json {

// {"id","enterprise_id","enterprise_name","town_id","village_id","grid_id","source","inspection_id",
//  "checklist_item","title","description","category","severity","major_reason","legal_basis","status",
//  "due_at","found_at","closed_at","closed_on_time","overdue","listing_no","listed_at","duplicate_of",
//  "escalation_level","lat","lng","address","version","created_at","updated_at"} (times RFC 3339 or null)
boost::json::object HazardJson(const services::HazardView& hazard, boost::json::storage_ptr storage = {});
// HazardJson plus "history", "attachments", "allowed_actions", "primary_action", "return_needs_due_at"
// and "report" (null, or a citizen's report {"address","lat","lng","reported_at","contact"?}; contact
// for staff only).
boost::json::object HazardDetailJson(const services::HazardDetail& hazard);

Result<services::NewHazard> NewHazardFromJson(const boost::json::object& body);

// POST /hazards/{id}/actions {"action","comment"?,"due_at"?,"severity"?,"attachments"?,"enterprise_id"?}
// ("version" and If-Match are read by the handler, as for a PATCH).
struct ActionRequest {
    ActionInput input;
    std::vector<int64_t> attachments;
};
Result<ActionRequest> ActionFromJson(const boost::json::object& body);

}  // namespace safegrid::http::json
