#include "storage/repositories/plan_repository.hpp"

#include <algorithm>

#include "storage/repositories/hazard_rules_sql.hpp"

namespace safegrid::storage {
namespace {

// "grid_id IN (?, ?, …)", binding the ids, then the grids' town (so the statement keeps to its shard).
std::string GridIn(const std::vector<int64_t>& grid_ids, const TownLimit& town, std::vector<Value>& params) {
    std::string out = "grid_id IN (";
    for (size_t i = 0; i < grid_ids.size(); ++i) {
        out += i == 0 ? "?" : ", ?";
        params.emplace_back(grid_ids[i]);
    }
    return out + ")" + TownCondition(town, "", params);
}

}  // namespace

Result<std::vector<PlanEnterpriseRow>> PlanRepository::GridEnterprises(const std::vector<int64_t>& grid_ids,
                                                                       const TownLimit& town) {
    if (grid_ids.empty()) return std::vector<PlanEnterpriseRow>{};
    std::vector<Value> params;
    const std::string sql =
        "SELECT id, name, lat, lng, risk_level, risk_score, inspection_due_at FROM enterprises WHERE " +
        GridIn(grid_ids, town, params) + " ORDER BY id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<PlanEnterpriseRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.Text(1), row.OptDouble(2), row.OptDouble(3),
                       ParseRiskLevel(row.Text(4)).value_or(RiskLevel::kBlue), row.Int(5), row.Int(6)});
    }
    return out;
}

Result<std::vector<PlanHazardRow>> PlanRepository::HazardsToVisit(const std::vector<int64_t>& grid_ids, UnixSeconds at,
                                                                  const TownLimit& town) {
    if (grid_ids.empty()) return std::vector<PlanHazardRow>{};
    // Two branches rather than one OR, so each is an equality on status (and a range on due_at)
    // that the (grid_id, status, due_at) index serves on both stores.
    std::vector<Value> params;
    std::string sql =
        "SELECT id, enterprise_id, status FROM hazards WHERE " + GridIn(grid_ids, town, params) +
        " AND enterprise_id IS NOT NULL AND status = " + hazard_sql::StatusLiteral(HazardStatus::kSubmitted) +
        " UNION ALL ";
    sql += "SELECT id, enterprise_id, status FROM hazards WHERE " + GridIn(grid_ids, town, params) +
           " AND enterprise_id IS NOT NULL AND " + hazard_sql::Overdue(params, at);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<PlanHazardRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        auto status = ParseHazardStatus(row.Text(2));
        if (!status) return Internal("hazard " + std::to_string(row.Int(0)) + " has status " + row.Text(2));
        out.push_back({row.Int(0), row.Int(1), *status});
    }
    std::sort(out.begin(), out.end(), [](const PlanHazardRow& a, const PlanHazardRow& b) { return a.id < b.id; });
    return out;
}

}  // namespace safegrid::storage
