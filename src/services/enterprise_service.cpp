#include "services/enterprise_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/auth/write_rule.hpp"
#include "core/enterprise/credit_code.hpp"
#include "core/region/text.hpp"
#include "services/region_service.hpp"
#include "storage/read_replica.hpp"
#include "storage/repositories/building_repository.hpp"
#include "storage/repositories/enterprise_repository.hpp"

namespace safegrid::services {
namespace {

using storage::PathFilter;

boost::json::value OptJson(const std::optional<int64_t>& v) { return v ? boost::json::value(*v) : nullptr; }
boost::json::value OptJson(const std::optional<double>& v) { return v ? boost::json::value(*v) : nullptr; }

std::vector<PathFilter> ScopeFilters(const Principal& caller) {
    // The town first, so the statement stays on the caller's town's shard (docs/scale.md).
    if (caller.scope.level == Scope::Level::kEnterprise && caller.scope.town_id != 0)
        return {PathFilter{PathFilter::Column::kTown, caller.scope.town_id}, PathFilter::Id(caller.scope.id)};
    if (caller.scope.level == Scope::Level::kEnterprise) return {PathFilter::Id(caller.scope.id)};
    return {PathFilter::FromScope(caller.scope)};
}

bool InScope(const Principal* caller, const Enterprise& e) {
    return caller == nullptr || caller->scope.Contains(e.path, e.id);
}

Error DuplicateCode() {
    return Conflict("already_exists", {"本镇已有相同统一社会信用代码的企业",
                                       "An enterprise with this credit code already "
                                       "exists in the town"})
        .value();
}

// Checks an enterprise's references against the store and the caller's scope: the grid (which
// also fixes the path), the building (same grid) and the credit code (unique in the town, and in
// the batch for bulk inserts). Grid and building lookups are cached, so a bulk insert of thousands
// of rows into a few hundred grids costs a few hundred lookups.
class ReferenceChecker {
  public:
    ReferenceChecker(storage::Connection& conn, const Principal* caller) : conn_(conn), caller_(caller) {}

    // Collects problems into `v`; returns 409 already_exists (as the error) for a duplicate code.
    Status Check(Enterprise& e, bool check_grid, bool check_building, bool check_code, Validation& v) {
        if (check_grid) {
            SG_ASSIGN_OR_RETURN(auto grid, Grid(*e.path.grid_id));
            if (!grid) {
                v.Add("grid_id", {"不是您管理的网格", "Not a grid you manage"});
                return {};
            }
            e.path = grid->path;
        }
        if (check_building && e.building_id) {
            SG_ASSIGN_OR_RETURN(auto building, Building(*e.building_id));
            if (!building || building->path.grid_id != e.path.grid_id) {
                v.Add("building_id", {"该网格内没有这幢厂房", "No such building in this grid"});
            }
        }
        if (check_code && v.Ok()) {
            if (!batch_codes_.insert({e.path.town_id, e.credit_code}).second) return Fail(DuplicateCode());
            SG_ASSIGN_OR_RETURN(auto existing,
                                storage::EnterpriseRepository(conn_).FindIdByCreditCode(e.path.town_id, e.credit_code));
            if (existing && *existing != e.id) return Fail(DuplicateCode());
        }
        return {};
    }

  private:
    Result<std::optional<Region>> Grid(int64_t id) {
        auto cached = grids_.find(id);
        if (cached != grids_.end()) return cached->second;
        SG_ASSIGN_OR_RETURN(auto grid, FindManagedGrid(conn_, caller_, id));
        grids_.emplace(id, grid);
        return grid;
    }
    Result<std::optional<safegrid::Building>> Building(int64_t id) {
        auto cached = buildings_.find(id);
        if (cached != buildings_.end()) return cached->second;
        SG_ASSIGN_OR_RETURN(auto building, storage::BuildingRepository(conn_).FindById(id));
        buildings_.emplace(id, building);
        return building;
    }

    storage::Connection& conn_;
    const Principal* caller_;
    std::map<int64_t, std::optional<Region>> grids_;
    std::map<int64_t, std::optional<safegrid::Building>> buildings_;
    std::set<std::pair<int64_t, std::string>> batch_codes_;
};

// Builds the record from an input row and validates its own fields (no store access).
Enterprise FromInput(const EnterpriseInput& in, Validation& v) {
    Enterprise e;
    e.building_id = in.building_id;
    e.name = in.name;
    e.credit_code = in.credit_code;
    e.address = in.address;
    e.industry_code = in.industry_code;
    e.employees = in.employees;
    e.lat = in.lat;
    e.lng = in.lng;
    e.contact_name = in.contact_name;
    e.contact_phone = in.contact_phone;
    if (auto tags = TagSet::FromNames(in.tags)) {
        e.tags = *tags;
    } else {
        v.Add("tags", tags.error().fields.begin()->second);
    }
    ValidateEnterprise(e, v);
    if (!in.grid_id) {
        v.Add("grid_id", {"必填", "Required"});
    } else {
        e.path.grid_id = *in.grid_id;
    }
    if (in.building_id && *in.building_id <= 0)
        v.Add("building_id", {"该网格内没有这幢厂房", "No such building in this grid"});
    return e;
}

}  // namespace

boost::json::object EnterpriseAuditJson(const Enterprise& e) {
    boost::json::object o;
    o["id"] = e.id;
    o["town_id"] = e.path.town_id;
    o["village_id"] = OptJson(e.path.village_id);
    o["grid_id"] = OptJson(e.path.grid_id);
    o["building_id"] = OptJson(e.building_id);
    o["name"] = e.name;
    o["credit_code"] = e.credit_code;
    o["address"] = e.address;
    o["industry_code"] = e.industry_code;
    o["employees"] = OptJson(e.employees);
    o["tags"] = e.tags.Stored();
    o["lat"] = OptJson(e.lat);
    o["lng"] = OptJson(e.lng);
    o["contact_name"] = e.contact_name;
    o["contact_phone"] = e.contact_phone;
    o["risk_level"] = RiskLevelName(e.risk_level);
    o["version"] = e.version;
    return o;
}

EnterpriseService::EnterpriseService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit,
                                     RiskPolicy risk)
    : db_(std::move(db)), clock_(clock), audit_(audit), risk_(std::move(risk)) {}

