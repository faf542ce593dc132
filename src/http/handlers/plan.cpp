#include "http/handlers/plan.hpp"

#include <boost/json/array.hpp>

#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

bj::value OptionalNumber(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

bj::object StopJson(const services::PlanStop& s) {
    bj::array reasons;
    for (PlanReason reason : s.reasons) reasons.emplace_back(PlanReasonName(reason));
    bj::array hazard_ids;
    for (int64_t id : s.hazard_ids) hazard_ids.emplace_back(id);
    bj::array campaign_ids;
    for (int64_t id : s.campaign_ids) campaign_ids.emplace_back(id);
    bj::object enterprise{{"id", s.enterprise_id},
                          {"name", s.name},
                          {"lat", OptionalNumber(s.lat)},
                          {"lng", OptionalNumber(s.lng)},
                          {"risk_level", RiskLevelName(s.risk_level)}};
    return bj::object{{"order", s.order},
                      {"enterprise", std::move(enterprise)},
                      {"reasons", std::move(reasons)},
                      {"hazard_ids", std::move(hazard_ids)},
                      {"campaign_ids", std::move(campaign_ids)},
                      {"leg_m", s.leg_m}};
}

Response GetPlan(services::PlanService& plans, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    services::PlanQuery query;
    // An empty parameter reads as absent, as forms send "no value" (json::QueryInt does the same).
    if (auto date = r.Query("date"); date && !date->empty()) query.date = *date;
    auto inspector_id = json::QueryInt(r, "inspector_id");
    if (!inspector_id) return Fail(inspector_id.error(), r);
    query.inspector_id = *inspector_id;
    if (auto start = r.Query("start"); start && !start->empty()) {
        query.start = ParseGeoPoint(*start);
        if (!query.start) {
            return Fail(Invalid("start", {"起点应为“纬度,经度”，如 30.18,121.32",
                                          "Must be lat,lng in degrees, e.g. 30.18,121.32"})
                            .value(),
                        r);
        }
    }
    auto plan = plans.ForDay(*r.principal, query);
    if (!plan) return Fail(plan.error(), r);
    bj::array stops;
    for (const auto& s : plan->stops) stops.emplace_back(StopJson(s));
    return Json(200, bj::object{{"date", plan->date},
                                {"inspector_id", plan->inspector_id},
                                {"stops", std::move(stops)},
                                {"total_m", plan->total_m}});
}

}  // namespace

void RegisterPlanRoutes(Router& router, services::PlanService& plans) {
    router.Add(Method::kGet, "/api/v1/plan", [&plans](Request& r) { return GetPlan(plans, r); });
}

}  // namespace safegrid::http
