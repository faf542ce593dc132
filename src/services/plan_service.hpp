// The inspector's day (CONTRACT "Risk grading and plans"): GET /api/v1/plan.
//
// A plan lists, for one inspector and one calendar day (core/plan/plan.hpp: the day in the town's
// time zone, every time rule evaluated at its end), the enterprises of the inspector's grids
// that call for a visit, each with its reasons:
//   recheck   a hazard `submitted` (rectified, waiting for the inspector's re-check)
//   deadline  a hazard `rectifying` whose deadline falls on or before that day (core's overdue rule)
//   due       the enterprise is due for inspection by its colour's interval: the stored
//             inspection_due_at of the risk grade (EnterpriseService), judged by IsInspectionDue
//   campaign  a target of an open campaign not yet inspected in it (the injected
//             CampaignTargetSource; none without one)
// and orders them into a short walking route (core/plan/route.hpp) from `start`, or from the most
// urgent stop (red first, then score). Enterprises without a location cannot be placed on a route:
// they come last, most urgent first, with leg_m 0. All stops come from two queries (PlanRepository)
// plus the campaign source's one, inside one read transaction, whatever the number of stops.
//
// Who sees which plan (scope enforced here; outside scope reads as 404):
//   inspector             its own (an inspector_id other than its own → 404)
//   village, town, admin  any inspector whose grid is in their scope (inspector_id required:
//                         422 "inspector_id" without it; not an inspector, or outside scope → 404)
//   enterprise            403
//
// Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/enterprise/risk.hpp"
#include "core/error.hpp"
#include "core/plan/plan.hpp"
#include "core/plan/route.hpp"
#include "core/ports/clock.hpp"
#include "core/time_zone.hpp"
#include "storage/db.hpp"
#include "storage/repositories/campaign_repository.hpp"

namespace safegrid::services {

// An enterprise an open campaign still has to inspect (storage/repositories/campaign_repository.hpp).
using CampaignTarget = storage::CampaignTarget;
// The targets, among the enterprises of `grid_ids`, of the campaigns open on `date` ("YYYY-MM-DD")
// that have not been inspected in them yet; read on the plan's connection, inside its transaction.
// `town_id` is the grids' town (0 = not known), so the read keeps to that town's shard.
using CampaignTargetSource = std::function<Result<std::vector<CampaignTarget>>(
    storage::Connection&, std::string_view date, const std::vector<int64_t>& grid_ids, int64_t town_id)>;

struct PlanQuery {
    std::optional<std::string> date;  // "YYYY-MM-DD"; absent → today in the town's time zone
    std::optional<int64_t> inspector_id;
    std::optional<GeoPoint> start;
};

struct PlanStop {
    int64_t order = 0;  // 1, 2, …
    int64_t enterprise_id = 0;
    std::string name;
    std::optional<double> lat;
    std::optional<double> lng;
    RiskLevel risk_level = RiskLevel::kBlue;
    int64_t risk_score = 0;           // orders the stops when no start is given
    std::vector<PlanReason> reasons;  // in PlanReason order, each once
    std::vector<int64_t> hazard_ids;  // ascending: the recheck and deadline hazards
    std::vector<int64_t> campaign_ids;
    int64_t leg_m = 0;  // whole metres from the previous stop (or the start)
};

struct Plan {
    std::string date;
    int64_t inspector_id = 0;
    std::vector<PlanStop> stops;
    int64_t total_m = 0;  // the sum of the legs
};

class PlanService {
  public:
    PlanService(std::shared_ptr<storage::Database> db, const Clock& clock, TimeZone zone,
                CampaignTargetSource campaigns = {});

    // The app wires storage::OpenCampaignTargets here; unset → no campaign stops (tests of the plan alone).
    void SetCampaignTargetSource(CampaignTargetSource source) { campaigns_ = std::move(source); }

    // 422 "date" for a date that is not a date; see the header comment for scope.
    Result<Plan> ForDay(const Principal& caller, const PlanQuery& query);

  private:
    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    TimeZone zone_;
    CampaignTargetSource campaigns_;
};

}  // namespace safegrid::services
