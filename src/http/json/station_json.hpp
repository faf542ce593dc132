// JSON of micro fire stations for /api/v1/stations and /api/v1/stats/coverage, and request bodies →
// service inputs. Types and sizes are checked here (400/422 from FieldReader); the rules live in
// the service and core/station.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "services/station_service.hpp"

namespace safegrid::http::json {

// {"id","name","kind","town_id","village_id","grid_id","region_id","region":{"id","name"},
//  "village":{"id","name"}|null,"lat","lng","staff","radius_m","responsible_user_id","version",
//  "created_at","updated_at",
//  "equipment":[{"item","name","count","min","expires_on"}],"missing":[{"item","name","have","min"}],
//  "expiring":[{"item","name","expires_on","expired"}]} plus "drills":[drill...] when `with_drills`.
// Names are in the request's language.
boost::json::object StationJson(const services::StationView& view, const station::StationStandard& standard,
                                bool with_drills, bool english);
// {"id","station_id","held_on","response_s","note","created_at"}
boost::json::object DrillJson(const services::DrillRecord& drill);
// {"enterprises","covered","uncovered":[{"id","name","nearest_m"}]} (nearest_m rounded to a metre;
// null when the town has no station).
boost::json::object CoverageJson(const services::CoverageReport& report);
// {"kinds":[{"type","name"}],"items":[{"item","name","min":{"<type>":n}}],"warning_days"}
boost::json::object StationStandardJson(const station::StationStandard& standard, bool english);

Result<services::StationInput> StationInputFromJson(const boost::json::object& body, bool creating);
Result<services::EquipmentInput> EquipmentInputFromJson(const boost::json::object& body);
Result<services::DrillInput> DrillInputFromJson(const boost::json::object& body);

}  // namespace safegrid::http::json
