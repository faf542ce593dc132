// JSON of buildings for /api/v1/buildings, and request bodies → service inputs.
// Types and sizes are checked here (400/422 from FieldReader); the rules live in the service.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "services/building_service.hpp"

namespace safegrid::http::json {

// {"id","town_id","village_id","grid_id","name","address","landlord_name","landlord_phone","floors",
//  "area_m2","people_sleeping","sleeping_separated","height_m","sandwich_panels","tenant_count",
//  "warnings":[{"code","message","rule"}],"version","created_at","updated_at"} plus
// "tenants":[enterprise...] when `with_tenants`. A warning's message is in the request's language.
boost::json::object BuildingJson(const services::BuildingView& view, bool with_tenants, bool english);

Result<services::NewBuilding> NewBuildingFromJson(const boost::json::object& body);
Result<services::BuildingPatch> BuildingPatchFromJson(const boost::json::object& body);

}  // namespace safegrid::http::json
