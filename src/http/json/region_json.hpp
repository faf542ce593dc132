// JSON of regions for /api/v1/regions: the resource, the tree, and request bodies → service inputs.
// Types and sizes are checked here (400/422 from FieldReader); the rules live in the service.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <vector>

#include "core/error.hpp"
#include "core/region/region.hpp"
#include "services/region_service.hpp"

namespace safegrid::http::json {

// {"id","name","kind","code","parent_id","town_id","village_id","grid_id",
//  "responsible":{"name","phone","user_id"},"boundary","version","created_at","updated_at"}
// ("boundary": GeoJSON geometry or null; the tree's nodes leave it out)
boost::json::object RegionJson(const Region& region);
// [node...] where node = RegionJson + "children":[node...]
boost::json::array RegionTreeJson(const std::vector<services::RegionNode>& roots);

Result<services::NewRegion> NewRegionFromJson(const boost::json::object& body);
Result<services::RegionPatch> RegionPatchFromJson(const boost::json::object& body);

}  // namespace safegrid::http::json
