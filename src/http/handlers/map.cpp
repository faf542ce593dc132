#include "http/handlers/map.hpp"

#include <boost/json/array.hpp>
#include <cmath>

#include "http/json/body.hpp"
#include "http/json/boundary_json.hpp"

namespace safegrid::http {
namespace {

namespace bj = boost::json;

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response Layers(services::MapService& map, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    // An id that cannot exist names nothing the caller may see.
    if (*region_id && **region_id < 1) return Fail(NotFound().value(), r);
    auto layers = map.Layers(*r.principal, *region_id);
    if (!layers) return Fail(layers.error(), r);

    bj::array enterprises;
    enterprises.reserve(layers->enterprises.size());
    for (const auto& e : layers->enterprises) {
        enterprises.emplace_back(bj::object{{"id", e.id},
                                            {"name", e.name},
                                            {"lat", e.lat},
                                            {"lng", e.lng},
                                            {"risk_level", e.risk_level},
                                            {"open_hazards", e.open_hazards}});
    }
    bj::array boundaries;
    boundaries.reserve(layers->boundaries.size());
    for (const auto& b : layers->boundaries) {
        boundaries.emplace_back(bj::object{{"region_id", b.region_id},
                                           {"name", b.name},
                                           {"kind", RegionKindName(b.kind)},
                                           {"boundary", json::BoundaryToJson(b.boundary)}});
    }
    bj::array stations;
    stations.reserve(layers->stations.size());
    for (const auto& s : layers->stations) {
        stations.emplace_back(bj::object{{"id", s.id},
                                         {"name", s.name},
                                         {"kind", s.kind},
                                         {"lat", s.lat},
                                         {"lng", s.lng},
                                         {"radius_m", s.radius_m},
                                         {"missing", s.missing},
                                         {"expiring", s.expiring}});
    }
    bj::array uncovered;
    uncovered.reserve(layers->uncovered.size());
    for (const auto& u : layers->uncovered) {
        uncovered.emplace_back(
            bj::object{{"id", u.enterprise_id},
                       {"nearest_m", u.nearest_m ? bj::value(std::llround(*u.nearest_m)) : bj::value(nullptr)}});
    }
    bj::object out;
    out["enterprises"] = std::move(enterprises);
    out["boundaries"] = std::move(boundaries);
    out["stations"] = std::move(stations);
    out["uncovered"] = std::move(uncovered);
    out["truncated"] = bj::object{{"enterprises", layers->enterprises_truncated},
                                  {"boundaries", layers->boundaries_truncated},
                                  {"stations", layers->stations_truncated}};
    out["limits"] = bj::object{{"enterprises", services::kMapMaxEnterprises},
                               {"boundaries", services::kMapMaxBoundaries},
                               {"stations", services::kMapMaxStations}};
    return Json(200, out);
}

}  // namespace

void RegisterMapRoutes(Router& router, services::MapService& map) {
    router.Add(Method::kGet, "/api/v1/map/layers", [&map](Request& r) { return Layers(map, r); });
}

}  // namespace safegrid::http
