#include "http/handlers/enterprises.hpp"

#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/enterprise_json.hpp"
#include "http/stale_edit_response.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

// One enterprise with its grid's and industry's names.
Response Named(services::EnterpriseService& enterprises, const Enterprise& e, int status, const Request& r) {
    auto names = enterprises.Names({e});
    if (!names) return Fail(names.error(), r);
    return Json(status, json::EnterpriseJson(e, &names->front()));
}

Response List(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto region_id = json::QueryInt(r, "region_id");
    if (!region_id) return Fail(region_id.error(), r);
    auto building_id = json::QueryInt(r, "building_id");
    if (!building_id) return Fail(building_id.error(), r);
    auto due = json::QueryBool(r, "due");
    if (!due) return Fail(due.error(), r);
    // Ids that cannot exist name nothing the caller may see.
    if ((*region_id && **region_id < 1)) return Fail(NotFound().value(), r);
    services::EnterpriseListQuery query;
    query.region_id = *region_id;
    query.building_id = *building_id;
    query.due = due->value_or(false);
    // Empty parameters are how forms send "no filter".
    if (auto q = r.Query("q"); q && !q->empty()) query.q = *q;
    if (auto tag = r.Query("tag"); tag && !tag->empty()) query.tag = *tag;
    if (auto risk = r.Query("risk_level"); risk && !risk->empty()) query.risk_level = *risk;
    query.offset = page->Offset();
    query.limit = page->size;
    auto listed = enterprises.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    // One arena for the whole page: freed at once after serializing.
    boost::json::monotonic_resource arena;
    boost::json::array items(&arena);
    items.reserve(listed->first.size());
    auto names = enterprises.Names(listed->first);
    if (!names) return Fail(names.error(), r);
    for (size_t i = 0; i < listed->first.size(); ++i) {
        items.emplace_back(json::EnterpriseJson(listed->first[i], &(*names)[i], &arena));
    }
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::EnterpriseInputFromJson(*body);
    if (!input) return Fail(input.error(), r);
    auto created = enterprises.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Named(enterprises, *created, 201, r);
}

Response Get(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto e = enterprises.Get(*r.principal, *id);
    if (!e) return Fail(e.error(), r);
    return Named(enterprises, *e, 200, r);
}

Response Patch(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::EnterprisePatchFromJson(*body);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = enterprises.Update(&*r.principal, *id, *version, *patch);
    if (!updated) {
        if (updated.error().id != StaleVersion().value().id) return Fail(updated.error(), r);
        // Say who moved the record on and what they changed; the caller's edit is not applied.
        auto stale = enterprises.StaleEditOf(*r.principal, *id);
        if (!stale) return Fail(updated.error(), r);
        auto names = enterprises.Names({stale->current});
        if (!names) return Fail(names.error(), r);
        return StaleEditResponse(updated.error(), r.locale, json::EnterpriseJson(stale->current, &names->front()),
                                 stale->last_change);
    }
    return Named(enterprises, *updated, 200, r);
}

// POST /enterprises/validate: the body of a POST (plus "id" to check an edit of that enterprise
// instead); 200 {"fields":{}} when the write would pass its checks, else exactly its error.
Response Validate(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    Status checked;
    if (const auto* id = body->if_contains("id"); id != nullptr && !id->is_null()) {
        if (!id->is_int64() || id->get_int64() < 1) return Fail(NotFound().value(), r);
        auto patch = json::EnterprisePatchFromJson(*body);
        if (!patch) return Fail(patch.error(), r);
        checked = enterprises.ValidateEdit(*r.principal, id->get_int64(), *patch);
    } else {
        auto input = json::EnterpriseInputFromJson(*body);
        if (!input) return Fail(input.error(), r);
        checked = enterprises.ValidateNew(*r.principal, *input);
    }
    if (!checked) return Fail(checked.error(), r);
    return Json(200, boost::json::object{{"fields", boost::json::object{}}});
}

Response Risk(services::EnterpriseService& enterprises, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = enterprises.Risk(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, json::RiskJson(*view, r.locale == Locale::kEn));
}

}  // namespace

void RegisterEnterpriseRoutes(Router& router, services::EnterpriseService& enterprises) {
    router.Add(Method::kGet, "/api/v1/enterprises", [&enterprises](Request& r) { return List(enterprises, r); });
    router.Add(Method::kPost, "/api/v1/enterprises", [&enterprises](Request& r) { return Create(enterprises, r); });
    router.Add(Method::kPost, "/api/v1/enterprises/validate",
               [&enterprises](Request& r) { return Validate(enterprises, r); });
    router.Add(Method::kGet, "/api/v1/enterprises/{id}", [&enterprises](Request& r) { return Get(enterprises, r); });
    router.Add(Method::kPatch, "/api/v1/enterprises/{id}",
               [&enterprises](Request& r) { return Patch(enterprises, r); });
    router.Add(Method::kGet, "/api/v1/enterprises/{id}/risk",
               [&enterprises](Request& r) { return Risk(enterprises, r); });
}

}  // namespace safegrid::http
