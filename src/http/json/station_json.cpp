#include "http/json/station_json.hpp"

#include <boost/json.hpp>
#include <cmath>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

std::string ItemName(const station::StationStandard& standard, const std::string& code, bool english) {
    const station::EquipmentItem* item = standard.FindItem(code);
    if (item == nullptr) return code;
    return english && !item->name_en.empty() ? item->name_en : item->name_zh;
}

bj::value OptText(const std::optional<std::string>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

}  // namespace

bj::object StationJson(const services::StationView& view, const station::StationStandard& standard, bool with_drills,
                       bool english) {
    const services::StationRecord& s = view.station;
    bj::object o;
    o["id"] = s.id;
    o["name"] = s.name;
    o["kind"] = s.kind;
    o["town_id"] = s.path.town_id;
    o["village_id"] = s.path.village_id ? bj::value(*s.path.village_id) : nullptr;
    o["grid_id"] = s.path.grid_id ? bj::value(*s.path.grid_id) : nullptr;
    o["region_id"] = s.region_id;
    o["region"] = bj::object{{"id", s.region_id}, {"name", view.region_name}};
    o["village"] = s.path.village_id
                       ? bj::value(bj::object{{"id", *s.path.village_id}, {"name", view.village_name.value_or("")}})
                       : bj::value(nullptr);
    o["lat"] = s.lat;
    o["lng"] = s.lng;
    o["staff"] = s.staff;
    o["radius_m"] = s.radius_m;
    o["responsible_user_id"] = s.responsible_user_id ? bj::value(*s.responsible_user_id) : nullptr;
    o["version"] = s.version;
    o["created_at"] = FormatRfc3339(s.created_at);
    o["updated_at"] = FormatRfc3339(s.updated_at);
    bj::array equipment;
    for (const auto& row : view.equipment) {
        equipment.emplace_back(bj::object{{"item", row.item},
                                          {"name", ItemName(standard, row.item, english)},
                                          {"count", row.count},
                                          {"min", standard.Minimum(s.kind, row.item)},
                                          {"expires_on", OptText(row.expires_on)}});
    }
    o["equipment"] = std::move(equipment);
    bj::array missing;
    for (const auto& m : view.readiness.missing) {
        missing.emplace_back(bj::object{
            {"item", m.item}, {"name", ItemName(standard, m.item, english)}, {"have", m.have}, {"min", m.min}});
    }
    o["missing"] = std::move(missing);
    bj::array expiring;
    for (const auto& e : view.readiness.expiring) {
        expiring.emplace_back(bj::object{{"item", e.item},
                                         {"name", ItemName(standard, e.item, english)},
                                         {"expires_on", e.expires_on},
                                         {"expired", e.expired}});
    }
    o["expiring"] = std::move(expiring);
    if (with_drills) {
        bj::array drills;
        for (const auto& d : view.drills) drills.emplace_back(DrillJson(d));
        o["drills"] = std::move(drills);
    }
    return o;
}

bj::object DrillJson(const services::DrillRecord& d) {
    return {{"id", d.id},           {"station_id", d.station_id},
            {"held_on", d.held_on}, {"response_s", d.response_s},
            {"note", d.note},       {"created_at", FormatRfc3339(d.created_at)}};
}

bj::object CoverageJson(const services::CoverageReport& report) {
    bj::array uncovered;
    uncovered.reserve(report.uncovered.size());
    for (const auto& gap : report.uncovered) {
        uncovered.emplace_back(
            bj::object{{"id", gap.enterprise_id},
                       {"name", gap.name},
                       {"nearest_m", gap.nearest_m ? bj::value(std::llround(*gap.nearest_m)) : bj::value(nullptr)}});
    }
    return {{"enterprises", report.enterprises}, {"covered", report.covered}, {"uncovered", std::move(uncovered)}};
}

bj::object StationStandardJson(const station::StationStandard& standard, bool english) {
    bj::array kinds;
    for (const std::string& kind : standard.kinds()) kinds.emplace_back(bj::object{{"type", kind}});
    bj::array items;
    for (const auto& item : standard.items()) {
        bj::object min;
        for (const std::string& kind : standard.kinds()) min[kind] = standard.Minimum(kind, item.code);
        items.emplace_back(bj::object{{"item", item.code},
                                      {"name", english && !item.name_en.empty() ? item.name_en : item.name_zh},
                                      {"min", std::move(min)}});
    }
    return {{"kinds", std::move(kinds)}, {"items", std::move(items)}, {"warning_days", station::kExpiryWarningDays}};
}

Result<services::StationInput> StationInputFromJson(const bj::object& body, bool creating) {
    FieldReader in(body);
    services::StationInput s;
    s.name = in.String("name", {.required = creating, .max_len = services::kMaxStationName, .allow_empty = true});
    s.kind = in.String("kind", {.required = creating, .max_len = 64, .allow_empty = true});
    s.region_id = in.Int("region_id", {.required = creating});
    s.lat = in.Double("lat", {.required = creating});
    s.lng = in.Double("lng", {.required = creating});
    s.staff = in.Int("staff");
    s.radius_m = in.Int("radius_m", {.required = creating});
    if (in.IsExplicitNull("responsible_user_id")) {
        s.responsible_user_id = std::optional<int64_t>();
    } else if (auto user = in.Int("responsible_user_id", {.min = 1})) {
        s.responsible_user_id = user;
    }
    SG_TRY(in.Finish());
    return s;
}

Result<services::EquipmentInput> EquipmentInputFromJson(const bj::object& body) {
    FieldReader in(body);
    services::EquipmentInput e;
    e.item = in.String("item", {.required = true, .max_len = 64});
    e.count = in.Int("count", {.required = true});
    e.expires_on = in.String("expires_on", {.max_len = 32, .allow_empty = true});
    SG_TRY(in.Finish());
    return e;
}

Result<services::DrillInput> DrillInputFromJson(const bj::object& body) {
    FieldReader in(body);
    services::DrillInput d;
    d.held_on = in.String("held_on", {.required = true, .max_len = 32});
    d.response_s = in.Int("response_s", {.required = true});
    d.note = in.String("note", {.max_len = 500, .allow_empty = true}).value_or("");
    SG_TRY(in.Finish());
    return d;
}

}  // namespace safegrid::http::json
