#include "services/plan_service.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "storage/repositories/plan_repository.hpp"
#include "storage/repositories/region_repository.hpp"
#include "storage/repositories/user_repository.hpp"

namespace safegrid::services {
namespace {

struct PlanInspector {
    int64_t id = 0;
    std::vector<int64_t> grid_ids;
    storage::TownLimit town;  // the grids' town: every read of the plan names it (one shard)
};

// The grids an inspector works: its grid, or every grid of its village (an inspector may be
// given a whole village; auth_service's ResolveScope).
Result<std::vector<int64_t>> GridsOf(storage::Connection& conn, const Region& region) {
    if (region.kind == RegionKind::kGrid) return std::vector<int64_t>{region.id};
    if (region.kind != RegionKind::kVillage) return std::vector<int64_t>{};
    SG_ASSIGN_OR_RETURN(auto regions, storage::RegionRepository(conn).List({storage::PathFilter::Subtree(
                                          RegionKind::kVillage, region.id, region.path.town_id)}));
    std::vector<int64_t> grids;
    for (const Region& r : regions) {
        if (r.kind == RegionKind::kGrid) grids.push_back(r.id);
    }
    return grids;
}

// Whose plan the caller may read (see the header): inspectors their own, officers any inspector
// whose region lies in their scope.
Result<PlanInspector> ResolveInspector(storage::Connection& conn, const Principal& caller,
                                       std::optional<int64_t> inspector_id) {
    int64_t user_id = caller.user_id;
    if (caller.role == Role::kInspector) {
        if (inspector_id && *inspector_id != caller.user_id) return NotFound();
    } else if (!inspector_id) {
        return Invalid("inspector_id", {"请选择巡查员（inspector_id）", "Name the inspector (inspector_id)"});
    } else {
        user_id = *inspector_id;
    }
    SG_ASSIGN_OR_RETURN(auto user, storage::UserRepository(conn).FindById(user_id));
    if (!user || user->role != RoleName(Role::kInspector) || !user->region_id) return NotFound();
    SG_ASSIGN_OR_RETURN(auto region, storage::RegionRepository(conn).FindById(*user->region_id));
    if (!region || !caller.scope.ContainsRegion(region->path)) return NotFound();
    SG_ASSIGN_OR_RETURN(auto grids, GridsOf(conn, *region));
    return PlanInspector{user->id, std::move(grids), storage::TownLimit::Town(region->path.town_id)};
}

bool MoreUrgentStop(const PlanStop& a, const PlanStop& b) {
    return MoreUrgent({a.risk_level, a.risk_score, a.enterprise_id}, {b.risk_level, b.risk_score, b.enterprise_id});
}

void AddReason(PlanStop& stop, PlanReason reason) {
    if (std::find(stop.reasons.begin(), stop.reasons.end(), reason) == stop.reasons.end()) {
        stop.reasons.push_back(reason);
    }
}

}  // namespace

PlanService::PlanService(std::shared_ptr<storage::Database> db, const Clock& clock, TimeZone zone,
                         CampaignTargetSource campaigns)
    : db_(std::move(db)), clock_(clock), zone_(std::move(zone)), campaigns_(std::move(campaigns)) {}

Result<Plan> PlanService::ForDay(const Principal& caller, const PlanQuery& query) {
    if (caller.role == Role::kEnterprise) return Forbidden();
    PlanDay day = PlanDayOf(clock_.Now(), zone_);
    if (query.date) {
        auto parsed = ParsePlanDay(*query.date, zone_);
        if (!parsed) return Invalid("date", {"日期格式应为 YYYY-MM-DD", "Must be a date YYYY-MM-DD"});
        day = std::move(*parsed);
    }
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<Plan> {
        SG_ASSIGN_OR_RETURN(PlanInspector inspector, ResolveInspector(conn, caller, query.inspector_id));
        storage::PlanRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto enterprises, repo.GridEnterprises(inspector.grid_ids, inspector.town));
        SG_ASSIGN_OR_RETURN(auto hazards, repo.HazardsToVisit(inspector.grid_ids, day.end, inspector.town));
        std::vector<CampaignTarget> targets;
        if (campaigns_) {
            SG_ASSIGN_OR_RETURN(targets, campaigns_(conn, day.date, inspector.grid_ids, inspector.town.id));
        }

        // Stops keyed by enterprise id: a map keeps them in id order, so equal inputs give equal plans.
        std::map<int64_t, PlanStop> stops;
        std::map<int64_t, const storage::PlanEnterpriseRow*> by_id;
        for (const auto& e : enterprises) by_id.emplace(e.id, &e);
        auto stop_for = [&](int64_t enterprise_id) -> PlanStop* {
            auto e = by_id.find(enterprise_id);
            if (e == by_id.end()) return nullptr;  // not (or no longer) in the inspector's grids
            auto [it, inserted] = stops.try_emplace(enterprise_id);
            if (inserted) {
                const storage::PlanEnterpriseRow& row = *e->second;
                it->second.enterprise_id = row.id;
                it->second.name = row.name;
                it->second.lat = row.lat;
                it->second.lng = row.lng;
                it->second.risk_level = row.risk_level;
                it->second.risk_score = row.risk_score;
            }
            return &it->second;
        };
        for (const auto& h : hazards) {
            PlanStop* stop = stop_for(h.enterprise_id);
            if (!stop) continue;
            AddReason(*stop, h.status == HazardStatus::kSubmitted ? PlanReason::kRecheck : PlanReason::kDeadline);
            stop->hazard_ids.push_back(h.id);  // ascending: the repository orders by id
        }
        for (const auto& e : enterprises) {
            if (IsInspectionDue(e.inspection_due_at, day.end)) AddReason(*stop_for(e.id), PlanReason::kDue);
        }
        for (const CampaignTarget& t : targets) {
            PlanStop* stop = stop_for(t.enterprise_id);
            if (!stop) continue;
            AddReason(*stop, PlanReason::kCampaign);
            // Kept ascending whatever order the source gives: the app starts the inspection for the first.
            auto at = std::lower_bound(stop->campaign_ids.begin(), stop->campaign_ids.end(), t.campaign_id);
            if (at == stop->campaign_ids.end() || *at != t.campaign_id) stop->campaign_ids.insert(at, t.campaign_id);
        }

        // Located stops go on the route; the others (no lat/lng) cannot, and follow it with leg 0.
        std::vector<PlanStop> located, unlocated;
        for (auto& [id, stop] : stops) {
            std::sort(stop.reasons.begin(), stop.reasons.end());
            (stop.lat && stop.lng ? located : unlocated).push_back(std::move(stop));
        }

        Plan plan;
        plan.date = day.date;
        plan.inspector_id = inspector.id;
        if (!located.empty()) {
            std::vector<GeoPoint> points;
            points.reserve(located.size());
            for (const PlanStop& s : located) points.push_back({*s.lat, *s.lng});
            RouteOrigin origin{.start = query.start};
            if (!origin.start) {
                origin.first_stop = static_cast<size_t>(
                    std::min_element(located.begin(), located.end(), MoreUrgentStop) - located.begin());
            }
            const Route route = ShortWalkingRoute(points, origin);
            for (size_t k = 0; k < route.order.size(); ++k) {
                PlanStop s = std::move(located[route.order[k]]);
                s.leg_m = std::llround(route.legs_m[k]);
                plan.stops.push_back(std::move(s));
            }
        }
        std::sort(unlocated.begin(), unlocated.end(), MoreUrgentStop);
        for (PlanStop& s : unlocated) plan.stops.push_back(std::move(s));  // leg_m 0: nowhere to walk from
        for (size_t k = 0; k < plan.stops.size(); ++k) {
            plan.stops[k].order = static_cast<int64_t>(k + 1);
            plan.total_m += plan.stops[k].leg_m;
        }
        return plan;
    });
}

}  // namespace safegrid::services
