#include "storage/repositories/risk_repository.hpp"

#include <array>
#include <unordered_map>

#include "storage/repositories/hazard_rules_sql.hpp"

namespace safegrid::storage {

Status RiskRepository::InsertHistory(int64_t town_id, int64_t enterprise_id, const RiskHistoryEntry& entry) {
    const std::array<Value, 6> params = {town_id,     enterprise_id, std::string(RiskLevelName(entry.level)),
                                         entry.score, entry.at,      entry.reason};
    SG_TRY(
        conn_.Execute("INSERT INTO enterprise_risk_history (town_id, enterprise_id, level, score, at, reason) "
                      "VALUES (?, ?, ?, ?, ?, ?)",
                      params));
    return {};
}

Result<std::vector<RiskHistoryEntry>> RiskRepository::History(int64_t enterprise_id, int64_t limit,
                                                              const TownLimit& town) {
    std::vector<Value> params = {enterprise_id};
    const std::string sql = "SELECT level, score, at, reason FROM enterprise_risk_history WHERE enterprise_id = ?" +
                            TownCondition(town, "", params) + " ORDER BY id DESC LIMIT ?";
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<RiskHistoryEntry> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({ParseRiskLevel(row.Text(0)).value_or(RiskLevel::kBlue), row.Int(1), row.Int(2), row.Text(3)});
    }
    return out;
}

Result<std::vector<EnterpriseRiskFacts>> RiskRepository::AllFacts(UnixSeconds now, const std::string& training_after,
                                                                  const std::string& training_through) {
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT e.id, e.industry_code, e.employees, e.tags, e.last_inspection_failures, "
                                    "e.last_inspected_at, e.risk_level, e.risk_score, e.inspection_due_at, "
                                    "COALESCE(b.people_sleeping, 0) FROM enterprises e "
                                    "LEFT JOIN buildings b ON b.id = e.building_id ORDER BY e.id"));
    std::vector<EnterpriseRiskFacts> out;
    out.reserve(rows.rows.size());
    std::unordered_map<int64_t, size_t> index;
    index.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        EnterpriseRiskFacts f;
        f.id = row.Int(0);
        f.factors.industry_code = row.Text(1);
        f.factors.employees = row.OptInt(2);
        f.factors.tags = TagSet::FromStored(row.Text(3));
        f.factors.last_inspection_failures = row.OptInt(4);
        f.last_inspected_at = row.OptInt(5);
        f.stored_level = ParseRiskLevel(row.Text(6)).value_or(RiskLevel::kBlue);
        f.stored_score = row.Int(7);
        f.stored_due_at = row.Int(8);
        f.factors.people_sleeping_on_site = row.Int(9);
        index.emplace(f.id, out.size());
        out.push_back(std::move(f));
    }
    rows = {};
    // The same sums as HazardRepository::HazardFactors (RiskFactors::AddHazard), for all enterprises at once.
    std::vector<Value> params;
    const std::string sql = "SELECT enterprise_id, severity, COUNT(*), CAST(SUM(CASE WHEN " +
                            hazard_sql::Overdue(params, now) +
                            " THEN 1 ELSE 0 END) AS BIGINT) FROM hazards WHERE enterprise_id IS NOT NULL AND " +
                            hazard_sql::Open() + " GROUP BY enterprise_id, severity";
    SG_ASSIGN_OR_RETURN(Rows hazards, conn_.Query(sql, params));
    for (const Row& row : hazards.rows) {
        auto it = index.find(row.Int(0));
        if (it == index.end()) continue;
        RiskFactors& f = out[it->second].factors;
        (row.Text(1) == "major" ? f.open_major_hazards : f.open_general_hazards) += row.Int(2);
        f.overdue_hazards += row.Int(3);
    }
    hazards = {};
    // Untrained unless an attendance falls in the window (the index on (town_id, held_on, ...)).
    for (auto& f : out) f.factors.no_recent_training = true;
    const std::array<Value, 2> window = {training_after, training_through};
    SG_ASSIGN_OR_RETURN(Rows trained, conn_.Query("SELECT DISTINCT enterprise_id FROM training_attendance "
                                                  "WHERE held_on > ? AND held_on <= ?",
                                                  window));
    for (const Row& row : trained.rows) {
        auto it = index.find(row.Int(0));
        if (it != index.end()) out[it->second].factors.no_recent_training = false;
    }
    return out;
}

Status RiskRepository::RecordLastInspections() {
    SG_TRY(conn_.Execute(
        "UPDATE enterprises SET last_inspected_at = (SELECT MAX(i.at) FROM inspections i WHERE i.enterprise_id = "
        "enterprises.id AND i.kind <> 'self_check'), last_inspection_failures = (SELECT i.failed FROM inspections i "
        "WHERE i.enterprise_id = enterprises.id AND i.kind <> 'self_check' ORDER BY i.at DESC, i.id DESC LIMIT 1)"));
    return {};
}

Result<int64_t> RiskRepository::CountDue(const std::vector<PathFilter>& filters, UnixSeconds now) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    where += " AND inspection_due_at < ?";
    params.emplace_back(now);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT COUNT(*) FROM enterprises" + where, params));
    return rows.rows.empty() ? 0 : rows.rows.front().Int(0);
}

}  // namespace safegrid::storage
