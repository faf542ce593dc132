#include "http/handlers/hazard_edit.hpp"

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/hazard_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response Patch(services::HazardEditService& edits, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    services::HazardEdit edit;
    // Generous transport limits: the service states the real ones (title 200, description 2000) in
    // its own words, as creation does.
    edit.title = in.String("title", {.max_len = 5000, .allow_empty = true});
    edit.description = in.String("description", {.max_len = 5000, .allow_empty = true});
    edit.category = in.String("category", {.max_len = 64, .allow_empty = true});
    if (auto done = in.Finish(); !done) return Fail(done.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = edits.Edit(*r.principal, *id, edit, *version);
    if (!updated) return Fail(updated.error(), r);
    return Json(200, json::HazardDetailJson(*updated));
}

}  // namespace

void RegisterHazardEditRoutes(Router& router, services::HazardEditService& edits) {
    router.Add(Method::kPatch, "/api/v1/hazards/{id}", [&edits](Request& r) { return Patch(edits, r); });
}

}  // namespace safegrid::http
