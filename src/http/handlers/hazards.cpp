#include "http/handlers/hazards.hpp"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/hazard_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

// Empty parameters are how forms send "no filter".
std::optional<std::string> NonEmpty(const Request& r, const char* name) {
    auto v = r.Query(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
}

template <class T>
void Collect(Validation& v, const Result<T>& r) {
    if (r) return;
    for (const auto& [field, why] : r.error().fields) v.Add(field, why);
}

Response List(services::HazardService& hazards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto filter = HazardFilterFromQuery(r);
    if (!filter) return Fail(filter.error(), r);
    services::HazardFilter f = std::move(*filter);
    f.offset = page->Offset();
    f.limit = page->size;
    auto listed = hazards.List(*r.principal, f);
    if (!listed) return Fail(listed.error(), r);
    // One arena for the whole page: freed at once after serializing.
    boost::json::monotonic_resource arena;
    boost::json::array items(&arena);
    items.reserve(listed->items.size());
    for (const auto& h : listed->items) items.emplace_back(json::HazardJson(h, &arena));
    return Json(200, json::ListBody(std::move(items), listed->total, *page));
}

Response Create(services::HazardService& hazards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::NewHazardFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto created = hazards.Create(*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::HazardDetailJson(*created));
}

Response Get(services::HazardService& hazards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto h = hazards.Get(*r.principal, *id);
    if (!h) return Fail(h.error(), r);
    return Json(200, json::HazardDetailJson(*h));
}

Response Act(services::HazardService& hazards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto action = json::ActionFromJson(*body);
    if (!action) return Fail(action.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = hazards.Act(*r.principal, *id, action->input, action->attachments, *version);
    if (!updated) return Fail(updated.error(), r);
    return Json(200, json::HazardDetailJson(*updated));
}

Response Link(services::HazardService& hazards, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    auto of = in.Int("duplicate_of", {.required = true});
    if (auto done = in.Finish(); !done) return Fail(done.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = hazards.LinkDuplicate(*r.principal, *id, *of, *version);
    if (!updated) return Fail(updated.error(), r);
    return Json(200, json::HazardDetailJson(*updated));
}

}  // namespace

Result<services::HazardFilter> HazardFilterFromQuery(const Request& r) {
    Validation v;
    auto region_id = json::QueryInt(r, "region_id");
    auto enterprise_id = json::QueryInt(r, "enterprise_id");
    auto overdue = json::QueryBool(r, "overdue");
    auto supervised = json::QueryBool(r, "supervised");
    // Every malformed parameter is named at once.
    Collect(v, region_id);
    Collect(v, enterprise_id);
    Collect(v, overdue);
    Collect(v, supervised);
    if (!v.Ok()) return v.Fail();
    // Ids that cannot exist name nothing the caller may see.
    if (*region_id && **region_id < 1) return NotFound();
    services::HazardFilter f;
    f.region_id = *region_id;
    f.enterprise_id = *enterprise_id;
    f.overdue = overdue->value_or(false);
    f.supervised = *supervised;
    f.status = NonEmpty(r, "status");
    f.severity = NonEmpty(r, "severity");
    f.category = NonEmpty(r, "category");
    f.q = NonEmpty(r, "q");
    f.sort = NonEmpty(r, "sort");
    return f;
}

void RegisterHazardRoutes(Router& router, services::HazardService& hazards) {
    router.Add(Method::kGet, "/api/v1/hazards", [&hazards](Request& r) { return List(hazards, r); });
    router.Add(Method::kPost, "/api/v1/hazards", [&hazards](Request& r) { return Create(hazards, r); });
    router.Add(Method::kGet, "/api/v1/hazards/{id}", [&hazards](Request& r) { return Get(hazards, r); });
    router.Add(Method::kPost, "/api/v1/hazards/{id}/actions", [&hazards](Request& r) { return Act(hazards, r); });
    router.Add(Method::kPost, "/api/v1/hazards/{id}/link", [&hazards](Request& r) { return Link(hazards, r); });
}

}  // namespace safegrid::http
