#include "http/json/region_json.hpp"

#include "core/time.hpp"
#include "http/json/body.hpp"
#include "http/json/boundary_json.hpp"

namespace safegrid::http::json {
namespace bj = boost::json;
namespace {

bj::value OptId(const std::optional<int64_t>& id) { return id ? bj::value(*id) : bj::value(nullptr); }

// "responsible" is an object; its problems are reported as "responsible.name" etc.
struct ResponsibleFields {
    std::optional<std::string> name;
    std::optional<std::string> phone;
    bool has_user_id = false;
    std::optional<int64_t> user_id;
};

void ReadResponsible(const bj::object& body, FieldReader& outer, ResponsibleFields& out) {
    const bj::value* v = body.if_contains("responsible");
    if (v == nullptr || v->is_null()) return;
    if (!v->is_object()) {
        outer.AddError("responsible", {"必须是对象", "must be an object"});
        return;
    }
    const bj::object& obj = v->get_object();
    FieldReader in(obj);
    out.name = in.String("name", {.max_len = 1000, .allow_empty = true});
    out.phone = in.String("phone", {.max_len = 1000, .allow_empty = true});
    // null clears a text field, as "" does.
    if (in.IsExplicitNull("name")) out.name = "";
    if (in.IsExplicitNull("phone")) out.phone = "";
    out.has_user_id = in.Has("user_id");
    out.user_id = in.Int("user_id", {.min = 1});
    if (auto ok = in.Finish(); !ok) {
        for (auto& [field, why] : ok.error().fields) outer.AddError("responsible." + field, why);
    }
}

// "boundary": absent → nothing; null → a null inner optional (PATCH: remove it); else the geometry.
void ReadBoundary(const bj::object& body, FieldReader& in, std::optional<std::optional<Boundary>>& out) {
    const bj::value* v = body.if_contains("boundary");
    if (v == nullptr) return;
    if (v->is_null()) {
        out = std::optional<Boundary>();
        return;
    }
    auto boundary = BoundaryFromJson(*v);
    if (!boundary) {
        for (auto& [field, why] : boundary.error().fields) in.AddError(field, why);
        return;
    }
    out = std::move(*boundary);
}

}  // namespace

bj::object RegionJson(const Region& r) {
    bj::object o;
    o["id"] = r.id;
    o["name"] = r.name;
    o["kind"] = RegionKindName(r.kind);
    o["code"] = r.code;
    o["parent_id"] = OptId(r.parent_id);
    o["town_id"] = r.path.town_id;
    o["village_id"] = OptId(r.path.village_id);
    o["grid_id"] = OptId(r.path.grid_id);
    bj::object responsible;
    responsible["name"] = r.responsible.name;
    responsible["phone"] = r.responsible.phone;
    responsible["user_id"] = OptId(r.responsible.user_id);
    o["responsible"] = std::move(responsible);
    o["boundary"] = BoundaryToJson(r.boundary);
    o["version"] = r.version;
    o["created_at"] = FormatRfc3339(r.created_at);
    o["updated_at"] = FormatRfc3339(r.updated_at);
    return o;
}

bj::array RegionTreeJson(const std::vector<services::RegionNode>& roots) {
    bj::array out;
    out.reserve(roots.size());
    for (const auto& node : roots) {
        bj::object o = RegionJson(node.region);
        o.erase("boundary");  // the tree does not load boundaries (GET /regions/{id} and /map/layers do)
        o["children"] = RegionTreeJson(node.children);
        out.emplace_back(std::move(o));
    }
    return out;
}

Result<services::NewRegion> NewRegionFromJson(const bj::object& body) {
    FieldReader in(body);
    services::NewRegion r;
    r.name = in.String("name", {.max_len = 1000, .allow_empty = true}).value_or("");
    r.kind = in.String("kind", {.required = true, .max_len = 32}).value_or("");
    r.parent_id = in.Int("parent_id", {.min = 1});
    r.code = in.String("code", {.max_len = 1000, .allow_empty = true}).value_or("");
    ResponsibleFields resp;
    ReadResponsible(body, in, resp);
    r.responsible.name = resp.name.value_or("");
    r.responsible.phone = resp.phone.value_or("");
    r.responsible.user_id = resp.user_id;
    std::optional<std::optional<Boundary>> boundary;
    ReadBoundary(body, in, boundary);
    if (boundary) r.boundary = std::move(*boundary);
    SG_TRY(in.Finish());
    return r;
}

Result<services::RegionPatch> RegionPatchFromJson(const bj::object& body) {
    FieldReader in(body);
    services::RegionPatch p;
    if (in.Has("name")) p.name = in.String("name", {.max_len = 1000, .allow_empty = true}).value_or("");
    if (in.Has("code")) p.code = in.String("code", {.max_len = 1000, .allow_empty = true}).value_or("");
    if (in.Has("kind")) p.kind = in.String("kind", {.max_len = 32, .allow_empty = true}).value_or("");
    if (in.Has("parent_id")) p.parent_id = in.Int("parent_id", {.min = 1});
    ResponsibleFields resp;
    ReadResponsible(body, in, resp);
    if (resp.name) p.responsible_name = resp.name;
    if (resp.phone) p.responsible_phone = resp.phone;
    if (resp.has_user_id) p.responsible_user_id = resp.user_id;
    ReadBoundary(body, in, p.boundary);
    SG_TRY(in.Finish());
    return p;
}

}  // namespace safegrid::http::json
