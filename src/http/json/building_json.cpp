#include "http/json/building_json.hpp"

#include <boost/json/array.hpp>

#include "core/time.hpp"
#include "http/json/body.hpp"
#include "http/json/enterprise_json.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::value Opt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

constexpr StringRule kText{.max_len = 1000, .allow_empty = true};

}  // namespace

bj::object BuildingJson(const services::BuildingView& view, bool with_tenants, bool english) {
    const Building& b = view.building;
    bj::object o;
    o["id"] = b.id;
    o["town_id"] = b.path.town_id;
    o["village_id"] = Opt(b.path.village_id);
    o["grid_id"] = Opt(b.path.grid_id);
    o["name"] = b.name;
    o["address"] = b.address;
    o["landlord_name"] = b.landlord_name;
    o["landlord_phone"] = b.landlord_phone;
    o["floors"] = Opt(b.floors);
    o["area_m2"] = Opt(b.area_m2);
    o["people_sleeping"] = b.people_sleeping;
    o["sleeping_separated"] = b.sleeping_separated;
    o["height_m"] = Opt(b.height_m);
    o["sandwich_panels"] = b.sandwich_panels;
    o["tenant_count"] = view.tenant_count;
    bj::array warnings;
    warnings.reserve(view.warnings.size());
    for (const BuildingWarning& w : view.warnings) {
        warnings.emplace_back(
            bj::object{{"code", w.code}, {"message", english ? w.message.en : w.message.zh}, {"rule", w.rule}});
    }
    o["warnings"] = std::move(warnings);
    o["version"] = b.version;
    o["created_at"] = FormatRfc3339(b.created_at);
    o["updated_at"] = FormatRfc3339(b.updated_at);
    if (with_tenants) {
        bj::array tenants;
        tenants.reserve(view.tenants.size());
        for (const Enterprise& e : view.tenants) tenants.emplace_back(EnterpriseJson(e));
        o["tenants"] = std::move(tenants);
    }
    return o;
}

Result<services::NewBuilding> NewBuildingFromJson(const bj::object& body) {
    FieldReader in(body);
    services::NewBuilding b;
    b.grid_id = in.Int("grid_id", {.required = true, .min = 1});
    b.name = in.String("name", kText).value_or("");
    b.address = in.String("address", kText).value_or("");
    b.landlord_name = in.String("landlord_name", kText).value_or("");
    b.landlord_phone = in.String("landlord_phone", kText).value_or("");
    b.floors = in.Int("floors");
    b.area_m2 = in.Double("area_m2");
    b.people_sleeping = in.Int("people_sleeping", {.min = 0}).value_or(0);
    b.sleeping_separated = in.Bool("sleeping_separated").value_or(false);
    b.height_m = in.Double("height_m");
    b.sandwich_panels = in.Bool("sandwich_panels").value_or(false);
    SG_TRY(in.Finish());
    return b;
}

Result<services::BuildingPatch> BuildingPatchFromJson(const bj::object& body) {
    FieldReader in(body);
    services::BuildingPatch p;
    if (in.Has("name")) p.name = in.String("name", kText).value_or("");
    if (in.Has("address")) p.address = in.String("address", kText).value_or("");
    if (in.Has("landlord_name")) p.landlord_name = in.String("landlord_name", kText).value_or("");
    if (in.Has("landlord_phone")) p.landlord_phone = in.String("landlord_phone", kText).value_or("");
    if (in.Has("floors")) p.floors = in.Int("floors");
    if (in.Has("area_m2")) p.area_m2 = in.Double("area_m2");
    if (in.Has("people_sleeping"))
        p.people_sleeping = in.Int("people_sleeping", {.required = true, .min = 0}).value_or(0);
    if (in.Has("sleeping_separated")) p.sleeping_separated = in.Bool("sleeping_separated", true).value_or(false);
    if (in.Has("height_m")) p.height_m = in.Double("height_m");
    if (in.Has("sandwich_panels")) p.sandwich_panels = in.Bool("sandwich_panels", true).value_or(false);
    if (in.Has("grid_id")) p.grid_id = in.Int("grid_id", {.required = true, .min = 1}).value_or(0);
    SG_TRY(in.Finish());
    return p;
}

}  // namespace safegrid::http::json
