#include "http/handlers/buildings.hpp"

#include <boost/json/array.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/building_json.hpp"
#include "http/stale_edit_response.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response List(services::BuildingService& buildings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    services::BuildingListQuery query;
    // An id that cannot exist names no region the caller may see.
    if (*region_id && **region_id < 1) return Fail(NotFound().value(), r);
    query.region_id = *region_id;
    if (auto q = r.Query("q"); q && !q->empty()) query.q = *q;
    query.offset = page->Offset();
    query.limit = page->size;
    auto listed = buildings.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& view : listed->first) items.emplace_back(json::BuildingJson(view, false, r.locale == Locale::kEn));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::BuildingService& buildings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::NewBuildingFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto created = buildings.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::BuildingJson(*created, true, r.locale == Locale::kEn));
}

Response Get(services::BuildingService& buildings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = buildings.Get(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, json::BuildingJson(*view, true, r.locale == Locale::kEn));
}

Response Patch(services::BuildingService& buildings, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::BuildingPatchFromJson(*body);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = buildings.Update(&*r.principal, *id, *version, *patch);
    if (!updated) {
        if (updated.error().id != StaleVersion().value().id) return Fail(updated.error(), r);
        // As for enterprises and regions: say who moved the building on; the caller's edit is not applied.
        auto stale = buildings.StaleEditOf(*r.principal, *id);
        if (!stale) return Fail(updated.error(), r);
        return StaleEditResponse(updated.error(), r.locale,
                                 json::BuildingJson(stale->current, true, r.locale == Locale::kEn), stale->last_change);
    }
    return Json(200, json::BuildingJson(*updated, true, r.locale == Locale::kEn));
}

}  // namespace

void RegisterBuildingRoutes(Router& router, services::BuildingService& buildings) {
    router.Add(Method::kGet, "/api/v1/buildings", [&buildings](Request& r) { return List(buildings, r); });
    router.Add(Method::kPost, "/api/v1/buildings", [&buildings](Request& r) { return Create(buildings, r); });
    router.Add(Method::kGet, "/api/v1/buildings/{id}", [&buildings](Request& r) { return Get(buildings, r); });
    router.Add(Method::kPatch, "/api/v1/buildings/{id}", [&buildings](Request& r) { return Patch(buildings, r); });
}

}  // namespace safegrid::http
