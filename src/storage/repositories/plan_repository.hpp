// SQL for the inspector's day (services/plan_service.hpp): the two reads a plan needs for all its
// stops at once — the enterprises of the inspector's grids, and the hazards of those grids that
// call for a visit — never one query per enterprise. Stateless: each method runs on the
// connection it is given, inside the caller's transaction.
//
// Thread-safety: as the Connection (one thread at a time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/enterprise/risk.hpp"
#include "core/error.hpp"
#include "core/hazard/hazard.hpp"
#include "core/time.hpp"
#include "storage/db.hpp"
#include "storage/repositories/town_limit.hpp"

namespace safegrid::storage {

struct PlanEnterpriseRow {
    int64_t id = 0;
    std::string name;
    std::optional<double> lat;
    std::optional<double> lng;
    RiskLevel risk_level = RiskLevel::kBlue;
    int64_t risk_score = 0;
    UnixSeconds inspection_due_at = 0;  // as stored by the risk grade (InspectionDueAt)
};

struct PlanHazardRow {
    int64_t id = 0;
    int64_t enterprise_id = 0;
    HazardStatus status = HazardStatus::kSubmitted;
};

class PlanRepository {
  public:
    explicit PlanRepository(Connection& conn) : conn_(conn) {}

    // Every enterprise whose grid is one of `grid_ids`, ordered by id (the (grid_id, id) index).
    Result<std::vector<PlanEnterpriseRow>> GridEnterprises(const std::vector<int64_t>& grid_ids,
                                                           const TownLimit& town = TownLimit::Any());

    // The hazards of enterprises in `grid_ids` that are `submitted` (waiting for the re-check) or
    // overdue at `at` (hazard_rules_sql.hpp, core's kOverdueRule), ordered by id. One statement of
    // two index range scans on (grid_id, status, due_at).
    Result<std::vector<PlanHazardRow>> HazardsToVisit(const std::vector<int64_t>& grid_ids, UnixSeconds at,
                                                      const TownLimit& town = TownLimit::Any());

  private:
    Connection& conn_;
};

}  // namespace safegrid::storage
