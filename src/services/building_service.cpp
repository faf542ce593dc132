#include "services/building_service.hpp"

#include <algorithm>

#include "core/auth/write_rule.hpp"
#include "core/region/text.hpp"
#include "services/region_service.hpp"
#include "storage/repositories/building_repository.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {
namespace {

using storage::PathFilter;

// A building never has more tenants than this in practice; the cap keeps one GET bounded.
constexpr int64_t kMaxTenantsShown = 1000;

bool MayUse(const Principal* caller) { return caller == nullptr || caller->role != Role::kEnterprise; }

std::vector<PathFilter> ScopeFilters(const Principal* caller) {
    if (caller == nullptr) return {PathFilter::Any()};
    return {PathFilter::FromScope(caller->scope)};
}

bool InScope(const Principal* caller, const RegionPath& path) {
    return caller == nullptr || caller->scope.Contains(path, std::nullopt);
}

boost::json::value OptJson(const std::optional<int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }
boost::json::value OptJson(const std::optional<double>& v) { return v ? boost::json::value(*v) : nullptr; }

}  // namespace

boost::json::object BuildingAuditJson(const Building& b) {
    boost::json::object o;
    o["id"] = b.id;
    o["town_id"] = b.path.town_id;
    o["village_id"] = OptJson(b.path.village_id);
    o["grid_id"] = OptJson(b.path.grid_id);
    o["name"] = b.name;
    o["address"] = b.address;
    o["landlord_name"] = b.landlord_name;
    o["landlord_phone"] = b.landlord_phone;
    o["floors"] = OptJson(b.floors);
    o["area_m2"] = OptJson(b.area_m2);
    o["people_sleeping"] = b.people_sleeping;
    o["sleeping_separated"] = b.sleeping_separated;
    o["height_m"] = OptJson(b.height_m);
    o["sandwich_panels"] = b.sandwich_panels;
    o["version"] = b.version;
    return o;
}

BuildingService::BuildingService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit)
    : db_(std::move(db)), clock_(clock), audit_(audit) {}

Result<BuildingView> BuildingService::Load(storage::Connection& conn, const Principal* caller, int64_t id) {
    SG_ASSIGN_OR_RETURN(auto building, storage::BuildingRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
    if (!building || !InScope(caller, building->path)) return NotFound();
    storage::EnterpriseQuery tenants;
    tenants.filters = ScopeFilters(caller);
    tenants.building_id = id;
    tenants.limit = kMaxTenantsShown;
    SG_ASSIGN_OR_RETURN(auto page, storage::EnterpriseRepository(conn).List(tenants));
    SG_ASSIGN_OR_RETURN(auto facts, storage::BuildingRepository(conn).TenantFacts(
                                        {id}, storage::TownLimit::Town(building->path.town_id)));
    auto warnings = BuildingWarnings(*building, facts[id]);
    return BuildingView{std::move(*building), page.second, std::move(page.first), std::move(warnings)};
}

Result<std::pair<std::vector<BuildingView>, int64_t>> BuildingService::List(const Principal& caller,
                                                                            const BuildingListQuery& query) {
    if (!MayUse(&caller)) return Forbidden();
    if (query.q) {
        Validation v;
        CheckText(v, "q", *query.q, 100, false);
        if (!v.Ok()) return v.Fail();
    }
    return db_->Transact(
        false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<BuildingView>, int64_t>> {
            storage::BuildingQuery q;
            q.filters = ScopeFilters(&caller);
            if (query.region_id) {
                SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *query.region_id));
                if (!region) return NotFound();
                q.filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
            }
            if (query.q) q.q = TrimText(*query.q);
            q.offset = std::max<int64_t>(0, query.offset);
            q.limit = std::clamp<int64_t>(query.limit, 1, 200);
            storage::BuildingRepository repo(conn);
            SG_ASSIGN_OR_RETURN(auto page, repo.List(q));
            std::vector<int64_t> ids;
            for (const Building& b : page.first) ids.push_back(b.id);
            SG_ASSIGN_OR_RETURN(auto facts, repo.TenantFacts(ids, storage::TownLimit::Of(caller)));
            std::vector<BuildingView> views;
            views.reserve(page.first.size());
            for (Building& b : page.first) {
                const BuildingTenants tenants = facts[b.id];
                auto warnings = BuildingWarnings(b, tenants);
                views.push_back({std::move(b), tenants.count, {}, std::move(warnings)});
            }
            return std::make_pair(std::move(views), page.second);
        });
}

