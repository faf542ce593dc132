#include "http/handlers/stats.hpp"

#include <boost/json/array.hpp>

#include "core/enterprise/area_risk.hpp"
#include "http/json/body.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

bj::object FiguresJson(const services::StatsFigures& f) {
    const services::HazardFigures& h = f.hazards;
    bj::object by_status;
    for (HazardStatus s : kAllHazardStatuses) by_status[HazardStatusName(s)] = h.Status(s);
    bj::object by_severity;
    for (Severity s : kAllSeverities) by_severity[SeverityName(s)] = h.by_severity[static_cast<size_t>(s)];
    bj::object hazards;
    hazards["total"] = h.total;
    hazards["by_status"] = std::move(by_status);
    hazards["by_severity"] = std::move(by_severity);
    hazards["overdue"] = h.overdue;
    hazards["major_open"] = h.major_open;
    hazards["closed_on_time"] = h.closed_on_time;
    bj::object by_risk;
    for (RiskLevel level : {RiskLevel::kRed, RiskLevel::kOrange, RiskLevel::kYellow, RiskLevel::kBlue}) {
        by_risk[RiskLevelName(level)] = f.enterprises.by_risk_level[static_cast<size_t>(level)];
    }
    bj::object enterprises;
    enterprises["total"] = f.enterprises.total;
    enterprises["by_risk_level"] = std::move(by_risk);
    enterprises["due"] = f.enterprises.due;
    // The area's colour on the risk map: core AreaRiskLevel (the highest colour held); null without enterprises.
    const auto area = AreaRiskLevel(f.enterprises.by_risk_level);
    enterprises["risk_level"] = area ? bj::value(RiskLevelName(*area)) : bj::value(nullptr);
    bj::object o;
    o["hazards"] = std::move(hazards);
    o["rectification_rate"] = h.RectificationRate();
    o["on_time_rate"] = h.OnTimeRate();
    o["enterprises"] = std::move(enterprises);
    return o;
}

bj::object RegionRef(const Region& r) {
    return bj::object{{"id", r.id}, {"name", r.name}, {"kind", RegionKindName(r.kind)}};
}

// A region id that cannot exist names nothing the caller may see (404); a malformed one is 422.
Result<std::optional<int64_t>> RegionParam(const Request& r, const char* name) {
    SG_ASSIGN_OR_RETURN(auto id, json::QueryInt(r, name));
    if (id && *id < 1) return NotFound();
    return id;
}

Response Overview(services::StatsService& stats, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto region_id = RegionParam(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    auto figures = stats.Overview(*r.principal, *region_id);
    if (!figures) return Fail(figures.error(), r);
    return Json(200, FiguresJson(*figures));
}

Response Regions(services::StatsService& stats, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto parent_id = RegionParam(r, "parent_id");
    if (!parent_id) return Fail(parent_id.error(), r);
    auto rows = stats.Regions(*r.principal, *parent_id);
    if (!rows) return Fail(rows.error(), r);
    bj::array out;
    for (const auto& row : *rows) {
        bj::object o = FiguresJson(row.figures);
        o["region"] = RegionRef(row.region);
        o["direct"] = row.direct;
        out.emplace_back(std::move(o));
    }
    return Json(200, out);
}

Response Trend(services::StatsService& stats, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto region_id = RegionParam(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    auto months = json::QueryInt(r, "months");
    if (!months) return Fail(months.error(), r);
    const int64_t n = months->value_or(12);
    if (n < 1 || n > 60)
        return Fail(Invalid("months", {"应为 1 到 60 之间的整数", "Must be an integer from 1 to 60"}).value(), r);
    auto points = stats.Trend(*r.principal, *region_id, static_cast<int>(n));
    if (!points) return Fail(points.error(), r);
    bj::array out;
    for (const auto& p : *points)
        out.emplace_back(bj::object{{"month", p.month}, {"found", p.found}, {"closed", p.closed}});
    return Json(200, out);
}

Response Ranking(services::StatsService& stats, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto parent_id = RegionParam(r, "parent_id");
    if (!parent_id) return Fail(parent_id.error(), r);
    auto rows = stats.Ranking(*r.principal, *parent_id);
    if (!rows) return Fail(rows.error(), r);
    bj::array out;
    for (const auto& row : *rows) {
        bj::object o = FiguresJson(row.figures);
        o["rank"] = row.rank;
        o["region"] = RegionRef(row.region);
        out.emplace_back(std::move(o));
    }
    return Json(200, out);
}

}  // namespace

void RegisterStatsRoutes(Router& router, services::StatsService& stats) {
    router.Add(Method::kGet, "/api/v1/stats/overview", [&stats](Request& r) { return Overview(stats, r); });
    router.Add(Method::kGet, "/api/v1/stats/regions", [&stats](Request& r) { return Regions(stats, r); });
    router.Add(Method::kGet, "/api/v1/stats/trend", [&stats](Request& r) { return Trend(stats, r); });
    router.Add(Method::kGet, "/api/v1/stats/ranking", [&stats](Request& r) { return Ranking(stats, r); });
}

}  // namespace safegrid::http
