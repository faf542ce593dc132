#include "http/handlers/inspections.hpp"

#include <boost/json/array.hpp>

#include "http/json/body.hpp"
#include "http/json/inspection_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response List(services::InspectionService& inspections, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    auto enterprise_id = json::QueryInt(r, "enterprise_id");
    if (!enterprise_id) return Fail(enterprise_id.error(), r);
    // Ids that cannot exist name nothing the caller may see.
    if (*region_id && **region_id < 1) return Fail(NotFound().value(), r);
    services::InspectionFilter f;
    f.region_id = *region_id;
    f.enterprise_id = *enterprise_id;
    f.offset = page->Offset();
    f.limit = page->size;
    auto listed = inspections.List(*r.principal, f);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->items.size());
    for (const auto& i : listed->items) items.emplace_back(json::InspectionJson(i));
    return Json(200, json::ListBody(std::move(items), listed->total, *page));
}

Response Create(services::InspectionService& inspections, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto input = json::NewInspectionFromRequest(r);
    if (!input) return Fail(input.error(), r);
    auto created = inspections.Create(*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::InspectionDetailJson(*created));
}

Response Get(services::InspectionService& inspections, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto detail = inspections.Get(*r.principal, *id);
    if (!detail) return Fail(detail.error(), r);
    return Json(200, json::InspectionDetailJson(*detail));
}

}  // namespace

void RegisterInspectionRoutes(Router& router, services::InspectionService& inspections) {
    router.Add(Method::kGet, "/api/v1/inspections", [&inspections](Request& r) { return List(inspections, r); });
    router.Add(Method::kPost, "/api/v1/inspections", [&inspections](Request& r) { return Create(inspections, r); });
    router.Add(Method::kGet, "/api/v1/inspections/{id}", [&inspections](Request& r) { return Get(inspections, r); });
}

}  // namespace safegrid::http
