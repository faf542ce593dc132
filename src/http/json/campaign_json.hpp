// JSON of campaigns for /api/v1/campaigns, and request bodies → service inputs.
// Types are checked here (422 from FieldReader, nested scope fields named "scope.region_ids" and
// "scope.tags"); the rules live in the service.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json/object.hpp>

#include "core/error.hpp"
#include "services/campaign_service.hpp"

namespace safegrid::http::json {

// {"id","town_id","name","starts_on","ends_on","scope":{"region_ids","tags"},"categories","parent_id",
//  "open" (today in the period, given `today`),"version","created_at","updated_at"}
boost::json::object CampaignJson(const services::CampaignRecord& c, const std::string& today);
// CampaignJson plus "progress":{"in_scope","inspected","hazards","closed","coverage"} and
// "by_region":[{"region":{"id","name","kind"},"in_scope","inspected","hazards","closed"}].
boost::json::object CampaignDetailJson(const services::CampaignView& view, const std::string& today);

// POST (`creating`: name, starts_on, ends_on, scope.region_ids required) and PATCH bodies.
Result<services::CampaignInput> CampaignInputFromJson(const boost::json::object& body, bool creating);

}  // namespace safegrid::http::json