Result<std::pair<std::vector<Enterprise>, int64_t>> EnterpriseService::List(const Principal& caller,
                                                                            const EnterpriseListQuery& query) {
    const storage::LagTolerantReads may_lag;  // a list/statistics page: the read replica may serve it
    storage::EnterpriseQuery q;
    q.filters = ScopeFilters(caller);
    Validation v;
    if (query.q) {
        q.q = TrimText(*query.q);
        CheckText(v, "q", *q.q, 100, false);  // also keeps control characters (the PG index's separator) out
    }
    if (query.tag) {
        q.tag = ParseTag(*query.tag);
        if (!q.tag) v.Add("tag", {"未知标签", "Unknown tag"});
    }
    if (query.due) q.due_at = clock_.Now();
    if (query.risk_level) {
        q.risk_level = ParseRiskLevel(*query.risk_level);
        if (!q.risk_level)
            v.Add("risk_level", {"应为 red、orange、yellow 或 blue", "Must be red, orange, yellow or blue"});
    }
    if (!v.Ok()) return v.Fail();
    q.building_id = query.building_id;
    q.offset = std::max<int64_t>(0, query.offset);
    q.limit = std::clamp<int64_t>(query.limit, 1, 200);
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<std::pair<std::vector<Enterprise>, int64_t>> {
        if (query.region_id) {
            SG_ASSIGN_OR_RETURN(auto region, FindVisibleRegion(conn, &caller, *query.region_id));
            if (!region) return NotFound();
            q.filters.push_back(PathFilter::Subtree(region->kind, region->id, region->path.town_id));
        }
        return storage::EnterpriseRepository(conn).List(q);
    });
}

Result<Enterprise> EnterpriseService::Get(const Principal& caller, int64_t id) {
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<Enterprise> {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(id, storage::TownLimit::Of(caller)));
        if (!e || !InScope(&caller, *e)) return NotFound();
        return *e;
    });
}

Result<Enterprise> EnterpriseService::Create(const Principal* caller, const EnterpriseInput& input) {
    SG_ASSIGN_OR_RETURN(BulkCreateResult result, CreateMany(caller, {input}, false));
    if (!result.errors.empty()) return Fail(std::move(result.errors.front().error));
    return db_->Transact(false, [&](storage::Connection& conn) -> Result<Enterprise> {
        SG_ASSIGN_OR_RETURN(auto e, storage::EnterpriseRepository(conn).FindById(result.ids.front()));
        if (!e) return Internal("enterprise vanished after insert");
        return *e;
    });
}

Result<BulkCreateResult> EnterpriseService::CreateMany(const Principal* caller,
                                                       const std::vector<EnterpriseInput>& rows, bool dry_run,
                                                       const ProgressFn& progress) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    if (caller != nullptr && caller->role == Role::kEnterprise) return Forbidden();
    return db_->Transact(!dry_run, [&](storage::Connection& conn) -> Result<BulkCreateResult> {
        BulkCreateResult result;
        ReferenceChecker checker(conn, caller);
        std::vector<Enterprise> records;
        records.reserve(rows.size());
        for (size_t i = 0; i < rows.size(); ++i) {
            Validation v;
            Enterprise e = FromInput(rows[i], v);
            if (v.Ok()) {
                auto checked = checker.Check(e, true, true, true, v);
                if (!checked) {
                    if (checked.error().code != Code::kConflict) return Fail(std::move(checked.error()));
                    result.errors.push_back({i, std::move(checked.error())});
                    continue;
                }
            }
            if (!v.Ok()) {
                result.errors.push_back({i, v.Fail().value()});
                continue;
            }
            records.push_back(std::move(e));
        }
        if (dry_run || !result.errors.empty()) return result;
        const int64_t now = clock_.Now();
        storage::EnterpriseRepository repo(conn);
        storage::RiskRepository risk(conn);
        for (Enterprise& e : records) {
            SG_ASSIGN_OR_RETURN(RiskAssessment grade, Grade(conn, e));
            ApplyGrade(e, grade, now);
            e.created_at = e.updated_at = now;
            e.version = 1;
            SG_ASSIGN_OR_RETURN(e.id, repo.Insert(e));
            SG_TRY(risk.InsertHistory(e.path.town_id, e.id, {e.risk_level, e.risk_score, now, "enterprise.create"}));
            SG_TRY(audit_.Append(conn, caller,
                                 {e.path.town_id, "enterprise", e.id, "create", nullptr, EnterpriseAuditJson(e)}));
            result.ids.push_back(e.id);
            const auto written = static_cast<int64_t>(result.ids.size());
            if (written % kProgressEveryRows == 0 || written == static_cast<int64_t>(records.size())) {
                ReportProgress(progress, written, static_cast<int64_t>(records.size()));
            }
        }
        result.written = true;
        return result;
    });
}

