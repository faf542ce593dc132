#include "storage/repositories/map_repository.hpp"

#include "storage/repositories/hazard_rules_sql.hpp"

namespace safegrid::storage {

Result<std::vector<MapEnterpriseRow>> MapRepository::PositionedEnterprises(const std::vector<PathFilter>& filters,
                                                                           int64_t limit) {
    std::string where = " WHERE lat IS NOT NULL AND lng IS NOT NULL";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT id, name, lat, lng, risk_level FROM enterprises" + where + " ORDER BY id LIMIT ?", params));
    std::vector<MapEnterpriseRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) {
        out.push_back({row.Int(0), row.Text(1), row.Double(2), row.Double(3), row.Text(4)});
    }
    return out;
}

Result<std::map<int64_t, int64_t>> MapRepository::OpenHazardsByEnterprise(const std::vector<PathFilter>& filters) {
    std::string where = " WHERE enterprise_id IS NOT NULL AND " + hazard_sql::Open();
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT enterprise_id, COUNT(*) FROM hazards" + where + " GROUP BY enterprise_id", params));
    std::map<int64_t, int64_t> out;
    for (const Row& row : rows.rows) out.emplace(row.Int(0), row.Int(1));
    return out;
}

Result<std::vector<MapBoundaryRow>> MapRepository::Boundaries(const std::vector<PathFilter>& filters, int64_t limit) {
    std::string where = " WHERE boundary IS NOT NULL";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT id, name, kind, boundary FROM regions" + where + " ORDER BY id LIMIT ?", params));
    std::vector<MapBoundaryRow> out;
    out.reserve(rows.rows.size());
    for (const Row& row : rows.rows) out.push_back({row.Int(0), row.Text(1), row.Text(2), row.Text(3)});
    return out;
}

}  // namespace safegrid::storage
