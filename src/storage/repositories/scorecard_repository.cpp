#include "storage/repositories/scorecard_repository.hpp"

#include <array>
#include <functional>

#include "storage/repositories/scorecard_sql.hpp"

namespace safegrid::storage {
using scorecard_sql::EachGroup;
using scorecard_sql::Filters;

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
    const std::vector<PathFilter>& filters, const ScorecardWindow& w, FigureSource source) {
    std::map<int64_t, scorecard::VillageFigures> out;
    bool counted = false;
    if (source == FigureSource::kCounters) {
        SG_ASSIGN_OR_RETURN(counted, scorecard_sql::CountedVillageHazards(conn_, filters, w, out));
    }
    if (!counted) SG_TRY(scorecard_sql::AggregateVillageHazards(conn_, filters, w, out));
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
    const std::vector<PathFilter>& filters, const ScorecardWindow& w, FigureSource source) {
    std::map<int64_t, scorecard::EnterpriseFigures> out;
    bool counted = false;
    if (source == FigureSource::kCounters) {
        SG_ASSIGN_OR_RETURN(counted, scorecard_sql::CountedEnterpriseHazards(conn_, filters, w, out));
    }
    if (!counted) SG_TRY(scorecard_sql::AggregateEnterpriseHazards(conn_, filters, w, out));
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
