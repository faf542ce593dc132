#include "http/json/device_json.hpp"

#include <boost/json.hpp>

#include "core/device/device.hpp"
#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {

namespace bj = boost::json;

namespace {

bj::value OptInt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

// PATCH: null clears, a number sets, absent keeps.
std::optional<std::optional<int64_t>> ClearableInt(FieldReader& in, const char* key, IntRule rule) {
    if (in.IsExplicitNull(key)) return std::optional<int64_t>();
    if (auto v = in.Int(key, rule)) return std::optional<int64_t>(*v);
    return std::nullopt;
}

}  // namespace

bj::object DeviceJson(const services::DeviceView& view, bool with_components) {
    const services::DeviceRecord& d = view.device;
    bj::object o;
    o["id"] = d.id;
    o["enterprise_id"] = d.enterprise_id;
    o["enterprise"] = bj::object{{"id", d.enterprise_id}, {"name", view.enterprise_name}};
    o["town_id"] = d.path.town_id;
    o["village_id"] = OptInt(d.path.village_id);
    o["grid_id"] = OptInt(d.path.grid_id);
    o["building_id"] = OptInt(d.building_id);
    o["kind"] = d.kind;
    o["serial"] = d.serial;
    o["protocol"] = d.protocol;
    o["unit_address"] = OptInt(d.unit_address);
    o["state"] = d.state;
    o["online"] = d.online;
    o["last_seen_at"] = d.last_seen_at ? bj::value(FormatRfc3339(*d.last_seen_at)) : bj::value(nullptr);
    o["version"] = d.version;
    o["created_at"] = FormatRfc3339(d.created_at);
    o["updated_at"] = FormatRfc3339(d.updated_at);
    if (with_components) {
        bj::array components;
        components.reserve(view.components.size());
        for (const auto& c : view.components) {
            components.emplace_back(bj::object{{"system_type", c.system_type},
                                               {"system_address", c.system_address},
                                               {"component_type", c.component_type},
                                               {"component_address", c.component_address},
                                               {"state", c.state},
                                               {"last_seen_at", FormatRfc3339(c.last_seen_at)}});
        }
        o["components"] = std::move(components);
    }
    return o;
}

Result<services::DeviceInput> DeviceInputFromJson(const bj::object& body, bool creating) {
    FieldReader in(body);
    services::DeviceInput d;
    d.enterprise_id = in.Int("enterprise_id", {.required = creating, .min = 1});
    d.kind = in.String("kind", {.required = creating, .max_len = 64, .allow_empty = true});
    // The length rule (1..64) is core's; the reader's bound only keeps absurd bodies out.
    d.serial = in.String("serial", {.required = creating, .max_len = 1000, .allow_empty = true});
    d.protocol = in.String("protocol", {.required = creating, .max_len = 64, .allow_empty = true});
    // The range rule is core's (0..2^48-1), so a negative number reaches it and is named there.
    d.unit_address = ClearableInt(in, "unit_address", {});
    d.building_id = ClearableInt(in, "building_id", {.min = 1});
    SG_TRY(in.Finish());
    // On create an explicit null unit_address is the same as none.
    if (creating && d.unit_address && !*d.unit_address) d.unit_address.reset();
    return d;
}

}  // namespace safegrid::http::json
