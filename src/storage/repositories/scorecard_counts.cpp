// The scorecard's hazard and inspection figures read from the per-month counters of migration 0023
// (scorecard_months, scorecard_village_months; the triggers there keep them in every write
// transaction). What each column means is written in the migration; what each figure means is on
// core's VillageFigures / EnterpriseFigures, and scorecard_aggregate.cpp counts the same figures row
// by row. A year reads at most twelve rows per subject, whatever the number of hazards:
//   inspected / self_checks  one row per enterprise: the month's, or the year's (yyyy00): "inspected in
//                            the year" is a distinct count and cannot be summed from months
//   hazards due              the whole months before `due_before` from the counters, the rest of the
//                            month `due_before` falls in (today's month, when the period is current)
//                            from the hazards table: a deadline still ahead is not yet due
//   majors                   found before the end minus ended before the start; closed in the window
//   open at the end          the all-time row (0: open now) minus the months from the end on
#include "core/hazard/deadline.hpp"
#include "storage/repositories/scorecard_sql.hpp"

namespace safegrid::storage::scorecard_sql {
namespace {

int MonthKey(UnixSeconds t) {
    const CivilDate d = LocalDate(t, kChinaUtcOffsetSeconds);
    return d.year * 100 + d.month;
}
int NextKey(int key) { return key % 100 == 12 ? (key / 100 + 1) * 100 + 1 : key + 1; }
int PreviousKey(int key) { return key % 100 == 1 ? (key / 100 - 1) * 100 + 12 : key - 1; }
UnixSeconds MonthStart(int key) { return scorecard::Period{key / 100, key % 100}.Start(kChinaUtcOffsetSeconds); }

// The window as month keys of the counters: months first..last, `after` the key that follows.
struct Months {
    int first = 0, last = 0, after = 0;
    // The inspection row of the period: the month's, or the year's (yyyy00).
    [[nodiscard]] int InspectionKey() const { return first == last ? first : first / 100 * 100; }
};

// The window in month keys when the counters can answer it: China's calendar, and exactly a month
// or a calendar year (what ScorecardService asks).
std::optional<Months> MonthsOf(const ScorecardWindow& w) {
    if (w.utc_offset_seconds != kChinaUtcOffsetSeconds || w.end <= w.start) return std::nullopt;
    Months m{MonthKey(w.start), MonthKey(w.end - 1), 0};
    m.after = NextKey(m.last);
    if (MonthStart(m.first) != w.start || MonthStart(m.after) != w.end) return std::nullopt;
    const bool month = m.first == m.last;
    const bool year = m.first / 100 == m.last / 100 && m.first % 100 == 1 && m.last % 100 == 12;
    if (!month && !year) return std::nullopt;
    return m;
}

// The counters hold places (town, village, grid), not single enterprises; the village rows have no grid.
bool FiltersFit(const std::vector<PathFilter>& filters, bool village_rows) {
    for (const PathFilter& f : filters) {
        if (f.column == PathFilter::Column::kId) return false;
        if (village_rows && f.column == PathFilter::Column::kGrid) return false;
    }
    return true;
}

// Runs `select` (ending in a WHERE clause) with the filters on alias m and a GROUP BY m.`group`.
Status Grouped(Connection& conn, const std::vector<PathFilter>& filters, std::string sql, std::vector<Value> params,
               const char* group, const std::function<void(int64_t, const Row&)>& fn) {
    Filters(filters, "m", sql, params);
    sql.append(" GROUP BY m.").append(group);
    return EachGroup(conn, sql, params, fn);
}

// Hazards due in the window before w.due_before, added through `add` (id, due, closed on time).
Status Due(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w, const Months& m,
           const char* table, const char* group, const std::function<void(int64_t, int64_t, int64_t)>& add) {
    if (w.due_before <= w.start) return {};
    int last_whole = m.last;
    UnixSeconds partial_from = w.due_before;
    if (w.due_before < w.end) {
        const int current = MonthKey(w.due_before);
        partial_from = MonthStart(current);
        last_whole = PreviousKey(current);
    }
    if (last_whole >= m.first) {
        SG_TRY(Grouped(conn, filters,
                       std::string("SELECT m.") + group +
                           ", CAST(SUM(m.due) AS BIGINT), CAST(SUM(m.due_on_time) AS BIGINT) FROM " + table +
                           " m WHERE m.month >= ? AND m.month <= ? AND m.due <> 0",
                       {m.first, last_whole}, group, [&](int64_t id, const Row& r) { add(id, r.Int(1), r.Int(2)); }));
    }
    if (partial_from < w.due_before) SG_TRY(DueHazards(conn, group, filters, partial_from, w.due_before, add));
    return {};
}

}  // namespace

Result<bool> CountedVillageHazards(Connection& conn, const std::vector<PathFilter>& filters, const ScorecardWindow& w,
                                   std::map<int64_t, scorecard::VillageFigures>& out) {
    const std::optional<Months> m = MonthsOf(w);
    if (!m || !FiltersFit(filters, true)) return false;
    SG_TRY(Grouped(conn, filters,
                   "SELECT m.village_id, COUNT(DISTINCT m.enterprise_id) FROM scorecard_months m "
                   "WHERE m.month = ? AND m.inspections > 0",
                   {m->InspectionKey()}, "village_id",
                   [&](int64_t id, const Row& r) { out[id].inspected = r.Int(1); }));
    SG_TRY(Due(conn, filters, w, *m, "scorecard_village_months", "village_id",
               [&](int64_t id, int64_t due, int64_t on_time) {
                   out[id].hazards_due += due;
                   out[id].closed_on_time += on_time;
               }));
    SG_TRY(Grouped(conn, filters,
                   "SELECT m.village_id, CAST(SUM(CASE WHEN m.month < ? THEN m.majors_found ELSE 0 END) - "
                   "SUM(CASE WHEN m.month < ? THEN m.majors_ended ELSE 0 END) AS BIGINT), "
                   "CAST(SUM(CASE WHEN m.month >= ? THEN m.majors_closed ELSE 0 END) AS BIGINT) "
                   "FROM scorecard_village_months m WHERE m.month < ?",
                   {m->after, m->first, m->first, m->after}, "village_id", [&](int64_t id, const Row& r) {
                       if (r.Int(1) == 0 && r.Int(2) == 0) return;
                       out[id].majors = r.Int(1);
                       out[id].majors_closed = r.Int(2);
                   }));
    return true;
}

Result<bool> CountedEnterpriseHazards(Connection& conn, const std::vector<PathFilter>& filters,
                                      const ScorecardWindow& w, std::map<int64_t, scorecard::EnterpriseFigures>& out) {
    const std::optional<Months> m = MonthsOf(w);
    if (!m || !FiltersFit(filters, false)) return false;
    SG_TRY(Grouped(conn, filters,
                   "SELECT m.enterprise_id, CAST(SUM(m.self_checks) AS BIGINT) FROM scorecard_months m "
                   "WHERE m.month = ? AND m.self_checks <> 0",
                   {m->InspectionKey()}, "enterprise_id",
                   [&](int64_t id, const Row& r) { out[id].self_checks = r.Int(1); }));
    SG_TRY(Due(conn, filters, w, *m, "scorecard_months", "enterprise_id", [&](int64_t id, int64_t due, int64_t ok) {
        out[id].hazards_due += due;
        out[id].closed_on_time += ok;
    }));
    // Open at the end = open now (month 0) - the net of the months from the end on (nothing when the
    // period is the current one).
    const std::string open =
        "SELECT m.enterprise_id, CAST(SUM(m.open_fire) AS BIGINT), CAST(SUM(m.open_chemicals) AS BIGINT), "
        "CAST(SUM(m.open_electrical) AS BIGINT) FROM scorecard_months m WHERE ";
    const std::string any = " AND (m.open_fire <> 0 OR m.open_chemicals <> 0 OR m.open_electrical <> 0)";
    for (const int64_t sign : {int64_t{1}, int64_t{-1}}) {
        const std::string where = sign > 0 ? "m.month = ?" : "m.month >= ?";
        const int64_t key = sign > 0 ? 0 : m->after;
        SG_TRY(Grouped(conn, filters, open + where + any, {key}, "enterprise_id", [&](int64_t id, const Row& r) {
            auto& f = out[id];
            f.open_fire_facility += sign * r.Int(1);
            f.open_chemicals += sign * r.Int(2);
            f.open_electrical += sign * r.Int(3);
        }));
    }
    return true;
}

}  // namespace safegrid::storage::scorecard_sql
