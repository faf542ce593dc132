#include "http/handlers/alarms.hpp"

#include <boost/json/array.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "services/alarm_json.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

std::optional<std::string> NonEmpty(const Request& r, const char* name) {
    auto v = r.Query(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
}

Response List(services::AlarmService& alarms, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto enterprise_id = json::QueryInt(r, "enterprise_id");
    if (!enterprise_id) return Fail(enterprise_id.error(), r);
    auto device_id = json::QueryInt(r, "device_id");
    if (!device_id) return Fail(device_id.error(), r);
    // An id that cannot exist names nothing the caller may see.
    if ((*enterprise_id && **enterprise_id < 1) || (*device_id && **device_id < 1)) return Fail(NotFound().value(), r);
    services::AlarmListQuery query{NonEmpty(r, "status"), NonEmpty(r, "kind"), *enterprise_id, *device_id,
                                   page->Offset(),        page->size};
    auto listed = alarms.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& view : listed->first) items.emplace_back(services::AlarmJson(view.alarm, view.allowed_actions));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Get(services::AlarmService& alarms, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = alarms.Get(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, services::AlarmJson(view->alarm, view->allowed_actions));
}

Response Act(services::AlarmService& alarms, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    json::FieldReader in(*body);
    auto action = in.String("action", {.required = true, .max_len = 32});
    auto note = in.String("note", {.max_len = 500, .allow_empty = true});
    if (auto done = in.Finish(); !done) return Fail(done.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = alarms.Act(*r.principal, *id, action.value_or(""), note, *version);
    if (!updated) return Fail(updated.error(), r);
    return Json(200, services::AlarmJson(updated->alarm, updated->allowed_actions));
}

}  // namespace

void RegisterAlarmRoutes(Router& router, services::AlarmService& alarms) {
    router.Add(Method::kGet, "/api/v1/alarms", [&alarms](Request& r) { return List(alarms, r); });
    router.Add(Method::kGet, "/api/v1/alarms/{id}", [&alarms](Request& r) { return Get(alarms, r); });
    router.Add(Method::kPost, "/api/v1/alarms/{id}/actions", [&alarms](Request& r) { return Act(alarms, r); });
}

}  // namespace safegrid::http
