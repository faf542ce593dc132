#include "http/handlers/stations.hpp"

#include <boost/json/array.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/station_json.hpp"
#include "http/stale_edit_response.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }
bool English(const Request& r) { return r.locale == Locale::kEn; }

Response List(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    // An id that cannot exist names no region the caller may see.
    if (*region_id && **region_id < 1) return Fail(NotFound().value(), r);
    auto listed = stations.List(*r.principal, *region_id, page->Offset(), page->size);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& view : listed->first) {
        items.emplace_back(json::StationJson(view, stations.standard(), false, English(r)));
    }
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::StationInputFromJson(*body, true);
    if (!input) return Fail(input.error(), r);
    auto created = stations.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::StationJson(*created, stations.standard(), true, English(r)));
}

Response Get(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = stations.Get(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, json::StationJson(*view, stations.standard(), true, English(r)));
}

Response Patch(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::StationInputFromJson(*body, false);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = stations.Update(&*r.principal, *id, *version, *patch);
    if (!updated) {
        if (updated.error().id != StaleVersion().value().id) return Fail(updated.error(), r);
        // As for enterprises and buildings: say who moved the station on; the edit is not applied.
        auto stale = stations.StaleEditOf(*r.principal, *id);
        if (!stale) return Fail(updated.error(), r);
        return StaleEditResponse(updated.error(), r.locale,
                                 json::StationJson(stale->current, stations.standard(), true, English(r)),
                                 stale->last_change);
    }
    return Json(200, json::StationJson(*updated, stations.standard(), true, English(r)));
}

Response Equipment(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::EquipmentInputFromJson(*body);
    if (!input) return Fail(input.error(), r);
    bool created = false;
    auto view = stations.SetEquipment(&*r.principal, *id, *input, &created);
    if (!view) return Fail(view.error(), r);
    return Json(created ? 201 : 200, json::StationJson(*view, stations.standard(), true, English(r)));
}

Response Drill(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::DrillInputFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto drill = stations.AddDrill(&*r.principal, *id, *input);
    if (!drill) return Fail(drill.error(), r);
    return Json(201, json::DrillJson(*drill));
}

Response Coverage(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    if (*region_id && **region_id < 1) return Fail(NotFound().value(), r);
    auto report = stations.Coverage(*r.principal, *region_id);
    if (!report) return Fail(report.error(), r);
    return Json(200, json::CoverageJson(*report));
}

Response Standard(services::StationService& stations, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    return Json(200, json::StationStandardJson(stations.standard(), English(r)));
}

}  // namespace

void RegisterStationRoutes(Router& router, services::StationService& stations) {
    router.Add(Method::kGet, "/api/v1/stations", [&stations](Request& r) { return List(stations, r); });
    router.Add(Method::kPost, "/api/v1/stations", [&stations](Request& r) { return Create(stations, r); });
    router.Add(Method::kGet, "/api/v1/stations/{id}", [&stations](Request& r) { return Get(stations, r); });
    router.Add(Method::kPatch, "/api/v1/stations/{id}", [&stations](Request& r) { return Patch(stations, r); });
    router.Add(Method::kPost, "/api/v1/stations/{id}/equipment",
               [&stations](Request& r) { return Equipment(stations, r); });
    router.Add(Method::kPost, "/api/v1/stations/{id}/drills", [&stations](Request& r) { return Drill(stations, r); });
    router.Add(Method::kGet, "/api/v1/stats/coverage", [&stations](Request& r) { return Coverage(stations, r); });
    router.Add(Method::kGet, "/api/v1/station-standard", [&stations](Request& r) { return Standard(stations, r); });
}

}  // namespace safegrid::http