Result<Enterprise> EnterpriseService::Update(const Principal* caller, int64_t id,
                                             std::optional<int64_t> expected_version, const EnterprisePatch& patch) {
    SG_TRY(RequireWriter(caller));  // read-only roles write nothing (core/auth)
    return db_->Transact(true, [&](storage::Connection& conn) -> Result<Enterprise> {
        storage::EnterpriseRepository repo(conn);
        SG_ASSIGN_OR_RETURN(auto current, repo.FindById(id));
        if (!current || !InScope(caller, *current)) return NotFound();
        if (!expected_version) return VersionRequired();
        if (current->version != *expected_version) return StaleVersion();
        SG_ASSIGN_OR_RETURN(Enterprise e, CheckEdit(conn, caller, *current, patch));
        SG_ASSIGN_OR_RETURN(RiskAssessment grade, Grade(conn, e));
        e.updated_at = clock_.Now();
        ApplyGrade(e, grade, e.updated_at);
        SG_ASSIGN_OR_RETURN(bool updated, repo.Update(e, *expected_version));
        if (!updated) return StaleVersion();
        if (e.risk_level != current->risk_level) {
            SG_TRY(storage::RiskRepository(conn).InsertHistory(
                e.path.town_id, e.id, {e.risk_level, e.risk_score, e.updated_at, "enterprise.update"}));
        }
        e.version = *expected_version + 1;
        SG_TRY(audit_.Append(
            conn, caller,
            {e.path.town_id, "enterprise", e.id, "update", EnterpriseAuditJson(*current), EnterpriseAuditJson(e)}));
        return e;
    });
}

Result<Enterprise> EnterpriseService::CheckEdit(storage::Connection& conn, const Principal* caller,
                                                const Enterprise& current, const EnterprisePatch& patch) {
    Enterprise e = current;
    Validation v;
    bool tags_unreadable = false;
    if (patch.grid_id) e.path.grid_id = *patch.grid_id;
    if (patch.building_id) e.building_id = *patch.building_id;
    if (patch.name) e.name = *patch.name;
    if (patch.credit_code) e.credit_code = *patch.credit_code;
    if (patch.address) e.address = *patch.address;
    if (patch.industry_code) e.industry_code = *patch.industry_code;
    if (patch.employees) e.employees = *patch.employees;
    if (patch.tags) {
        auto tags = TagSet::FromNames(*patch.tags);
        if (tags) {
            e.tags = *tags;
        } else {
            tags_unreadable = true;
            v.Add("tags", tags.error().fields.begin()->second);
        }
    }
    if (patch.lat) e.lat = *patch.lat;
    if (patch.lng) e.lng = *patch.lng;
    if (patch.contact_name) e.contact_name = *patch.contact_name;
    if (patch.contact_phone) e.contact_phone = *patch.contact_phone;
    ValidateEnterprise(e, v);  // normalises, so the comparisons below ignore spacing and case

    // An enterprise keeps its own contact details current; what it is (name, code, place, tags
    // and so its risk grade) is the town's record.
    if (caller != nullptr && caller->role == Role::kEnterprise) {
        if (e.name != current.name || e.credit_code != current.credit_code || e.path.grid_id != current.path.grid_id ||
            e.building_id != current.building_id || e.industry_code != current.industry_code ||
            e.tags != current.tags || tags_unreadable || e.lat != current.lat || e.lng != current.lng) {
            return Forbidden();
        }
    }
    if (patch.risk_level && *patch.risk_level != RiskLevelName(current.risk_level)) {
        v.Add("risk_level", {"风险等级由系统计算，不能修改", "Computed by the system (read-only)"});
    }
    if (patch.building_id && *patch.building_id && **patch.building_id <= 0) {
        v.Add("building_id", {"该网格内没有这幢厂房", "No such building in this grid"});
    }
    if (!v.Ok()) return v.Fail();
    const bool grid_changed = e.path.grid_id != current.path.grid_id;
    ReferenceChecker checker(conn, caller);
    SG_TRY(checker.Check(e, grid_changed, grid_changed || e.building_id != current.building_id,
                         grid_changed || e.credit_code != current.credit_code, v));
    if (!v.Ok()) return v.Fail();
    return e;
}

}  // namespace safegrid::services
