#include "http/json/enterprise_json.hpp"

#include <boost/json/array.hpp>
#include <type_traits>
#include <variant>

#include "core/time.hpp"
#include "http/json/body.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::value Opt(const std::optional<int64_t>& v) { return v ? bj::value(*v) : bj::value(nullptr); }
bj::value Opt(const std::optional<double>& v) { return v ? bj::value(*v) : bj::value(nullptr); }

// Lengths are the domain's business (core/enterprise); this only bounds what is read.
constexpr StringRule kText{.max_len = 1000, .allow_empty = true};

// Present → the new value; present and null → cleared (""), as for a form's emptied field.
std::optional<std::string> PatchText(FieldReader& in, const char* key) {
    if (!in.Has(key)) return std::nullopt;
    return in.String(key, kText).value_or("");
}

}  // namespace

bj::object EnterpriseJson(const Enterprise& e, bj::storage_ptr storage) {
    return EnterpriseJson(e, nullptr, std::move(storage));
}

bj::object EnterpriseJson(const Enterprise& e, const services::EnterpriseNames* names, bj::storage_ptr storage) {
    bj::object o(std::move(storage));
    o.reserve(24);  // every key below: no rehash while filling
    o["id"] = e.id;
    o["name"] = e.name;
    o["credit_code"] = e.credit_code;
    o["town_id"] = e.path.town_id;
    o["village_id"] = Opt(e.path.village_id);
    o["grid_id"] = Opt(e.path.grid_id);
    o["building_id"] = Opt(e.building_id);
    o["address"] = e.address;
    o["industry_code"] = e.industry_code;
    o["employees"] = Opt(e.employees);
    bj::array tags;
    for (const auto& name : e.tags.Names()) tags.emplace_back(bj::string(name));
    o["tags"] = std::move(tags);
    o["lat"] = Opt(e.lat);
    o["lng"] = Opt(e.lng);
    o["contact_name"] = e.contact_name;
    o["contact_phone"] = e.contact_phone;
    o["risk_level"] = RiskLevelName(e.risk_level);
    o["risk_score"] = e.risk_score;
    o["version"] = e.version;
    o["created_at"] = FormatRfc3339(e.created_at);
    o["updated_at"] = FormatRfc3339(e.updated_at);
    if (names != nullptr) {
        o["grid_name"] = names->grid_name.empty() ? bj::value(nullptr) : bj::value(names->grid_name);
        o["industry_name"] = names->industry ? bj::value(names->industry->zh) : bj::value(nullptr);
        o["industry_name_en"] = names->industry ? bj::value(names->industry->en) : bj::value(nullptr);
    }
    return o;
}

bj::object RiskJson(const services::RiskView& view, bool english) {
    auto time = [](const std::optional<UnixSeconds>& t) {
        return t ? bj::value(FormatRfc3339(*t)) : bj::value(nullptr);
    };
    bj::array factors;
    for (const RiskFactor& f : view.assessment.factors) {
        bj::object o;
        o["code"] = f.code;
        o["label"] = english ? f.label.en : f.label.zh;
        o["value"] = std::visit(
            [](const auto& v) -> bj::value {
                using V = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<V, std::monostate>) {
                    return nullptr;
                } else if constexpr (std::is_same_v<V, std::string>) {
                    return bj::string(v);
                } else {
                    return v;
                }
            },
            f.value);
        o["points"] = f.points;
        factors.push_back(std::move(o));
    }
    bj::array history;
    for (const storage::RiskHistoryEntry& h : view.history) {
        history.push_back(bj::object{
            {"level", RiskLevelName(h.level)}, {"score", h.score}, {"at", FormatRfc3339(h.at)}, {"reason", h.reason}});
    }
    bj::object o;
    o["level"] = RiskLevelName(view.assessment.level);
    o["score"] = view.assessment.score;
    o["method"] = view.method;
    o["factors"] = std::move(factors);
    o["computed_at"] = FormatRfc3339(view.computed_at);
    o["last_inspected_at"] = time(view.enterprise.last_inspected_at);
    o["next_inspection_due"] = time(view.next_inspection_due);
    o["history"] = std::move(history);
    return o;
}

Result<services::EnterpriseInput> EnterpriseInputFromJson(const bj::object& body) {
    FieldReader in(body);
    services::EnterpriseInput e;
    e.grid_id = in.Int("grid_id", {.required = true, .min = 1});
    e.building_id = in.Int("building_id", {.min = 1});
    e.name = in.String("name", kText).value_or("");
    e.credit_code = in.String("credit_code", kText).value_or("");
    e.address = in.String("address", kText).value_or("");
    e.industry_code = in.String("industry_code", kText).value_or("");
    e.employees = in.Int("employees");
    e.tags = in.StringArray("tags").value_or(std::vector<std::string>{});
    e.lat = in.Double("lat");
    e.lng = in.Double("lng");
    e.contact_name = in.String("contact_name", kText).value_or("");
    e.contact_phone = in.String("contact_phone", kText).value_or("");
    // risk_level is computed; a create that sends one is told so rather than silently ignored.
    if (in.Has("risk_level") && !in.IsExplicitNull("risk_level")) {
        in.AddError("risk_level", {"风险等级由系统计算，不能填写", "Computed by the system (read-only)"});
    }
    SG_TRY(in.Finish());
    return e;
}

Result<services::EnterprisePatch> EnterprisePatchFromJson(const bj::object& body) {
    FieldReader in(body);
    services::EnterprisePatch p;
    if (in.Has("grid_id")) p.grid_id = in.Int("grid_id", {.required = true, .min = 1}).value_or(0);
    if (in.Has("building_id")) p.building_id = in.Int("building_id", {.min = 1});
    p.name = PatchText(in, "name");
    p.credit_code = PatchText(in, "credit_code");
    p.address = PatchText(in, "address");
    p.industry_code = PatchText(in, "industry_code");
    if (in.Has("employees")) p.employees = in.Int("employees");
    if (in.Has("tags")) p.tags = in.StringArray("tags").value_or(std::vector<std::string>{});
    if (in.Has("lat")) p.lat = in.Double("lat");
    if (in.Has("lng")) p.lng = in.Double("lng");
    p.contact_name = PatchText(in, "contact_name");
    p.contact_phone = PatchText(in, "contact_phone");
    if (in.Has("risk_level")) p.risk_level = in.String("risk_level", {.max_len = 32, .allow_empty = true}).value_or("");
    SG_TRY(in.Finish());
    return p;
}

}  // namespace safegrid::http::json
