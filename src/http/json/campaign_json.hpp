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
//  "open" (today in the period, given `today`),"status" ("upcoming" | "open" | "finished", the same
//  comparison),"version","created_at","updated_at"}
boost::json::object CampaignJson(const services::CampaignRecord& c, const std::string& today);
// CampaignJson plus "progress":{"in_scope","inspected","hazards","closed","coverage"} (a re-check
// round adds "recurred"), "by_region":[{"region":{"id","name","kind"},"in_scope","inspected","hazards",
// "closed"(,"recurred")}] and "rounds": its re-check rounds, each in this same shape.
boost::json::object CampaignDetailJson(const services::CampaignView& view, const std::string& today);

// One row of GET /campaigns/{id}/enterprises: {"id","name","address","village_id","grid_id","inspected_at"}.
boost::json::object CampaignEnterpriseJson(const services::CampaignEnterpriseRow& e);
// POST /campaigns/{id}/recheck: {"starts_on","ends_on"} required, "name" optional.
Result<services::RecheckInput> RecheckInputFromJson(const boost::json::object& body);

// POST (`creating`: name, starts_on, ends_on, scope.region_ids required) and PATCH bodies.
Result<services::CampaignInput> CampaignInputFromJson(const boost::json::object& body, bool creating);

}  // namespace safegrid::http::json
