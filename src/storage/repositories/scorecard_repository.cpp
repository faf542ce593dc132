#include "storage/repositories/scorecard_repository.hpp"

#include <array>
#include <functional>

#include "storage/repositories/hazard_rules_sql.hpp"

namespace safegrid::storage {
namespace {

// AppendPathFilters with the columns qualified by `alias` (the joins below need it).
void Filters(const std::vector<PathFilter>& filters, std::string_view alias, std::string& where,
             std::vector<Value>& params) {
    for (const PathFilter& f : filters) {
        const char* column = nullptr;
        switch (f.column) {
            case PathFilter::Column::kAny:
                continue;
            case PathFilter::Column::kNothing:
                where += " AND 1 = 0";
                continue;
            case PathFilter::Column::kTown:
                column = "town_id";
                break;
            case PathFilter::Column::kVillage:
                column = "village_id";
                break;
            case PathFilter::Column::kGrid:
                column = "grid_id";
                break;
            case PathFilter::Column::kId:
                column = "id";
                break;
        }
        where.append(" AND ").append(alias).append(".").append(column).append(" = ?");
        params.emplace_back(f.value);
    }
}

// Runs a grouped statement and hands each row whose group (column 0) is not NULL to `fn`.
Status EachGroup(Connection& conn, const std::string& sql, const std::vector<Value>& params,
                 const std::function<void(int64_t, const Row&)>& fn) {
    SG_ASSIGN_OR_RETURN(Rows rows, conn.Query(sql, params));
    for (const Row& row : rows.rows) {
        if (!row.IsNull(0)) fn(row.Int(0), row);
    }
    return {};
}

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

// Hazards due in the window and those closed on time, grouped by `group` of h.
Status DueHazards(Connection& conn, const std::string& group, const std::vector<PathFilter>& filters,
                  const ScorecardWindow& w, const std::function<void(int64_t, int64_t, int64_t)>& fn) {
    std::vector<Value> params{w.start, w.due_before};
    std::string sql = "SELECT h." + group +
                      ", COUNT(*), SUM(CASE WHEN h.closed_on_time = 1 THEN 1 ELSE 0 END) FROM hazards h "
                      "WHERE h.status IN " +
                      CountedStatuses() + " AND h.due_at >= ? AND h.due_at < ?";
    Filters(filters, "h", sql, params);
    sql += " GROUP BY h." + group;
    return EachGroup(conn, sql, params, [&](int64_t id, const Row& r) { fn(id, r.Int(1), r.Int(2)); });
}

}  // namespace

Result<std::vector<ScoredSubject>> ScorecardRepository::Villages(const std::vector<PathFilter>& filters) {
    std::vector<Value> params;
    std::string sql = "SELECT r.id, r.town_id, r.name FROM regions r WHERE r.kind = 'village'";
    Filters(filters, "r", sql, params);
    sql += " ORDER BY r.id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<ScoredSubject> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), std::nullopt});
    return out;
}

Result<std::vector<ScoredSubject>> ScorecardRepository::Enterprises(const std::vector<PathFilter>& filters) {
    std::vector<Value> params;
    std::string sql = "SELECT e.id, e.town_id, e.name, e.employees FROM enterprises e WHERE 1 = 1";
    Filters(filters, "e", sql, params);
    sql += " ORDER BY e.id";
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::vector<ScoredSubject> out;
    out.reserve(rows.rows.size());
    for (const Row& r : rows.rows) out.push_back({r.Int(0), r.Int(1), r.Text(2), r.OptInt(3)});
    return out;
}

Result<std::map<int64_t, scorecard::VillageFigures>> ScorecardRepository::VillageFigures(
    const std::vector<PathFilter>& filters, const ScorecardWindow& w) {
    std::map<int64_t, scorecard::VillageFigures> out;
    auto grouped = [&](std::string sql, std::vector<Value> params, std::string_view alias, std::string_view group,
                       const std::function<void(scorecard::VillageFigures&, const Row&)>& set) -> Status {
        Filters(filters, alias, sql, params);
        sql.append(" GROUP BY ").append(alias).append(".").append(group);
        return EachGroup(conn_, sql, params, [&](int64_t id, const Row& r) { set(out[id], r); });
    };
    SG_TRY(grouped("SELECT e.village_id, COUNT(*) FROM enterprises e WHERE 1 = 1", {}, "e", "village_id",
                   [](auto& f, const Row& r) { f.enterprises = r.Int(1); }));
    SG_TRY(
        grouped("SELECT a.village_id, COUNT(DISTINCT a.enterprise_id) FROM training_attendance a "
                "WHERE a.held_on >= ? AND a.held_on < ?",
                {w.first_day, w.end_day}, "a", "village_id", [](auto& f, const Row& r) { f.trained = r.Int(1); }));
    SG_TRY(
        grouped("SELECT i.village_id, COUNT(DISTINCT i.enterprise_id) FROM inspections i "
                "WHERE i.at >= ? AND i.at < ?",
                {w.start, w.end}, "i", "village_id", [](auto& f, const Row& r) { f.inspected = r.Int(1); }));
    SG_TRY(DueHazards(conn_, "village_id", filters, w, [&](int64_t id, int64_t due, int64_t on_time) {
        out[id].hazards_due = due;
        out[id].closed_on_time = on_time;
    }));
    // Majors open at some time in the window: found before its end, not closed before its start.
    SG_TRY(grouped("SELECT h.village_id, COUNT(*), SUM(CASE WHEN h.status = " + kClosed +
                       " AND h.closed_at >= ? AND h.closed_at < ? THEN 1 ELSE 0 END) FROM hazards h "
                       "WHERE h.severity = '" +
                       std::string(SeverityName(Severity::kMajor)) + "' AND h.found_at < ? AND h.status IN " +
                       StatusIn({HazardStatus::kRectifying, HazardStatus::kSubmitted, HazardStatus::kClosed}) +
                       " AND (h.closed_at IS NULL OR h.closed_at >= ?)",
                   {w.start, w.end, w.end, w.start}, "h", "village_id", [](auto& f, const Row& r) {
                       f.majors = r.Int(1);
                       f.majors_closed = r.Int(2);
                   }));
    SG_TRY(
        grouped("SELECT b.village_id, COUNT(*), SUM(CASE WHEN b.landlord_name <> '' THEN 1 ELSE 0 END) "
                "FROM buildings b WHERE EXISTS (SELECT 1 FROM enterprises t WHERE t.building_id = b.id)",
                {}, "b", "village_id", [](auto& f, const Row& r) {
                    f.rented_buildings = r.Int(1);
                    f.registered_buildings = r.Int(2);
                }));
    SG_TRY(
        grouped("SELECT t.village_id, COUNT(*) FROM trainings t WHERE t.kind = 'drill' AND t.held_on >= ? "
                "AND t.held_on < ?",
                {w.year_first_day, w.end_day}, "t", "village_id", [](auto& f, const Row& r) { f.drills += r.Int(1); }));
    SG_TRY(
        grouped("SELECT s.village_id, COUNT(*) FROM station_drills d JOIN stations s ON s.id = d.station_id "
                "WHERE d.held_on >= ? AND d.held_on < ?",
                {w.year_first_day, w.end_day}, "s", "village_id", [](auto& f, const Row& r) { f.drills += r.Int(1); }));
    return out;
}

Result<std::map<int64_t, scorecard::EnterpriseFigures>> ScorecardRepository::EnterpriseFigures(
    const std::vector<PathFilter>& filters, const ScorecardWindow& w) {
    std::map<int64_t, scorecard::EnterpriseFigures> out;
    auto grouped = [&](std::string sql, std::vector<Value> params, std::string_view alias, std::string tail,
                       const std::function<void(scorecard::EnterpriseFigures&, const Row&)>& set) -> Status {
        Filters(filters, alias, sql, params);
        sql += tail;
        return EachGroup(conn_, sql, params, [&](int64_t id, const Row& r) { set(out[id], r); });
    };
    // SUM over a BIGINT column is NUMERIC on PostgreSQL: cast back so both stores answer an integer.
    SG_TRY(
        grouped("SELECT a.enterprise_id, CAST(SUM(a.people) AS BIGINT), COUNT(*) FROM training_attendance a "
                "WHERE a.held_on >= ? AND a.held_on < ?",
                {w.first_day, w.end_day}, "a", " GROUP BY a.enterprise_id", [](auto& f, const Row& r) {
                    f.people_trained = r.Int(1);
                    f.sessions = r.Int(2);
                }));
    SG_TRY(
        grouped("SELECT a.enterprise_id, COUNT(*) FROM training_attendance a WHERE a.kind = 'drill' "
                "AND a.held_on >= ? AND a.held_on < ?",
                {w.year_first_day, w.end_day}, "a", " GROUP BY a.enterprise_id",
                [](auto& f, const Row& r) { f.drills = r.Int(1); }));
    SG_TRY(grouped(
        "SELECT i.enterprise_id, COUNT(*) FROM inspections i WHERE i.kind = 'self_check' "
        "AND i.at >= ? AND i.at < ?",
        {w.start, w.end}, "i", " GROUP BY i.enterprise_id", [](auto& f, const Row& r) { f.self_checks = r.Int(1); }));
    SG_TRY(DueHazards(conn_, "enterprise_id", filters, w, [&](int64_t id, int64_t due, int64_t on_time) {
        out[id].hazards_due = due;
        out[id].closed_on_time = on_time;
    }));
    // Open at the window's end: open now, or closed only after the end (found before it).
    const std::string fire = CategoryList(scorecard::kFireFacilityCategories);
    const std::string chemicals = CategoryList(scorecard::kChemicalsCategories);
    const std::string electrical = CategoryList(scorecard::kElectricalCategories);
    SG_TRY(
        grouped("SELECT h.enterprise_id, "
                "SUM(CASE WHEN h.category IN (" +
                    fire + ") THEN 1 ELSE 0 END), SUM(CASE WHEN h.category IN (" + chemicals +
                    ") THEN 1 ELSE 0 END), SUM(CASE WHEN h.category IN (" + electrical +
                    ") THEN 1 ELSE 0 END) FROM hazards h WHERE h.category IN (" + fire + ", " + chemicals + ", " +
                    electrical + ") AND h.found_at < ? AND (h." + hazard_sql::Open() + " OR (h.status = " + kClosed +
                    " AND h.closed_at >= ?))",
                {w.end, w.end}, "h", " GROUP BY h.enterprise_id", [](auto& f, const Row& r) {
                    f.open_fire_facility = r.Int(1);
                    f.open_chemicals = r.Int(2);
                    f.open_electrical = r.Int(3);
                }));
    return out;
}

Result<std::map<std::pair<int64_t, std::string>, double>> ScorecardRepository::Manual(const std::string& level,
                                                                                      const std::string& period,
                                                                                      std::optional<int64_t> town_id) {
    std::vector<Value> params{level, period};
    std::string sql = "SELECT subject_id, code, points FROM scorecard_manual WHERE level = ? AND period = ?";
    if (town_id) {
        sql += " AND town_id = ?";
        params.emplace_back(*town_id);
    }
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query(sql, params));
    std::map<std::pair<int64_t, std::string>, double> out;
    for (const Row& r : rows.rows) out[{r.Int(0), r.Text(1)}] = r.Double(2);
    return out;
}

