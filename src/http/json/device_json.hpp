// JSON of monitoring devices for /api/v1/devices, and request bodies → service inputs. Types and
// sizes are checked here (400/422 from FieldReader); the rules live in core/device and the service.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "services/device_service.hpp"

namespace safegrid::http::json {

// {"id","enterprise_id","enterprise":{"id","name"},"town_id","village_id","grid_id","building_id",
//  "kind","serial","protocol","unit_address","state","online","last_seen_at","version","created_at",
//  "updated_at"} plus, when `with_components`, "components":[{"system_type","system_address",
//  "component_type","component_address","state","last_seen_at"}].
boost::json::object DeviceJson(const services::DeviceView& view, bool with_components);

Result<services::DeviceInput> DeviceInputFromJson(const boost::json::object& body, bool creating);

}  // namespace safegrid::http::json
