// The scorecard's hazard and inspection figures aggregated from hazards and inspections: what the
// counters of migration 0023 (scorecard_counts.cpp) hold, counted row by row. The fallback where the
// counters cannot answer, and the oracle of the tests that check them.
#include <array>

#include "storage/repositories/hazard_rules_sql.hpp"
#include "storage/repositories/scorecard_sql.hpp"

namespace safegrid::storage::scorecard_sql {
namespace {

std::string StatusIn(std::initializer_list<HazardStatus> statuses) {
    std::string out = "(";
    for (HazardStatus s : statuses) {
        if (out.size() > 1) out += ", ";
        out += hazard_sql::StatusLiteral(s);
    }
    return out + ")";
}

// Every status but rejected: a rejected report was never a hazard. Listed (not "<> 'rejected'") so
// the (place, status, due_at) indexes serve the deadline range.
std::string CountedStatuses() {
    return StatusIn(
        {HazardStatus::kReported, HazardStatus::kRectifying, HazardStatus::kSubmitted, HazardStatus::kClosed});
}

const std::string kClosed = hazard_sql::StatusLiteral(HazardStatus::kClosed);

template <size_t N>
std::string CategoryList(const std::array<checklist::Category, N>& categories) {
    std::string out;
    for (checklist::Category c : categories) {
        if (!out.empty()) out += ", ";
        out += "'" + std::string(checklist::CategoryName(c)) + "'";
    }
    return out;
}

}  // namespace

void Filters(const std::vector<PathFilter>& filters, std::string_view alias, std::string& where,
             std::vector<Value>& params) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kAny) continue;
        where.append(" AND ").append(PathFilterCondition(f, std::string(alias) + ".", "id", params));
    }
}

Status EachGroup(Connection& conn, const std::string& sql, const std::vector<Value>& params,
                 const std::function<void(int64_t, const Row&)>& fn) {
    SG_ASSIGN_OR_RETURN(Rows rows, conn.Query(sql, params));
    for (const Row& row : rows.rows) {
        if (!row.IsNull(0) && row.Int(0) != 0) fn(row.Int(0), row);
    }
    return {};
}

Status DueHazards(Connection& conn, const std::string& group, const std::vector<PathFilter>& filters, UnixSeconds from,
                  UnixSeconds before, const std::function<void(int64_t, int64_t, int64_t)>& fn) {
    std::vector<Value> params{from, before};
    std::string sql = "SELECT h." + group +
                      ", COUNT(*), SUM(CASE WHEN h.closed_on_time = 1 THEN 1 ELSE 0 END) FROM hazards h "
                      "WHERE h.status IN " +
                      CountedStatuses() + " AND h.due_at >= ? AND h.due_at < ?";
    Filters(filters, "h", sql, params);
    sql += " GROUP BY h." + group;
    return EachGroup(conn, sql, params, [&](int64_t id, const Row& r) { fn(id, r.Int(1), r.Int(2)); });
}

Status AggregateVillageHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                               std::map<int64_t, scorecard::VillageFigures>& out) {
    auto grouped = [&](std::string sql, std::vector<Value> params, std::string_view alias,
                       const std::function<void(scorecard::VillageFigures&, const Row&)>& set) -> Status {
        Filters(filters, alias, sql, params);
        sql.append(" GROUP BY ").append(alias).append(".village_id");
        return EachGroup(conn, sql, params, [&](int64_t id, const Row& r) { set(out[id], r); });
    };
    SG_TRY(
        grouped("SELECT i.village_id, COUNT(DISTINCT i.enterprise_id) FROM inspections i "
                "WHERE i.at >= ? AND i.at < ?",
                {w.start, w.end}, "i", [](auto& f, const Row& r) { f.inspected = r.Int(1); }));
    SG_TRY(DueHazards(conn, "village_id", filters, w.start, w.due_before, [&](int64_t id, int64_t due, int64_t ok) {
        out[id].hazards_due = due;
        out[id].closed_on_time = ok;
    }));
    // Majors open at some time in the window: found before its end, not closed before its start.
    SG_TRY(grouped("SELECT h.village_id, COUNT(*), SUM(CASE WHEN h.status = " + kClosed +
                       " AND h.closed_at >= ? AND h.closed_at < ? THEN 1 ELSE 0 END) FROM hazards h "
                       "WHERE h.severity = '" +
                       std::string(SeverityName(Severity::kMajor)) + "' AND h.found_at < ? AND h.status IN " +
                       StatusIn({HazardStatus::kRectifying, HazardStatus::kSubmitted, HazardStatus::kClosed}) +
                       " AND (h.closed_at IS NULL OR h.closed_at >= ?)",
                   {w.start, w.end, w.end, w.start}, "h", [](auto& f, const Row& r) {
                       f.majors = r.Int(1);
                       f.majors_closed = r.Int(2);
                   }));
    return {};
}

Status AggregateEnterpriseHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                                  std::map<int64_t, scorecard::EnterpriseFigures>& out) {
    auto grouped = [&](std::string sql, std::vector<Value> params, std::string_view alias,
                       const std::function<void(scorecard::EnterpriseFigures&, const Row&)>& set) -> Status {
        Filters(filters, alias, sql, params);
        sql.append(" GROUP BY ").append(alias).append(".enterprise_id");
        return EachGroup(conn, sql, params, [&](int64_t id, const Row& r) { set(out[id], r); });
    };
    SG_TRY(
        grouped("SELECT i.enterprise_id, COUNT(*) FROM inspections i WHERE i.kind = 'self_check' "
                "AND i.at >= ? AND i.at < ?",
                {w.start, w.end}, "i", [](auto& f, const Row& r) { f.self_checks = r.Int(1); }));
    SG_TRY(DueHazards(conn, "enterprise_id", filters, w.start, w.due_before, [&](int64_t id, int64_t due, int64_t ok) {
        out[id].hazards_due = due;
        out[id].closed_on_time = ok;
    }));
    // Open at the window's end: open now, or closed only after the end (found before it).
    const std::string fire = CategoryList(scorecard::kFireFacilityCategories);
    const std::string chemicals = CategoryList(scorecard::kChemicalsCategories);
    const std::string electrical = CategoryList(scorecard::kElectricalCategories);
    SG_TRY(grouped("SELECT h.enterprise_id, SUM(CASE WHEN h.category IN (" + fire +
                       ") THEN 1 ELSE 0 END), SUM(CASE WHEN h.category IN (" + chemicals +
                       ") THEN 1 ELSE 0 END), SUM(CASE WHEN h.category IN (" + electrical +
                       ") THEN 1 ELSE 0 END) FROM hazards h WHERE h.category IN (" + fire + ", " + chemicals + ", " +
                       electrical + ") AND h.found_at < ? AND (h." + hazard_sql::Open() + " OR (h.status = " + kClosed +
                       " AND h.closed_at >= ?))",
                   {w.end, w.end}, "h", [](auto& f, const Row& r) {
                       f.open_fire_facility = r.Int(1);
                       f.open_chemicals = r.Int(2);
                       f.open_electrical = r.Int(3);
                   }));
    return {};
}

}  // namespace safegrid::storage::scorecard_sql
