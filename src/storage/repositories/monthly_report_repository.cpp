#include "storage/repositories/monthly_report_repository.hpp"

#include "storage/repositories/hazard_rules_sql.hpp"

namespace safegrid::storage {
namespace {

std::string Column(MonthlyReportRepository::Group group) {
    return group == MonthlyReportRepository::Group::kVillage ? "COALESCE(village_id, 0)" : "COALESCE(grid_id, 0)";
}

}  // namespace

Result<std::map<int64_t, PlaceCounts>> MonthlyReportRepository::FoundClosed(const std::vector<PathFilter>& filters,
                                                                            Group group, int yyyymm) {
    std::string where = " WHERE month = ?";
    std::vector<Value> params{int64_t{yyyymm}};
    AppendPathFilters(filters, where, params);
    // hazard_month_counts holds 0 (not NULL) for "no village / grid".
    const std::string col = group == Group::kVillage ? "village_id" : "grid_id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT " + col +
                                                   ", CAST(SUM(found) AS BIGINT), CAST(SUM(closed) AS BIGINT) "
                                                   "FROM hazard_month_counts" +
                                                   where + " GROUP BY " + col,
                                               params));
    std::map<int64_t, PlaceCounts> out;
    for (const Row& r : rows.rows) {
        auto& c = out[r.Int(0)];
        c.found += r.Int(1);
        c.closed += r.Int(2);
    }
    return out;
}

Status MonthlyReportRepository::AddOverdueAt(const std::vector<PathFilter>& filters, Group group, UnixSeconds t,
                                             std::map<int64_t, PlaceCounts>& into) {
    // The two parts of OVERDUE AT T (core/report/monthly.hpp): still in the overdue rule's status
    // with the deadline before t, and closed at or after t with the deadline before t. Both keep
    // the (place, status, due_at) index shape of hazard_rules_sql.
    std::vector<Value> params;
    std::string where = " WHERE " + hazard_sql::Overdue(params, t) + " AND found_at < ?";
    params.emplace_back(t);
    AppendPathFilters(filters, where, params);
    std::string closed_where = " WHERE status = " + hazard_sql::StatusLiteral(HazardStatus::kClosed) + " AND due_at " +
                               kOverdueRule.DueBeforeNowOperator() + " ? AND closed_at >= ? AND found_at < ?";
    params.emplace_back(t);
    params.emplace_back(t);
    params.emplace_back(t);
    AppendPathFilters(filters, closed_where, params);
    const std::string col = Column(group);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT place, CAST(COUNT(*) AS BIGINT) FROM (SELECT " + col +
                                                   " AS place FROM hazards" + where + " UNION ALL SELECT " + col +
                                                   " AS place FROM hazards" + closed_where + ") o GROUP BY place",
                                               params));
    for (const Row& r : rows.rows) into[r.Int(0)].overdue += r.Int(1);
    return {};
}

Result<std::vector<MajorHazardRow>> MonthlyReportRepository::Majors(const std::vector<PathFilter>& filters,
                                                                    UnixSeconds from, UnixSeconds to, int64_t limit) {
    std::vector<Value> params{to, from, to};
    std::string where = " WHERE severity = 'major' AND found_at < ? AND (found_at >= ? OR ((" + hazard_sql::Open() +
                        ") OR (status = " + hazard_sql::StatusLiteral(HazardStatus::kClosed) + " AND closed_at >= ?)))";
    AppendPathFilters(filters, where, params);
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(Rows rows,
                        conn_.Query("SELECT id, title, COALESCE((SELECT e.name FROM enterprises e WHERE e.id = "
                                    "hazards.enterprise_id), ''), village_id, status, found_at, due_at, closed_at, "
                                    "listing_no, listed_at FROM hazards" +
                                        where + " ORDER BY found_at, id LIMIT ?",
                                    params));
    std::vector<MajorHazardRow> out;
    for (const Row& r : rows.rows) {
        out.push_back({r.Int(0), r.Text(1), r.Text(2), r.OptInt(3), r.Text(4), r.Int(5), r.OptInt(6), r.OptInt(7),
                       r.OptText(8), r.OptInt(9)});
    }
    return out;
}

Result<std::optional<int64_t>> MonthlyReportRepository::InsertOnce(int64_t town_id, const std::string& period,
                                                                   UnixSeconds generated_at, const std::string& pdf) {
    const std::array<Value, 5> params = {town_id, period, generated_at, static_cast<int64_t>(pdf.size()), Blob{pdf}};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("INSERT INTO monthly_reports (town_id, period, generated_at, size, pdf) "
                                               "VALUES (?, ?, ?, ?, ?) ON CONFLICT (town_id, period) DO NOTHING "
                                               "RETURNING id",
                                               params));
    if (rows.rows.empty()) return std::optional<int64_t>();
    return std::optional<int64_t>(rows.rows.front().Int(0));
}

Result<std::vector<StoredReport>> MonthlyReportRepository::List(const std::vector<PathFilter>& filters, int64_t limit) {
    std::string where = " WHERE 1 = 1";
    std::vector<Value> params;
    AppendPathFilters(filters, where, params);
    params.emplace_back(limit);
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT id, town_id, period, generated_at, size FROM monthly_reports" +
                                                   where + " ORDER BY period DESC, town_id LIMIT ?",
                                               params));
    std::vector<StoredReport> out;
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), {}});
    return out;
}

Result<std::optional<StoredReport>> MonthlyReportRepository::Find(int64_t id, const TownLimit& town) {
    std::vector<Value> params = {id};
    const std::string limit = TownCondition(town, "", params);
    SG_ASSIGN_OR_RETURN(
        Rows rows,
        conn_.Query("SELECT id, town_id, period, generated_at, size, pdf FROM monthly_reports WHERE id = ?" + limit,
                    params));
    if (rows.rows.empty()) return std::optional<StoredReport>();
    const Row& r = rows.rows.front();
    return std::optional<StoredReport>(StoredReport{r.Int(0), r.Int(1), r.Text(2), r.Int(3), r.Int(4), r.Text(5)});
}

}  // namespace safegrid::storage