Result<BuildingView> BuildingService::Get(const Principal& caller, int64_t id) {
    if (!MayUse(&caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) { return Load(conn, &caller, id); });
}

Result<StaleEdit<BuildingView>> BuildingService::StaleEditOf(const Principal& caller, int64_t id) {
    if (!MayUse(&caller)) return Forbidden();
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<StaleEdit<BuildingView>> {
        SG_ASSIGN_OR_RETURN(BuildingView view, Load(conn, &caller, id));
        SG_ASSIGN_OR_RETURN(auto change, ReadLastChange(conn, view.building.path.town_id, "building", id));
        return StaleEdit<BuildingView>{std::move(view), std::move(change)};
    });
}

Result<BuildingView> BuildingService::Create(const Principal* caller, const NewBuilding& input) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayUse(caller)) return Forbidden();
    Building b;
    b.name = input.name;
    b.address = input.address;
    b.landlord_name = input.landlord_name;
    b.landlord_phone = input.landlord_phone;
    b.floors = input.floors;
    b.area_m2 = input.area_m2;
    b.people_sleeping = input.people_sleeping;
    b.sleeping_separated = input.sleeping_separated;
    b.height_m = input.height_m;
    b.sandwich_panels = input.sandwich_panels;
    Validation v;
    ValidateBuilding(b, v);
    if (!input.grid_id) v.Add("grid_id", {"必填", "Required"});
    if (!v.Ok()) return v.Fail();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<BuildingView> {
        SG_ASSIGN_OR_RETURN(auto grid, FindManagedGrid(conn, caller, *input.grid_id));
        if (!grid) return Invalid("grid_id", {"不是您管理的网格", "Not a grid you manage"});
        b.path = grid->path;
        b.created_at = b.updated_at = clock_.Now();
        b.version = 1;
        SG_ASSIGN_OR_RETURN(b.id, storage::BuildingRepository(conn).Insert(b));
        SG_TRY(
            audit_.Append(conn, caller, {b.path.town_id, "building", b.id, "create", nullptr, BuildingAuditJson(b)}));
        return BuildingView{b, 0, {}, BuildingWarnings(b, {})};
    });
}

Result<BuildingView> BuildingService::Update(const Principal* caller, int64_t id,
                                             std::optional<int64_t> expected_version, const BuildingPatch& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (!MayUse(caller)) return Forbidden();
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<BuildingView> {
        storage::BuildingRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id));
        if (!current || !InScope(caller, current->path)) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        Building b = *current;
        if (patch.name) b.name = *patch.name;
        if (patch.address) b.address = *patch.address;
        if (patch.landlord_name) b.landlord_name = *patch.landlord_name;
        if (patch.landlord_phone) b.landlord_phone = *patch.landlord_phone;
        if (patch.floors) b.floors = *patch.floors;
        if (patch.area_m2) b.area_m2 = *patch.area_m2;
        if (patch.people_sleeping) b.people_sleeping = *patch.people_sleeping;
        if (patch.sleeping_separated) b.sleeping_separated = *patch.sleeping_separated;
        if (patch.height_m) b.height_m = *patch.height_m;
        if (patch.sandwich_panels) b.sandwich_panels = *patch.sandwich_panels;
        Validation v;
        ValidateBuilding(b, v);
        if (patch.grid_id && *patch.grid_id != b.path.grid_id) {
            v.Add("grid_id", {"创建后不可修改", "Cannot be changed after creation"});
        }
        if (!v.Ok()) return v.Fail();
        b.updated_at = clock_.Now();
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(b, *expected_version));
        if (!updated) return StaleVersion();
        b.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, caller,
            {b.path.town_id, "building", b.id, "update", BuildingAuditJson(*current), BuildingAuditJson(b)}));
        if (b.people_sleeping != current->people_sleeping && refresh_tenant_risk_) {
            // A factor of every tenant's grade moved: re-grade them here, so no reader sees the new
            // building with the old colours (history reason names the building).
            SG_ASSIGN_OR_RETURN(auto tenant_ids, repo.TenantIds(id));
            const std::string reason = "building.update:" + std::to_string(id);
            for (int64_t tenant : tenant_ids) SG_TRY(refresh_tenant_risk_(conn, tenant, reason));
        }
        return Load(conn, caller, id);
    });
}

}  // namespace safegrid::services
