// JSON of enterprises for /api/v1/enterprises (the CONTRACT's fields plus building_id, village_id,
// town_id, created_at, updated_at), and request bodies → service inputs. Types and sizes are
// checked here (400/422 from FieldReader); the rules live in the service and core/enterprise.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/storage_ptr.hpp>

#include "core/enterprise/enterprise.hpp"
#include "core/error.hpp"
#include "services/enterprise_service.hpp"

namespace safegrid::http::json {

// {"id","name","credit_code","town_id","village_id","grid_id","building_id","address","industry_code",
//  "employees","tags":[...],"lat","lng","contact_name","contact_phone","risk_level","risk_score","version",
//  "created_at","updated_at"}
boost::json::object EnterpriseJson(const Enterprise& enterprise, boost::json::storage_ptr storage = {});
// The same plus the names people read (EnterpriseService::Names): "grid_name", "industry_name"
// (Chinese) and "industry_name_en", each null when unknown.
boost::json::object EnterpriseJson(const Enterprise& enterprise, const services::EnterpriseNames* names,
                                   boost::json::storage_ptr storage = {});

// GET /api/v1/enterprises/{id}/risk: {"level","score","method","factors":[{"code","label","value",
// "points"}],"computed_at","last_inspected_at","next_inspection_due","history":[{"level","score","at",
// "reason"}]}. label is the request's language; times RFC 3339 or null.
boost::json::object RiskJson(const services::RiskView& view, bool english);

Result<services::EnterpriseInput> EnterpriseInputFromJson(const boost::json::object& body);
Result<services::EnterprisePatch> EnterprisePatchFromJson(const boost::json::object& body);

}  // namespace safegrid::http::json