Result<std::optional<ScorecardManualRow>> ScorecardRepository::FindManual(const std::string& level,
                                                                          const std::string& period, int64_t subject_id,
                                                                          const std::string& code) {
    const std::array<Value, 4> params = {level, period, subject_id, code};
    SG_ASSIGN_OR_RETURN(Rows rows, conn_.Query("SELECT town_id, points, entered_by, entered_at FROM scorecard_manual "
                                               "WHERE level = ? AND period = ? AND subject_id = ? AND code = ?",
                                               params));
    if (rows.rows.empty()) return std::optional<ScorecardManualRow>();
    const Row& r = rows.rows.front();
    return std::optional<ScorecardManualRow>(
        ScorecardManualRow{r.Int(0), level, period, subject_id, code, r.Double(1), r.OptInt(2), r.Int(3)});
}

Status ScorecardRepository::PutManual(const ScorecardManualRow& row) {
    const std::array<Value, 8> params = {
        row.town_id,   row.level, row.period, row.subject_id, row.code, row.points, Nullable(row.entered_by),
        row.entered_at};
    SG_TRY(
        conn_.Execute("INSERT INTO scorecard_manual (town_id, level, period, subject_id, code, points, entered_by, "
                      "entered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (level, period, subject_id, code) "
                      "DO UPDATE SET points = excluded.points, entered_by = excluded.entered_by, "
                      "entered_at = excluded.entered_at",
                      params));
    return {};
}

}  // namespace safegrid::storage
