// /api/v1/scorecards: the ranking (?period=YYYY-MM|YYYY&level=village|enterprise[&region_id=]) as
// JSON and as a workbook (export.xlsx), and the town's manual items (PUT /scorecards/manual).
// See services/scorecard_service.hpp and CONTRACT "Training, micro fire stations, scorecards".
//
// Thread-safety: handlers are reentrant; the service is shared.
#pragma once

#include <boost/json/value.hpp>

#include "http/router.hpp"
#include "services/scorecard_service.hpp"

namespace safegrid::http {

// [{"region"|"enterprise": {id, name}, "score", "rank", "items": [{code, label, max, points, figure,
// manual, value}]}]
boost::json::value ScorecardListJson(const services::ScorecardList& list);

void RegisterScorecardRoutes(Router& router, services::ScorecardService& scorecards);

}  // namespace safegrid::http
