#include "http/handlers/devices.hpp"

#include <boost/json/array.hpp>

#include "http/handlers/regions.hpp"
#include "http/json/body.hpp"
#include "http/json/device_json.hpp"
#include "http/stale_edit_response.hpp"

namespace safegrid::http {
namespace {

Response Fail(const Error& e, const Request& r) { return ErrorResponse(e, r.locale); }

Response List(services::DeviceService& devices, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto page = json::ParsePage(r);
    if (!page) return Fail(page.error(), r);
    auto enterprise_id = json::QueryInt(r, "enterprise_id");
    if (!enterprise_id) return Fail(enterprise_id.error(), r);
    // An id that cannot exist names no enterprise the caller may see.
    if (*enterprise_id && **enterprise_id < 1) return Fail(NotFound().value(), r);
    auto online = json::QueryBool(r, "online");
    if (!online) return Fail(online.error(), r);
    services::DeviceListQuery query{*enterprise_id, *online, page->Offset(), page->size};
    auto listed = devices.List(*r.principal, query);
    if (!listed) return Fail(listed.error(), r);
    boost::json::array items;
    items.reserve(listed->first.size());
    for (const auto& view : listed->first) items.emplace_back(json::DeviceJson(view, false));
    return Json(200, json::ListBody(std::move(items), listed->second, *page));
}

Response Create(services::DeviceService& devices, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto input = json::DeviceInputFromJson(*body, true);
    if (!input) return Fail(input.error(), r);
    auto created = devices.Create(&*r.principal, *input);
    if (!created) return Fail(created.error(), r);
    return Json(201, json::DeviceJson(*created, true));
}

Response Get(services::DeviceService& devices, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto view = devices.Get(*r.principal, *id);
    if (!view) return Fail(view.error(), r);
    return Json(200, json::DeviceJson(*view, true));
}

Response Patch(services::DeviceService& devices, Request& r) {
    if (!r.principal) return Fail(Unauthenticated().value(), r);
    auto id = json::PathId(r);
    if (!id) return Fail(id.error(), r);
    auto body = json::ParseObject(r);
    if (!body) return Fail(body.error(), r);
    auto patch = json::DeviceInputFromJson(*body, false);
    if (!patch) return Fail(patch.error(), r);
    auto version = PatchVersion(r, *body);
    if (!version) return Fail(version.error(), r);
    auto updated = devices.Update(&*r.principal, *id, *version, *patch);
    if (!updated) {
        if (updated.error().id != StaleVersion().value().id) return Fail(updated.error(), r);
        // As for stations: say who moved the device on; the edit is not applied.
        auto stale = devices.StaleEditOf(*r.principal, *id);
        if (!stale) return Fail(updated.error(), r);
        return StaleEditResponse(updated.error(), r.locale, json::DeviceJson(stale->current, true), stale->last_change);
    }
    return Json(200, json::DeviceJson(*updated, true));
}

}  // namespace

void RegisterDeviceRoutes(Router& router, services::DeviceService& devices) {
    router.Add(Method::kGet, "/api/v1/devices", [&devices](Request& r) { return List(devices, r); });
    router.Add(Method::kPost, "/api/v1/devices", [&devices](Request& r) { return Create(devices, r); });
    router.Add(Method::kGet, "/api/v1/devices/{id}", [&devices](Request& r) { return Get(devices, r); });
    router.Add(Method::kPatch, "/api/v1/devices/{id}", [&devices](Request& r) { return Patch(devices, r); });
}

}  // namespace safegrid::http
