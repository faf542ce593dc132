#include "services/region_service.hpp"

#include <map>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "storage/repositories/enterprise_repository.hpp"
#include "storage/repositories/region_repository.hpp"

namespace safegrid::services {
namespace {

using storage::PathFilter;

bool MayEdit(const Principal* caller) {
    return caller == nullptr || caller->role == Role::kAdmin || caller->role == Role::kTown;
}

// The grid an enterprise user's enterprise sits in (the one region such a user may see).
Result<std::optional<int64_t>> EnterpriseGrid(storage::Connection& conn, const Principal& caller) {
    if (caller.scope.level != Scope::Level::kEnterprise) return std::optional<int64_t>();
    SG_ASSIGN_OR_RETURN(auto enterprise,
                        storage::EnterpriseRepository(conn).FindById(caller.scope.id, storage::TownLimit::Of(caller)));
    if (!enterprise) return std::optional<int64_t>();
    return enterprise->path.grid_id;
}

// The canonical text of a boundary, its problem added to `v` under "boundary" when it has one.
std::optional<std::string> BoundaryText(const std::optional<Boundary>& boundary, Validation& v) {
    if (!boundary) return std::nullopt;
    auto text = CanonicalBoundary(*boundary);
    if (text) return std::move(*text);
    for (auto& [field, why] : text.error().fields) v.Add(field, why);
    return std::nullopt;
}

Text NotYourRegion() { return {"区域不存在或不在您的管辖范围内", "No such region in your area"}; }

RegionNode BuildNode(std::vector<Region>& regions, const std::vector<std::vector<size_t>>& kids, size_t i) {
    RegionNode node{std::move(regions[i]), {}};
    node.children.reserve(kids[i].size());
    for (size_t child : kids[i]) node.children.push_back(BuildNode(regions, kids, child));
    return node;
}

// Regions arrive ordered by id and a parent is created before its children, so a node whose parent
// is not among them (or not earlier) is a root of what the caller sees. Depth is at most 3.
std::vector<RegionNode> BuildForest(std::vector<Region> regions) {
    std::map<int64_t, size_t> index;
    std::vector<std::vector<size_t>> kids(regions.size());
    std::vector<size_t> roots;
    for (size_t i = 0; i < regions.size(); ++i) {
        index[regions[i].id] = i;
        auto parent = regions[i].parent_id ? index.find(*regions[i].parent_id) : index.end();
        if (parent != index.end() && parent->second < i) {
            kids[parent->second].push_back(i);
        } else {
            roots.push_back(i);
        }
    }
    std::vector<RegionNode> forest;
    forest.reserve(roots.size());
    for (size_t root : roots) forest.push_back(BuildNode(regions, kids, root));
    return forest;
}

}  // namespace

tl::unexpected<Error> VersionRequired() {
    return Invalid("version", {"请提供版本号（If-Match 请求头或 version 字段）",
                               "Send the version you edited: an If-Match header or a \"version\" field"});
}

boost::json::object RegionAuditJson(const Region& r) {
    boost::json::object o;
    o["id"] = r.id;
    o["name"] = r.name;
    o["kind"] = RegionKindName(r.kind);
    o["code"] = r.code;
    o["parent_id"] = r.parent_id ? boost::json::value(*r.parent_id) : boost::json::value(nullptr);
    o["town_id"] = r.path.town_id;
    o["village_id"] = r.path.village_id ? boost::json::value(*r.path.village_id) : boost::json::value(nullptr);
    o["grid_id"] = r.path.grid_id ? boost::json::value(*r.path.grid_id) : boost::json::value(nullptr);
    o["responsible_name"] = r.responsible.name;
    o["responsible_phone"] = r.responsible.phone;
    o["responsible_user_id"] =
        r.responsible.user_id ? boost::json::value(*r.responsible.user_id) : boost::json::value(nullptr);
    // The canonical GeoJSON text as stored (bounded by kBoundaryMaxBytes), so the log shows the shape.
    o["boundary"] = r.boundary ? boost::json::value(*r.boundary) : boost::json::value(nullptr);
    o["version"] = r.version;
    return o;
}

Result<std::optional<Region>> FindVisibleRegion(storage::Connection& conn, const Principal* caller, int64_t id) {
    SG_ASSIGN_OR_RETURN(auto region, storage::RegionRepository(conn).FindById(id));
    if (!region || caller == nullptr) return region;
    if (caller->scope.level == Scope::Level::kEnterprise) {
        SG_ASSIGN_OR_RETURN(auto grid, EnterpriseGrid(conn, *caller));
        if (grid == region->id) return region;
        return std::optional<Region>();
    }
    if (!caller->scope.ContainsRegion(region->path)) return std::optional<Region>();
    return region;
}

Result<std::optional<Region>> FindManagedGrid(storage::Connection& conn, const Principal* caller, int64_t grid_id) {
    if (caller != nullptr && caller->scope.level == Scope::Level::kEnterprise) return std::optional<Region>();
    SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, caller, grid_id));
    if (!region || region->kind != RegionKind::kGrid) return std::optional<Region>();
    return region;
}

RegionService::RegionService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit)
    : db_(std::move(db)), clock_(clock), audit_(audit) {}

