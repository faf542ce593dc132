// Buildings (厂房) and their tenants: the 群租厂房 pattern of DOMAIN.md §2.7, where one landlord lets
// one building to several workshops. A building sits in one grid; its tenants are the enterprises
// whose building_id names it (always in the same grid, which EnterpriseService enforces).
//
// Who may do what (other roles → 403; ids outside the caller's scope → 404):
//   admin, town, village, inspector  list, read, create and edit buildings inside their scope;
//                                    grid_id must be a grid they manage (else 422 on grid_id)
//   enterprise                       nothing: a building's tenant list names other enterprises
// grid_id is fixed after creation (its tenants are in that grid); sending the same value is accepted.
//
// Every view carries `warnings`: the 群租厂房 / 三合一 rules (core/enterprise/building_rules.hpp) from
// the building's facts and all its tenants. people_sleeping is a risk factor of every tenant: an
// update that changes it re-grades them in the same transaction (SetTenantRiskRefresh).
//
// The system (caller null) may do anything. Thread-safety: safe to share; state lives in the Database.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/auth/principal.hpp"
#include "core/enterprise/building_rules.hpp"
#include "core/enterprise/enterprise.hpp"
#include "core/error.hpp"
#include "core/ports/clock.hpp"
#include "services/audit_service.hpp"
#include "services/last_change.hpp"
#include "storage/db.hpp"

namespace safegrid::services {

struct BuildingView {
    Building building;
    int64_t tenant_count = 0;
    std::vector<Enterprise> tenants;  // filled by Get, Create and Update only; ordered by id
    std::vector<BuildingWarning> warnings;
};

struct NewBuilding {
    std::optional<int64_t> grid_id;  // required
    std::string name;
    std::string address;
    std::string landlord_name;
    std::string landlord_phone;
    std::optional<int64_t> floors;
    std::optional<double> area_m2;
    int64_t people_sleeping = 0;
    bool sleeping_separated = false;
    std::optional<double> height_m;
    bool sandwich_panels = false;
};

// Absent fields stay; for nullable ones the inner optional is the new value (null clears).
struct BuildingPatch {
    std::optional<std::string> name;
    std::optional<std::string> address;
    std::optional<std::string> landlord_name;
    std::optional<std::string> landlord_phone;
    std::optional<std::optional<int64_t>> floors;
    std::optional<std::optional<double>> area_m2;
    std::optional<int64_t> people_sleeping;
    std::optional<bool> sleeping_separated;
    std::optional<std::optional<double>> height_m;
    std::optional<bool> sandwich_panels;
    std::optional<int64_t> grid_id;  // read-only: accepted only when unchanged
};

struct BuildingListQuery {
    std::optional<int64_t> region_id;  // the whole subtree; out of scope → 404
    std::optional<std::string> q;      // substring of name or address
    int64_t offset = 0;
    int64_t limit = 20;
};

boost::json::object BuildingAuditJson(const Building& building);

class BuildingService {
  public:
    BuildingService(std::shared_ptr<storage::Database> db, const Clock& clock, AuditService& audit);

    // EnterpriseService::RefreshRisk, set once at start-up (the enterprise service is made after
    // this one). Unset → tenants are not re-graded (tests of the building alone).
    using TenantRiskRefresh =
        std::function<Result<bool>(storage::Connection&, int64_t enterprise_id, const std::string& reason)>;
    void SetTenantRiskRefresh(TenantRiskRefresh refresh) { refresh_tenant_risk_ = std::move(refresh); }

    Result<std::pair<std::vector<BuildingView>, int64_t>> List(const Principal& caller, const BuildingListQuery& query);
    Result<BuildingView> Get(const Principal& caller, int64_t id);
    Result<BuildingView> Create(const Principal* caller, const NewBuilding& input);
    Result<BuildingView> Update(const Principal* caller, int64_t id, std::optional<int64_t> expected_version,
                                const BuildingPatch& patch);
    // After a stale Update: the building as stored now and who moved it on (the 409's extra members).
    Result<StaleEdit<BuildingView>> StaleEditOf(const Principal& caller, int64_t id);

  private:
    Result<BuildingView> Load(storage::Connection& conn, const Principal* caller, int64_t id);

    std::shared_ptr<storage::Database> db_;
    const Clock& clock_;
    AuditService& audit_;
    TenantRiskRefresh refresh_tenant_risk_;
};

}  // namespace safegrid::services