Result<std::vector<RegionNode>> RegionService::Tree(const Principal& caller) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::vector<RegionNode>> {
        storage::RegionRepository repo(conn);
        std::vector<PathFilter> filters = {PathFilter::FromScope(caller.scope)};
        if (caller.scope.level == Scope::Level::kEnterprise) {
            SG_ASSIGN_OR_RETURN(auto grid, EnterpriseGrid(conn, caller));
            filters = {grid ? PathFilter::Id(*grid) : PathFilter::Nothing()};
        }
        SG_ASSIGN_OR_RETURN(std::vector<Region> regions, repo.List(filters));
        return BuildForest(std::move(regions));
    });
}

Result<Region> RegionService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<Region> {
        SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, id));
        if (!region) return NotFound();
        return *region;
    });
}

Result<Region> RegionService::Create(const Principal* caller, const NewRegion& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayEdit(caller)) return Forbidden();
    Validation v;
    Region r;
    r.name = TrimText(input.name);
    r.code = TrimText(input.code);
    r.responsible = {TrimText(input.responsible.name), TrimText(input.responsible.phone), input.responsible.user_id};
    ValidateRegionFields(r.name, r.code, r.responsible, v);
    r.boundary = BoundaryText(input.boundary, v);
    auto kind = ParseRegionKind(input.kind);
    if (!kind) v.Add("kind", {"类型应为 county、town、village 或 grid", "Must be county, town, village or grid"});
    if ((kind == RegionKind::kTown || kind == RegionKind::kCounty) && caller != nullptr && caller->role != Role::kAdmin)
        return Forbidden();
    if (input.parent_id && *input.parent_id <= 0) v.Add("parent_id", NotYourRegion());
    if (!v.Ok()) return v.Fail();
    r.kind = *kind;

    return db_->Transact(true, [&](storage::Connection& conn) -> Result<Region> {
        storage::RegionRepository repo(conn);
        std::optional<RegionKind> parent_kind;
        if (input.parent_id) {
            SG_ASSIGN_OR_RETURN(auto parent, FindVisibleRegion(conn, caller, *input.parent_id));
            if (!parent) return Invalid("parent_id", NotYourRegion());
            parent_kind = parent->kind;
            r.parent_id = parent->id;
            r.path = ChildPath(parent->path);
        }
        SG_TRY(CheckRegionParent(r.kind, parent_kind));
        if (r.responsible.user_id) {
            SG_ASSIGN_OR_RETURN(auto user_town, repo.UserTown(*r.responsible.user_id));
            // A town's responsible user must belong to it; the town id is only known after the insert
            // for a new town, so there any existing user is accepted.
            if (!user_town || (r.kind != RegionKind::kTown && r.kind != RegionKind::kCounty &&
                               *user_town != r.path.town_id && *user_town != 0)) {
                return Invalid("responsible.user_id", {"该用户不存在或不属于本镇", "No such user in this town"});
            }
        }
        r.created_at = r.updated_at = clock_.Now();
        r.version = 1;
        SG_ASSIGN_OR_RETURN(r.id, repo.Insert(r));
        r.path = WithOwnId(r.path, r.kind, r.id);
        SG_TRY(audit_.Append(conn, caller, {r.path.town_id, "region", r.id, "create", nullptr, RegionAuditJson(r)}));
        return r;
    });
}

Result<Region> RegionService::Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                                     const RegionPatch& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayEdit(caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<Region> {
        storage::RegionRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, FindVisibleRegion(conn, caller, id));
        if (!current) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        Region r = *current;
        if (patch.name) r.name = TrimText(*patch.name);
        if (patch.code) r.code = TrimText(*patch.code);
        if (patch.responsible_name) r.responsible.name = TrimText(*patch.responsible_name);
        if (patch.responsible_phone) r.responsible.phone = TrimText(*patch.responsible_phone);
        if (patch.responsible_user_id) r.responsible.user_id = *patch.responsible_user_id;
        Validation v;
        ValidateRegionFields(r.name, r.code, r.responsible, v);
        if (patch.boundary) r.boundary = BoundaryText(*patch.boundary, v);
        const Text read_only{"创建后不可修改", "Cannot be changed after creation"};
        if (patch.kind && *patch.kind != RegionKindName(r.kind)) v.Add("kind", read_only);
        if (patch.parent_id && *patch.parent_id != r.parent_id) v.Add("parent_id", read_only);
        if (!v.Ok()) return v.Fail();
        if (r.responsible.user_id && r.responsible.user_id != current->responsible.user_id) {
            SG_ASSIGN_OR_RETURN(auto user_town, repo.UserTown(*r.responsible.user_id));
            if (!user_town || (*user_town != r.path.town_id && *user_town != 0)) {
                return Invalid("responsible.user_id", {"该用户不存在或不属于本镇", "No such user in this town"});
            }
        }
        r.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(r, *expected_version));
        if (!updated) return StaleVersion();
        r.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, caller, {r.path.town_id, "region", r.id, "update", RegionAuditJson(*current), RegionAuditJson(r)}));
        return r;
    });
}

Result<StaleEdit<Region>> RegionService::StaleEditOf(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StaleEdit<Region>> {
        SG_ASSIGN_OR_RETURN(auto current, FindVisibleRegion(conn, &caller, id));
        if (!current) return NotFound();
        SG_ASSIGN_OR_RETURN(auto change, ReadLastChange(conn, current->path.town_id, "region", id));
        return StaleEdit<Region>{std::move(*current), std::move(change)};
    });
}

}  // namespace safegrid::services
